"""Measures in force (maatregelen): record, correct and end them (each with a logbook line where
the timeline needs one); open measures keep the incident from being closed (close_check)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from incidents.models import Incident, LogEntry
from incidents.services import audit_record, incident_touch, log_entry_add
from incidents.validators import LINE_MAX_LENGTH, validate_datetimes, validate_lengths

from ..models import Measure
from .common import FUTURE_TOLERANCE, _iso


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
