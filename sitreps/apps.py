from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitrepsConfig(AppConfig):
    name = "sitreps"
    verbose_name = _("Situatierapporten")

    def ready(self):
        from crisiscentre import health
        from crisiscentre.celery import schedule_periodic
        from incidents.registry import Tile, register_demo, register_tile

        from . import demo, sitrep
        from .health import INTERVAL_MINUTES, offline_export_status
        from .tasks import OFFLINE_EXPORT_TASK, RECOVER_QUEUED_EVERY_SECONDS, RECOVER_QUEUED_TASK
        from .tiles import tile_context, tile_outside

        sitrep.register()
        register_tile(
            Tile(
                "sitreps",
                "sitreps/tiles/sitreps.html",
                110,
                tile_context,
                title=_("Sitreps"),
                outside=tile_outside,
            )
        )
        register_demo("sitreps", 50, demo.seed)
        health.extra_checks["offline_export"] = offline_export_status
        schedule_periodic("sitreps-offline-export", OFFLINE_EXPORT_TASK, INTERVAL_MINUTES * 60.0)
        schedule_periodic(
            "sitreps-recover-queued", RECOVER_QUEUED_TASK, RECOVER_QUEUED_EVERY_SECONDS
        )
