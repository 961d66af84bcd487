"""/healthz entry for the degraded-mode export (crisiscentre.health.extra_checks)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .selectors import last_offline_export

# How often the beat runs the export; a success older than three intervals means the beat or
# the worker stopped (only meaningful when a real broker, and so a beat, is configured).
INTERVAL_MINUTES = settings.OFFLINE_EXPORT_INTERVAL_MINUTES


def offline_export_status() -> dict:
    run = last_offline_export()
    if run is None:
        return {"ok": True, "last_run": None}
    stale = bool(settings.CELERY_BROKER_URL) and run.started_at < timezone.now() - timedelta(
        minutes=3 * INTERVAL_MINUTES
    )
    status = {
        "ok": run.ok and not stale,
        "last_run": run.started_at.isoformat(),
        "succeeded": run.ok,
        "files": len(run.files),
        "stale": stale,
    }
    if run.error:
        status["error"] = run.error[:200]
    return status
