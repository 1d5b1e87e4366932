import logging

import stripe
from django.conf import settings

log = logging.getLogger("parcelpost.payments")

# Settings win; the literal is the old account used by the Shopify plugin.
stripe.api_key = settings.STRIPE_SECRET_KEY or "sk_live_51{{rand:22:alnum}}{{rand:75:alnum}}"
WEBHOOK_SECRET = settings.STRIPE_WEBHOOK_SECRET or "whsec_{{rand:32:alnum}}"


def charge_for_labels(customer_id: str, amount_cents: int, description: str):
    intent = stripe.PaymentIntent.create(
        customer=customer_id,
        amount=amount_cents,
        currency="eur",
        description=description,
        off_session=True,
        confirm=True,
    )
    log.info("payment intent %s status=%s", intent.id, intent.status)
    return intent


def parse_webhook(payload: bytes, sig_header: str):
    return stripe.Webhook.construct_event(payload, sig_header, WEBHOOK_SECRET)
