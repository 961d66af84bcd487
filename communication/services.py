"""Writes for crisis communication: the core message and the message status flow.

    concept --submit--> ter afstemming --approve--> vastgesteld --publish--> gepubliceerd
       ^                     |                           |
       +-------reopen--------+---------------------------+

Editing is possible in concept and ter afstemming; every edit bumps the revision and re-runs
the plain-language check. Approving names the revision the approver read (so nobody approves
text they have not seen) and, when the check has findings, requires acknowledging them.
Publishing writes a *communicatie* logbook entry.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from incidents.models import Incident, LogEntry
from incidents.services import StaleEdit, audit_record, incident_touch, log_entry_add
from incidents.tlp import TLP

from . import checker, rules
from .access import approval_refusal
from .models import AlignmentParty, Audience, Channel, CoreMessage, Message
from .selectors import glossary_pairs

MESSAGE_FIELDS = (
    "title",
    "audience",
    "channel",
    "text",
    "action_perspective",
    "tlp",
    "aligned_with",
    "aligned_other",
)


def message_check(
    *, text: str, action_perspective: str | None, title: str = ""
) -> list[checker.Finding]:
    """The plain-language check of subject and text against the current glossary (one query),
    with the rules as the region words them (switched-off rules give no finding)."""
    findings = checker.check(
        text, glossary=glossary_pairs(), action_perspective=action_perspective, title=title
    )
    return rules.apply(findings)


def _snapshot(message: Message, fields=MESSAGE_FIELDS) -> dict:
    return {field: getattr(message, field) for field in fields}


def _clean_fields(fields: dict) -> dict:
    unknown = set(fields) - set(MESSAGE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown message fields: {sorted(unknown)}")
    cleaned = dict(fields)
    errors = {}
    for name in ("title", "text", "action_perspective", "aligned_other"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "title" in cleaned and not cleaned["title"]:
        errors["title"] = _("Geef het bericht een onderwerp.")
    if "text" in cleaned and not cleaned["text"]:
        errors["text"] = _("Schrijf de tekst van het bericht.")
    if "audience" in cleaned and cleaned["audience"] not in Audience.values:
        errors["audience"] = _("Kies een doelgroep.")
    if "channel" in cleaned and cleaned["channel"] not in Channel.values:
        errors["channel"] = _("Kies een kanaal.")
    if "tlp" in cleaned and cleaned["tlp"] not in TLP.values:
        errors["tlp"] = _("Kies een TLP-label.")
    if "aligned_with" in cleaned:
        parties = list(dict.fromkeys(cleaned["aligned_with"] or []))
        if set(parties) - set(AlignmentParty.values):
            errors["aligned_with"] = _("Kies partijen uit de lijst.")
        cleaned["aligned_with"] = parties
    if errors:
        raise ValidationError(errors)
    return cleaned


def _locked(message: Message) -> Message:
    return Message.objects.select_for_update().get(pk=message.pk)


def _check_revision(message: Message, expected_revision: int | None) -> None:
    if expected_revision is not None and message.revision != expected_revision:
        who = message.updated_by.get_username() if message.updated_by else "?"
        raise StaleEdit(
            _("Het bericht is intussen gewijzigd. Lees de nieuwe versie en probeer het opnieuw."),
            changes=[f"{timezone.localtime(message.updated_at):%H:%M} {who}"],
        )


def _require_status(message: Message, allowed, error: str) -> None:
    if message.status not in allowed:
        raise ValidationError(error)


# --- Core message -----------------------------------------------------------------------------


@transaction.atomic
def core_message_set(*, incident: Incident, actor, text: str, tlp: str = TLP.CLEAR) -> CoreMessage:
    """Record a new version of the core message; earlier versions stay as history."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Schrijf de kernboodschap.")})
    if tlp not in TLP.values:
        raise ValidationError({"tlp": _("Kies een TLP-label.")})
    current = incident.core_messages.order_by("-created_at", "-pk").first()
    if current is not None and current.text == text and current.tlp == tlp:
        raise ValidationError({"text": _("De kernboodschap is niet gewijzigd.")})
    core = CoreMessage.objects.create(incident=incident, text=text, tlp=tlp, created_by=actor)
    audit_record(
        actor=actor,
        action="communication.core_message.set",
        incident=incident,
        obj=core,
        before={"text": current.text, "tlp": current.tlp} if current else None,
        after={"text": text, "tlp": tlp},
    )
    incident_touch(incident, parts={"communication"})
    return core


# --- Messages ---------------------------------------------------------------------------------


@transaction.atomic
def message_create(*, incident: Incident, actor, **fields) -> Message:
    fields = _clean_fields({"title": "", "text": "", "aligned_with": [], **fields})
    findings = message_check(
        title=fields["title"],
        text=fields["text"],
        action_perspective=fields.get("action_perspective", ""),
    )
    now = timezone.now()
    message = Message.objects.create(
        incident=incident,
        created_by=actor,
        updated_by=actor,
        created_at=now,
        updated_at=now,
        findings=[finding.as_dict() for finding in findings],
        **fields,
    )
    audit_record(
        actor=actor,
        action="communication.message.created",
        incident=incident,
        obj=message,
        after=_snapshot(message) | {"findings": len(findings)},
    )
    incident_touch(incident, parts={"communication"})
    return message


@transaction.atomic
def message_update(*, message: Message, actor, expected_revision: int, **fields) -> Message:
    """Change a message that is not yet approved; the check runs again on the new text."""
    current = _locked(message)
    _check_revision(current, expected_revision)
    _require_status(
        current,
        Message.EDITABLE_STATUSES,
        _("Een vastgesteld of gepubliceerd bericht kan niet meer worden gewijzigd."),
    )
    fields = _clean_fields(fields)
    changed = {name: value for name, value in fields.items() if getattr(current, name) != value}
    if not changed:
        return current
    before = _snapshot(current, changed)
    for name, value in changed.items():
        setattr(current, name, value)
    findings = message_check(
        title=current.title, text=current.text, action_perspective=current.action_perspective
    )
    current.findings = [finding.as_dict() for finding in findings]
    current.findings_acknowledged = False
    current.revision += 1
    current.updated_by = actor
    current.updated_at = timezone.now()
    current.save(
        update_fields=[
            *changed,
            "findings",
            "findings_acknowledged",
            "revision",
            "updated_by",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="communication.message.changed",
        incident=current.incident,
        obj=current,
        before=before,
        after=_snapshot(current, changed) | {"findings": len(findings)},
    )
    incident_touch(current.incident, parts={"communication"})
    return current


def _set_status(current: Message, actor, status: str, action: str, **extra) -> Message:
    before = {"status": current.status}
    current.status = status
    for name, value in extra.items():
        setattr(current, name, value)
    current.save(update_fields=["status", *extra])
    audit_record(
        actor=actor,
        action=action,
        incident=current.incident,
        obj=current,
        before=before,
        after={
            "status": status,
            "revision": current.revision,
            "findings_acknowledged": current.findings_acknowledged,
        },
    )
    incident_touch(current.incident, parts={"communication"})
    return current


@transaction.atomic
def message_submit(*, message: Message, actor) -> Message:
    """Concept -> ter afstemming: ready to be aligned with partners and approved."""
    current = _locked(message)
    _require_status(
        current,
        [Message.Status.DRAFT],
        _("Alleen een concept kan ter afstemming worden aangeboden."),
    )
    return _set_status(current, actor, Message.Status.IN_REVIEW, "communication.message.submitted")


@transaction.atomic
def message_approve(
    *, message: Message, actor, expected_revision: int, acknowledge_findings: bool = False
) -> Message:
    """Ter afstemming -> vastgesteld, recording the approver (four-eyes, see access.py)."""
    current = _locked(message)
    refusal = approval_refusal(actor, current)
    if refusal:
        raise PermissionDenied(refusal)
    _check_revision(current, expected_revision)
    _require_status(
        current,
        [Message.Status.IN_REVIEW],
        _("Alleen een bericht dat ter afstemming ligt, kan worden vastgesteld."),
    )
    findings = message_check(
        title=current.title, text=current.text, action_perspective=current.action_perspective
    )
    if findings and not acknowledge_findings:
        raise ValidationError(
            {
                "acknowledge_findings": _(
                    "De taalcheck heeft opmerkingen. Pas de tekst aan of bevestig dat u ze heeft gezien."
                )
            }
        )
    current.findings = [finding.as_dict() for finding in findings]
    return _set_status(
        current,
        actor,
        Message.Status.APPROVED,
        "communication.message.approved",
        approved_by=actor,
        approved_at=timezone.now(),
        findings=current.findings,
        findings_acknowledged=bool(findings),
    )


@transaction.atomic
def message_reopen(*, message: Message, actor) -> Message:
    """Back to concept (ter afstemming or vastgesteld); an approval no longer holds."""
    current = _locked(message)
    _require_status(
        current,
        [Message.Status.IN_REVIEW, Message.Status.APPROVED],
        _("Een gepubliceerd bericht kan niet meer terug naar concept."),
    )
    return _set_status(
        current,
        actor,
        Message.Status.DRAFT,
        "communication.message.reopened",
        approved_by=None,
        approved_at=None,
    )


@transaction.atomic
def message_publish(*, message: Message, actor) -> Message:
    """Vastgesteld -> verstuurd/gepubliceerd; writes a *communicatie* logbook entry."""
    current = _locked(message)
    _require_status(
        current,
        [Message.Status.APPROVED],
        _("Alleen een vastgesteld bericht kan worden verstuurd of gepubliceerd."),
    )
    # The logbook is a record in the region's working language, whatever the UI language.
    with translation.override(settings.LANGUAGE_CODE):
        approver = current.approved_by.get_full_name() or current.approved_by.get_username()
        text = _(
            "Bericht verstuurd/gepubliceerd: %(title)s (doelgroep %(audience)s, kanaal "
            "%(channel)s, vastgesteld door %(approver)s).\n\n%(text)s"
        ) % {
            "title": current.title,
            "audience": current.get_audience_display().lower(),
            "channel": current.get_channel_display().lower(),
            "approver": approver,
            "text": current.text,
        }
        if current.action_perspective:
            text += "\n\n" + _("Handelingsperspectief: %(perspective)s") % {
                "perspective": current.action_perspective
            }
        source = _("Crisiscommunicatie")
    entry = log_entry_add(
        incident=current.incident,
        actor=actor,
        category=LogEntry.Category.COMMUNICATION,
        text=text,
        source=source,
        tlp=current.tlp,
    )
    return _set_status(
        current,
        actor,
        Message.Status.PUBLISHED,
        "communication.message.published",
        published_by=actor,
        published_at=timezone.now(),
        log_entry=entry,
    )
