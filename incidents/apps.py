from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Incidenten")

    def ready(self):
        from . import demo, demo_picture, sitrep, tiles
        from .registry import (
            SitrepSection,
            Tile,
            register_demo,
            register_sitrep_section,
            register_tile,
        )

        # The decision form offers the newest picture lines; the action form the writers.
        OUTSIDE_PARTS = {
            "decisions": frozenset({"log", "picture"}),
            "actions": frozenset({"members"}),
        }
        outside = {
            "log": tiles.log_outside,
            "decisions": tiles.decisions_outside,
            "actions": tiles.actions_outside,
            "organisations": tiles.organisations_outside,
        }
        for name, order, context, title in [
            ("classification", 10, tiles.classification_tile, _("Duiding (NCP-D)")),
            (
                "organisations",
                15,
                tiles.organisations_tile,
                _("Getroffen organisaties en gemeenten"),
            ),
            ("picture", 20, tiles.picture_tile, _("Actueel beeld")),
            ("log", 30, tiles.log_tile, _("Logboek")),
            ("decisions", 40, tiles.decisions_tile, _("Besluitenlijst")),
            ("actions", 50, tiles.actions_tile, _("Open acties")),
        ]:
            register_tile(
                Tile(
                    name,
                    f"incidents/tiles/{name}.html",
                    order,
                    context,
                    title=title,
                    params=("category", "q", "voor", "vanaf") if name == "log" else (),
                    outside=outside.get(name),
                    bounded=name in {"organisations", "decisions", "actions"},
                    outside_parts=OUTSIDE_PARTS.get(name, frozenset()),
                )
            )
        # "Bijdragen van partners": which partner organisation contributed what (issue 16).
        register_sitrep_section(
            SitrepSection(
                "partner_contributions",
                _("Bijdragen van partners"),
                95,
                sitrep.contributions_section,
                "incidents/sitrep/partners.html",
            )
        )
        # The totaalbeeld and the deelbeelden (issue 14): beeld, after the Cirkel (7) and before
        # the newest *beeld* log lines (9); the order of all sections is in registry.py.
        register_sitrep_section(
            SitrepSection(
                "beeld",
                _("Totaalbeeld en deelbeelden"),
                8,
                sitrep.picture_section,
                "incidents/sitrep/picture.html",
            )
        )
        register_demo("people", 95, demo.seed)
        register_demo("call_round", 94, demo.seed_call_round)
        register_demo("picture", 96, demo_picture.seed)  # after "people": the partner guest
