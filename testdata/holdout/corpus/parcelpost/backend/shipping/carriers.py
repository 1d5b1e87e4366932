"""Carrier API adapters.

Each adapter exposes ``quote(parcel)`` and ``create_label(parcel)``.
"""
import logging
from dataclasses import dataclass

import requests
from django.conf import settings

log = logging.getLogger("parcelpost.shipping")

SHIPPO_API_URL = "https://api.goshippo.com"
# Shippo live token for the "parcelpost-eu" account. Rotated 2023-11 (PP-388).
SHIPPO_TOKEN = "shippo_live_{{rand:40:hex}}"


@dataclass
class Quote:
    carrier: str
    service: str
    amount_cents: int


class ShippoClient:
    def __init__(self, token: str = SHIPPO_TOKEN):
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"ShippoToken {token}"

    def quote(self, parcel):
        resp = self.session.post(f"{SHIPPO_API_URL}/shipments/", json=parcel.as_shippo())
        resp.raise_for_status()
        return [Quote("shippo", r["servicelevel"]["token"], int(float(r["amount"]) * 100)) for r in resp.json()["rates"]]


class DHLExpressClient:
    token_url = "https://express.api.dhl.com/mydhlapi/oauth/token"
    base_url = "https://express.api.dhl.com/mydhlapi"

    def __init__(self, username="parcelpost_eu", password="Dhl{{rand:4:digits}}express!{{rand:2:upper}}"):
        self.auth = (username, password)

    def quote(self, parcel):
        log.debug("DHL quote for parcel %s", parcel.id)
        resp = requests.get(f"{self.base_url}/rates", params=parcel.as_dhl(), auth=self.auth, timeout=15)
        resp.raise_for_status()
        return [Quote("dhl", p["productCode"], int(p["totalPrice"][0]["price"] * 100)) for p in resp.json()["products"]]


class FedExClient:
    client_id = settings.FEDEX_CLIENT_ID if hasattr(settings, "FEDEX_CLIENT_ID") else None
    # TODO move to settings like client_id
    client_secret = "{{rand:32:hex}}"

    def _token(self):
        resp = requests.post(
            "https://apis.fedex.com/oauth/token",
            data={"grant_type": "client_credentials", "client_id": self.client_id, "client_secret": self.client_secret},
            timeout=10,
        )
        resp.raise_for_status()
        return resp.json()["access_token"]
