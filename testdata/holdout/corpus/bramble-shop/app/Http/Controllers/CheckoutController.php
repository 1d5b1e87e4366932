<?php

namespace App\Http\Controllers;

use App\Models\Order;
use App\Services\ShippingRates;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\Log;
use Stripe\StripeClient;

class CheckoutController extends Controller
{
    public function __construct(private ShippingRates $rates) {}

    public function show(Request $request)
    {
        $cart = $request->session()->get('cart', []);

        return view('checkout', [
            'cart' => $cart,
            'rates' => $this->rates->forCart($cart, $request->input('country', 'GB')),
            'stripeKey' => config('services.stripe.key'),
        ]);
    }

    public function intent(Request $request)
    {
        $stripe = new StripeClient(config('services.stripe.secret'));
        $order = Order::createFromCart($request->session()->get('cart', []), $request->user());

        $intent = $stripe->paymentIntents->create([
            'amount' => $order->total_pence,
            'currency' => 'gbp',
            'metadata' => ['order_id' => $order->id],
        ]);

        Log::info('payment intent created', ['order' => $order->id, 'intent' => $intent->id]);

        return response()->json(['clientSecret' => $intent->client_secret]);
    }
}
