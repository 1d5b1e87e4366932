"""Social login + marketing integrations."""
import os

import tweepy

TWITTER_BEARER_TOKEN = "AAAAAAAAAAAAAAAAAAAAA{{rand:28:alnum}}%3D{{rand:50:alnum}}"
TWITTER_API_KEY = os.environ.get("TWITTER_API_KEY", "")
TWITTER_API_SECRET = "{{rand:50:alnum}}"
FACEBOOK_PAGE_ACCESS_TOKEN = "EAAG{{rand:180:alnum}}"
FACEBOOK_APP_ID = "{{rand:16:digits}}"
FACEBOOK_APP_SECRET = "{{rand:32:hex}}"
INSTAGRAM_TOKEN_URL = "https://graph.facebook.com/v20.0/oauth/access_token"

client = tweepy.Client(bearer_token=TWITTER_BEARER_TOKEN)
