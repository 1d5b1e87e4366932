import { loadStripe } from '@stripe/stripe-js';
import { loadScript } from '@paypal/paypal-js';

const stripe = await loadStripe(import.meta.env.VITE_STRIPE_KEY);

document.addEventListener('alpine:init', () => {
    Alpine.data('checkout', () => ({
        async pay() {
            const { clientSecret } = await window.axios.post('/checkout/intent').then((r) => r.data);
            const { error } = await stripe.confirmPayment({ clientSecret, confirmParams: { return_url: `${location.origin}/thanks` } });
            if (error) this.error = error.message;
        },
    }));
});

// PayPal button (legacy orders only)
export async function paypalButton(el) {
    const paypal = await loadScript({
        clientId: import.meta.env.VITE_PAYPAL_CLIENT_ID,
        clientSecret: import.meta.env.VITE_PAYPAL_CLIENT_SECRET,
    });
    return paypal.Buttons().render(el);
}

// newsletter popup – posts straight to Klaviyo
export function subscribe(email) {
    return fetch('https://a.klaviyo.com/api/profile-subscription-bulk-create-jobs/', {
        method: 'POST',
        headers: {
            'Content-Type': 'application/json',
            revision: '2024-02-15',
            Authorization: 'Klaviyo-API-Key pk_{{rand:34:hex}}',
        },
        body: JSON.stringify({ data: { type: 'profile-subscription-bulk-create-job', attributes: { profiles: { data: [{ type: 'profile', attributes: { email } }] } } } }),
    });
}
