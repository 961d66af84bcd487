"""An incident at crisis scale, built with bulk_create: N log entries and, in proportion to
them, decisions (1 in 20), open actions (1 in 10), affected organisations (1 in 200), approved
messages (1 in 100) and stakeholders (1 in 100, half of them informed)."""

from datetime import timedelta

from django.utils import timezone

from communication.models import Message
from incidents.models import Action, AffectedOrganisation, Decision, LogEntry
from playbook import services as playbook_services
from playbook.models import Stakeholder, StakeholderInvolvement

CATEGORIES = ["melding", "beeld", "informatie", "actie", "communicatie", "informatie"]
TLPS = ["GREEN", "AMBER", "AMBER", "GREEN", "CLEAR", "RED"]


def fill(incident, user, entries: int) -> None:
    now = timezone.now()
    LogEntry.objects.bulk_create(
        LogEntry(
            incident=incident,
            author=user,
            category=CATEGORIES[i % len(CATEGORIES)],
            text=f"Regel {i}: de gemeente meldt dat winkels geen pinbetalingen kunnen verwerken.",
            source="Meldkamer",
            tlp=TLPS[i % len(TLPS)],
            occurred_at=now - timedelta(seconds=entries - i),
            created_at=now - timedelta(seconds=entries - i),
        )
        for i in range(entries)
    )
    Decision.objects.bulk_create(
        Decision(
            incident=incident,
            text=f"Besluit {i}: noodvoorziening contant geld uitbreiden.",
            decided_by="Voorzitter ROT",
            tlp=TLPS[i % len(TLPS)],
            meeting_at=now - timedelta(minutes=entries // 20 - i),
            reevaluate_at=now + timedelta(hours=i - 5),
        )
        for i in range(entries // 20)
    )
    Action.objects.bulk_create(
        Action(
            incident=incident,
            description=f"Actie {i}: geldtransport regelen.",
            owner_organisation="Bank",
            due_at=now + timedelta(hours=i - 10),
        )
        for i in range(entries // 10)
    )
    AffectedOrganisation.objects.bulk_create(
        AffectedOrganisation(incident=incident, name=f"Organisatie {i}", sector="Financieel")
        for i in range(max(1, entries // 200))
    )
    Message.objects.bulk_create(
        Message(
            incident=incident,
            title=f"Bericht {i}",
            text="Pinnen lukt op veel plaatsen niet; neem contant geld mee.",
            tlp="CLEAR",
            status=Message.Status.APPROVED,
            approved_at=now - timedelta(minutes=i),
            approved_by=user,
            created_by=user,
        )
        for i in range(entries // 100)
    )
    stakeholders = Stakeholder.objects.bulk_create(
        Stakeholder(
            slug=f"scale-{incident.pk}-{i}",
            name=f"Partner {i}",
            channel="email",
            email=f"partner{i}@x.example",
            order=5000 + i,
        )
        for i in range(entries // 100)
    )
    StakeholderInvolvement.objects.bulk_create(
        StakeholderInvolvement(incident=incident, stakeholder=s, max_tlp="AMBER")
        for s in stakeholders
    )
    involvements = list(
        StakeholderInvolvement.objects.filter(incident=incident)
        .select_related("stakeholder", "incident")
        .order_by("pk")
    )
    playbook_services.stakeholders_mark_informed(
        marks=[(involvement, user, now) for involvement in involvements[::2]]
    )
