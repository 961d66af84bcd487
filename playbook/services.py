"""Writes for the playbook: keyword-only <entity>_<action> functions that validate, save,
audit and touch the incident (live viewers refresh)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents import audit, functions, signals
from incidents.models import (
    AffectedOrganisation,
    AuditEvent,
    CrisisFunction,
    Decision,
    Incident,
    LogEntry,
    Team,
)
from incidents.services import audit_record, decision_record, incident_touch, log_entry_add
from incidents.tlp import TLP
from incidents.validators import validate_datetimes

from .models import (
    INCIDENT_LISTS,
    ChecklistItem,
    Dilemma,
    DilemmaPosition,
    IncidentChecklistItem,
    IncidentKeyDecision,
    KeyDecision,
    KeyDecisionRecord,
    NextMeeting,
    RosterEntry,
    Stakeholder,
    StakeholderInvolvement,
)

# Process key decisions other features carry out (KeyDecision.slug, seeded in content.py).
SCALING_SLUG = "op-en-afschalen"
RELIEF_SLUG = "aflossing"
INFORM_SLUG = "informeer-stakeholders"

# --- Per-incident copies of the checklists ----------------------------------------------------


def playbook_ensure(incident: Incident) -> None:
    """Give the incident its own key decisions and checklists (idempotent, fixed query count).

    Called when an incident is opened (signal receiver) and by the writes that need the rows;
    never by a page or tile (no writes on GET). Incidents from before, and content added later,
    are covered by content.incident_rows (data migration, load_playbook, the admin).
    """
    have_kd = set(
        IncidentKeyDecision.objects.filter(incident=incident).values_list(
            "key_decision_id", flat=True
        )
    )
    missing_kd = KeyDecision.objects.exclude(pk__in=have_kd).values_list("pk", flat=True)
    IncidentKeyDecision.objects.bulk_create(
        [IncidentKeyDecision(incident=incident, key_decision_id=pk) for pk in missing_kd],
        ignore_conflicts=True,
    )
    have_items = set(
        IncidentChecklistItem.objects.filter(incident=incident).values_list("item_id", flat=True)
    )
    missing_items = (
        ChecklistItem.objects.filter(list__in=INCIDENT_LISTS)
        .exclude(pk__in=have_items)
        .values_list("pk", flat=True)
    )
    IncidentChecklistItem.objects.bulk_create(
        [IncidentChecklistItem(incident=incident, item_id=pk) for pk in missing_items],
        ignore_conflicts=True,
    )


def on_incident_opened(sender, *, incident: Incident, **kwargs) -> None:
    playbook_ensure(incident)


# --- Checklists -------------------------------------------------------------------------------


@transaction.atomic
def checklist_item_set(
    *, item: IncidentChecklistItem, actor, done: bool, note: str = ""
) -> IncidentChecklistItem:
    """Tick or untick an item; ticking records who and when, the note is kept either way."""
    before = {"done": item.done, "note": item.note}
    if done and not item.done:
        item.done_at = timezone.now()
        item.done_by = actor
    elif not done:
        item.done_at = None
        item.done_by = None
    item.done = done
    item.note = note.strip()
    item.save(update_fields=["done", "done_at", "done_by", "note"])
    audit_record(
        actor=actor,
        action="playbook.checklist.ticked" if done else "playbook.checklist.unticked",
        incident=item.incident,
        obj=item,
        before=before,
        after={"done": item.done, "note": item.note, "item": item.item.slug},
    )
    incident_touch(item.incident, parts={"checklist"})
    return item


# --- Key decisions ----------------------------------------------------------------------------


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


# --- Dilemmas ---------------------------------------------------------------------------------


@transaction.atomic
def dilemma_position_record(
    *,
    incident: Incident,
    actor,
    dilemma: Dilemma,
    position: str,
    team: str = Team.GBT,
    decided_on: datetime | None = None,
    tlp: str | None = None,
) -> DilemmaPosition:
    if not position or not position.strip():
        raise ValidationError({"position": _("Beschrijf het standpunt.")})
    validate_datetimes(decided_on=decided_on)
    if team not in Team.values:
        raise ValidationError({"team": _("Kies een team.")})
    record = DilemmaPosition.objects.create(
        incident=incident,
        dilemma=dilemma,
        position=position.strip(),
        team=team,
        decided_on=decided_on or timezone.now(),
        tlp=tlp or incident.tlp,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="playbook.dilemma.position_recorded",
        incident=incident,
        obj=record,
        after={"dilemma": dilemma.slug, "position": record.position, "team": team},
    )
    incident_touch(incident, parts={"dilemmas"})
    return record


# --- Relief (aflossing) -----------------------------------------------------------------------


@transaction.atomic
def roster_entry_add(
    *,
    incident: Incident,
    actor,
    function: str,
    person: str,
    starts_at: datetime,
    ends_at: datetime,
) -> RosterEntry:
    validate_datetimes(starts_at=starts_at, ends_at=ends_at)
    errors = {}
    if not function.strip():
        errors["function"] = _("Vul de functie in.")
    if not person.strip():
        errors["person"] = _("Vul de naam in.")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("Het einde van de dienst ligt na het begin.")
    if errors:
        raise ValidationError(errors)
    # The same functions as the members': a known name links the record (and takes its
    # spelling); another name is kept as typed.
    crisis_function = functions.match(CrisisFunction, function)
    entry = RosterEntry.objects.create(
        incident=incident,
        function=crisis_function.name if crisis_function else function.strip(),
        crisis_function=crisis_function,
        person=person.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="playbook.roster.added",
        incident=incident,
        obj=entry,
        after={
            "function": entry.function,
            "person": entry.person,
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
        },
    )
    key_decision_record_linked(
        incident=incident,
        slug=RELIEF_SLUG,
        actor=actor,
        via=KeyDecisionRecord.Via.ROSTER,
        text=f"{entry.person} neemt {entry.function} waar van "
        f"{timezone.localtime(starts_at):%d-%m %H:%M} tot {timezone.localtime(ends_at):%d-%m %H:%M}.",
        decided_by=_user_name(actor),
    )
    incident_touch(incident, parts={"relief"})
    return entry


@transaction.atomic
def roster_entry_remove(*, entry: RosterEntry, actor) -> None:
    incident = entry.incident
    audit_record(
        actor=actor,
        action="playbook.roster.removed",
        incident=incident,
        obj=entry,
        before={"function": entry.function, "person": entry.person},
    )
    entry.delete()
    incident_touch(incident, parts={"relief"})


@transaction.atomic
def next_meeting_set(
    *, incident: Incident, actor, at: datetime, team: str = Team.ROT, place: str = ""
) -> NextMeeting:
    if team not in Team.values:
        raise ValidationError({"team": _("Kies een team.")})
    validate_datetimes(at=at)
    meeting, _created = NextMeeting.objects.update_or_create(
        incident=incident, defaults={"at": at, "team": team, "place": place.strip()}
    )
    audit_record(
        actor=actor,
        action="playbook.next_meeting.set",
        incident=incident,
        obj=meeting,
        after={"at": at.isoformat(), "team": team, "place": meeting.place},
    )
    incident_touch(incident, parts={"relief"})
    return meeting


# --- Stakeholder analysis ---------------------------------------------------------------------


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
    key_decision.outcome = IncidentKeyDecision.Outcome.TAKEN
    key_decision.text = last.text
    key_decision.rationale = last.rationale
    key_decision.decided_by = last.decided_by
    key_decision.team = last.team
    key_decision.meeting_at = last.decided_at
    key_decision.decision = None
    key_decision.updated_at = timezone.now()
    key_decision.updated_by = last.created_by
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
