"""Every write to an incident goes through a function here (or in another app's services.py).

Each one validates, saves, writes an AuditEvent and bumps the incident's version so live
viewers refresh. Functions are keyword-only and named <entity>_<action>.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Func, JSONField
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import audit, signals
from .access import incident_writers, partner_organisation, reader_clearance
from .models import (
    BLOCKS,
    Action,
    AffectedOrganisation,
    AuditEvent,
    Cause,
    Classification,
    Decision,
    Incident,
    LogEntry,
    Membership,
)
from .selectors import classification_current
from .tlp import TLP, visible_at
from .validators import (
    LINE_MAX_LENGTH,
    StaleEdit,
    validate_datetimes,
    validate_lengths,
    validate_not_in_future,
)

# --- Plumbing ---------------------------------------------------------------------------------


# Set by a caller that is not a page (the REST API) for the writes it makes; audit_record
# stores it on every AuditEvent written meanwhile, so the services need no extra argument.
_audit_via: ContextVar[str] = ContextVar("audit_via", default="")


@contextmanager
def audit_via(label: str):
    """Every audit event written inside this block says how the change came in."""
    token = _audit_via.set(label[:150])
    try:
        yield
    finally:
        _audit_via.reset(token)


def audit_record(
    *,
    actor,
    action: str,
    incident: Incident | None = None,
    obj: Any = None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Write one audit event; `action` is a code of incidents/audit.py::ACTIONS."""
    audit.check(action)
    # Every action of a partner guest names their organisation (issue 16).
    organisation = partner_organisation(actor, incident) if incident is not None else ""
    if organisation:
        after = {**(after or {}), "partner_organisation": organisation}
    return AuditEvent.objects.create(
        incident=incident,
        actor=actor if actor and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        before=before,
        after=after,
        via=_audit_via.get(),
    )


class _MarkParts(Func):
    """``part_versions`` with each named part set to ``version + 1``: one UPDATE, no read.

    In an UPDATE's SET clause ``version`` is the old value, so ``version + 1`` is the new one.
    """

    output_field = JSONField()

    def __init__(self, parts):
        self.parts = sorted(parts)
        super().__init__(F("part_versions"), F("version"))

    def as_sql(self, compiler, connection, **extra):
        pv_sql, pv_params = compiler.compile(self.source_expressions[0])
        v_sql, v_params = compiler.compile(self.source_expressions[1])
        params = list(pv_params)
        if connection.vendor == "postgresql":
            pairs = []
            for part in self.parts:
                pairs.append(f"%s::text, {v_sql} + 1")
                params += [part, *v_params]
            sql = f"(COALESCE({pv_sql}, '{{}}'::jsonb) || jsonb_build_object({', '.join(pairs)}))"
        else:  # SQLite (and MySQL-like json_set)
            pairs = []
            for part in self.parts:
                pairs.append(f"%s, {v_sql} + 1")
                params += [f'$."{part}"', *v_params]
            sql = f"json_set(COALESCE({pv_sql}, '{{}}'), {', '.join(pairs)})"
        return sql, params


# Every part a service may name. A tile declares the parts it shows (incidents.registry.Tile).
PARTS = frozenset(
    {
        "incident",  # the register fields, members, TLP: everything may change
        "classification",
        "organisations",
        "picture",
        "log",
        "decisions",
        "actions",
        "grip",
        "vital",
        "reporting",
        "checklist",
        "key_decisions",
        "dilemmas",
        "relief",
        "stakeholders",
        "notifications",
        "communication",
        "sitreps",
        "members",  # memberships: functions, clearances, partner guests ("wie is wie")
        "measures",
        "recovery",
        "evaluation",
        "meetings",  # ROT/GBT/RBT meetings, agendas, minutes, tabled items (meetings app)
    }
)
ALL_PARTS = "*"


def incident_touch(incident: Incident, parts=None) -> None:
    """Bump the version (live viewers refresh) and the last-activity time in one query.

    ``parts`` names what changed (e.g. ``{"log"}``); live tiles that do not show any of them
    stay as they are. Without ``parts`` every tile refreshes (the safe default).
    """
    parts = {ALL_PARTS} if not parts else set(parts)
    unknown = parts - PARTS - {ALL_PARTS}
    if unknown:
        raise ValueError(f"unknown incident parts: {sorted(unknown)}")
    now = timezone.now()
    Incident.objects.filter(pk=incident.pk).update(
        version=F("version") + 1, last_activity_at=now, part_versions=_MarkParts(parts)
    )
    incident.refresh_from_db(fields=["version", "last_activity_at", "part_versions"])
    # The saving browser's own response names the parts too (incidents.htmx.incident_changed).
    touched = getattr(incident, "_touched_parts", set())
    incident._touched_parts = touched | parts


def changed_parts(part_versions: dict, version: int, seen: int, *, max_gap: int = 50):
    """The parts changed after version ``seen``, or None for "refresh everything".

    None when the viewer has no version, missed too many versions, a change named every part,
    or the latest version was bumped without naming its parts.
    """
    if seen <= 0 or seen > version or version - seen > max_gap:
        return None
    part_versions = part_versions or {}
    if not part_versions or max(part_versions.values()) != version:
        return None
    if part_versions.get(ALL_PARTS, 0) > seen:
        return None
    return sorted(part for part, v in part_versions.items() if v > seen)


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


def _snapshot(obj, fields) -> dict:
    data = {}
    for field in fields:
        value = getattr(obj, field)
        data[field] = value.isoformat() if isinstance(value, datetime) else value
    return data


# --- Incident ---------------------------------------------------------------------------------


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
    from .registry import close_refusals

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
def default_clearance(incident: Incident, actor) -> str:
    """A new member reads what the incident is marked, never above the one who adds them and
    never TLP:RED unless chosen explicitly."""
    clearance = incident.tlp if incident.tlp != TLP.RED else TLP.AMBER_STRICT
    return (
        clearance
        if visible_at(clearance, reader_clearance(actor, incident))
        else (reader_clearance(actor, incident))
    )


def validate_clearance(*, incident: Incident, actor, clearance: str) -> None:
    """Nobody grants more than they hold; TLP:RED only by a member who holds RED."""
    if clearance not in TLP.values:
        raise ValidationError({"clearance": _("Kies een TLP-niveau.")})
    own = reader_clearance(actor, incident)
    if clearance == TLP.RED and own != TLP.RED:
        raise ValidationError(
            {"clearance": _("Alleen een lid dat zelf TLP:RED ziet, kan TLP:RED toekennen.")}
        )
    if not visible_at(clearance, own):
        raise ValidationError(
            {
                "clearance": _("U kunt niet meer toekennen dan u zelf ziet (tot en met %(tlp)s).")
                % {"tlp": TLP(own).label}
            }
        )


@transaction.atomic
def membership_add(
    *, incident: Incident, actor, user, clearance: str | None = None, function=None
) -> Membership:
    existing = Membership.objects.filter(incident=incident, user=user).first()
    if existing is not None:
        return existing
    if clearance:
        validate_clearance(incident=incident, actor=actor, clearance=clearance)
    else:
        clearance = default_clearance(incident, actor)
    membership = Membership.objects.create(
        incident=incident, user=user, clearance=clearance, function=function
    )
    audit_record(
        actor=actor,
        action="incidents.member.added",
        incident=incident,
        obj=membership,
        after={
            "user": user.get_username(),
            "clearance": clearance,
            "function": function.name if function else "",
        },
    )
    incident_touch(incident, parts={"members"})
    return membership


@transaction.atomic
def membership_change(
    *, membership: Membership, actor, clearance: str | None = None, function=...
) -> Membership:
    """Change a member's clearance and/or crisis function (`...`: leave the function)."""
    incident = membership.incident
    before = {"clearance": membership.clearance, "function": str(membership.function or "")}
    fields = []
    if clearance and clearance != membership.clearance:
        validate_clearance(incident=incident, actor=actor, clearance=clearance)
        membership.clearance = clearance
        fields.append("clearance")
    if function is not ... and function != membership.function:
        membership.function = function
        fields.append("function")
    if not fields:
        return membership
    membership.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="incidents.member.changed",
        incident=incident,
        obj=membership,
        before={"user": membership.user.get_username(), **before},
        after={"clearance": membership.clearance, "function": str(membership.function or "")},
    )
    # The member's own view changes with their clearance: every part may look different.
    incident_touch(incident)
    return membership


@transaction.atomic
def membership_remove(*, incident: Incident, actor, user) -> None:
    """Take a member off the incident; the last member who can write always stays."""
    # Lock the incident's memberships so two removals cannot both pass the last-writer check.
    list(Membership.objects.select_for_update().filter(incident=incident).values_list("pk"))
    membership = Membership.objects.filter(incident=incident, user=user).first()
    if membership is None:
        raise ValidationError(
            _("%(user)s is geen lid van dit incident.") % {"user": user.get_username()}
        )
    writers = incident_writers(incident)
    if writers.filter(pk=user.pk).exists() and not writers.exclude(pk=user.pk).exists():
        raise ValidationError(
            _(
                "%(user)s is het laatste lid dat het incident mag bijwerken en kan niet worden "
                "verwijderd. Voeg eerst een ander crisisteamlid of VIC-medewerker toe."
            )
            % {"user": user.get_username()}
        )
    audit_record(
        actor=actor,
        action="incidents.member.removed",
        incident=incident,
        obj=membership,
        before={"user": user.get_username()},
    )
    membership.delete()
    incident_touch(incident)


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


# --- Classification ---------------------------------------------------------------------------


@transaction.atomic
def classification_change(
    *,
    incident: Incident,
    actor,
    changes: dict[str, str],
    reason: str,
    expected_classification_id: int | None = None,
    assumed_blocks: list[str] | None = None,
    confirm: bool = False,
) -> Classification:
    """Record a new snapshot with the changed blocks; a reason is always required.

    A block that is set explicitly stops being an assumption unless it is listed in
    assumed_blocks. Without any change the call is refused, unless confirm is set: then the
    unchanged classification is confirmed (is_confirmation, audited with its reason, shown in
    the history), so asking the questions again leaves a trace. A confirmation sends no
    classification_changed signal: nothing changed.
    """
    Incident.objects.select_for_update().filter(pk=incident.pk).first()
    current = classification_current(incident)
    if expected_classification_id is not None and current.pk != expected_classification_id:
        raise StaleEdit(
            _(
                "De duiding is intussen door iemand anders gewijzigd. Bekijk de nieuwe stand en probeer opnieuw."
            ),
            changes=[f"{row['label']}: {row['value_label']}" for row in current.rows()],
        )
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("Geef een reden voor de wijziging van de duiding.")})
    for block, value in changes.items():
        if block not in BLOCKS:
            raise ValidationError(_("Onbekende bouwsteen: %(block)s") % {"block": block})
        if value not in BLOCKS[block][1].values:
            raise ValidationError(
                _("Ongeldige waarde voor %(block)s: %(value)s")
                % {"block": BLOCKS[block][0], "value": value}
            )
    assumed = set(assumed_blocks or [])
    changed = [block for block, value in changes.items() if getattr(current, block) != value]
    new_assumed = {b for b in current.assumed_blocks if b not in changes} | assumed
    is_confirmation = not changed and new_assumed == set(current.assumed_blocks)
    if is_confirmation and not confirm:
        raise ValidationError(
            _(
                "Er is niets gewijzigd aan de duiding. Kies “Ongewijzigd bevestigen” "
                "om vast te leggen dat de vragen opnieuw zijn gesteld."
            )
        )
    values = {block: changes.get(block, getattr(current, block)) for block in BLOCKS}
    if is_confirmation:
        return _classification_confirm(
            incident=incident, actor=actor, current=current, values=values, reason=reason
        )
    classification = Classification.objects.create(
        incident=incident,
        assumed_blocks=sorted(new_assumed),
        changed_blocks=changed,
        reason=reason.strip(),
        created_by=actor,
        **values,
    )
    audit_record(
        actor=actor,
        action="incidents.classification.changed",
        incident=incident,
        obj=classification,
        before={block: getattr(current, block) for block in changed},
        after={block: values[block] for block in changed} | {"reason": reason.strip()},
    )
    incident_touch(incident, parts={"classification"})
    signals.classification_changed.send(
        sender=Classification, incident=incident, classification=classification
    )
    return classification


def _classification_confirm(*, incident, actor, current, values, reason) -> Classification:
    classification = Classification.objects.create(
        incident=incident,
        assumed_blocks=list(current.assumed_blocks),
        changed_blocks=[],
        is_confirmation=True,
        reason=reason.strip(),
        created_by=actor,
        **values,
    )
    audit_record(
        actor=actor,
        action="incidents.classification.confirmed",
        incident=incident,
        obj=classification,
        after={"reason": classification.reason, "confirmed": current.pk},
    )
    incident_touch(incident, parts={"classification"})
    return classification


# --- Logbook ----------------------------------------------------------------------------------


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


# --- Decisions and actions --------------------------------------------------------------------


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
