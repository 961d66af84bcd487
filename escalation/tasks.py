"""Background work of escalation: the weekly rhythm of the nafase."""

from celery import shared_task
from celery.schedules import crontab

from . import services

# Monday 08:00 (CELERY_TIMEZONE): every owner of a recovery item not updated for a week gets
# one reminder; a run on another day or a second run is harmless (services claim each item).
REMINDER_SCHEDULE = crontab(minute=0, hour=8, day_of_week="mon")


@shared_task(
    name="escalation.recovery_reminders", acks_late=True, soft_time_limit=120, time_limit=180
)
def recovery_reminders() -> int:
    return services.recovery_reminders_send()
