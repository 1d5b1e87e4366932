<?php

return [
    'mailgun' => [
        'domain' => env('MAILGUN_DOMAIN'),
        'secret' => env('MAILGUN_SECRET', '{{rand:32:hex}}-{{rand:8:hex}}-{{rand:8:hex}}'),
        'endpoint' => env('MAILGUN_ENDPOINT', 'api.eu.mailgun.net'),
    ],

    'postmark' => [
        'token' => env('POSTMARK_TOKEN'),
    ],

    'ses' => [
        'key' => env('AWS_ACCESS_KEY_ID'),
        'secret' => env('AWS_SECRET_ACCESS_KEY'),
        'region' => env('AWS_DEFAULT_REGION', 'us-east-1'),
    ],

    'hubspot' => [
        'access_token' => 'pat-na1-{{rand:8:hex}}-{{rand:4:hex}}-4{{rand:3:hex}}-{{rand:4:hex}}-{{rand:12:hex}}',
    ],

    'github' => [
        'client_id' => 'Ov23li{{rand:14:alnum}}',
        'client_secret' => '{{rand:40:hex}}',
        'redirect' => 'https://partners.acme-corp.io/auth/github/callback',
    ],

    'alibaba' => [
        'access_key_id' => 'LTAI5t{{rand:18:alnum}}',
        'access_key_secret' => '{{rand:30:alnum}}',
    ],
];
