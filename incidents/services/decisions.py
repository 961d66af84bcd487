"""The besluitenlijst and the actielijst: a decision (always with its *besluit* log line) and
its evaluation; an action with its owner (a writing member or an organisation) and status."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import incident_writers
from ..models import Action, Decision, Incident, LogEntry
from ..validators import (
    LINE_MAX_LENGTH,
    validate_datetimes,
    validate_lengths,
    validate_not_in_future,
)
from .logbook import log_entry_add
from .recording import _snapshot, audit_record, incident_touch


@transaction.atomic
def decision_record(
    *,
    incident: Incident,
    actor,
    text: str,
    decided_by: str,
    rationale: str = "",
    team: str = "ROT",
    meeting_at: datetime | None = None,
    reevaluate_at: datetime | None = None,
    basis_entries: list[LogEntry] | None = None,
    tlp: str | None = None,
) -> Decision:
    """Add to the besluitenlijst; every decision also writes a *besluit* logbook entry."""
    if not text.strip():
        raise ValidationError({"text": _("Omschrijf het besluit.")})
    if not decided_by.strip():
        raise ValidationError({"decided_by": _("Vermeld wie het besluit nam (naam en functie).")})
    validate_datetimes(meeting_at=meeting_at, reevaluate_at=reevaluate_at)
    validate_lengths(rationale=rationale)
    try:
        validate_not_in_future(meeting_at)  # it also becomes the log entry's event time
    except ValidationError as exc:
        raise ValidationError({"meeting_at": exc.error_list}) from None
    meeting_at = meeting_at or timezone.now()
    entry = log_entry_add(
        incident=incident,
        actor=actor,
        category=LogEntry.Category.DECISION,
        text=text,
        source=f"{team} – {decided_by.strip()}"[:LINE_MAX_LENGTH],
        tlp=tlp,
        occurred_at=meeting_at,
    )
    decision = Decision.objects.create(
        incident=incident,
        text=text.strip(),
        rationale=rationale.strip(),
        team=team,
        meeting_at=meeting_at,
        decided_by=decided_by.strip(),
        reevaluate_at=reevaluate_at,
        tlp=tlp or incident.tlp,
        log_entry=entry,
        created_by=actor,
    )
    if basis_entries:
        decision.basis_entries.set(basis_entries)
    audit_record(
        actor=actor,
        action="incidents.decision.recorded",
        incident=incident,
        obj=decision,
        after=_snapshot(decision, ("text", "rationale", "team", "decided_by", "reevaluate_at")),
    )
    return decision


@transaction.atomic
def decision_set_evaluation(
    *, decision: Decision, actor, evaluation: str, reevaluate_at: datetime | None = None
) -> Decision:
    if evaluation not in Decision.Evaluation.values:
        raise ValidationError({"evaluation": _("Kies een geldige status.")})
    validate_datetimes(reevaluate_at=reevaluate_at)
    before = _snapshot(decision, ("evaluation", "reevaluate_at"))
    decision.evaluation = evaluation
    decision.reevaluate_at = reevaluate_at
    decision.save(update_fields=["evaluation", "reevaluate_at"])
    audit_record(
        actor=actor,
        action="incidents.decision.evaluated",
        incident=decision.incident,
        obj=decision,
        before=before,
        after=_snapshot(decision, ("evaluation", "reevaluate_at")),
    )
    incident_touch(decision.incident, parts={"decisions"})
    return decision


@transaction.atomic
def action_create(
    *,
    incident: Incident,
    actor,
    description: str,
    owner_user=None,
    owner_organisation: str = "",
    due_at: datetime | None = None,
    decision: Decision | None = None,
    log_entry: LogEntry | None = None,
) -> Action:
    if not description.strip():
        raise ValidationError({"description": _("Omschrijf de actie.")})
    validate_datetimes(due_at=due_at)
    validate_lengths(description=description)
    if owner_user is None and not owner_organisation.strip():
        raise ValidationError(
            {"owner_organisation": _("Wijs een actiehouder aan: een gebruiker of een organisatie.")}
        )
    if owner_user is not None and not incident_writers(incident).filter(pk=owner_user.pk).exists():
        raise ValidationError(
            {
                "owner_user": _(
                    "Alleen een lid van het incident dat mag schrijven kan actiehouder zijn; "
                    "kies een ander lid of een organisatie."
                )
            }
        )
    for linked in (decision, log_entry):
        if linked is not None and linked.incident_id != incident.pk:
            raise ValidationError(_("Een actie hoort bij hetzelfde incident als haar bron."))
    action = Action.objects.create(
        incident=incident,
        description=description.strip(),
        owner_user=owner_user,
        owner_organisation=owner_organisation.strip(),
        due_at=due_at,
        decision=decision,
        log_entry=log_entry,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="incidents.action.created",
        incident=incident,
        obj=action,
        after=_snapshot(action, ("description", "owner_organisation", "due_at", "status"))
        | {"owner_user": owner_user.get_username() if owner_user else None},
    )
    incident_touch(incident, parts={"actions"})
    return action


@transaction.atomic
def action_set_status(*, action: Action, actor, status: str) -> Action:
    if status not in Action.Status.values:
        raise ValidationError({"status": _("Kies een geldige status.")})
    before = {"status": action.status}
    action.status = status
    action.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="incidents.action.status_changed",
        incident=action.incident,
        obj=action,
        before=before,
        after={"status": status},
    )
    incident_touch(action.incident, parts={"actions"})
    return action
