"""The stakeholder analysis: who is involved and needs to know what, and marking them informed,
one at a time or in a batch (notifications), each a record of *informeer stakeholders*."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents import audit
from incidents.models import AuditEvent, Incident
from incidents.services import audit_record, incident_touch
from incidents.tlp import TLP
from incidents.validators import validate_datetimes

from ..models import (
    IncidentKeyDecision,
    KeyDecision,
    KeyDecisionRecord,
    Stakeholder,
    StakeholderInvolvement,
)
from .checklists import playbook_ensure
from .key_decisions import INFORM_SLUG, _show_record, _user_name, key_decision_record_linked


@transaction.atomic
def stakeholder_involve(
    *,
    incident: Incident,
    actor,
    stakeholder: Stakeholder,
    needs_to_know: str = "",
    contact_person: str = "",
    contact_email: str = "",
    max_tlp: str | None = None,
) -> StakeholderInvolvement:
    """Add a directory stakeholder to the incident's analysis, or update its row."""
    max_tlp = max_tlp or stakeholder.max_tlp
    if max_tlp not in TLP.values:
        raise ValidationError({"max_tlp": _("Kies een TLP-niveau.")})
    involvement, created = StakeholderInvolvement.objects.update_or_create(
        incident=incident,
        stakeholder=stakeholder,
        defaults={
            "needs_to_know": needs_to_know.strip(),
            "contact_person": contact_person.strip(),
            "contact_email": contact_email.strip(),
            "max_tlp": max_tlp,
        },
    )
    audit_record(
        actor=actor,
        action="playbook.stakeholder.involved" if created else "playbook.stakeholder.changed",
        incident=incident,
        obj=involvement,
        after={
            "stakeholder": stakeholder.slug,
            "needs_to_know": involvement.needs_to_know,
            "contact_person": involvement.contact_person,
            "contact_email": involvement.contact_email,
            "max_tlp": max_tlp,
        },
    )
    incident_touch(incident, parts={"stakeholders"})
    return involvement


@transaction.atomic
def stakeholder_mark_informed(
    *, involvement: StakeholderInvolvement, actor=None, at: datetime | None = None
) -> StakeholderInvolvement:
    """Record that the stakeholder has been informed (also used by notifications after sending)."""
    validate_datetimes(at=at)
    involvement.informed_at = at or timezone.now()
    involvement.informed_by = actor if actor is not None and actor.is_authenticated else None
    involvement.save(update_fields=["informed_at", "informed_by"])
    audit_record(
        actor=actor,
        action="playbook.stakeholder.informed",
        incident=involvement.incident,
        obj=involvement,
        after={
            "stakeholder": involvement.stakeholder.slug,
            "informed_at": involvement.informed_at.isoformat(),
        },
    )
    key_decision_record_linked(
        incident=involvement.incident,
        slug=INFORM_SLUG,
        actor=actor,
        via=KeyDecisionRecord.Via.STAKEHOLDERS,
        text=_informed_text(involvement),
        decided_by=_user_name(actor),
        decided_at=involvement.informed_at,
        tlp=involvement.max_tlp,
    )
    incident_touch(involvement.incident, parts={"stakeholders"})
    return involvement


def _informed_text(involvement: StakeholderInvolvement) -> str:
    # Incident data in Dutch, like the logbook.
    return f"{involvement.stakeholder.name} geïnformeerd" + (
        f": {involvement.needs_to_know}" if involvement.needs_to_know else "."
    )


@transaction.atomic
def stakeholders_mark_informed(
    *, marks: list[tuple[StakeholderInvolvement, object, datetime]]
) -> list[StakeholderInvolvement]:
    """stakeholder_mark_informed for many stakeholders at once, in a fixed number of queries.

    ``marks`` holds (involvement, actor, informed at) with ``involvement.incident`` and
    ``involvement.stakeholder`` loaded. The outcome is the one of calling
    stakeholder_mark_informed for each in turn: every involvement informed at its time and by
    its actor, one "playbook.stakeholder.informed" audit event each, one record of the key
    decision *informeer stakeholders* each (with its "taken" audit event) and the key decision
    showing the last of them, each incident touched once. Used by notifications for a batch of
    delivered messages: one UPDATE, two bulk INSERTs of records and audit events per incident.
    """
    if not marks:
        return []
    for _involvement, _actor, at in marks:
        validate_datetimes(at=at)

    def user_or_none(actor):
        return actor if actor is not None and actor.is_authenticated else None

    involvements = []
    for involvement, actor, at in marks:
        involvement.informed_at = at
        involvement.informed_by = user_or_none(actor)
        involvements.append(involvement)
    _set_informed(involvements)
    events = [
        AuditEvent(
            incident=involvement.incident,
            actor=involvement.informed_by,
            action="playbook.stakeholder.informed",
            object_type=involvement._meta.label_lower,
            object_id=str(involvement.pk),
            after={
                "stakeholder": involvement.stakeholder.slug,
                "informed_at": involvement.informed_at.isoformat(),
            },
        )
        for involvement in involvements
    ]
    by_incident: dict[int, list[tuple[StakeholderInvolvement, object]]] = {}
    for involvement, actor, _at in marks:
        by_incident.setdefault(involvement.incident_id, []).append((involvement, actor))
    for group in by_incident.values():
        events += _inform_records(group)
    for event in events:
        audit.check(event.action)
    AuditEvent.objects.bulk_create(events)
    for group in by_incident.values():
        incident_touch(group[0][0].incident, parts={"stakeholders"})
    return involvements


def _set_informed(involvements: list[StakeholderInvolvement]) -> None:
    """One UPDATE for all: ``UPDATE ... FROM (VALUES ...)`` on PostgreSQL (bulk_update's CASE
    per row costs far more there: every row scans the whole CASE), bulk_update elsewhere."""
    if connection.vendor != "postgresql":
        StakeholderInvolvement.objects.bulk_update(involvements, ["informed_at", "informed_by"])
        return
    table = connection.ops.quote_name(StakeholderInvolvement._meta.db_table)
    rows = ", ".join(["(%s::integer, %s::timestamptz, %s::integer)"] * len(involvements))
    params = []
    for involvement in involvements:
        params += [involvement.pk, involvement.informed_at, involvement.informed_by_id]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS s SET informed_at = v.at, informed_by_id = v.by "  # noqa: S608
            f"FROM (VALUES {rows}) AS v(id, at, by) WHERE s.id = v.id",
            params,
        )


def _inform_records(group: list[tuple[StakeholderInvolvement, object]]) -> list:
    """The key decision records of one incident's informed stakeholders; their audit events
    are returned for the caller's bulk insert (what key_decision_record_linked does, once)."""
    incident = group[0][0].incident
    playbook_ensure(incident)
    key_decision = (
        IncidentKeyDecision.objects.select_for_update()
        .select_related("key_decision")
        .filter(
            incident=incident,
            key_decision__slug=INFORM_SLUG,
            key_decision__kind=KeyDecision.Kind.PROCESS,
        )
        .first()
    )
    if key_decision is None:  # the region removed it from its playbook
        return []
    records = KeyDecisionRecord.objects.bulk_create(
        KeyDecisionRecord(
            incident=incident,
            key_decision=key_decision,
            created_by=involvement.informed_by,
            text=_informed_text(involvement),
            decided_by=_user_name(actor),
            team="",
            decided_at=involvement.informed_at,
            decision=None,
            tlp=involvement.max_tlp or incident.tlp,
            via=KeyDecisionRecord.Via.STAKEHOLDERS,
        )
        for involvement, actor in group
    )
    before = key_decision.outcome
    last = records[-1]
    _show_record(key_decision, last)
    events = []
    for record in records:
        events.append(
            AuditEvent(
                incident=incident,
                actor=record.created_by,
                action="playbook.key_decision.taken",
                object_type=record._meta.label_lower,
                object_id=str(record.pk),
                before={"outcome": before},
                after={
                    "outcome": IncidentKeyDecision.Outcome.TAKEN,
                    "key_decision": key_decision.key_decision.slug,
                    "decision": None,
                    "organisation": None,
                    "via": record.via,
                },
            )
        )
        before = IncidentKeyDecision.Outcome.TAKEN
    return events
