import os

# Local development defaults.
DEBUG = os.environ.get("DEBUG", "0") == "1"
AWS_ACCESS_KEY_ID = "AKIAHUGO274PAFHSG4A7"
AWS_SECRET_ACCESS_KEY = "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"
DATABASE_URL = "postgresql://shop:24HosdQ!ret79@db.internal:5432/shop"
STRIPE_KEY = os.environ["STRIPE_SECRET_KEY"]
