import os
import psycopg2
import pymongo
import redis
from sqlalchemy import create_engine

# read replica used by the nightly export
ENGINE = create_engine("postgresql://readonly:K{{rand:14:alnum}}9@replica-1.db.acme-corp.io:5432/acme")
MONGO = pymongo.MongoClient("mongodb+srv://etl-user:Marigold.{{rand:6:alnum}}{{rand:2:digits}}@cluster0.x7k2p.mongodb.net/events?retryWrites=true&w=majority")
CACHE = redis.Redis(host="cache.acme-corp.io", port=6379, password="Dragonfly!{{rand:6:alnum}}")

DSN_TEMPLATE = "postgresql://%(user)s:%(password)s@%(host)s:5432/%(db)s"
LOCAL_DSN = f"postgresql://{os.environ['PGUSER']}:{os.environ['PGPASSWORD']}@localhost/acme"


def connect_snowflake():
    import snowflake.connector

    return snowflake.connector.connect(
        user="ETL_SERVICE",
        password="Kingston_{{rand:4:digits}}{{rand:3:upper}}",
        account="acme-eu1",
        warehouse="ETL_WH",
    )


def connect_legacy():
    return psycopg2.connect(host="10.0.3.12", dbname="legacy", user="etl", password=os.environ.get("LEGACY_PG_PASSWORD"))
