"""The nafase: recovery items (one affected organisation or vital process each), their
append-only updates, and the weekly reminder to the owner of an item nobody updated."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from incidents.access import incident_writers
from incidents.models import AffectedOrganisation, Incident
from incidents.services import audit_record, incident_touch
from incidents.validators import LINE_MAX_LENGTH, validate_datetimes, validate_lengths

from ..models import IncidentVitalProcess, RecoveryItem, RecoveryStatus, RecoveryUpdate
from .common import FUTURE_TOLERANCE, _iso, _lock

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
            "url": reverse("escalation:recovery", args=[item.incident_id]),
        }
    send_mail(subject, body, None, [item.owner_user.email])
