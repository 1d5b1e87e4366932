import json
from unittest import mock

import pytest
import stripe

from payments import stripe_client

# Stripe's own documentation key; safe to commit.
DOCS_TEST_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
FAKE_WEBHOOK_SECRET = "whsec_test_secret"


@pytest.fixture(autouse=True)
def _stripe_key(monkeypatch):
    monkeypatch.setattr(stripe, "api_key", DOCS_TEST_KEY)
    monkeypatch.setattr(stripe_client, "WEBHOOK_SECRET", FAKE_WEBHOOK_SECRET)


def test_charge_for_labels_uses_off_session():
    with mock.patch("stripe.PaymentIntent.create") as create:
        create.return_value = mock.Mock(id="pi_123", status="succeeded")
        stripe_client.charge_for_labels("cus_123", 1299, "10 labels")
    assert create.call_args.kwargs["off_session"] is True


def test_webhook_rejects_bad_signature(client):
    resp = client.post(
        "/payments/webhook/",
        data=json.dumps({"id": "evt_1"}),
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE="t=1,v1=deadbeef",
        HTTP_AUTHORIZATION="Bearer test-token",
    )
    assert resp.status_code == 400
