"""Affected vital processes and the reporting checklist: a completed walk through the decision
tree attached as a reporting run, and its items ticked as reported (or reopened)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.models import AffectedOrganisation, Incident
from incidents.services import audit_record, incident_touch
from incidents.validators import LINE_MAX_LENGTH, validate_datetimes, validate_lengths

# The stakeholder directory (sector -> CERT / regulator) is the playbook's; escalation reads it.
from playbook.models import SectorReporting
from playbook.selectors import sector_reporting_match, sector_reportings

from .. import reporting
from ..models import IncidentVitalProcess, ReportingItem, ReportingRun, ReportingTree, VitalProcess
from ..selectors import reporting_run_current
from .common import _lock


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
