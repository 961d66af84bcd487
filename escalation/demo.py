"""Demo data for `seed_demo`: the demo incident at GRIP 2 with history, affected processes and
a reporting run. Idempotent: it only adds what is missing."""

from __future__ import annotations

from django.utils import timezone

from playbook.models import Stakeholder

from . import services
from .models import GripChange, GripLevel, IncidentVitalProcess, ReportingRun, VitalProcess
from .reporting import active_tree


def seed(*, incident, users, stdout) -> None:
    actor = users["vic"]
    if not GripChange.objects.filter(incident=incident).exists():
        levels = {level.code: level for level in GripLevel.objects.all()}
        now = timezone.now()
        if "grip-1" in levels and "grip-2" in levels:
            services.grip_change(
                incident=incident,
                actor=actor,
                to_level=levels["grip-1"],
                decided_by="Jan de Vries",
                decided_by_function="Leider CoPI",
                reason="Ziekenhuis werkt op papier; coördinatie met ambulancezorg nodig.",
                decided_at=now - timezone.timedelta(hours=2),
            )
            services.grip_change(
                incident=incident,
                actor=actor,
                to_level=levels["grip-2"],
                decided_by="Petra Jansen",
                decided_by_function="Operationeel leider",
                reason="Thuiszorgapparatuur in meerdere gemeenten meldt storingen; "
                "multidisciplinaire afstemming in het ROT.",
                decided_at=now - timezone.timedelta(hours=1),
            )
    if not IncidentVitalProcess.objects.filter(incident=incident).exists():
        wanted = {
            "acute-zorg": ("geraakt", "Spoedeisende hulp werkt op papier."),
            "thuiszorg": ("geraakt", "Storingen aan thuiszorgapparatuur gemeld."),
            "112-c2000": ("dreigend", "Ambulancemeldkamer meldt vertraging in ritgegevens."),
        }
        for process in VitalProcess.objects.filter(process_list__is_current=True, code__in=wanted):
            status, note = wanted[process.code]
            services.vital_process_set(
                incident=incident, actor=actor, process=process, status=status, note=note
            )
    tree = active_tree()
    if tree is not None and not ReportingRun.objects.filter(incident=incident).exists():
        _demo_directory_contacts()
        hospital = incident.affected_organisations.order_by("pk").first()
        # The hospital (sector Zorg): physical effects (SEH on paper), so all three rungs of
        # the ladder apply; its CERT is Z-CERT and its regulator the IGJ.
        run = services.reporting_run_attach(
            incident=incident,
            actor=actor,
            tree=tree,
            organisation=hospital,
            answers={
                "effect": ["fysiek"],
                "rijksoverheid-vitaal": ["nee"],
                "wettelijke-meldplicht": ["ja"],
                "overheid-vitaal": ["nee"],
                "crisisorganisatie": ["nee"],
            },
        )
        first = run.items.order_by("order").first()
        if first is not None:
            services.reporting_item_mark(
                item=first, actor=actor, reported_to="Servicedesk ICT-leverancier ziekenhuis"
            )


# Demo contact details for the parties the hospital's checklist names; only filled in where
# the directory has none, so a region's real contacts are never overwritten.
DEMO_CONTACTS = {
    "z-cert": ("meldingen-demo@z-cert.example.invalid", "+31 (0)00 000 0001"),
    "igj": ("meldpunt-demo@igj.example.invalid", "+31 (0)00 000 0002"),
    "cybercrime-team": ("cybercrime-mnl-demo@politie.example.invalid", "+31 (0)00 000 0003"),
}


def _demo_directory_contacts() -> None:
    for stakeholder in Stakeholder.objects.filter(slug__in=DEMO_CONTACTS):
        email, phone = DEMO_CONTACTS[stakeholder.slug]
        if not stakeholder.email and not stakeholder.phone:
            stakeholder.email, stakeholder.phone = email, phone
            stakeholder.save(update_fields=["email", "phone"])
