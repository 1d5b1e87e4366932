"""SMS delivery notifications via Twilio."""
import logging

from django.conf import settings
from twilio.rest import Client

log = logging.getLogger("parcelpost.notifications")

TWILIO_ACCOUNT_SID = settings.TWILIO_ACCOUNT_SID
TWILIO_AUTH_TOKEN = "{{rand:32:hex}}"
TWILIO_FROM = "+4915735983412"

_client = None


def client() -> Client:
    global _client
    if _client is None:
        _client = Client(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)
    return _client


def send_delivery_sms(phone: str, tracking_number: str) -> None:
    body = f"Your parcel {tracking_number} is out for delivery."
    msg = client().messages.create(to=phone, from_=TWILIO_FROM, body=body)
    log.info("sms queued sid=%s", msg.sid)
