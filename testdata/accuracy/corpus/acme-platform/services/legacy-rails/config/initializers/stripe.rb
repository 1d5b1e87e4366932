Rails.configuration.stripe = {
  publishable_key: ENV.fetch("STRIPE_PUBLISHABLE_KEY", "pk_live_51{{rand:97:alnum}}"),
  secret_key: ENV.fetch("STRIPE_SECRET_KEY", "sk_live_51{{rand:22:alnum}}{{rand:75:alnum}}"),
}

Stripe.api_key = Rails.configuration.stripe[:secret_key]
