import logging

import requests
from celery import shared_task
from django.utils import timezone

from .models import Shipment

log = logging.getLogger("parcelpost.shipping")

SLACK_OPS_WEBHOOK = "https://hooks.slack.com/services/T{{rand:8:A-Z0-9}}/B{{rand:10:A-Z0-9}}/{{rand:24:alnum}}"


def _notify_ops(text: str) -> None:
    try:
        requests.post(SLACK_OPS_WEBHOOK, json={"text": text}, timeout=5)
    except requests.RequestException:
        log.exception("could not reach slack")


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def poll_tracking(self):
    stale = Shipment.objects.filter(delivered_at__isnull=True, updated_at__lt=timezone.now() - timezone.timedelta(hours=6))
    for shipment in stale.iterator():
        try:
            shipment.refresh_tracking()
        except Exception as exc:  # noqa: BLE001
            log.warning("tracking refresh failed for %s: %s", shipment.tracking_number, exc)
    if stale.count() > 500:
        _notify_ops(f":warning: {stale.count()} shipments without tracking updates")


@shared_task
def purge_old_labels():
    cutoff = timezone.now() - timezone.timedelta(days=90)
    n, _ = Shipment.objects.filter(created_at__lt=cutoff).update(label_pdf=None)
    log.info("purged %d label PDFs", n)
