"""/parcel slash command – lets support look up a shipment from Slack."""
import logging
import os

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from shipping.models import Shipment

log = logging.getLogger("parcelpost.slackbot")

app = App(
    token=os.environ.get("SLACK_BOT_TOKEN"),
    signing_secret="{{rand:32:hex}}",
)


@app.command("/parcel")
def lookup(ack, respond, command):
    ack()
    number = command["text"].strip()
    s = Shipment.objects.filter(tracking_number=number).first()
    respond(f"{number}: {s.status if s else 'not found'}")


if __name__ == "__main__":
    # socket mode for the on-prem support desk
    SocketModeHandler(app, "xapp-1-A{{rand:10:A-Z0-9}}-{{rand:13:digits}}-{{rand:64:hex}}").start()
