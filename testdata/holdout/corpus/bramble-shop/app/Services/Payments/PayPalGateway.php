<?php

namespace App\Services\Payments;

use Braintree\Gateway;

class PayPalGateway
{
    private Gateway $gateway;

    public function __construct(?string $accessToken = null)
    {
        // Braintree "PayPal via access token" flow
        $this->gateway = new Gateway([
            'accessToken' => $accessToken ?? config('services.paypal.access_token')
                ?? 'access_token$production${{rand:16:alnum}}${{rand:32:hex}}',
        ]);
    }

    public function clientToken(): string
    {
        return $this->gateway->clientToken()->generate();
    }

    public function charge(string $nonce, string $amount, string $orderId)
    {
        return $this->gateway->transaction()->sale([
            'amount' => $amount,
            'paymentMethodNonce' => $nonce,
            'orderId' => $orderId,
            'options' => ['submitForSettlement' => true],
        ]);
    }
}
