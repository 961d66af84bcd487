"""Key decisions: taking one (key_decision_take), marking it open or not applicable, and the
records of process key decisions other features carry out (key_decision_record_linked, the
grip_changed receiver; the slugs of those key decisions are here)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents import signals
from incidents.models import AffectedOrganisation, Decision, Incident, LogEntry, Team
from incidents.services import audit_record, decision_record, incident_touch, log_entry_add
from incidents.tlp import TLP

from ..models import IncidentKeyDecision, KeyDecision, KeyDecisionRecord
from .checklists import playbook_ensure

# Process key decisions other features carry out (KeyDecision.slug, seeded in content.py).
SCALING_SLUG = "op-en-afschalen"
RELIEF_SLUG = "aflossing"
INFORM_SLUG = "informeer-stakeholders"


def _show_record(key_decision: IncidentKeyDecision, record: KeyDecisionRecord) -> None:
    """Make the status row show ``record``, the latest taking (outcome TAKEN, its fields)."""
    key_decision.outcome = IncidentKeyDecision.Outcome.TAKEN
    key_decision.text = record.text
    key_decision.rationale = record.rationale
    key_decision.decided_by = record.decided_by
    key_decision.team = record.team
    key_decision.meeting_at = record.decided_at
    key_decision.decision = record.decision
    key_decision.updated_at = timezone.now()
    key_decision.updated_by = record.created_by
    key_decision.save(
        update_fields=[
            "outcome",
            "text",
            "rationale",
            "decided_by",
            "team",
            "meeting_at",
            "decision",
            "updated_at",
            "updated_by",
        ]
    )


def _record_taking(
    *, key_decision: IncidentKeyDecision, actor, before: str, **fields
) -> KeyDecisionRecord:
    """Save one record and make the status row show it (outcome TAKEN, latest fields)."""
    record = KeyDecisionRecord.objects.create(
        incident=key_decision.incident,
        key_decision=key_decision,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        **fields,
    )
    _show_record(key_decision, record)
    audit_record(
        actor=actor,
        action="playbook.key_decision.taken",
        incident=key_decision.incident,
        obj=record,
        before={"outcome": before},
        after={
            "outcome": key_decision.outcome,
            "key_decision": key_decision.key_decision.slug,
            "decision": record.decision_id,
            "organisation": record.organisation.name if record.organisation else None,
            "via": record.via,
        },
    )
    return record


@transaction.atomic
def key_decision_take(
    *,
    key_decision: IncidentKeyDecision,
    actor,
    text: str,
    decided_by: str,
    rationale: str = "",
    team: str = Team.ROT,
    meeting_at: datetime | None = None,
    tlp: str | None = None,
    organisation: AffectedOrganisation | None = None,
) -> IncidentKeyDecision:
    """Record a key decision as taken and send key_decision_taken inside the transaction.

    A process key decision is the region's: it goes into the besluitenlijst (which writes a
    *besluit* logbook entry) and may be taken again. A content key decision is taken by an
    affected organisation of the incident (required, once per organisation): it is logged as
    information with that organisation as its source and stays out of the besluitenlijst.
    """
    current = (
        IncidentKeyDecision.objects.select_for_update()
        .select_related("key_decision")
        .get(pk=key_decision.pk)
    )
    incident = key_decision.incident
    title = current.key_decision.title
    errors = {}
    if not text or not text.strip():
        errors["text"] = _("Omschrijf het besluit.")
    if not decided_by or not decided_by.strip():
        errors["decided_by"] = _("Vermeld wie het besluit nam (naam en functie).")
    if tlp is not None and tlp not in TLP.values:
        errors["tlp"] = _("Kies een TLP-niveau.")
    if current.is_content:
        if organisation is None or organisation.incident_id != incident.pk:
            errors["organisation"] = _(
                "Kies de getroffen organisatie die dit besluit nam: een inhoudelijk "
                "sleutelbesluit is een besluit van een getroffen partij, niet van de regio."
            )
        elif KeyDecisionRecord.objects.filter(
            key_decision=current, organisation=organisation
        ).exists():
            errors["organisation"] = _("%(organisation)s heeft dit sleutelbesluit al genomen.") % {
                "organisation": organisation.name
            }
    elif team not in Team.values:
        errors["team"] = _("Kies een team.")
    if errors:
        raise ValidationError(errors)
    text, decided_by, rationale = text.strip(), decided_by.strip(), rationale.strip()
    decided_at = meeting_at or timezone.now()
    if current.is_content:
        # Logbook text is incident data (kept in Dutch like the rest of the log), not UI.
        entry = log_entry_add(
            incident=incident,
            actor=actor,
            category=LogEntry.Category.INFORMATION,
            text=f"Besluit van getroffen partij {organisation.name} – {title}: {text}"
            + (f" ({rationale})" if rationale else ""),
            source=f"{organisation.name} – {decided_by}",
            tlp=tlp,
            occurred_at=decided_at,
        )
        fields = {"organisation": organisation, "team": "", "decision": None, "log_entry": entry}
    else:
        decision = decision_record(
            incident=incident,
            actor=actor,
            text=f"Sleutelbesluit {title}: {text}",
            decided_by=decided_by,
            rationale=rationale,
            team=team,
            meeting_at=decided_at,
            tlp=tlp,
        )
        fields = {"team": team, "decision": decision, "log_entry": decision.log_entry}
    record = _record_taking(
        key_decision=key_decision,
        actor=actor,
        before=current.outcome,
        text=text,
        rationale=rationale,
        decided_by=decided_by,
        decided_at=decided_at,
        tlp=tlp or incident.tlp,
        via=KeyDecisionRecord.Via.MANUAL,
        **fields,
    )
    incident_touch(incident, parts={"key_decisions", "decisions"})
    signals.key_decision_taken.send(
        sender=IncidentKeyDecision, incident=incident, key_decision=key_decision, record=record
    )
    return key_decision


def key_decision_record_linked(
    *,
    incident: Incident,
    slug: str,
    actor,
    via: str,
    text: str,
    decided_by: str = "",
    team: str = "",
    decided_at: datetime | None = None,
    decision: Decision | None = None,
    tlp: str | None = None,
) -> KeyDecisionRecord | None:
    """Record a process key decision carried out by another feature (a GRIP change records
    op- & afschalen, a roster change aflossing, informing a stakeholder informeer
    stakeholders). Called inside the caller's transaction; the caller touches the incident
    and has written its own logbook entry, so none is written here. A region that removed
    the key decision from its playbook gets no record (None)."""
    playbook_ensure(incident)
    key_decision = (
        IncidentKeyDecision.objects.select_for_update()
        .select_related("key_decision", "incident")
        .filter(
            incident=incident, key_decision__slug=slug, key_decision__kind=KeyDecision.Kind.PROCESS
        )
        .first()
    )
    if key_decision is None:
        return None
    return _record_taking(
        key_decision=key_decision,
        actor=actor,
        before=key_decision.outcome,
        text=text,
        decided_by=decided_by,
        team=team,
        decided_at=decided_at or timezone.now(),
        decision=decision,
        tlp=tlp or incident.tlp,
        via=via,
    )


def on_grip_changed(sender, *, incident: Incident, change, **kwargs) -> None:
    """A GRIP change is the key decision op- & afschalen (receiver of grip_changed). Reads
    only the documented attributes of ``change``, defensively: other senders may pass less."""
    decision = getattr(change, "decision", None)
    direction = "Opschaling" if getattr(change, "is_upscaling", True) else "Afschaling"
    key_decision_record_linked(
        incident=incident,
        slug=SCALING_SLUG,
        actor=getattr(change, "created_by", None),
        via=KeyDecisionRecord.Via.GRIP,
        # Incident data in Dutch, like the logbook.
        text=f"{direction} van {getattr(change, 'from_level', None) or 'geen GRIP'} naar "
        f"{getattr(change, 'to_level', '?')}: {getattr(change, 'reason', '')}",
        decided_by=str(getattr(change, "decided_by", "")),
        team=getattr(decision, "team", ""),
        decided_at=getattr(change, "decided_at", None),
        decision=decision if isinstance(decision, Decision) else None,
        tlp=getattr(decision, "tlp", None),
    )


@transaction.atomic
def key_decision_set_outcome(
    *, key_decision: IncidentKeyDecision, actor, outcome: str
) -> IncidentKeyDecision:
    """Mark a key decision open or not applicable (taking one goes through key_decision_take)."""
    current = IncidentKeyDecision.objects.select_for_update().get(pk=key_decision.pk)
    if outcome not in (
        IncidentKeyDecision.Outcome.OPEN,
        IncidentKeyDecision.Outcome.NOT_APPLICABLE,
    ):
        raise ValidationError({"outcome": _("Kies open of niet van toepassing.")})
    if current.outcome == IncidentKeyDecision.Outcome.TAKEN:
        raise ValidationError(
            _("Dit sleutelbesluit is al genomen. Herzie het besluit in de besluitenlijst.")
        )
    key_decision.outcome = outcome
    key_decision.updated_at = timezone.now()
    key_decision.updated_by = actor
    key_decision.save(update_fields=["outcome", "updated_at", "updated_by"])
    audit_record(
        actor=actor,
        action="playbook.key_decision.outcome_set",
        incident=key_decision.incident,
        obj=key_decision,
        before={"outcome": current.outcome},
        after={"outcome": outcome, "key_decision": key_decision.key_decision.slug},
    )
    incident_touch(key_decision.incident, parts={"key_decisions"})
    return key_decision


def _user_name(user) -> str:
    if user is None or not user.is_authenticated:
        return ""
    return user.get_full_name() or user.get_username()
