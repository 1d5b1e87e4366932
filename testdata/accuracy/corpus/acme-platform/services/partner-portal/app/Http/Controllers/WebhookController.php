<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;
use Illuminate\Support\Facades\Http;

class WebhookController extends Controller
{
    private const SHOPIFY_WEBHOOK_SECRET = '{{rand:64:hex}}';
    private string $passwordConfirmationField = 'password_confirmation';

    public function handle(Request $request)
    {
        $hmac = base64_encode(hash_hmac('sha256', $request->getContent(), self::SHOPIFY_WEBHOOK_SECRET, true));
        abort_unless(hash_equals($hmac, $request->header('X-Shopify-Hmac-Sha256')), 401);

        Http::withToken('pat{{rand:14:alnum}}.{{rand:64:hex}}')
            ->post('https://api.airtable.com/v0/appX1y2Z3/Orders', ['fields' => $request->all()]);

        Http::withHeaders(['Authorization' => 'Basic {{b64:api:partner-portal-sync-8842!Qz}}'])
            ->post('https://erp.acme-corp.io/api/orders');

        return response()->noContent();
    }
}
