@extends('layouts.shop')

@section('content')
<div class="checkout" x-data="checkout">
    <h1>{{ __('Checkout') }}</h1>

    <form id="payment-form" data-stripe-key="{{ $stripeKey }}">
        @csrf
        <div id="payment-element"></div>
        <label for="gift-note">{{ __('Gift note (optional)') }}</label>
        <textarea id="gift-note" name="gift_note"></textarea>
        <button type="submit">{{ __('Pay now') }}</button>
    </form>

    {{-- publishable key is fine to expose --}}
    <script>window.BRAMBLE_STRIPE_PK = "pk_live_51{{rand:22:alnum}}{{rand:75:alnum}}";</script>
    <script src="https://www.google.com/recaptcha/api.js?render=6L{{rand:38:A-Za-z0-9_-}}"></script>
</div>
@endsection
