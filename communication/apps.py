from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationConfig(AppConfig):
    name = "communication"
    verbose_name = _("Crisiscommunicatie")

    def ready(self):
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
                "communication",
                "communication/tiles/communication.html",
                100,
                tiles.communication_tile,
                title=_("Communicatie"),
            )
        )
        register_sitrep_section(
            SitrepSection(
                "core_message",
                _("Kernboodschap"),
                3,
                sitrep.core_message_section,
                "communication/sitrep/core_message.html",
            )
        )
        register_sitrep_section(
            SitrepSection(
                "communication",
                _("Communicatie"),
                70,
                sitrep.messages_section,
                "communication/sitrep/messages.html",
            )
        )
        register_demo("communication", 40, demo.seed)
