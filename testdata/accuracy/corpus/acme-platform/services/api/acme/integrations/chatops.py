import requests

DISCORD_BOT_TOKEN = "MT{{rand:24:A-Za-z0-9}}.G{{rand:5:A-Za-z0-9_-}}.{{rand:38:A-Za-z0-9_-}}"
DISCORD_WEBHOOK_URL = "https://discord.com/api/webhooks/{{rand:19:digits}}/{{rand:68:A-Za-z0-9_-}}"
TELEGRAM_BOT_TOKEN = "{{rand:10:digits}}:AA{{rand:33:A-Za-z0-9_-}}"
TEAMS_WEBHOOK_URL = "https://acmecorp.webhook.office.com/webhookb2/{{rand:8:hex}}-{{rand:4:hex}}-4{{rand:3:hex}}-{{rand:4:hex}}-{{rand:12:hex}}@{{rand:8:hex}}-{{rand:4:hex}}-4{{rand:3:hex}}-{{rand:4:hex}}-{{rand:12:hex}}/IncomingWebhook/{{rand:32:hex}}/{{rand:8:hex}}-{{rand:4:hex}}-4{{rand:3:hex}}-{{rand:4:hex}}-{{rand:12:hex}}"


def notify_all(msg: str) -> None:
    requests.post(DISCORD_WEBHOOK_URL, json={"content": msg}, timeout=5)
    requests.post(
        f"https://api.telegram.org/bot{TELEGRAM_BOT_TOKEN}/sendMessage",
        json={"chat_id": -100123456789, "text": msg},
        timeout=5,
    )
    requests.post(TEAMS_WEBHOOK_URL, json={"text": msg}, timeout=5)
