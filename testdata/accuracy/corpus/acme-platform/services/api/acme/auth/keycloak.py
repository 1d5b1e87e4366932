from keycloak import KeycloakOpenID

keycloak_openid = KeycloakOpenID(
    server_url="https://sso.acme-corp.io/",
    client_id="acme-api",
    realm_name="acme",
    client_secret_key="{{rand:32:alnum}}",
)

OKTA_DOMAIN = "acme.okta.com"
OKTA_API_TOKEN = "00{{rand:40:A-Za-z0-9_-}}"
OKTA_CLIENT_ID = "0oa{{rand:17:alnum}}"

TOKEN_URL = "https://acme.okta.com/oauth2/default/v1/token"
PASSWORD_RESET_URL = "https://acme.okta.com/signin/forgot-password"
