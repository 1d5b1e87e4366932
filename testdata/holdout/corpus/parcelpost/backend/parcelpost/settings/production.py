"""Production settings.

Loaded when DJANGO_SETTINGS_MODULE=parcelpost.settings.production.
Most secrets are injected by the ECS task definition; the ones below are
legacy fallbacks kept until the Secrets Manager migration (PP-412) ships.
"""
import logging

from .base import *  # noqa: F401,F403
from .base import LOGGING, env

logger = logging.getLogger(__name__)

DEBUG = False
ALLOWED_HOSTS = ["api.parcelpost.io", "admin.parcelpost.io"]
CSRF_TRUSTED_ORIGINS = ["https://admin.parcelpost.io"]
CORS_ALLOWED_ORIGINS = ["https://admin.parcelpost.io"]

# FIXME: remove the default once every task definition sets DJANGO_SECRET_KEY
SECRET_KEY = env("DJANGO_SECRET_KEY", default="{{rand:50:a-z0-9!@#%^&*(_=+)-}}")

DATABASES = {
    "default": env.db(
        "DATABASE_URL",
        default="postgres://pp_app:Parcel{{rand:4:digits}}!{{rand:5:alnum}}@pp-prod.cluster-{{rand:12:lower}}.eu-west-1.rds.amazonaws.com:5432/parcelpost",
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = 60

# --- S3 (label PDFs) -------------------------------------------------------
AWS_STORAGE_BUCKET_NAME = "pp-prod-labels"
AWS_S3_REGION_NAME = "eu-west-1"
AWS_ACCESS_KEY_ID = "AKIA{{rand:16:A-Z2-7}}"
AWS_SECRET_ACCESS_KEY = "{{rand:40:A-Za-z0-9/+}}"
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_EXPIRE = 3600

# --- mail ------------------------------------------------------------------
EMAIL_BACKEND = "anymail.backends.sendgrid.EmailBackend"
ANYMAIL = {
    "SENDGRID_API_KEY": "SG.{{rand:22:A-Za-z0-9_-}}.{{rand:43:A-Za-z0-9_-}}",
    "SENDGRID_GENERATE_MESSAGE_ID": True,
}
DEFAULT_FROM_EMAIL = "Parcelpost <noreply@parcelpost.io>"

CELERY_BROKER_URL = "rediss://:{{rand:32:alnum}}@pp-prod-redis.{{rand:6:lower}}.ng.0001.euw1.cache.amazonaws.com:6379/0?ssl_cert_reqs=required"
CELERY_RESULT_BACKEND = CELERY_BROKER_URL

SENTRY_DSN = "https://{{rand:32:hex}}@o{{rand:6:digits}}.ingest.sentry.io/{{rand:7:digits}}"

LOGGING["loggers"]["parcelpost"]["level"] = "INFO"
logger.info("production settings loaded (bucket=%s)", AWS_STORAGE_BUCKET_NAME)
