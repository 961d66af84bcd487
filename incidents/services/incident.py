"""The incident itself: open it, change its register fields (refused while stale, closing
refused while another app still holds something open), the affected organisations, and the
GRIP label the escalation app sets."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .. import signals
from ..models import AffectedOrganisation, Cause, Classification, Incident, Membership
from ..tlp import TLP
from ..validators import StaleEdit, validate_datetimes, validate_lengths
from .recording import _snapshot, audit_record, incident_touch


def _next_reference(year: int) -> str:
    prefix = f"CC-{year}-"
    last = (
        Incident.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"


INCIDENT_FIELDS = (
    "title",
    "description",
    "reported_at",
    "started_at",
    "status",
    "tlp",
    "is_exercise",
    "region_role",
    "municipalities",
)


def _validate_incident_fields(fields: dict) -> None:
    validate_datetimes(
        **{name: fields.get(name) for name in ("reported_at", "started_at") if name in fields}
    )
    validate_lengths(
        **{name: fields[name] for name in ("description", "municipalities") if name in fields}
    )


@transaction.atomic
def incident_open(*, actor, title: str, **fields) -> Incident:
    """Register an incident; the reporter becomes a member and the NCP-D starting point is set."""
    if not title.strip():
        raise ValidationError({"title": _("Geef het incident een titel.")})
    unknown = set(fields) - set(INCIDENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown incident fields: {sorted(unknown)}")
    _validate_incident_fields(fields)
    reported_at = fields.get("reported_at") or timezone.now()
    # Lock the table's last reference so two simultaneous reports never get the same number.
    Incident.objects.select_for_update().filter(
        reference__startswith=f"CC-{reported_at.year}-"
    ).order_by("-reference").first()
    incident = Incident.objects.create(
        title=title.strip(),
        reference=_next_reference(reported_at.year),
        created_by=actor,
        **{**fields, "reported_at": reported_at},
    )
    # The one who opens the incident reads all of it, so someone can grant TLP:RED.
    Membership.objects.create(incident=incident, user=actor, clearance=TLP.RED)
    Classification.objects.create(
        incident=incident,
        cause=Cause.DELIBERATE,
        assumed_blocks=["cause"],
        reason=_("Uitgangspunt: opzet tot het tegendeel blijkt."),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="incidents.incident.opened",
        incident=incident,
        obj=incident,
        after=_snapshot(incident, INCIDENT_FIELDS),
    )
    signals.incident_opened.send(sender=Incident, incident=incident)
    return incident


@transaction.atomic
def incident_update(
    *, incident: Incident, actor, expected_register_version: int, **fields
) -> Incident:
    """Change the register fields; refused when someone else changed them meanwhile.

    Only edits of these fields count (Incident.register_version): a log line or a delivered
    notification in between does not make the form stale.
    """
    _validate_incident_fields(fields)
    current = Incident.objects.select_for_update().get(pk=incident.pk)
    changed = {f: v for f, v in fields.items() if getattr(current, f) != v}
    if current.register_version != expected_register_version:
        raise StaleEdit(
            _(
                "Iemand anders heeft dit incident intussen gewijzigd. Bekijk de wijzigingen en probeer opnieuw."
            ),
            changes=_register_changes(current, since=expected_register_version),
        )
    if not changed:
        return current
    if changed.get("status") == Incident.Status.CLOSED:
        _refuse_close_while_open_items(current)
    before = _snapshot(current, changed)
    for field, value in changed.items():
        setattr(current, field, value)
    current.full_clean(exclude=["members"])
    current.register_version = F("register_version") + 1
    current.save(update_fields=[*changed, "register_version"])
    audit_record(
        actor=actor,
        action="incidents.incident.changed",
        incident=current,
        obj=current,
        before=before,
        after=_snapshot(current, changed),
    )
    incident_touch(current)
    current.refresh_from_db(fields=["register_version"])
    return current


def _refuse_close_while_open_items(incident: Incident) -> None:
    """Closing waits for what other apps still hold open (open measures, an evaluation that is
    neither recorded nor waived): they say why through incidents.registry close checks."""
    from ..registry import close_refusals

    reasons = close_refusals(incident)
    if reasons:
        raise ValidationError({"status": reasons})


def _display_value(field_name: str, value) -> str:
    """An audited register value as the user knows it: choice label, local time, ja/nee."""
    field = Incident._meta.get_field(field_name)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    return str(value)


def _register_changes(incident: Incident, *, since: int) -> list[str]:
    """Human-readable lines for the register edits after a register version (stale-edit
    message): local time, who, and per field its Dutch label with the old and new value."""
    count = max(incident.register_version - since, 1)
    events = incident.audit_events.filter(action="incidents.incident.changed")
    lines = []
    for event in events.select_related("actor").order_by("-created_at", "-pk")[:count]:
        who = (event.actor.get_full_name() or event.actor.get_username()) if event.actor else "?"
        before = event.before or {}
        detail = "; ".join(
            f"{capfirst(Incident._meta.get_field(key).verbose_name)}: "
            f"{_display_value(key, before.get(key))} → {_display_value(key, value)}"
            for key, value in (event.after or {}).items()
        )
        when = formats.date_format(timezone.localtime(event.created_at), "SHORT_DATETIME_FORMAT")
        lines.append(f"{when} {who}: {detail}")
    return lines


@transaction.atomic
def affected_organisation_add(
    *, incident: Incident, actor, name: str, sector: str = "", is_vital=False, is_government=False
) -> AffectedOrganisation:
    if not name.strip():
        raise ValidationError({"name": _("Geef de naam van de organisatie.")})
    organisation = AffectedOrganisation.objects.create(
        incident=incident,
        name=name.strip(),
        sector=sector,
        is_vital=is_vital,
        is_government=is_government,
    )
    audit_record(
        actor=actor,
        action="incidents.organisation.added",
        incident=incident,
        obj=organisation,
        after=_snapshot(organisation, ("name", "sector", "is_vital", "is_government")),
    )
    incident_touch(incident, parts={"organisations"})
    return organisation


@transaction.atomic
def incident_set_grip_label(
    *, incident: Incident, label: str, since: datetime | None = None
) -> None:
    """Called by the escalation app when the GRIP level changes: the register and the sitrep
    show it without joining another app's tables. The caller audits the change itself."""
    since = since or timezone.now()
    Incident.objects.filter(pk=incident.pk).update(grip_label=label, grip_since=since)
    incident.grip_label = label
    incident.grip_since = since
    incident_touch(incident, parts={"grip"})
