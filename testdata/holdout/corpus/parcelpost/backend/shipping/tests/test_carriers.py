import responses

from shipping.carriers import DHLExpressClient, ShippoClient


@responses.activate
def test_shippo_quote_parses_rates(parcel):
    responses.post(
        "https://api.goshippo.com/shipments/",
        json={"rates": [{"servicelevel": {"token": "dhl_express"}, "amount": "12.40"}]},
    )
    quotes = ShippoClient(token="shippo_test_0000000000000000000000000000000000000000").quote(parcel)
    assert quotes[0].amount_cents == 1240


def test_dhl_uses_basic_auth():
    client = DHLExpressClient(username="user", password="password")
    assert client.auth == ("user", "password")
