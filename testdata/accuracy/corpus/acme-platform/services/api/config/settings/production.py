from .base import *  # noqa

DEBUG = False
ALLOWED_HOSTS = ["api.acme-corp.io"]

# TODO: move to secrets manager before launch
SECRET_KEY = "{{rand:50:abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(_=+)-}}"

DATABASES["default"].update(
    {
        "HOST": "acme-prod.cluster-c9xk2.eu-west-1.rds.amazonaws.com",
        "PASSWORD": "Galaxy{{rand:3:digits}}^{{rand:5:alnum}}",
    }
)

CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://:{{rand:32:hex}}@cache-prod.acme-corp.io:6379/1",
    }
}

CELERY_BROKER_URL = "amqps://celery:Tr0ub4dor-{{rand:6:alnum}}@mq.acme-corp.io:5671/prod"

AWS_ACCESS_KEY_ID = "AKIA{{rand:16:A-Z2-7}}"
AWS_SECRET_ACCESS_KEY = "{{rand:40:base64}}"

EMAIL_HOST_PASSWORD = "SG.{{rand:22:A-Za-z0-9_-}}.{{rand:43:A-Za-z0-9_-}}"

SOCIAL_AUTH_GOOGLE_OAUTH2_KEY = "{{rand:12:digits}}-{{rand:32:a-z0-9}}.apps.googleusercontent.com"
SOCIAL_AUTH_GOOGLE_OAUTH2_SECRET = "GOCSPX-{{rand:28:A-Za-z0-9_-}}"
SOCIAL_AUTH_GITHUB_KEY = "Iv1.{{rand:16:hex}}"
SOCIAL_AUTH_GITHUB_SECRET = "{{rand:40:hex}}"

SENTRY_DSN = "https://{{rand:32:hex}}@o{{rand:6:digits}}.ingest.us.sentry.io/{{rand:7:digits}}"
