from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EscalationConfig(AppConfig):
    name = "escalation"
    verbose_name = _("Opschaling en melding")

    def ready(self) -> None:
        from crisiscentre.celery import schedule_periodic
        from incidents.registry import (
            SitrepSection,
            Tile,
            register_close_check,
            register_demo,
            register_sitrep_section,
            register_tile,
        )

        from . import demo, services, sitrep, tasks, tiles

        register_tile(
            Tile(
                "grip",
                "escalation/tiles/grip.html",
                5,
                tiles.grip_context,
                title=_("GRIP"),
                outside=tiles.grip_outside,
            )
        )
        register_tile(
            Tile(
                "advice", "escalation/tiles/advice.html", 6, tiles.advice_context, title=_("Advies")
            )
        )
        register_tile(
            Tile(
                "vital",
                "escalation/tiles/vital.html",
                12,
                tiles.vital_context,
                title=_("Vitale processen en voorzieningen"),
                outside=tiles.vital_outside,
            )
        )
        register_tile(
            Tile(
                "reporting",
                "escalation/tiles/reporting.html",
                45,
                tiles.reporting_context,
                title=_("Meldpunten"),
                outside=tiles.reporting_outside,
            )
        )
        register_sitrep_section(
            SitrepSection(
                "cirkel",
                _("Cyber-Crisis-Cirkel"),
                7,
                sitrep.cirkel_section,
                "escalation/sitrep/cirkel.html",
            )
        )
        register_sitrep_section(
            SitrepSection(
                "reporting",
                _("Meldpunten"),
                60,
                sitrep.reporting_section,
                "escalation/sitrep/reporting.html",
            )
        )
        register_demo("escalation", 20, demo.seed)
        register_close_check("escalation.measures", services.close_check)
        schedule_periodic(
            "escalation-recovery-reminders", tasks.recovery_reminders.name, tasks.REMINDER_SCHEDULE
        )
