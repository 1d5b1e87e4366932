import os

from datadog import initialize

initialize(
    api_key="{{rand:32:hex}}",
    app_key="{{rand:40:hex}}",
)

NEW_RELIC_LICENSE_KEY = "{{rand:36:hex}}NRAL"
NEW_RELIC_USER_KEY = "NRAK-{{rand:27:A-Z0-9}}"
SENTRY_DSN = os.environ.get("SENTRY_DSN", "https://{{rand:32:hex}}@o{{rand:6:digits}}.ingest.us.sentry.io/{{rand:7:digits}}")
GRAFANA_SA_TOKEN = "glsa_{{rand:32:alnum}}_{{rand:8:hex}}"
PAGERDUTY_API_KEY = "u+{{rand:18:A-Za-z0-9_-}}"
PAGERDUTY_ROUTING_KEY = "{{rand:32:hex}}"
DYNATRACE_API_TOKEN = "dt0c01.{{rand:24:A-Z0-9}}.{{rand:64:A-Z0-9}}"
TRACE_SAMPLE_ID = "{{rand:32:hex}}"
