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
            register_last_meeting,
            register_open_work,
            register_sitrep_section,
            register_tile,
        )

        from . import demo, selectors, sitrep, tiles

        register_tile(
            Tile(
                "meetings",
                "meetings/tiles/meetings.html",
                58,
                tiles.meetings_tile,
                title=_("Overleg"),
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
        # A deelbeeld older than the last meeting is marked verouderd (incidents.picture).
        register_last_meeting(selectors.last_meeting_at)
        # Open work (incidents.selectors.open_work): what waits for a team's meeting.
        register_open_work("tabled", selectors.tabled_work)
