from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notificaties")

    def ready(self):
        from crisiscentre import health
        from crisiscentre.celery import schedule_periodic
        from incidents import signals
        from incidents.registry import (
            SitrepSection,
            Tile,
            register_demo,
            register_sitrep_section,
            register_tile,
        )

        from . import demo, receivers, selectors, sitrep, tasks, tiles

        signals.grip_changed.connect(receivers.on_grip_changed, dispatch_uid="notifications.grip")
        signals.key_decision_taken.connect(
            receivers.on_key_decision_taken, dispatch_uid="notifications.key_decision"
        )
        # Stakeholders hear of a sitrep once it is vastgesteld, never of a concept.
        signals.sitrep_approved.connect(
            receivers.on_sitrep_approved, dispatch_uid="notifications.sitrep"
        )

        register_tile(
            Tile(
                "notifications",
                "notifications/tiles/notifications.html",
                90,
                tiles.tile,
                title=_("Stakeholders informeren"),
                params=("alle",),
                outside=tiles.tile_outside,
            )
        )
        register_sitrep_section(
            SitrepSection(
                "stakeholders",
                _("Stakeholders"),
                80,
                sitrep.sitrep_section,
                "notifications/sitrep/stakeholders.html",
            )
        )
        register_demo("notifications", 30, demo.seed)
        health.extra_checks["notifications"] = selectors.health
        schedule_periodic(
            "notifications-recover-stuck",
            tasks.recover_stuck_notifications.name,
            tasks.RECOVER_EVERY_SECONDS,
        )
