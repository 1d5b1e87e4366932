"""Data access helpers shared by the notebooks."""
from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]

# BigQuery uses the service account file; path only, the key itself is in gcp/
os.environ.setdefault("GOOGLE_APPLICATION_CREDENTIALS", str(ROOT / "gcp" / "churn-sa.json"))


@lru_cache
def get_creds() -> dict:
    path = ROOT / "conf" / "local" / "credentials.yml"
    with open(path) as fh:
        return yaml.safe_load(fh)


def snowflake_conn():
    import snowflake.connector

    c = get_creds()["snowflake"]
    return snowflake.connector.connect(
        account=c["account"], user=c["user"], password=c["password"], warehouse=c["warehouse"]
    )


def databricks_conn():
    from databricks import sql

    c = get_creds()["databricks"]
    token = os.getenv("DATABRICKS_TOKEN") or c["token"]
    return sql.connect(server_hostname=c["host"], http_path=c["http_path"], access_token=token)


def load_events(since: str = "2023-01-01") -> pd.DataFrame:
    q = f"SELECT * FROM prod.events.subscription_events WHERE event_ts >= '{since}'"
    with databricks_conn() as conn:
        df = pd.read_sql(q, conn)
    log.info("loaded %d events since %s", len(df), since)
    return df


# Legacy export bucket – the analytics IAM user only, do not reuse.
LEGACY_EXPORT = {
    "aws_access_key_id": "AKIA{{rand:16:A-Z2-7}}",
    "aws_secret_access_key": "{{rand:40:A-Za-z0-9/+}}",
}
