"""The two ways a message leaves the app: e-mail (Django's e-mail backend, SMTP in production)
and webhook (an HTTP POST of a JSON document).

Each sender raises TransientDeliveryError for failures worth retrying (connection refused,
timeouts, SMTP 4xx, HTTP 5xx/408/429) and PermanentDeliveryError for the rest (SMTP 5xx such
as an unknown mailbox, HTTP 4xx, a malformed address). The task decides what to do with them.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import smtplib
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from .models import Channel, Notification

WEBHOOK_TIMEOUT = 10  # seconds; well inside the task's soft time limit
# A worker keeps its SMTP connection open between messages sent within this many seconds of
# each other (a burst after a GRIP change); far below any server's idle timeout (RFC 5321: 5
# minutes), so a reused connection is never one the server has already dropped.
SMTP_REUSE_SECONDS = 5.0

_local = threading.local()


class DeliveryError(Exception):
    pass


class TransientDeliveryError(DeliveryError):
    pass


class PermanentDeliveryError(DeliveryError):
    pass


def message_id(notification: Notification) -> str:
    """Stable per outbox row, so a receiver can recognise a duplicate after a crash."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "crisiscentre.invalid"
    return f"<notificatie-{notification.pk}.{notification.incident_id}@{domain}>"


def _smtp_code_is_transient(code: int) -> bool:
    return 400 <= code < 500


def _settings_key() -> tuple:
    return (
        settings.EMAIL_BACKEND,
        settings.EMAIL_HOST,
        settings.EMAIL_PORT,
        settings.EMAIL_HOST_USER,
        settings.EMAIL_USE_TLS,
        settings.EMAIL_USE_SSL,
    )


def _close_connection() -> None:
    cached = getattr(_local, "mail", None)
    _local.mail = None
    if cached is not None:
        with contextlib.suppress(Exception):  # it is being thrown away
            cached[1].close()


def _mail_connection():
    """This thread's open connection, reused within SMTP_REUSE_SECONDS, else a fresh one."""
    cached = getattr(_local, "mail", None)
    if (
        cached is not None
        and cached[0] == _settings_key()
        and time.monotonic() - cached[2] < SMTP_REUSE_SECONDS
    ):
        return cached[1]
    _close_connection()
    connection = get_connection(fail_silently=False)
    connection.open()
    _local.mail = [_settings_key(), connection, time.monotonic()]
    return connection


def send_email(notification: Notification) -> None:
    email = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient],
        headers={
            "Message-ID": message_id(notification),
            "X-TLP": f"TLP:{notification.tlp}",
            "X-Crisiscentre-Incident": notification.incident.reference,
        },
    )
    try:
        try:
            sent = _mail_connection().send_messages([email])
        except BaseException:
            _close_connection()  # never reuse a connection in an unknown state
            raise
        _local.mail[2] = time.monotonic()
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _msg in exc.recipients.values()]
        error = f"SMTP weigert ontvanger: {exc.recipients}"
        if codes and all(_smtp_code_is_transient(code) for code in codes):
            raise TransientDeliveryError(error) from exc
        raise PermanentDeliveryError(error) from exc
    except smtplib.SMTPResponseException as exc:
        text = (
            exc.smtp_error.decode(errors="replace")
            if isinstance(exc.smtp_error, bytes)
            else exc.smtp_error
        )
        error = f"SMTP {exc.smtp_code}: {text}"
        if _smtp_code_is_transient(exc.smtp_code):
            raise TransientDeliveryError(error) from exc
        raise PermanentDeliveryError(error) from exc
    except smtplib.SMTPServerDisconnected as exc:
        raise TransientDeliveryError(f"SMTP-verbinding verbroken: {exc!r}") from exc
    except (smtplib.SMTPException, ValueError) as exc:
        # Misconfiguration (e.g. STARTTLS not offered) or a malformed address: retrying won't help.
        raise PermanentDeliveryError(f"SMTP: {exc!r}") from exc
    except OSError as exc:
        # Connection refused or reset, DNS failure, timeout: the server may be back soon.
        # (SMTPException is an OSError too, hence this comes last.)
        raise TransientDeliveryError(f"SMTP-verbinding: {exc!r}") from exc
    if sent != 1:
        raise TransientDeliveryError("De e-mailbackend heeft het bericht niet aangenomen.")


def webhook_payload(notification: Notification) -> dict:
    incident = notification.incident
    return {
        "id": f"notificatie-{notification.pk}",
        "incident": {"reference": incident.reference, "title": incident.title},
        "trigger": notification.trigger,
        "tlp": f"TLP:{notification.tlp}",
        "subject": notification.subject,
        "text": notification.body,
        "withheld": notification.withheld,
        "created_at": notification.created_at.isoformat(),
        "sent_at": timezone.now().isoformat(),
    }


def send_webhook(notification: Notification) -> None:
    url = notification.recipient
    if urlsplit(url).scheme not in ("http", "https"):
        raise PermanentDeliveryError(f"Webhook-URL moet met http:// of https:// beginnen: {url}")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=json.dumps(webhook_payload(notification)).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Crisiscentre-notificaties",
            # Lets the receiver drop a duplicate after a crash between sending and recording.
            "Idempotency-Key": f"notificatie-{notification.pk}",
            "X-TLP": f"TLP:{notification.tlp}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:  # noqa: S310
            response.read(1024)
    except urllib.error.HTTPError as exc:
        error = f"HTTP {exc.code}: {exc.reason}"
        if exc.code >= 500 or exc.code in (408, 425, 429):
            raise TransientDeliveryError(error) from exc
        raise PermanentDeliveryError(error) from exc
    except (OSError, http.client.HTTPException) as exc:
        # URLError, refused or reset connections and timeouts are all OSErrors.
        raise TransientDeliveryError(f"Webhook-verbinding: {exc!r}") from exc


SENDERS = {Channel.EMAIL: send_email, Channel.WEBHOOK: send_webhook}


def deliver(notification: Notification) -> None:
    sender = SENDERS.get(notification.channel)
    if sender is None:
        raise PermanentDeliveryError(f"Kanaal {notification.channel} wordt niet verzonden.")
    sender(notification)
