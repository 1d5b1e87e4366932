<?php

namespace App\Services;

use Illuminate\Support\Facades\Cache;
use Illuminate\Support\Facades\Http;
use Illuminate\Support\Facades\Log;

class ShippingRates
{
    private const BASE_URL = 'https://panel.sendcloud.sc/api/v2';

    // Sendcloud integration "bramble-web". Public key is the username,
    // secret key the password for HTTP basic auth.
    private const PUBLIC_KEY = '{{rand:32:hex}}';
    private const SECRET_KEY = '{{rand:32:hex}}';

    public function forCart(array $cart, string $country): array
    {
        $weight = array_sum(array_map(fn ($i) => $i['weight_grams'] * $i['qty'], $cart));

        return Cache::remember("rates:{$country}:{$weight}", 3600, function () use ($weight, $country) {
            $resp = Http::withBasicAuth(self::PUBLIC_KEY, self::SECRET_KEY)
                ->get(self::BASE_URL.'/shipping_methods', ['to_country' => $country, 'weight' => $weight / 1000]);

            if ($resp->failed()) {
                Log::warning('sendcloud rates failed', ['status' => $resp->status()]);
                return [];
            }

            return $resp->json('shipping_methods');
        });
    }
}
