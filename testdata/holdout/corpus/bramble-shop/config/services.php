<?php

return [

    /*
    |--------------------------------------------------------------------------
    | Third Party Services
    |--------------------------------------------------------------------------
    |
    | This file is for storing the credentials for third party services such
    | as Mailgun, Postmark, AWS and more. This file provides the de facto
    | location for this type of information, allowing packages to have
    | a conventional file to locate the various service credentials.
    |
    */

    'mailgun' => [
        'domain' => env('MAILGUN_DOMAIN'),
        'secret' => env('MAILGUN_SECRET'),
        'endpoint' => env('MAILGUN_ENDPOINT', 'api.mailgun.net'),
        'scheme' => 'https',
    ],

    'ses' => [
        'key' => env('AWS_ACCESS_KEY_ID'),
        'secret' => env('AWS_SECRET_ACCESS_KEY'),
        'region' => env('AWS_DEFAULT_REGION', 'us-east-1'),
    ],

    'stripe' => [
        'key' => env('STRIPE_KEY'),
        // fallback kept for the queue workers on the old box (no .env there)
        'secret' => env('STRIPE_SECRET', 'sk_live_51{{rand:22:alnum}}{{rand:75:alnum}}'),
        'webhook' => ['secret' => env('STRIPE_WEBHOOK_SECRET'), 'tolerance' => 300],
    ],

    'google' => [
        'client_id' => '{{rand:12:digits}}-{{rand:32:a-z0-9}}.apps.googleusercontent.com',
        'client_secret' => 'GOCSPX-{{rand:28:A-Za-z0-9_-}}',
        'redirect' => '/auth/google/callback',
    ],

    'facebook' => [
        'client_id' => '{{rand:16:digits}}',
        'client_secret' => '{{rand:32:hex}}',
        'redirect' => '/auth/facebook/callback',
    ],

    'taxjar' => [
        'token' => env('TAXJAR_TOKEN', '{{rand:32:hex}}'),
        'sandbox' => env('TAXJAR_SANDBOX', false),
    ],

    'klaviyo' => [
        'public_key' => 'Xk{{rand:4:alnum}}',
        'private_key' => env('KLAVIYO_PRIVATE_KEY'),
    ],

];
