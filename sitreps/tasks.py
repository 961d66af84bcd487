"""Thin Celery tasks: take a primary key, call one service."""

from celery import shared_task
from celery.signals import worker_process_init, worker_ready

from . import services

OFFLINE_EXPORT_TASK = "sitreps.offline_export"


@shared_task(name="sitreps.generate", acks_late=True, soft_time_limit=120, time_limit=180)
def sitrep_generate(sitrep_id: int) -> str:
    sitrep = services.sitrep_run(sitrep_id=sitrep_id)
    return sitrep.state if sitrep else "al opgepakt"


@shared_task(name=OFFLINE_EXPORT_TASK, acks_late=True, soft_time_limit=240, time_limit=300)
def offline_export() -> bool:
    return services.offline_export_run().ok


@worker_process_init.connect
@worker_ready.connect
def _warm_up_weasyprint(**_kwargs) -> None:
    """WeasyPrint imported and fonts loaded once per worker process, not in the first sitrep."""
    from . import rendering

    rendering.warm_up()
