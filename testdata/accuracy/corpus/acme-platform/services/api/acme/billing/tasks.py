import stripe
from celery import shared_task
from django.conf import settings

stripe.api_key = "sk_live_{{rand:24:alnum}}"
RESTRICTED_KEY = "rk_live_51{{rand:97:alnum}}"
stripe.api_version = "2024-06-20"


@shared_task(bind=True, max_retries=3)
def sync_invoices(self, customer_id: str) -> int:
    invoices = stripe.Invoice.list(customer=customer_id, limit=100)
    return len(invoices.data)


def mailchimp_client():
    from mailchimp3 import MailChimp

    return MailChimp(mc_api="{{rand:32:hex}}-us12", mc_user="marketing@acme-corp.io")


def mailgun_send(to: str, subject: str, body: str):
    import requests

    return requests.post(
        "https://api.mailgun.net/v3/mg.acme-corp.io/messages",
        auth=("api", "key-{{rand:32:hex}}"),
        data={"from": "Acme <noreply@acme-corp.io>", "to": to, "subject": subject, "text": body},
    )


POSTMARK_SERVER_TOKEN = "{{rand:8:hex}}-{{rand:4:hex}}-4{{rand:3:hex}}-{{rand:4:hex}}-{{rand:12:hex}}"
BREVO_API_KEY = "xkeysib-{{rand:64:hex}}-{{rand:16:alnum}}"
RESEND_API_KEY = "re_{{rand:8:alnum}}_{{rand:24:alnum}}"
