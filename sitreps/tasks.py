"""Thin Celery tasks: take a primary key, call one service."""

import logging

from celery import shared_task
from celery.signals import worker_process_init, worker_ready
from django.utils import timezone

from . import selectors, services

logger = logging.getLogger(__name__)

OFFLINE_EXPORT_TASK = "sitreps.offline_export"
RECOVER_QUEUED_TASK = "sitreps.recover_queued"
RECOVER_QUEUED_EVERY_SECONDS = 60.0


@shared_task(name="sitreps.generate", acks_late=True, soft_time_limit=120, time_limit=180)
def sitrep_generate(sitrep_id: int) -> str:
    sitrep = services.sitrep_run(sitrep_id=sitrep_id)
    return sitrep.state if sitrep else "al opgepakt"


@shared_task(name="sitreps.stamp", acks_late=True, soft_time_limit=120, time_limit=180)
def sitrep_stamp_task(sitrep_id: int) -> bool:
    """The approved PDF of a vastgesteld sitrep (services.sitrep_stamp; idempotent)."""
    return services.sitrep_stamp(sitrep_id=sitrep_id) is not None


@shared_task(name=RECOVER_QUEUED_TASK, acks_late=True, soft_time_limit=30, time_limit=60)
def recover_queued_sitreps() -> int:
    """Beat: dispatch again the sitreps still queued after the time limit + 60 s (Redis was
    down when they were requested). A second message for a sitrep that is already being
    rendered does nothing: sitrep_run claims only a queued row."""
    ids = selectors.sitreps_waiting_since(before=timezone.now() - services.STUCK_AFTER)
    if ids:
        logger.warning("Re-dispatching %d queued sitreps: %s", len(ids), ids[:20])
    for sitrep_id in ids:
        sitrep_generate.delay(sitrep_id)
    # Likewise vastgesteld sitreps whose approved PDF was never made (a second stamp of one
    # that is being made stores nothing: sitrep_stamp keeps only the first file).
    unstamped = selectors.sitreps_unstamped_since(before=timezone.now() - services.STUCK_AFTER)
    if unstamped:
        logger.warning("Re-dispatching %d approved PDFs: %s", len(unstamped), unstamped[:20])
    for sitrep_id in unstamped:
        sitrep_stamp_task.delay(sitrep_id)
    return len(ids) + len(unstamped)


@shared_task(name=OFFLINE_EXPORT_TASK, acks_late=True, soft_time_limit=240, time_limit=300)
def offline_export() -> bool:
    return services.offline_export_run().ok


@worker_process_init.connect
@worker_ready.connect
def _warm_up_weasyprint(**_kwargs) -> None:
    """WeasyPrint imported and fonts loaded once per worker process, not in the first sitrep."""
    from . import rendering

    rendering.warm_up()
