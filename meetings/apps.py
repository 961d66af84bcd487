from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Overleg (BOB)")

    def ready(self) -> None:
        from incidents.registry import (
            SitrepSection,
            Tile,
            register_demo,
            register_sitrep_section,
            register_tile,
        )

        from . import demo, sitrep, tiles

        register_tile(
            Tile(
                "meetings",
                "meetings/tiles/meetings.html",
                58,
                tiles.meetings_tile,
                parts=frozenset({"meetings"}),
            )
        )
        register_sitrep_section(
            SitrepSection(
                "assessments",
                _("Oordeel: verwachtingen en scenario's"),
                20,
                sitrep.assessments_section,
                "meetings/sitrep/assessments.html",
            )
        )
        register_demo("meetings", 97, demo.seed)
