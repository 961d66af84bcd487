from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlaybookConfig(AppConfig):
    name = "playbook"
    verbose_name = _("Draaiboek")

    def ready(self):
        from incidents import signals
        from incidents.registry import (
            SitrepSection,
            Tile,
            register_demo,
            register_open_work,
            register_sitrep_section,
            register_tile,
        )

        from . import demo, selectors, services, sitrep, tiles

        signals.incident_opened.connect(
            services.on_incident_opened, dispatch_uid="playbook.incident_opened"
        )
        # A GRIP change records the process key decision op- & afschalen.
        signals.grip_changed.connect(services.on_grip_changed, dispatch_uid="playbook.grip_changed")
        for name, order, context, title in [
            ("key_decisions", 60, tiles.key_decisions_tile, _("Sleutelbesluiten")),
            ("dilemmas", 65, tiles.dilemmas_tile, _("Bestuurlijke dilemma's")),
            ("relief", 70, tiles.relief_tile, _("Aflossing")),
            ("stakeholders", 80, tiles.stakeholders_tile, _("Stakeholders")),
        ]:
            register_tile(
                Tile(
                    name,
                    f"playbook/tiles/{name}.html",
                    order,
                    context,
                    title=title,
                    bounded=name == "stakeholders",
                )
            )
        # "Wie is wie": function -> person now -> successor (roster and members' functions).
        register_tile(
            Tile(
                "who_is_who",
                "playbook/tiles/who_is_who.html",
                72,
                tiles.who_is_who_tile,
                title=_("Wie is wie"),
                parts=frozenset({"relief", "members"}),
            )
        )
        register_sitrep_section(
            SitrepSection(
                "key_decisions",
                _("Sleutelbesluiten"),
                32,
                sitrep.key_decisions_section,
                "playbook/sitrep/key_decisions.html",
            )
        )
        register_sitrep_section(
            SitrepSection(
                "affected_party_decisions",
                _("Besluiten van getroffen partijen"),
                34,
                sitrep.affected_party_decisions_section,
                "playbook/sitrep/affected_party_decisions.html",
            )
        )
        register_sitrep_section(
            SitrepSection(
                "dilemmas",
                _("Ter besluitvorming"),
                40,
                sitrep.dilemmas_section,
                "playbook/sitrep/dilemmas.html",
            )
        )
        register_demo("playbook", 10, demo.seed)
        # Open work (incidents.selectors.open_work): open key decisions, stakeholders to inform.
        register_open_work("key_decisions", selectors.key_decisions_work)
        register_open_work("stakeholders", selectors.stakeholders_work)
