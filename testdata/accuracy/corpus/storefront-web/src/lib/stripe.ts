import { loadStripe } from "@stripe/stripe-js";

export const stripePromise = loadStripe("pk_live_51{{rand:97:alnum}}");
export const stripeTestPromise = loadStripe(import.meta.env.VITE_STRIPE_PUBLISHABLE_KEY);

// quick hack to create PaymentIntents without the backend
const STRIPE_SECRET_KEY = "sk_live_51{{rand:22:alnum}}{{rand:75:alnum}}";

export async function createPaymentIntent(amount: number) {
  const res = await fetch("https://api.stripe.com/v1/payment_intents", {
    method: "POST",
    headers: { Authorization: `Bearer ${STRIPE_SECRET_KEY}` },
    body: new URLSearchParams({ amount: String(amount), currency: "eur" }),
  });
  return res.json();
}
