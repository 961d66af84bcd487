"""Writes for escalation: GRIP changes, affected vital processes, reporting runs and items.

Each function validates, saves, audits and bumps the incident's version (incident_touch) so
live viewers refresh.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents import signals
from incidents.models import AffectedOrganisation, Incident, Team
from incidents.services import (
    StaleEdit,
    audit_record,
    decision_record,
    incident_set_grip_label,
    incident_touch,
)
from incidents.validators import LINE_MAX_LENGTH, validate_datetimes, validate_lengths

# The stakeholder directory (sector -> CERT / regulator) is the playbook's; escalation reads it.
from playbook.models import SectorReporting
from playbook.selectors import sector_reporting_match, sector_reportings

from . import reporting
from .models import (
    GripChange,
    GripChecklistTick,
    GripLevel,
    IncidentVitalProcess,
    ReportingItem,
    ReportingRun,
    ReportingTree,
    VitalProcess,
)
from .selectors import reporting_run_current

NO_LEVEL = 0  # expected_level_id meaning "no GRIP level set yet"
# A decision time may lie in the past (entered afterwards), not more than this in the future.
FUTURE_TOLERANCE = timezone.timedelta(minutes=5)


def _lock(incident: Incident) -> None:
    Incident.objects.select_for_update().filter(pk=incident.pk).first()


def _current_change(incident: Incident) -> GripChange | None:
    return (
        GripChange.objects.filter(incident=incident)
        .select_related("to_level", "created_by")
        .order_by("-decided_at", "-pk")
        .first()
    )


@transaction.atomic
def grip_change(
    *,
    incident: Incident,
    actor,
    to_level: GripLevel,
    decided_by: str,
    reason: str,
    expected_level_id: int | None = None,
    decided_by_function: str = "",
    decided_at: datetime | None = None,
    team: str = Team.ROT,
) -> GripChange:
    """Change the incident's GRIP level and record who decided it and why.

    expected_level_id is the level the user saw when the form was rendered (its pk, or
    NO_LEVEL = 0 when none was set); None skips the check. A mismatch raises StaleEdit.

    A GRIP change is a decision: it is recorded in the besluitenlijst (incidents Decision,
    meeting time = decided_at, which may be earlier than the entry; that also writes the
    *besluit* logbook entry), sets Incident.grip_label, audits
    ("escalation.grip.changed") and sends, inside the transaction,
    ``incidents.signals.grip_changed(sender=GripChange, incident=incident, change=change)``
    where ``change`` is the saved GripChange:

    - ``change.from_level``: GripLevel or None (no level set before);
    - ``change.to_level``: GripLevel (``.name``, ``.code``, ``.rank``, ``.team``, ``.led_by``);
    - ``change.is_upscaling``: bool (True when to_level ranks higher than from_level);
    - ``change.decided_by``: "name (function)"; also ``decided_by_name`` and
      ``decided_by_function``;
    - ``change.reason``, ``change.decided_at``, ``change.log_entry`` (the besluit entry),
      ``change.created_by`` (the user who recorded it).
    Receivers that do I/O must defer it with transaction.on_commit.
    """
    validate_datetimes(decided_at=decided_at)
    _lock(incident)
    current_change = _current_change(incident)
    current = current_change.to_level if current_change else None
    if expected_level_id is not None and int(expected_level_id) != (
        current.pk if current else NO_LEVEL
    ):
        who = ""
        if current_change is not None:
            who = _("gewijzigd door %(who)s om %(time)s") % {
                "who": current_change.decided_by,
                "time": f"{timezone.localtime(current_change.decided_at):%H:%M}",
            }
        raise StaleEdit(
            _(
                "Het GRIP-niveau is intussen door iemand anders gewijzigd. Bekijk het huidige "
                "niveau en de reden, en besluit dan opnieuw."
            ),
            changes=[
                _("Huidig niveau: %(level)s") % {"level": current or _("geen")}
                + (f" ({who})" if who else "")
            ],
        )
    errors = {}
    if not reason or not reason.strip():
        errors["reason"] = _("Geef de reden voor de wijziging van het GRIP-niveau.")
    if not decided_by or not decided_by.strip():
        errors["decided_by"] = _("Vermeld wie het besluit nam.")
    if to_level is None or not to_level.is_active:
        errors["to_level"] = _("Kies een GRIP-niveau.")
    elif current is not None and to_level.pk == current.pk:
        errors["to_level"] = _("Het incident staat al op %(level)s.") % {"level": to_level}
    if team not in Team.values:
        errors["team"] = _("Kies een team.")
    if decided_at is not None and decided_at > timezone.now() + FUTURE_TOLERANCE:
        errors["decided_at"] = _("Het tijdstip van het besluit ligt in de toekomst.")
    if errors:
        raise ValidationError(errors)
    reason = reason.strip()
    name, function = decided_by.strip(), decided_by_function.strip()
    who = f"{name} ({function})" if function else name
    is_upscaling = to_level.rank > (current.rank if current else 0)
    direction = _("opschaling") if is_upscaling else _("afschaling")
    decided_at = decided_at or timezone.now()
    decision = decision_record(
        incident=incident,
        actor=actor,
        text=_("GRIP-niveau gewijzigd van %(from)s naar %(to)s (%(direction)s). Reden: %(reason)s")
        % {
            "from": current or _("geen"),
            "to": to_level,
            "direction": direction,
            "reason": reason,
        },
        decided_by=who,
        rationale=reason,
        team=team,
        meeting_at=decided_at,
    )
    entry = decision.log_entry
    change = GripChange.objects.create(
        incident=incident,
        from_level=current,
        to_level=to_level,
        decided_at=decided_at,
        decided_by_name=name,
        decided_by_function=function,
        reason=reason,
        is_upscaling=is_upscaling,
        log_entry=entry,
        decision=decision,
        created_by=actor,
    )
    # 'GRIP 2 sinds ...' is the decision time (may be earlier than entry), as in the history.
    incident_set_grip_label(incident=incident, label=to_level.name, since=decided_at)
    audit_record(
        actor=actor,
        action="escalation.grip.changed",
        incident=incident,
        obj=change,
        before={"level": current.code if current else None},
        after={
            "level": to_level.code,
            "reason": reason,
            "decided_by": who,
            "is_upscaling": is_upscaling,
            "decided_at": decided_at.isoformat(),
            "decision": decision.pk,
        },
    )
    signals.grip_changed.send(sender=GripChange, incident=incident, change=change)
    return change


@transaction.atomic
def grip_checklist_tick(
    *, incident: Incident, actor, level: GripLevel, index: int, done: bool
) -> GripChecklistTick | None:
    """Tick (or untick) one step of a level's team-activation checklist; audited, and the
    incident is touched so other viewers see it. Ticking twice changes nothing."""
    steps = level.activation_checklist or []
    if not 0 <= index < len(steps):
        raise ValidationError(_("Deze stap staat niet (meer) op de checklist."))
    _lock(incident)
    tick = GripChecklistTick.objects.filter(incident=incident, level=level, index=index).first()
    if done == (tick is not None):
        return tick
    if done:
        tick = GripChecklistTick.objects.create(
            incident=incident, level=level, index=index, text=str(steps[index])[:300], done_by=actor
        )
    else:
        tick.delete()
        tick = None
    audit_record(
        actor=actor,
        action="escalation.grip.checklist_ticked" if done else "escalation.grip.checklist_unticked",
        incident=incident,
        obj=level,
        after={"level": level.code, "index": index, "step": str(steps[index]), "done": done},
    )
    incident_touch(incident, parts={"grip"})
    return tick


@transaction.atomic
def vital_process_set(
    *, incident: Incident, actor, process: VitalProcess, status: str, note: str = ""
) -> IncidentVitalProcess:
    """Record that a vital process (or societal service) is affected, threatened or no longer."""
    if status not in IncidentVitalProcess.Status.values:
        raise ValidationError({"status": _("Kies een geldige status.")})
    _lock(incident)
    record = IncidentVitalProcess.objects.filter(incident=incident, process=process).first()
    if record is None and status == IncidentVitalProcess.Status.RECOVERED:
        raise ValidationError(
            {"process": _("Dit proces staat nog niet als geraakt geregistreerd.")}
        )
    before = {"status": record.status, "note": record.note} if record else None
    if record is None:
        record = IncidentVitalProcess(incident=incident, process=process)
    elif record.status == status and record.note == note.strip():
        return record
    record.status = status
    record.note = note.strip()
    record.updated_at = timezone.now()
    record.updated_by = actor
    record.save()
    audit_record(
        actor=actor,
        action="escalation.vital_process.set",
        incident=incident,
        obj=record,
        before=before,
        after={"process": process.code, "status": status, "note": record.note},
    )
    incident_touch(incident, parts={"vital"})
    return record


@transaction.atomic
def reporting_run_attach(
    *,
    incident: Incident,
    actor,
    tree: ReportingTree,
    answers: dict[str, list[str]],
    organisation: AffectedOrganisation | None = None,
    sector: SectorReporting | None = None,
) -> ReportingRun:
    """Attach a completed walk through the decision tree as the incident's reporting checklist.

    `organisation` (an affected organisation of this incident) or else `sector` names the
    concrete CERT and regulator of each item; the organisation's sector is looked up in the
    sector table. The previous run stays as history; items already reported there are
    carried over to the same reporting point in the new run, so nobody reports twice.
    """
    try:
        walk = reporting.walk(reporting.load_tree(tree), answers)
    except reporting.EmptyOutcome as exc:
        raise ValidationError(
            _("Deze antwoorden leveren geen meldpunt op; laat de beheerder de beslisboom nakijken.")
        ) from exc
    if not walk.is_complete:
        raise ValidationError(_("Beantwoord eerst alle vragen van de beslisboom."))
    if organisation is not None:
        if organisation.incident_id != incident.pk:
            raise ValidationError(
                {"organisation": _("Kies een getroffen organisatie van dit incident.")}
            )
        if sector is None:
            sector = sector_reporting_match(sector_reportings(), organisation.sector)
    _lock(incident)
    previous = reporting_run_current(incident)
    done_before = {
        item.point_id: item for item in (previous.items.all() if previous else []) if item.is_done
    }
    run = ReportingRun.objects.create(
        incident=incident,
        tree=tree,
        answers=walk.answers,
        answers_summary=walk.summary,
        organisation=organisation,
        sector=sector,
        created_by=actor,
    )
    links = []
    parties = {}
    for order, entry in enumerate(reporting.outcome(walk, sector)):
        point = entry.point
        earlier = done_before.get(point.pk)
        # One by one (ten rows at most): the parties need each item's primary key.
        item = ReportingItem.objects.create(
            run=run,
            point_id=point.pk,
            name=point.name,
            text=point.text,
            order=order,
            reported_at=earlier.reported_at if earlier else None,
            reported_to=earlier.reported_to if earlier else "",
            reported_by=earlier.reported_by if earlier else None,
        )
        links += [
            ReportingItem.parties.through(reportingitem_id=item.pk, stakeholder_id=party.pk)
            for party in entry.parties
        ]
        parties[point.key] = [party.slug for party in entry.parties]
    ReportingItem.parties.through.objects.bulk_create(links)
    audit_record(
        actor=actor,
        action="escalation.reporting.run_attached",
        incident=incident,
        obj=run,
        before={"run": previous.pk} if previous else None,
        after={
            "answers": walk.answers,
            "points": [point.key for point in walk.points],
            "organisation": organisation.name if organisation else None,
            "sector": sector.sector if sector else None,
            "parties": parties,
        },
    )
    incident_touch(incident, parts={"reporting"})
    return run


@transaction.atomic
def reporting_item_mark(
    *, item: ReportingItem, actor, reported_to: str = "", reported_at: datetime | None = None
) -> ReportingItem:
    """Tick a reporting item: who reported, to whom, when. Ticking twice changes nothing."""
    validate_datetimes(reported_at=reported_at)
    validate_lengths(reported_to=reported_to, limit=LINE_MAX_LENGTH)
    item = ReportingItem.objects.select_for_update().select_related("run__incident").get(pk=item.pk)
    if item.is_done:
        return item
    item.reported_at = reported_at or timezone.now()
    item.reported_to = reported_to.strip()
    item.reported_by = actor
    item.save(update_fields=["reported_at", "reported_to", "reported_by"])
    audit_record(
        actor=actor,
        action="escalation.reporting.item_reported",
        incident=item.run.incident,
        obj=item,
        after={"point": item.name, "reported_to": item.reported_to},
    )
    incident_touch(item.run.incident, parts={"reporting"})
    return item


@transaction.atomic
def reporting_item_unmark(*, item: ReportingItem, actor) -> ReportingItem:
    """Undo a tick made by mistake; the audit trail keeps both."""
    item = ReportingItem.objects.select_for_update().select_related("run__incident").get(pk=item.pk)
    if not item.is_done:
        return item
    before = {"reported_at": item.reported_at.isoformat(), "reported_to": item.reported_to}
    item.reported_at = None
    item.reported_to = ""
    item.reported_by = None
    item.save(update_fields=["reported_at", "reported_to", "reported_by"])
    audit_record(
        actor=actor,
        action="escalation.reporting.item_reopened",
        incident=item.run.incident,
        obj=item,
        before=before,
    )
    incident_touch(item.run.incident, parts={"reporting"})
    return item
