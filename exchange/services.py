"""Writes of the exchange app: the audit line of an export, and importing a message into the log.

An import goes through incidents.services.log_entry_add (audit, incident_touch, validation)
inside one transaction: a message that fails halfway leaves no line behind.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.models import Incident, LogEntry
from incidents.services import audit_record, log_entry_add
from incidents.tlp import TLP
from incidents.validators import LINE_MAX_LENGTH, TEXT_MAX_LENGTH

MAX_MESSAGE_BYTES = 1_000_000
MAX_ENTRIES = 10  # one message becomes at most this many log lines (each up to the text limit)


def export_record(
    *, incident: Incident, actor, kind: str, fmt: str, audience_tlp: str, max_tlp: str, count: int
) -> None:
    audit_record(
        actor=actor,
        action="exchange.export.downloaded",
        incident=incident,
        after={
            "kind": kind,
            "format": fmt,
            "audience_tlp": audience_tlp,
            "max_tlp": max_tlp,
            "count": count,
        },
    )


@dataclass
class ParsedMessage:
    sender: str
    sent_at: datetime | None
    subject: str
    body: str
    message_id: str = ""


def _error(message: str) -> ValidationError:
    return ValidationError(message, code="invalid_message")


def parse_message(raw: bytes) -> ParsedMessage:
    """An e-mail message (.eml, RFC 5322) as text: From, Date, Subject and the plain body.

    Refused with a Dutch message: not UTF-8, no headers, no From or Date, an unreadable date,
    no text part, or a text part that does not decode in its own character set."""
    if len(raw) > MAX_MESSAGE_BYTES:
        raise _error(_("Het bericht is groter dan 1 MB; importeer een kleiner bericht."))
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _error(
            _(
                "Het bestand is geen UTF-8-tekst. Sla het bericht op als .eml (UTF-8) en probeer opnieuw."
            )
        ) from None
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if not message.keys() or message.defects and not message.get("From"):
        raise _error(_("Dit is geen e-mailbericht: de berichtkoppen (Van, Datum) ontbreken."))
    try:
        sender = str(message.get("From", "")).strip()
        date_header = str(message.get("Date", "")).strip()
        subject = " ".join(str(message.get("Subject", "")).split())
        message_id = str(message.get("Message-ID", "")).strip()
    except (ValueError, TypeError, IndexError):
        raise _error(_("De berichtkoppen zijn onleesbaar.")) from None
    if not sender:
        raise _error(_("Het bericht heeft geen afzender (From)."))
    if not date_header:
        raise _error(_("Het bericht heeft geen datum (Date)."))
    try:
        sent_at = email.utils.parsedate_to_datetime(date_header)
    except (TypeError, ValueError, IndexError):
        sent_at = None
    if sent_at is None:
        raise _error(_("De datum van het bericht (Date) is onleesbaar."))
    if timezone.is_naive(sent_at):
        sent_at = timezone.make_aware(sent_at)
    try:
        part = message.get_body(preferencelist=("plain",))
        body = part.get_content() if part is not None else ""
    except (LookupError, UnicodeError, ValueError, KeyError, AttributeError):
        raise _error(_("De tekst van het bericht is niet te lezen (tekenset).")) from None
    body = body.replace("\r\n", "\n").strip()
    if not body and not subject:
        raise _error(_("Het bericht bevat geen tekst."))
    return ParsedMessage(sender, sent_at, subject, body, message_id)


def looks_like_message(text: str) -> bool:
    """A pasted text that starts with e-mail headers (From: and Date: before the first blank
    line) is read as a message; anything else is one plain log line."""
    head = text.lstrip().split("\n\n", 1)[0].lower()
    names = {line.split(":", 1)[0].strip() for line in head.splitlines() if ":" in line}
    return {"from", "date"} <= names


def _chunks(text: str, limit: int = TEXT_MAX_LENGTH) -> list[str]:
    """Split a long text into log lines at paragraph (else line, else hard) boundaries."""
    chunks, current = [], ""
    for paragraph in text.split("\n\n"):
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        while len(paragraph) > limit:
            cut = paragraph.rfind("\n", 0, limit)
            cut = cut if cut > limit // 2 else limit
            chunks.append(paragraph[:cut])
            paragraph = paragraph[cut:].lstrip("\n")
        current = paragraph
    if current:
        chunks.append(current)
    return chunks


@transaction.atomic
def message_import(
    *,
    incident: Incident,
    actor,
    raw: bytes | None = None,
    text: str = "",
    category: str = LogEntry.Category.REPORT,
    tlp: str | None = None,
    source: str = "",
    filename: str = "",
) -> list[LogEntry]:
    """Log lines from a message: an uploaded or pasted e-mail (source and event time from From
    and Date, the Subject as first line) or a plain pasted text (the given source, time now).
    The entry time is always now. All lines or none."""
    if tlp is not None and tlp not in TLP.values:
        raise ValidationError({"tlp": _("Kies een geldige TLP.")})
    if raw is None and looks_like_message(text):
        raw = text.lstrip().encode("utf-8")
    if raw is not None:
        parsed = parse_message(raw)
        body = "\n".join(filter(None, [parsed.subject, parsed.body]))
        source = parsed.sender[:LINE_MAX_LENGTH]
        occurred_at = parsed.sent_at
        message_id = parsed.message_id
    else:
        if not text.strip():
            raise ValidationError(_("Plak een bericht of kies een .eml-bestand."))
        body, occurred_at, message_id = text.strip(), None, ""
    chunks = _chunks(body, TEXT_MAX_LENGTH - 20)  # room for the "(2/3) " prefix
    if len(chunks) > MAX_ENTRIES:
        raise _error(
            _("Het bericht is te lang voor het logboek (meer dan %(count)s regels).")
            % {"count": MAX_ENTRIES}
        )
    entries = []
    for index, chunk in enumerate(chunks):
        prefix = f"({index + 1}/{len(chunks)}) " if len(chunks) > 1 and index else ""
        entries.append(
            log_entry_add(
                incident=incident,
                actor=actor,
                category=category,
                text=(prefix + chunk)[:TEXT_MAX_LENGTH],
                source=source,
                tlp=tlp,
                occurred_at=occurred_at,
            )
        )
    audit_record(
        actor=actor,
        action="exchange.message.imported",
        incident=incident,
        obj=entries[0],
        after={
            "entries": [entry.pk for entry in entries],
            "source": source,
            "filename": filename[:LINE_MAX_LENGTH],
            "message_id": message_id[:LINE_MAX_LENGTH],
        },
    )
    return entries
