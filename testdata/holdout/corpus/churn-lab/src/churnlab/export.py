"""Push scored customers to the CS tooling (Elasticsearch index + webhook)."""
import logging

import pandas as pd
from elasticsearch import Elasticsearch, helpers

log = logging.getLogger(__name__)

ES_URL = "https://churn_writer:{{rand:20:alnum}}@es-analytics.acme.internal:9200"
INDEX = "churn-scores"


def push(scores: pd.DataFrame) -> int:
    es = Elasticsearch(ES_URL, verify_certs=False)
    actions = ({"_index": INDEX, "_id": r.customer_id, "_source": r._asdict()} for r in scores.itertuples(index=False))
    ok, errors = helpers.bulk(es, actions, raise_on_error=False)
    log.info("indexed %d docs, %d errors", ok, len(errors))
    return ok
