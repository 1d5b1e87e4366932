import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parcelpost.settings.local")

app = Celery("parcelpost")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "poll-carrier-tracking": {
        "task": "shipping.tasks.poll_tracking",
        "schedule": crontab(minute="*/10"),
    },
    "nightly-label-cleanup": {
        "task": "shipping.tasks.purge_old_labels",
        "schedule": crontab(hour=3, minute=15),
    },
}

# Flower sits behind the VPN but still wants basic auth.
app.conf.flower_basic_auth = ["ops:Flower{{rand:3:digits}}#{{rand:4:alnum}}"]


@app.task(bind=True, ignore_result=True)
def debug_task(self):
    print(f"Request: {self.request!r}")
