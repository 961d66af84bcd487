"""Celery tasks: one per message, and the periodic recovery of messages a worker left behind.

Settings (optional, with defaults):
- NOTIFICATIONS_MAX_RETRIES (6): transient failures retried this many times, then *mislukt*;
- NOTIFICATIONS_RETRY_BACKOFF (10 s) and NOTIFICATIONS_RETRY_BACKOFF_MAX (180 s): the wait
  before retry n is min(backoff * 2**n, max) plus up to 10% jitter (10, 20, 40 ... s). The
  maximum stays below the broker's visibility timeout: Redis hands an ETA message that waited
  longer than that to a second worker (harmless thanks to the claim, but an early extra try);
- NOTIFICATIONS_STUCK_AFTER_SECONDS (TIME_LIMIT + STUCK_MARGIN_SECONDS = 45 s): recovery
  re-dispatches rows in *bezig* for longer than this and queued rows this long past due. It
  must exceed the task's hard time limit: after that, no live worker can still own the row.

A killed worker's message is therefore sent again within STUCK_AFTER + RECOVER_EVERY_SECONDS
(60 s) of the kill, however long the broker keeps the unacknowledged task message (its
visibility timeout, CELERY_BROKER_TRANSPORT_OPTIONS in crisiscentre/settings.py). What may
still go out twice is described in docs/architecture.md ("Delivery under faults").
"""

from __future__ import annotations

import logging
import random
import time
from datetime import timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from . import channels, services

logger = logging.getLogger(__name__)

# One message is one SMTP or HTTP exchange with 10 s socket timeouts (EMAIL_TIMEOUT,
# channels.WEBHOOK_TIMEOUT): the soft limit turns a hung server into a retry, the hard limit
# (prefork pool) kills the child so the row's owner is certainly gone after TIME_LIMIT.
SOFT_TIME_LIMIT = 20
TIME_LIMIT = 30
STUCK_MARGIN_SECONDS = 15
RECOVER_EVERY_SECONDS = 15.0
# A fan-out is dispatched as tasks of up to BATCH_SIZE rows (services.dispatch). A batch claims
# its rows with one UPDATE, sends them over one SMTP connection, marks each row sent on its own
# right after the server's 250 (the at-least-once window stays one message wide) and writes
# the attempt rows, "informed" and the incident version in one transaction per batch (at the
# latest every BOOKKEEPING_EVERY messages or BOOKKEEPING_SECONDS, whichever comes first, so a
# slow server does not hold them back). It runs under the same time limits as a single message: its rows are
# claimed at its start, so none is in *bezig* longer than TIME_LIMIT while its owner lives.
BATCH_SIZE = 100
BOOKKEEPING_EVERY = BATCH_SIZE
BOOKKEEPING_SECONDS = 1.0


def max_retries() -> int:
    return settings.NOTIFICATIONS_MAX_RETRIES


def backoff(retries: int) -> float:
    base = settings.NOTIFICATIONS_RETRY_BACKOFF
    cap = settings.NOTIFICATIONS_RETRY_BACKOFF_MAX
    delay = min(base * 2**retries, cap)
    return delay + random.uniform(0, delay / 10)  # noqa: S311 - jitter, not security


def stuck_after() -> timedelta:
    seconds = getattr(
        settings, "NOTIFICATIONS_STUCK_AFTER_SECONDS", TIME_LIMIT + STUCK_MARGIN_SECONDS
    )
    if seconds <= TIME_LIMIT:
        # Shorter would requeue a row a live worker is still sending: a certain duplicate.
        raise ImproperlyConfigured(
            f"NOTIFICATIONS_STUCK_AFTER_SECONDS must exceed the task time limit ({TIME_LIMIT} s)"
        )
    return timedelta(seconds=seconds)


@shared_task(
    bind=True,
    name="notifications.deliver",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
    max_retries=None,  # counted against max_retries() ourselves, so the state ends as mislukt
)
def deliver_notification(self, notification_id: int) -> str:
    notification = services.notification_claim(notification_id=notification_id)
    if notification is None:
        return "not-queued"  # sent, failed, or being sent by another delivery of this task
    started_at = timezone.now()
    try:
        channels.deliver(notification)
    except (channels.TransientDeliveryError, SoftTimeLimitExceeded) as exc:
        error = str(exc) or "Tijdslimiet overschreden"
        retries = self.request.retries or 0
        if retries >= max_retries():
            services.notification_fail(
                notification=notification, started_at=started_at, error=error, transient=True
            )
            return "failed"
        countdown = backoff(retries)
        services.notification_retry_later(
            notification=notification, started_at=started_at, error=error, countdown=countdown
        )
        raise self.retry(countdown=countdown, exc=exc) from exc
    except channels.PermanentDeliveryError as exc:
        services.notification_fail(notification=notification, started_at=started_at, error=str(exc))
        return "failed"
    except Exception as exc:
        # A bug, not a delivery problem: stop (the row shows the error) instead of looping.
        logger.exception("Notification %s crashed", notification_id)
        services.notification_fail(
            notification=notification, started_at=started_at, error=f"Interne fout: {exc!r}"
        )
        return "failed"
    services.notification_delivered(notification=notification, started_at=started_at)
    return "sent"


def _transient(notification, *, started_at, error: str, retries: int) -> str:
    """A transient failure of a batch's message: retried by its own task, as deliver_notification."""
    if retries >= max_retries():
        services.notification_fail(
            notification=notification, started_at=started_at, error=error, transient=True
        )
        return "failed"
    countdown = backoff(retries)
    services.notification_retry_later(
        notification=notification, started_at=started_at, error=error, countdown=countdown
    )
    try:
        deliver_notification.apply_async(
            (notification.pk,), countdown=countdown, retries=retries + 1
        )
    except Exception:  # noqa: BLE001 - broker down: the row is queued, recovery dispatches it
        logger.exception("Could not schedule the retry of notification %s", notification.pk)
    return "retry"


@shared_task(
    bind=True,
    name="notifications.deliver_batch",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def deliver_batch(self, notification_ids: list[int]) -> dict:
    """Claim the still-queued rows of `notification_ids` at once and send them one by one."""
    claimed = services.notifications_claim_batch(notification_ids=notification_ids)
    results: dict[str, int] = {}
    delivered = []
    tried: set[int] = set()
    flushed = time.monotonic()
    try:
        for notification in claimed:
            started_at = timezone.now()
            tried.add(notification.pk)
            try:
                channels.deliver(notification)
            except (channels.TransientDeliveryError, SoftTimeLimitExceeded) as exc:
                error = str(exc) or "Tijdslimiet overschreden"
                result = _transient(notification, started_at=started_at, error=error, retries=0)
                results[result] = results.get(result, 0) + 1
                if isinstance(exc, SoftTimeLimitExceeded):
                    raise
                continue
            except channels.PermanentDeliveryError as exc:
                services.notification_fail(
                    notification=notification, started_at=started_at, error=str(exc)
                )
                results["failed"] = results.get("failed", 0) + 1
                continue
            except Exception as exc:
                logger.exception("Notification %s crashed", notification.pk)
                services.notification_fail(
                    notification=notification, started_at=started_at, error=f"Interne fout: {exc!r}"
                )
                results["failed"] = results.get("failed", 0) + 1
                continue
            at = services.notification_mark_sent(notification=notification)
            results["sent"] = results.get("sent", 0) + 1
            delivered.append((notification, started_at, at))
            if (
                len(delivered) >= BOOKKEEPING_EVERY
                or time.monotonic() - flushed >= BOOKKEEPING_SECONDS
            ):
                services.notifications_delivered_bookkeeping(deliveries=delivered)
                delivered = []
                flushed = time.monotonic()
    except SoftTimeLimitExceeded:
        # Out of time: give back what was claimed but not tried, and queue it again. (A row
        # tried and accepted but not yet marked sent stays in bezig: the documented window.)
        rest = services.notifications_release(
            notifications=[row for row in claimed if row.pk not in tried]
        )
        if rest:
            services.dispatch(rest)
        results["released"] = len(rest)
    finally:
        services.notifications_delivered_bookkeeping(deliveries=delivered)
    results["not-queued"] = len(set(notification_ids)) - len(claimed)
    return results


@shared_task(name="notifications.recover_stuck", acks_late=True)
def recover_stuck_notifications() -> int:
    """Beat: put messages a dead worker left in sending/queued back on the queue."""
    ids = services.notifications_recover_stuck(older_than=stuck_after())
    if ids:
        logger.warning("Re-dispatching %d stuck notifications: %s", len(ids), ids[:20])
        services.dispatch(ids)
    return len(ids)
