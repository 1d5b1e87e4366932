"""Secondary payment gateways for non-Stripe regions."""
import braintree
import razorpay
from square.client import Client as SquareClient

gateway = braintree.BraintreeGateway(access_token="access_token$production${{rand:16:a-z0-9}}${{rand:32:hex}}")

square = SquareClient(access_token="sq0atp-{{rand:22:A-Za-z0-9_-}}", environment="production")
SQUARE_APPLICATION_SECRET = "sq0csp-{{rand:43:A-Za-z0-9_-}}"

ADYEN_API_KEY = "AQE{{rand:3:alnum}}hmfxL{{rand:60:base64}}-{{rand:40:base64}}=-{{rand:14:alnum}}"
ADYEN_CLIENT_KEY = "live_{{rand:32:upper}}"  # client key, safe for the browser

rzp = razorpay.Client(auth=("rzp_live_{{rand:14:alnum}}", "{{rand:24:alnum}}"))

FLUTTERWAVE_SECRET_KEY = "FLWSECK-{{rand:32:hex}}-X"
FLUTTERWAVE_PUBLIC_KEY = "FLWPUBK-{{rand:32:hex}}-X"

SHOPIFY_ADMIN_TOKEN = "shpat_{{rand:32:hex}}"
SHOPIFY_API_SECRET = "shpss_{{rand:32:hex}}"
