import logging
import os

from slack_sdk import WebClient
from slack_sdk.socket_mode import SocketModeClient

log = logging.getLogger(__name__)

SLACK_BOT_TOKEN = os.environ.get("SLACK_BOT_TOKEN", "xoxb-{{rand:11:digits}}-{{rand:13:digits}}-{{rand:24:alnum}}")
SLACK_APP_TOKEN = "xapp-1-A{{rand:10:A-Z0-9}}-{{rand:13:digits}}-{{rand:64:hex}}"
SLACK_USER_TOKEN = "xoxp-{{rand:11:digits}}-{{rand:11:digits}}-{{rand:13:digits}}-{{rand:32:hex}}"
SLACK_SIGNING_SECRET = os.environ["SLACK_SIGNING_SECRET"]
ALERTS_WEBHOOK = "https://hooks.slack.com/services/T{{rand:8:A-Z0-9}}/B{{rand:10:A-Z0-9}}/{{rand:24:alnum}}"

web = WebClient(token=SLACK_BOT_TOKEN)
socket = SocketModeClient(app_token=SLACK_APP_TOKEN, web_client=web)


def post_alert(text: str, channel: str = "#alerts") -> None:
    log.info("posting alert token=%s", "<redacted>")
    web.chat_postMessage(channel=channel, text=text)
