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


def schedule_periodic(name: str, task: str, schedule) -> None:
    """Add a periodic task (``schedule``: seconds or a crontab) to the beat schedule; each app
    calls it from its ``ready()``.

    Merged, not replaced: several apps add their own entries to the one schedule.
    """
    app.conf.beat_schedule = {
        **(app.conf.beat_schedule or {}),
        name: {"task": task, "schedule": schedule},
    }
