import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crisiscentre.settings")

app = Celery("crisiscentre")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="crisiscentre.ping")
def ping() -> str:
    """Round trip used by /healthz and the worker test."""
    return "pong"
