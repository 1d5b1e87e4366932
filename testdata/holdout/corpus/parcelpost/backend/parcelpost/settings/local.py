from .base import *  # noqa: F401,F403

DEBUG = True
SECRET_KEY = "django-insecure-local-dev-only-do-not-use"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "parcelpost",
        "USER": "parcelpost",
        "PASSWORD": "parcelpost",
        "HOST": "localhost",
        "PORT": 5432,
    }
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "localhost"
EMAIL_PORT = 1025  # mailhog
EMAIL_HOST_PASSWORD = ""

# never talks to Stripe in dev; the client is stubbed in payments/stripe_client.py
STRIPE_SECRET_KEY = "sk_test_" + "x" * 24
CORS_ALLOWED_ORIGINS = ["http://localhost:5173"]
