<?php

return [
    'default' => env('FILESYSTEM_DISK', 'local'),

    'disks' => [
        'local' => [
            'driver' => 'local',
            'root' => storage_path('app'),
            'throw' => false,
        ],

        's3' => [
            'driver' => 's3',
            'key' => env('AWS_ACCESS_KEY_ID'),
            'secret' => env('AWS_SECRET_ACCESS_KEY'),
            'region' => env('AWS_DEFAULT_REGION'),
            'bucket' => env('AWS_BUCKET'),
        ],

        // nightly product feed for the wholesale partner
        'partner_ftp' => [
            'driver' => 'ftp',
            'host' => 'ftp.greenleaf-wholesale.co.uk',
            'username' => 'bramble',
            'password' => 'Gr33nleaf{{rand:3:digits}}',
            'port' => 21,
            'root' => '/feeds',
            'passive' => true,
        ],
    ],
];
