"""The logbook: lines are only ever added; a mistake is put right by a correcting line."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import partner_organisation, reader_clearance
from ..models import Incident, LogEntry
from ..tlp import visible_at
from ..validators import (
    LINE_MAX_LENGTH,
    validate_datetimes,
    validate_lengths,
    validate_not_in_future,
)
from .recording import _snapshot, audit_record, incident_touch


@transaction.atomic
def log_entry_add(
    *,
    incident: Incident,
    actor,
    category: str,
    text: str,
    source: str = "",
    tlp: str | None = None,
    occurred_at: datetime | None = None,
    corrects: LogEntry | None = None,
) -> LogEntry:
    if not text or not text.strip():
        raise ValidationError({"text": _("Het logboek kan geen lege regel bevatten.")})
    if category not in LogEntry.Category.values:
        raise ValidationError({"category": _("Kies een categorie.")})
    validate_lengths(text=text)
    validate_lengths(source=source, limit=LINE_MAX_LENGTH)
    validate_datetimes(occurred_at=occurred_at)
    try:
        validate_not_in_future(occurred_at)
    except ValidationError as exc:
        raise ValidationError({"occurred_at": exc.error_list}) from None
    if corrects is not None:
        if corrects.incident_id != incident.pk:
            raise ValidationError(_("Een correctie hoort bij hetzelfde incident."))
        if LogEntry.objects.filter(corrects=corrects).exists():
            raise ValidationError(_("Deze regel is al gecorrigeerd; corrigeer de correctie."))
    organisation = partner_organisation(actor, incident)
    if organisation:
        # A partner's line says where it comes from, and stays within what they may read.
        source = source.strip() or organisation
        if tlp and not visible_at(tlp, reader_clearance(actor, incident)):
            raise ValidationError(
                {"tlp": _("Kies een TLP-niveau tot en met uw eigen rubricering.")}
            )
    entry = LogEntry.objects.create(
        incident=incident,
        category=category,
        text=text.strip(),
        source=source.strip(),
        tlp=tlp or incident.tlp,
        occurred_at=occurred_at or timezone.now(),
        author=actor,
        corrects=corrects,
    )
    audit_record(
        actor=actor,
        action="incidents.log.corrected" if corrects else "incidents.log.added",
        incident=incident,
        obj=entry,
        after=_snapshot(entry, ("category", "text", "source", "tlp", "occurred_at"))
        | ({"corrects": corrects.pk} if corrects else {}),
    )
    incident_touch(
        incident, parts={"log", "picture"} if category == LogEntry.Category.PICTURE else {"log"}
    )
    return entry
