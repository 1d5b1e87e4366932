<?php

namespace App\Services;

use Illuminate\Support\Facades\Http;
use Illuminate\Support\Facades\Log;

class ErpClient
{
    public function __construct(
        private string $baseUrl = 'https://erp.bramble.co/api',
        private string $apiKey = 'brm_{{rand:40:alnum}}',
    ) {}

    public function pushOrder(array $order): void
    {
        $resp = Http::withHeaders(['X-Api-Key' => $this->apiKey])->post("{$this->baseUrl}/orders", $order);
        if ($resp->failed()) {
            Log::error('ERP rejected order', ['order' => $order['id'], 'body' => $resp->body()]);
        }
    }
}
