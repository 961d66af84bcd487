"""Demo data for `manage.py seed_demo` (idempotent: it runs on every `make run`)."""

from datetime import timedelta

from django.utils import timezone

from incidents import services as incident_services
from incidents.models import LogEntry, Team

from . import content, services
from .models import (
    Dilemma,
    DilemmaPosition,
    IncidentChecklistItem,
    IncidentKeyDecision,
    NextMeeting,
    RosterEntry,
    Stakeholder,
    StakeholderInvolvement,
)

TICKED = ["melding-1", "melding-5", "im-vic-1", "im-vic-2", "crisiscom-4", "reageren-5"]


def demo_addresses() -> int:
    """Give directory parties without an address a reserved demo address (example.org never
    receives mail), so the demo outbox shows sends instead of "geen adres bekend".

    Runs before the escalation demo (order 20) queues its GRIP messages. An address an
    administrator entered is kept.
    """
    missing = Stakeholder.objects.filter(channel=Stakeholder.Channel.EMAIL, email="")
    updated = 0
    for stakeholder in missing:
        stakeholder.email = f"{stakeholder.slug}-demo@example.org"
        stakeholder.save(update_fields=["email"])
        updated += 1
    return updated


# The handover brief and the sitrep filter on an audience TLP and wrap long indicators: the demo
# log holds one TLP:RED line (left out of the AMBER brief and sitrep) and one long indicator URL.
DEMO_RED_LINE = "Politie: aanwijzingen over de dadergroep via het NHTC; niet verder verspreiden."
DEMO_INDICATOR = (
    "Indicator (IoC) van Z-CERT: https://cdn.update-check.example/pl/"
    + "".join(f"{n:02x}" for n in range(90))
    + "/stage2.bin"
)


def _demo_log_lines(incident, vic) -> None:
    for category, text, tlp in [
        (LogEntry.Category.INFORMATION, DEMO_RED_LINE, "RED"),
        (LogEntry.Category.INFORMATION, DEMO_INDICATOR, "AMBER"),
    ]:
        if not LogEntry.objects.filter(incident=incident, text=text).exists():
            incident_services.log_entry_add(
                incident=incident, actor=vic, category=category, text=text, tlp=tlp
            )


def seed(*, incident, users, stdout) -> None:
    content.load()
    demo_addresses()
    _demo_log_lines(incident, users["vic"])
    services.playbook_ensure(incident)
    vic, crisis = users["vic"], users["crisisteam"]
    now = timezone.now()

    for row in IncidentChecklistItem.objects.filter(
        incident=incident, item__slug__in=TICKED, done=False
    ).select_related("item", "incident"):
        services.checklist_item_set(item=row, actor=vic, done=True)

    # Op- & afschalen is recorded by the GRIP changes (escalation demo); liaisons by hand.
    liaisons = IncidentKeyDecision.objects.select_related("key_decision", "incident").get(
        incident=incident, key_decision__slug="liaisons"
    )
    if liaisons.outcome == IncidentKeyDecision.Outcome.OPEN:
        services.key_decision_take(
            key_decision=liaisons,
            actor=crisis,
            text="De CISO van het ziekenhuis neemt als liaison deel aan het ROT.",
            rationale="Korte lijnen over de impact op de patiëntenzorg.",
            decided_by="Operationeel Leider",
            team=Team.ROT,
            meeting_at=now - timedelta(hours=2),
        )

    # A content key decision is the affected organisation's: the hospital decides on ransom.
    hospital = incident.affected_organisations.filter(name__icontains="ziekenhuis").first()
    ransom = IncidentKeyDecision.objects.select_related("key_decision", "incident").get(
        incident=incident, key_decision__slug="losgeld-ransomware"
    )
    if hospital is not None and not ransom.records.filter(organisation=hospital).exists():
        services.key_decision_take(
            key_decision=ransom,
            actor=vic,
            organisation=hospital,
            text="Het ziekenhuis betaalt geen losgeld; herstel vanuit de offline back-ups.",
            rationale="Back-ups zijn intact; advies van Z-CERT en het cybercrime team.",
            decided_by="Raad van bestuur (bestuursvoorzitter)",
            meeting_at=now - timedelta(minutes=90),
        )

    communication = Dilemma.objects.get(slug="communicatie")
    if not DilemmaPosition.objects.filter(incident=incident, dilemma=communication).exists():
        services.dilemma_position_record(
            incident=incident,
            actor=crisis,
            dilemma=communication,
            position=(
                "Wel communiceren over de verstoring bij het ziekenhuis; geen technische "
                "duiding, verwijzen naar het ziekenhuis voor de patiëntenzorg."
            ),
            team=Team.GBT,
        )

    if not RosterEntry.objects.filter(incident=incident).exists():
        for function, person, start, end in [
            ("Operationeel Leider (ROL)", "Chris Teamlid", -3, 1),
            ("Leider VIC", "Vera Informatie", -3, 5),
            ("Leider VIC", "Victor Vervanger", 5, 13),
        ]:
            services.roster_entry_add(
                incident=incident,
                actor=vic,
                function=function,
                person=person,
                starts_at=now + timedelta(hours=start),
                ends_at=now + timedelta(hours=end),
            )
    if not NextMeeting.objects.filter(incident=incident).exists():
        services.next_meeting_set(
            incident=incident, actor=vic, at=now + timedelta(minutes=45), team=Team.ROT
        )

    for slug, needs, informed in [
        ("ncc", "Duiding mogelijke maatschappelijke ontwrichting; effecten in de zorg.", True),
        ("z-cert", "Technische stand van zaken bij het ziekenhuis.", False),
        ("gemeenten", "Impact op thuiszorg en bevolkingszorg in de getroffen gemeenten.", False),
    ]:
        stakeholder = Stakeholder.objects.get(slug=slug)
        if StakeholderInvolvement.objects.filter(
            incident=incident, stakeholder=stakeholder
        ).exists():
            continue
        involvement = services.stakeholder_involve(
            incident=incident, actor=vic, stakeholder=stakeholder, needs_to_know=needs
        )
        if informed:
            services.stakeholder_mark_informed(involvement=involvement, actor=vic)
