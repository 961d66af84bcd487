"""Writes for escalation: GRIP changes, affected vital processes, reporting runs and items.

Each function validates, saves, audits and bumps the incident's version (incident_touch) so
live viewers refresh.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from incidents import signals
from incidents.access import incident_writers
from incidents.models import AffectedOrganisation, Incident, LogEntry, Team
from incidents.services import (
    StaleEdit,
    audit_record,
    decision_record,
    incident_set_grip_label,
    incident_touch,
    log_entry_add,
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
    Measure,
    RecoveryItem,
    RecoveryStatus,
    RecoveryUpdate,
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
    _refuse_stale_level(current_change, expected_level_id)
    current = current_change.to_level if current_change else None
    _validate_grip_request(
        current=current,
        to_level=to_level,
        reason=reason,
        decided_by=decided_by,
        team=team,
        decided_at=decided_at,
    )
    change = _grip_change_record(
        incident=incident,
        actor=actor,
        current=current,
        to_level=to_level,
        reason=reason.strip(),
        name=decided_by.strip(),
        function=decided_by_function.strip(),
        team=team,
        decided_at=decided_at or timezone.now(),
    )
    _grip_change_follow_up(incident=incident, actor=actor, change=change)
    return change


def _refuse_stale_level(current_change: GripChange | None, expected_level_id) -> None:
    """StaleEdit when the level the user saw (expected_level_id; NO_LEVEL: none) is no longer
    the current one; it says which level it is now and who set it when."""
    current = current_change.to_level if current_change else None
    if expected_level_id is None or int(expected_level_id) == (current.pk if current else NO_LEVEL):
        return
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


def _validate_grip_request(
    *,
    current: GripLevel | None,
    to_level: GripLevel | None,
    reason: str,
    decided_by: str,
    team: str,
    decided_at: datetime | None,
) -> None:
    """A reason, who decided, another active level, a known team, not in the future."""
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


def _decided_by_line(name: str, function: str) -> str:
    return f"{name} ({function})" if function else name


def _grip_change_record(
    *,
    incident: Incident,
    actor,
    current: GripLevel | None,
    to_level: GripLevel,
    reason: str,
    name: str,
    function: str,
    team: str,
    decided_at: datetime,
) -> GripChange:
    """The decision in the besluitenlijst (decision_record also writes the *besluit* log line)
    and the GripChange that points to both."""
    is_upscaling = to_level.rank > (current.rank if current else 0)
    direction = _("opschaling") if is_upscaling else _("afschaling")
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
        decided_by=_decided_by_line(name, function),
        rationale=reason,
        team=team,
        meeting_at=decided_at,
    )
    return GripChange.objects.create(
        incident=incident,
        from_level=current,
        to_level=to_level,
        decided_at=decided_at,
        decided_by_name=name,
        decided_by_function=function,
        reason=reason,
        is_upscaling=is_upscaling,
        log_entry=decision.log_entry,
        decision=decision,
        created_by=actor,
    )


def _grip_change_follow_up(*, incident: Incident, actor, change: GripChange) -> None:
    """After the saved change: the register's GRIP label, the audit event and the grip_changed
    signal (its receivers: the playbook's key decision, the notifications)."""
    # 'GRIP 2 sinds ...' is the decision time (may be earlier than entry), as in the history.
    incident_set_grip_label(incident=incident, label=change.to_level.name, since=change.decided_at)
    audit_record(
        actor=actor,
        action="escalation.grip.changed",
        incident=incident,
        obj=change,
        before={"level": change.from_level.code if change.from_level else None},
        after={
            "level": change.to_level.code,
            "reason": change.reason,
            "decided_by": _decided_by_line(change.decided_by_name, change.decided_by_function),
            "is_upscaling": change.is_upscaling,
            "decided_at": change.decided_at.isoformat(),
            "decision": change.decision.pk,
        },
    )
    signals.grip_changed.send(sender=GripChange, incident=incident, change=change)


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


# --- Scaling down (afschalen) -----------------------------------------------------------------


@transaction.atomic
def grip_scale_down(
    *,
    incident: Incident,
    actor,
    to_level: GripLevel,
    decided_by: str,
    reason: str,
    coordination_by: str,
    remaining_effects: str = "",
    expected_level_id: int | None = None,
    decided_by_function: str = "",
    decided_at: datetime | None = None,
    team: str = Team.ROT,
) -> GripChange:
    """Scale down: a GRIP change to a lower level, like opschalen a decision with its reason in
    the besluitenlijst and the log, which also names who takes over coordination and which
    effects and measures are still there (the attention card's criteria for afschalen)."""
    validate_lengths(coordination_by=coordination_by, limit=LINE_MAX_LENGTH)
    validate_lengths(remaining_effects=remaining_effects)
    _lock(incident)
    _validate_scale_down(
        _current_change(incident), to_level=to_level, coordination_by=coordination_by
    )
    coordination_by = coordination_by.strip()
    remaining_effects = remaining_effects.strip()
    open_measures = list(measures_open(incident).values_list("title", flat=True))
    change = grip_change(
        incident=incident,
        actor=actor,
        to_level=to_level,
        decided_by=decided_by,
        reason=_scale_down_reason(
            reason,
            coordination_by=coordination_by,
            remaining_effects=remaining_effects,
            open_measures=open_measures,
        ),
        expected_level_id=expected_level_id,
        decided_by_function=decided_by_function,
        decided_at=decided_at,
        team=team,
    )
    change.coordination_by = coordination_by
    change.remaining_effects = remaining_effects
    change.save(update_fields=["coordination_by", "remaining_effects"])
    audit_record(
        actor=actor,
        action="escalation.grip.scaled_down",
        incident=incident,
        obj=change,
        after={
            "level": to_level.code,
            "coordination_by": coordination_by,
            "remaining_effects": remaining_effects,
            "open_measures": open_measures,
        },
    )
    return change


def _validate_scale_down(
    current_change: GripChange | None, *, to_level: GripLevel | None, coordination_by: str
) -> None:
    """A level to scale down from, a lower one to go to, and who takes over coordination."""
    errors = {}
    if current_change is None:
        errors["to_level"] = _("Er is geen GRIP-niveau om van af te schalen.")
    elif to_level is not None and to_level.rank >= current_change.to_level.rank:
        errors["to_level"] = _("Kies een lager niveau dan %(level)s om af te schalen.") % {
            "level": current_change.to_level
        }
    if not coordination_by or not coordination_by.strip():
        errors["coordination_by"] = _("Vermeld wie de coördinatie overneemt.")
    if errors:
        raise ValidationError(errors)


def _scale_down_reason(
    reason: str, *, coordination_by: str, remaining_effects: str, open_measures: list[str]
) -> str:
    """The reason with who takes over and what is still there; empty stays empty (refused)."""
    full_reason = reason.strip() if reason else ""
    if full_reason:
        full_reason += " " + _("Coördinatie gaat over naar %(who)s.") % {"who": coordination_by}
        if remaining_effects:
            full_reason += " " + _("Nog aanwezige effecten: %(effects)s.") % {
                "effects": remaining_effects
            }
        if open_measures:
            full_reason += " " + _("Maatregelen van kracht: %(measures)s.") % {
                "measures": "; ".join(open_measures)
            }
    return full_reason


# --- Measures (maatregelen) -------------------------------------------------------------------


def measures_open(incident: Incident):
    return Measure.objects.filter(incident=incident, status=Measure.Status.OPEN)


def _measure_fields(*, title: str, owner: str, end_criterion: str, since) -> dict:
    validate_datetimes(since=since)
    validate_lengths(title=title, owner=owner, limit=LINE_MAX_LENGTH)
    validate_lengths(end_criterion=end_criterion)
    errors = {}
    if not title or not title.strip():
        errors["title"] = _("Omschrijf de maatregel.")
    if not owner or not owner.strip():
        errors["owner"] = _("Vermeld wie eigenaar is van de maatregel.")
    if not end_criterion or not end_criterion.strip():
        errors["end_criterion"] = _(
            "Geef het criterium waarop de maatregel weer wordt beperkt of beëindigd."
        )
    if since is not None and since > timezone.now() + FUTURE_TOLERANCE:
        errors["since"] = _("De maatregel kan niet in de toekomst ingaan.")
    if errors:
        raise ValidationError(errors)
    return {"title": title.strip(), "owner": owner.strip(), "end_criterion": end_criterion.strip()}


@transaction.atomic
def measure_create(
    *,
    incident: Incident,
    actor,
    title: str,
    owner: str,
    end_criterion: str,
    since: datetime | None = None,
) -> Measure:
    """Record a measure in force; the logbook gets a line so the timeline shows it."""
    fields = _measure_fields(title=title, owner=owner, end_criterion=end_criterion, since=since)
    since = since or timezone.now()
    measure = Measure.objects.create(incident=incident, since=since, created_by=actor, **fields)
    log_entry_add(
        incident=incident,
        actor=actor,
        category=LogEntry.Category.ACTION,
        text=_("Maatregel van kracht: %(title)s (eigenaar %(owner)s). Beëindigen als: %(end)s")
        % {"title": measure.title, "owner": measure.owner, "end": measure.end_criterion},
        occurred_at=min(since, timezone.now()),
    )
    audit_record(
        actor=actor,
        action="escalation.measure.created",
        incident=incident,
        obj=measure,
        after={**fields, "since": since.isoformat()},
    )
    incident_touch(incident, parts={"measures"})
    return measure


@transaction.atomic
def measure_update(
    *, measure: Measure, actor, title: str, owner: str, end_criterion: str, since: datetime
) -> Measure:
    """Correct what a measure says (title, owner, since, end criterion); audited."""
    measure = Measure.objects.select_for_update().select_related("incident").get(pk=measure.pk)
    fields = _measure_fields(title=title, owner=owner, end_criterion=end_criterion, since=since)
    fields["since"] = since or measure.since
    changed = {k: v for k, v in fields.items() if getattr(measure, k) != v}
    if not changed:
        return measure
    before = {k: _iso(getattr(measure, k)) for k in changed}
    for key, value in changed.items():
        setattr(measure, key, value)
    measure.save(update_fields=list(changed))
    audit_record(
        actor=actor,
        action="escalation.measure.changed",
        incident=measure.incident,
        obj=measure,
        before=before,
        after={k: _iso(v) for k, v in changed.items()},
    )
    incident_touch(measure.incident, parts={"measures"})
    return measure


def _iso(value):
    return value.isoformat() if isinstance(value, datetime) else value


@transaction.atomic
def measure_end(
    *, measure: Measure, actor, reason: str, ended_at: datetime | None = None
) -> Measure:
    """End a measure with the reason (the end criterion was met, or why not); logged."""
    validate_datetimes(ended_at=ended_at)
    validate_lengths(reason=reason)
    measure = Measure.objects.select_for_update().select_related("incident").get(pk=measure.pk)
    if not measure.is_open:
        raise ValidationError(_("Deze maatregel is al beëindigd."))
    if not reason or not reason.strip():
        raise ValidationError({"end_reason": _("Geef de reden waarom de maatregel eindigt.")})
    ended_at = ended_at or timezone.now()
    if ended_at > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError({"ended_at": _("Het tijdstip van beëindigen ligt in de toekomst.")})
    if ended_at < measure.since:
        raise ValidationError({"ended_at": _("Een maatregel eindigt niet voordat hij inging.")})
    measure.status = Measure.Status.ENDED
    measure.ended_at = ended_at
    measure.end_reason = reason.strip()
    measure.save(update_fields=["status", "ended_at", "end_reason"])
    log_entry_add(
        incident=measure.incident,
        actor=actor,
        category=LogEntry.Category.ACTION,
        text=_("Maatregel beëindigd: %(title)s. Reden: %(reason)s")
        % {"title": measure.title, "reason": measure.end_reason},
        occurred_at=min(ended_at, timezone.now()),
    )
    audit_record(
        actor=actor,
        action="escalation.measure.ended",
        incident=measure.incident,
        obj=measure,
        before={"status": Measure.Status.OPEN},
        after={
            "status": measure.status,
            "ended_at": ended_at.isoformat(),
            "reason": measure.end_reason,
        },
    )
    incident_touch(measure.incident, parts={"measures"})
    return measure


def close_check(incident: Incident) -> list[str]:
    """incidents.registry close check: open measures keep the incident from being closed."""
    titles = list(measures_open(incident).order_by("since", "pk").values_list("title", flat=True))
    if not titles:
        return []
    shown = "; ".join(titles[:5]) + (" …" if len(titles) > 5 else "")
    return [
        ngettext(
            "Het incident kan nog niet worden gesloten: %(count)s maatregel is nog van kracht "
            "(%(titles)s). Beëindig die eerst, met een reden, op de pagina Maatregelen.",
            "Het incident kan nog niet worden gesloten: %(count)s maatregelen zijn nog van kracht "
            "(%(titles)s). Beëindig die eerst, met een reden, op de pagina Maatregelen.",
            len(titles),
        )
        % {"count": len(titles), "titles": shown}
    ]


# --- Recovery (nafase) ------------------------------------------------------------------------

REMIND_AFTER = timezone.timedelta(days=7)


def _recovery_fields(*, status, status_at, source, note, expected_recovery) -> None:
    validate_datetimes(status_at=status_at)
    validate_lengths(source=source, expected_recovery=expected_recovery, limit=LINE_MAX_LENGTH)
    validate_lengths(note=note)
    errors = {}
    if status not in RecoveryStatus.values:
        errors["status"] = _("Kies een herstelstatus.")
    if status_at is not None and status_at > timezone.now() + FUTURE_TOLERANCE:
        errors["status_at"] = _("De datum van de herstelstatus ligt in de toekomst.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def recovery_item_add(
    *,
    incident: Incident,
    actor,
    status: str,
    organisation: AffectedOrganisation | None = None,
    vital_process: IncidentVitalProcess | None = None,
    status_at: datetime | None = None,
    source: str = "",
    note: str = "",
    expected_recovery: str = "",
    owner_user=None,
    owner_organisation: str = "",
) -> RecoveryItem:
    """Start following the recovery of one affected organisation or one affected vital
    process; its first update is the status given here."""
    _recovery_fields(
        status=status,
        status_at=status_at,
        source=source,
        note=note,
        expected_recovery=expected_recovery,
    )
    validate_lengths(owner_organisation=owner_organisation, limit=LINE_MAX_LENGTH)
    if (organisation is None) == (vital_process is None):
        raise ValidationError(
            _("Kies één getroffen organisatie of één geraakt vitaal proces om te volgen.")
        )
    subject = organisation or vital_process
    if subject.incident_id != incident.pk:
        raise ValidationError(_("Kies een organisatie of proces van dit incident."))
    if owner_user is not None and not incident_writers(incident).filter(pk=owner_user.pk).exists():
        raise ValidationError(
            {
                "owner_user": _(
                    "Alleen een lid van het incident dat mag schrijven kan eigenaar zijn."
                )
            }
        )
    _lock(incident)
    existing = RecoveryItem.objects.filter(incident=incident)
    if (organisation and existing.filter(organisation=organisation).exists()) or (
        vital_process and existing.filter(vital_process=vital_process).exists()
    ):
        raise ValidationError(_("Het herstel hiervan wordt al gevolgd; werk dat herstelpunt bij."))
    now = timezone.now()
    status_at = status_at or now
    item = RecoveryItem.objects.create(
        incident=incident,
        organisation=organisation,
        vital_process=vital_process,
        status=status,
        status_at=status_at,
        source=source.strip(),
        note=note.strip(),
        disrupted_since=status_at,
        expected_recovery=expected_recovery.strip(),
        owner_user=owner_user,
        owner_organisation=owner_organisation.strip(),
        updated_at=now,
        created_by=actor,
    )
    RecoveryUpdate.objects.create(
        item=item,
        status=status,
        status_at=status_at,
        source=item.source,
        note=item.note,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="escalation.recovery.added",
        incident=incident,
        obj=item,
        after={
            "subject": str(organisation or vital_process.process),
            "status": status,
            "status_at": status_at.isoformat(),
            "source": item.source,
            "owner": item.owner_organisation or (owner_user.get_username() if owner_user else None),
        },
    )
    incident_touch(incident, parts={"recovery"})
    return item


@transaction.atomic
def recovery_item_update(
    *,
    item: RecoveryItem,
    actor,
    status: str,
    status_at: datetime | None = None,
    source: str = "",
    note: str = "",
    technically_resolved: bool = False,
    societal_effects_over: bool = False,
    expected_recovery: str | None = None,
) -> RecoveryUpdate:
    """Add a step to an item's recovery (append-only history). "Technisch opgelost" and
    "maatschappelijke effecten voorbij" are separate answers: the first never implies the
    second. Reliable confirmation needs a source: who says the systems can be trusted."""
    _recovery_fields(
        status=status,
        status_at=status_at,
        source=source,
        note=note,
        expected_recovery=expected_recovery or "",
    )
    item = RecoveryItem.objects.select_for_update().select_related("incident").get(pk=item.pk)
    if status == RecoveryStatus.CONFIRMED and not source.strip():
        raise ValidationError(
            {"source": _("Vermeld wie bevestigt dat de systemen weer betrouwbaar zijn.")}
        )
    now = timezone.now()
    status_at = status_at or now
    update = RecoveryUpdate.objects.create(
        item=item,
        status=status,
        status_at=status_at,
        source=source.strip(),
        note=note.strip(),
        technically_resolved=technically_resolved,
        societal_effects_over=societal_effects_over,
        created_by=actor,
    )
    before = {
        "status": item.status,
        "technically_resolved": item.technically_resolved_at is not None,
        "societal_effects_over": item.societal_effects_ended_at is not None,
    }
    item.status = status
    item.status_at = status_at
    item.source = update.source
    item.note = update.note
    item.technically_resolved_at = (
        (item.technically_resolved_at or status_at) if technically_resolved else None
    )
    item.societal_effects_ended_at = (
        (item.societal_effects_ended_at or status_at) if societal_effects_over else None
    )
    if expected_recovery is not None:
        item.expected_recovery = expected_recovery.strip()
    item.updated_at = now
    item.save(
        update_fields=[
            "status",
            "status_at",
            "source",
            "note",
            "technically_resolved_at",
            "societal_effects_ended_at",
            "expected_recovery",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="escalation.recovery.updated",
        incident=item.incident,
        obj=item,
        before=before,
        after={
            "status": status,
            "status_at": status_at.isoformat(),
            "source": update.source,
            "note": update.note,
            "technically_resolved": technically_resolved,
            "societal_effects_over": societal_effects_over,
        },
    )
    incident_touch(item.incident, parts={"recovery"})
    return update


def recovery_items_due_for_reminder(now: datetime):
    """Open items of open incidents whose latest update, and latest reminder, is a week old."""
    cutoff = now - REMIND_AFTER
    return (
        RecoveryItem.objects.filter(
            incident__status__in=Incident.OPEN_STATUSES,
            updated_at__lte=cutoff,
            owner_user__isnull=False,
        )
        .exclude(status=RecoveryStatus.CONFIRMED, societal_effects_ended_at__isnull=False)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=cutoff))
        .exclude(owner_user__email="")
        .select_related("incident", "owner_user", "organisation", "vital_process__process")
        .order_by("pk")
    )


def recovery_reminders_send(*, now: datetime | None = None, limit: int = 500) -> int:
    """The weekly rhythm of the nafase: remind each owner of a recovery item that has not been
    updated for a week. Idempotent: each item is claimed with a conditional update of
    reminded_at, so a second run (or a second beat) in the same week sends nothing."""
    now = now or timezone.now()
    sent = 0
    for item in recovery_items_due_for_reminder(now)[:limit]:
        with transaction.atomic():
            claimed = RecoveryItem.objects.filter(pk=item.pk, reminded_at=item.reminded_at).update(
                reminded_at=now
            )
            if claimed != 1:
                continue
            audit_record(
                actor=None,
                action="escalation.recovery.reminded",
                incident=item.incident,
                obj=item,
                after={
                    "owner": item.owner_user.get_username(),
                    "last_update": _iso(item.updated_at),
                },
            )
            transaction.on_commit(lambda item=item: _send_reminder(item), robust=True)
        sent += 1
    return sent


def _send_reminder(item: RecoveryItem) -> None:
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse

    with translation.override(settings.LANGUAGE_CODE):
        days = (timezone.now() - item.updated_at).days
        subject = _("[%(reference)s] Herstel bijwerken: %(subject)s") % {
            "reference": item.incident.reference,
            "subject": item.subject,
        }
        body = _(
            "Het herstel van %(subject)s (incident %(reference)s) is %(days)s dagen niet "
            "bijgewerkt. Laatste status: %(status)s.\n\nWerk het herstelpunt bij op de "
            "herstelpagina: %(url)s\n\nDe nafase kan voor de getroffen organisatie lang aanhouden; "
            "een wekelijkse stand houdt het beeld actueel."
        ) % {
            "subject": item.subject,
            "reference": item.incident.reference,
            "days": days,
            "status": item.get_status_display(),
            "url": reverse("escalation:herstel", args=[item.incident_id]),
        }
    send_mail(subject, body, None, [item.owner_user.email])
