"""Writes for notifications: filling the outbox, and the state changes of one delivery.

Who receives automatic messages (GRIP change, key decision, sitrep): every stakeholder in the
incident's stakeholder analysis (playbook.StakeholderInvolvement). A row is written for each of
them; it is queued when the stakeholder can be reached automatically and may receive the
message, and otherwise recorded as skipped with the reason, so the delivery log shows who was
NOT informed and why:
- the stakeholder's channel is phone or other (a person has to call; the log says so);
- no e-mail address (involvement.contact_email, else stakeholder.email) or webhook URL;
- the message's own TLP label is above what the stakeholder may receive for this incident
  (involvement.max_tlp). Parts above their level inside an otherwise allowed message are
  withheld instead (see notifications.rendering).
An administrator switches a trigger off by deactivating its message templates.

Delivery states: queued -> sending -> sent | queued (retry) | failed; a failed row goes back
to queued through "opnieuw proberen". Every transition is a conditional UPDATE on the current
state, so two workers can never both own a row.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.models import Incident
from incidents.services import audit_record, incident_touch
from incidents.tlp import TLP
from playbook.models import StakeholderInvolvement
from playbook.selectors import stakeholder_involvements
from playbook.services import stakeholders_mark_informed

from . import rendering
from .models import Channel, DeliveryAttempt, MessageTemplate, Notification, SkipReason, Trigger

logger = logging.getLogger(__name__)

State = Notification.State
SENDABLE_CHANNELS = (Channel.EMAIL, Channel.WEBHOOK)


# --- Filling the outbox -----------------------------------------------------------------------


def _address(involvement: StakeholderInvolvement) -> tuple[str, str]:
    stakeholder = involvement.stakeholder
    if stakeholder.channel == Channel.EMAIL:
        return Channel.EMAIL, involvement.contact_email or stakeholder.email
    if stakeholder.channel == Channel.WEBHOOK:
        return Channel.WEBHOOK, stakeholder.webhook_url
    return stakeholder.channel, stakeholder.phone


def _exercise_marked(draft: rendering.Draft, incident: Incident) -> rendering.Draft:
    """Messages about an exercise say so up front: a partner must never act on them."""
    if not incident.is_exercise:
        return draft
    draft.subject = f"OEFENING – {draft.subject}"
    draft.body = "*** OEFENING OEFENING OEFENING ***\n\n" + draft.body
    return draft


def _queue(
    *,
    incident: Incident,
    draft: rendering.Draft,
    involvements: Iterable[StakeholderInvolvement],
    actor=None,
) -> list[Notification]:
    draft = _exercise_marked(draft, incident)
    now = timezone.now()
    preview = rendering.render(draft, None)
    rows = []
    for involvement in involvements:
        channel, recipient = _address(involvement)
        rendered = rendering.render(draft, involvement.max_tlp)
        row = Notification(
            incident=incident,
            involvement=involvement,
            stakeholder=involvement.stakeholder,
            trigger=draft.trigger,
            template=draft.template,
            channel=channel,
            recipient=recipient,
            audience_tlp=involvement.max_tlp,
            created_by=actor if actor is not None and actor.is_authenticated else None,
            created_at=now,
            state_changed_at=now,
            next_attempt_at=now,
        )
        if rendered is None:
            # Keep only the subject line: the text itself is above their level.
            row.subject, row.body, row.tlp = preview.subject, "", draft.tlp
        else:
            row.subject, row.body, row.tlp = rendered.subject, rendered.body, rendered.tlp
            row.withheld = rendered.withheld
        if channel not in SENDABLE_CHANNELS:
            row.state, row.skip_reason = State.SKIPPED, SkipReason.CHANNEL
        elif not recipient:
            row.state, row.skip_reason = State.SKIPPED, SkipReason.NO_ADDRESS
        elif rendered is None:
            row.state, row.skip_reason = State.SKIPPED, SkipReason.TLP
        rows.append(row)
    if not rows:
        return []
    rows = Notification.objects.bulk_create(rows)
    queued = [row.pk for row in rows if row.state == State.QUEUED]
    audit_record(
        actor=actor,
        action="notifications.notification.queued",
        incident=incident,
        after={
            "trigger": draft.trigger,
            "subject": preview.subject,
            "queued": [row.stakeholder.slug for row in rows if row.state == State.QUEUED],
            "skipped": {
                row.stakeholder.slug: row.skip_reason for row in rows if row.state == State.SKIPPED
            },
        },
    )
    incident_touch(incident, parts={"notifications"})
    if queued:
        transaction.on_commit(lambda: dispatch(queued), robust=True)
    return rows


def dispatch(notification_ids: Iterable[int]) -> None:
    """Hand rows to Celery in batches; a row the broker did not take stays queued for recovery.

    One task per BATCH_SIZE rows (notifications.tasks.deliver_batch): it claims them with one
    conditional UPDATE and sends them over one SMTP connection.
    """
    from crisiscentre.celery import app

    from .tasks import BATCH_SIZE, deliver_batch

    ids = list(notification_ids)
    batches = [ids[i : i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)]
    try:
        if app.conf.task_always_eager:
            for batch in batches:
                deliver_batch.delay(batch)
            return
        # One broker connection for the whole fan-out (a GRIP change goes to everyone).
        with app.producer_or_acquire() as producer:
            for batch in batches:
                deliver_batch.apply_async((batch,), producer=producer)
    except Exception:  # noqa: BLE001 - broker down: the beat task re-dispatches them later
        logger.exception("Could not dispatch notifications %s; recovery will retry", ids[:20])


def _template_for(trigger: str) -> MessageTemplate | None:
    return (
        MessageTemplate.objects.filter(trigger=trigger, is_active=True)
        .order_by("order", "pk")
        .first()
    )


def notifications_for_trigger(
    *, incident: Incident, trigger: str, parts: dict, actor=None
) -> list[Notification]:
    """The outbox rows for an automatic trigger; call inside the trigger's transaction."""
    template = _template_for(trigger)
    if template is None:
        return []
    involvements = list(stakeholder_involvements(incident))
    if not involvements:
        return []
    draft = rendering.Draft(
        trigger=trigger,
        subject=template.subject,
        body=template.body,
        tlp=template.tlp,
        parts={**rendering.incident_parts(incident), **parts},
        template=template,
    )
    return _queue(incident=incident, draft=draft, involvements=involvements, actor=actor)


@transaction.atomic
def notifications_send_manual(
    *,
    incident: Incident,
    actor,
    involvements: list[StakeholderInvolvement],
    tlp: str,
    subject: str = "",
    body: str = "",
    template: MessageTemplate | None = None,
) -> list[Notification]:
    """ "Informeer stakeholders": one message to the chosen stakeholders of this incident."""
    involvements = list(involvements)
    if not involvements:
        raise ValidationError({"involvements": _("Kies ten minste één instantie.")})
    if any(involvement.incident_id != incident.pk for involvement in involvements):
        raise ValidationError(
            _("Kies alleen instanties uit de stakeholderanalyse van dit incident.")
        )
    if tlp not in TLP.values:
        raise ValidationError({"tlp": _("Kies een TLP-label.")})
    subject = subject.strip() or (template.subject if template else "")
    body = body.strip() or (template.body if template else "")
    if not body:
        raise ValidationError({"body": _("Schrijf een bericht of kies een sjabloon.")})
    if not subject:
        raise ValidationError({"subject": _("Geef het bericht een onderwerp.")})
    draft = rendering.Draft(
        trigger=Trigger.MANUAL,
        subject=subject,
        body=body,
        tlp=tlp,
        parts=rendering.incident_parts(incident),
        template=template,
    )
    return _queue(incident=incident, draft=draft, involvements=involvements, actor=actor)


@transaction.atomic
def notification_retry(*, notification: Notification, actor) -> Notification:
    """ "Opnieuw proberen" for a failed message: back in the queue with a fresh retry budget."""
    now = timezone.now()
    updated = Notification.objects.filter(pk=notification.pk, state=State.FAILED).update(
        state=State.QUEUED, state_changed_at=now, next_attempt_at=now
    )
    if updated != 1:
        raise ValidationError(_("Alleen een mislukt bericht kan opnieuw worden verzonden."))
    notification.refresh_from_db()
    audit_record(
        actor=actor,
        action="notifications.notification.retried",
        incident=notification.incident,
        obj=notification,
        before={"state": State.FAILED},
        after={"state": State.QUEUED},
    )
    incident_touch(notification.incident, parts={"notifications"})
    transaction.on_commit(lambda: dispatch([notification.pk]), robust=True)
    return notification


# --- One delivery (called by notifications.tasks) ---------------------------------------------


def notification_claim(*, notification_id: int) -> Notification | None:
    """queued -> sending, atomically; None when another task owns (or finished) the row."""
    now = timezone.now()
    # durable: committed before anything is sent, so a second task (a redelivered message, the
    # recovery's re-dispatch) sees the claim; raises if someone calls this inside a transaction.
    with transaction.atomic(durable=True):
        claimed = Notification.objects.filter(pk=notification_id, state=State.QUEUED).update(
            state=State.SENDING, state_changed_at=now, attempt_count=F("attempt_count") + 1
        )
    if claimed != 1:
        return None
    return Notification.objects.select_related(
        "incident", "stakeholder", "involvement", "created_by"
    ).get(pk=notification_id)


def notifications_claim_batch(*, notification_ids: Iterable[int]) -> list[Notification]:
    """queued -> sending for every given row still queued, in ONE conditional UPDATE.

    `UPDATE ... WHERE id IN (...) AND state = 'gepland' RETURNING id` (PostgreSQL, SQLite
    3.35+): the database decides row by row, so two batch tasks racing on the same rows never
    both get one. Committed on its own (durable) before anything is sent, like the single claim.
    """
    ids = sorted({int(pk) for pk in notification_ids})
    if not ids:
        return []
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = connection.ops.quote_name(Notification._meta.db_table)
    placeholders = ", ".join(["%s"] * len(ids))
    with transaction.atomic(durable=True), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET state = %s, state_changed_at = %s, "  # noqa: S608 - no user input
            f"attempt_count = attempt_count + 1 WHERE id IN ({placeholders}) AND state = %s "
            "RETURNING id",
            [State.SENDING, now, *ids, State.QUEUED],
        )
        claimed = [row[0] for row in cursor.fetchall()]
    return list(
        Notification.objects.select_related("incident", "stakeholder", "involvement", "created_by")
        .filter(pk__in=claimed)
        .order_by("pk")
    )


def notifications_release(*, notifications: Iterable[Notification]) -> list[int]:
    """Claimed rows a batch did not get to (time limit): back to queued, the claim undone."""
    ids = [notification.pk for notification in notifications]
    now = timezone.now()
    with transaction.atomic():
        Notification.objects.filter(pk__in=ids, state=State.SENDING).update(
            state=State.QUEUED,
            state_changed_at=now,
            next_attempt_at=now,
            attempt_count=F("attempt_count") - 1,
        )
    return ids


def _attempt(notification: Notification, *, started_at: datetime, result: str, error: str = ""):
    DeliveryAttempt.objects.create(
        notification=notification,
        number=notification.attempt_count,
        started_at=started_at,
        finished_at=timezone.now(),
        result=result,
        error=error[:2000],
    )


def _commit_without_waiting_for_disk() -> None:
    """PostgreSQL: this transaction's COMMIT returns before its WAL is flushed to disk.

    Once COMMIT returns, the row is visible and survives the worker dying (what the window is
    about); only a crash of the PostgreSQL server itself within about 3 x wal_writer_delay
    (0.6 s) can lose it, and then the row is back in *bezig* and recovery resends it: still at
    least once, never lost. Waiting for the disk on every acceptance was most of a batch's time
    (one fsync per message).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


def notification_mark_sent(*, notification: Notification) -> datetime:
    """The server accepted the message: record that first, on its own (durable).

    Between the server's "250 OK" and this commit the message has gone out but the row still
    says *bezig*; a worker dying there is the one case that sends twice (recovery requeues the
    row). So the SENT update is the first write, committed by itself, retried once on a dropped
    database connection, and nothing else (attempt row, "informed", the incident's version)
    can make it roll back. A row the recovery already put back in the queue is marked sent as
    well, so its re-dispatched task finds nothing to do.
    """
    now = timezone.now()
    for attempt in (1, 2):
        try:
            if _can_mark_sent_in_one_round_trip():
                _mark_sent_one_round_trip(notification.pk, now)
                break
            with transaction.atomic(durable=True):
                _commit_without_waiting_for_disk()
                Notification.objects.filter(
                    pk=notification.pk, state__in=(State.SENDING, State.QUEUED)
                ).update(state=State.SENT, state_changed_at=now, sent_at=now, last_error="")
            break
        except OperationalError:
            if attempt == 2:
                raise
            connection.close()  # the next query opens a fresh connection
    return now


def _can_mark_sent_in_one_round_trip() -> bool:
    return (
        connection.vendor == "postgresql"
        and not connection.in_atomic_block  # else the ORM path refuses, as durable=True does
        and connection.get_autocommit()
    )


def _mark_sent_one_round_trip(pk: int, now: datetime) -> None:
    """PostgreSQL: the same transaction as the ORM path (BEGIN, SET LOCAL synchronous_commit =
    off, the conditional UPDATE, COMMIT), sent as ONE simple query: one round trip per
    accepted message instead of four. On any error the connection is closed, so a transaction
    left open by the failed statement is rolled back by the server and never reused."""
    table = connection.ops.quote_name(Notification._meta.db_table)
    at = connection.ops.adapt_datetimefield_value(now)
    update = f"UPDATE {table} SET state = %s, state_changed_at = %s, sent_at = %s, "  # noqa: S608
    update += "last_error = '' WHERE id = %s AND state IN (%s, %s)"
    sql = f"BEGIN; SET LOCAL synchronous_commit = off; {update}; COMMIT;"
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, [State.SENT, at, at, pk, State.SENDING, State.QUEUED])
    except Exception:
        connection.close()
        raise


def notification_delivered(*, notification: Notification, started_at: datetime) -> None:
    """One accepted message: marked sent (committed alone), then its bookkeeping."""
    at = notification_mark_sent(notification=notification)
    notifications_delivered_bookkeeping(deliveries=[(notification, started_at, at)])


def notifications_delivered_bookkeeping(
    *, deliveries: list[tuple[Notification, datetime, datetime]]
) -> None:
    """Attempt rows, "stakeholder informed" and incident versions for rows already marked sent.

    One transaction for a batch (deliver_batch flushes once per batch, at the latest every
    BOOKKEEPING_EVERY messages or BOOKKEEPING_SECONDS), a fixed number of queries however many
    messages it holds (stakeholders marked informed in bulk). A failure here is logged, never undoes a SENT mark and never sends again.
    """
    if not deliveries:
        return
    try:
        _delivered_bookkeeping(deliveries)
    except Exception:  # the messages are out and recorded as sent; do not send them again
        logger.exception(
            "Notifications %s delivered, but their bookkeeping failed",
            [notification.pk for notification, _s, _a in deliveries][:20],
        )


@transaction.atomic
def _delivered_bookkeeping(deliveries: list[tuple[Notification, datetime, datetime]]) -> None:
    _commit_without_waiting_for_disk()  # the acceptances are recorded already
    finished = timezone.now()
    DeliveryAttempt.objects.bulk_create(
        DeliveryAttempt(
            notification=notification,
            number=notification.attempt_count,
            started_at=started_at,
            finished_at=finished,
            result=DeliveryAttempt.Result.OK,
            error="",
        )
        for notification, started_at, _at in deliveries
    )
    touched: dict[int, Incident] = {}
    marks = {}
    for notification, _started_at, at in deliveries:
        involvement = notification.involvement  # fetched with the claim
        if (
            involvement is not None
            and involvement.informed_at is None
            and involvement.pk not in marks
        ):
            # The first delivered message marks the stakeholder informed; later ones keep that
            # time. (Two first messages delivered at once would both set it: harmless.)
            involvement.incident = notification.incident
            involvement.stakeholder = notification.stakeholder
            marks[involvement.pk] = (involvement, notification.created_by, at)
        touched.setdefault(notification.incident_id, notification.incident)
    # One UPDATE and one bulk INSERT of audit events and key decision records per batch.
    stakeholders_mark_informed(marks=list(marks.values()))
    for incident in touched.values():
        incident_touch(incident, parts={"notifications"})


@transaction.atomic
def notification_retry_later(
    *, notification: Notification, started_at: datetime, error: str, countdown: float
) -> None:
    now = timezone.now()
    Notification.objects.filter(pk=notification.pk, state=State.SENDING).update(
        state=State.QUEUED,
        state_changed_at=now,
        next_attempt_at=now + timedelta(seconds=countdown),
        last_error=error[:2000],
    )
    _attempt(
        notification, started_at=started_at, result=DeliveryAttempt.Result.TRANSIENT, error=error
    )
    incident_touch(notification.incident, parts={"notifications"})


@transaction.atomic
def notification_fail(
    *, notification: Notification, started_at: datetime, error: str, transient: bool = False
) -> None:
    now = timezone.now()
    Notification.objects.filter(pk=notification.pk, state=State.SENDING).update(
        state=State.FAILED, state_changed_at=now, last_error=error[:2000]
    )
    result = DeliveryAttempt.Result.TRANSIENT if transient else DeliveryAttempt.Result.PERMANENT
    _attempt(notification, started_at=started_at, result=result, error=error)
    audit_record(
        actor=None,
        action="notifications.notification.failed",
        incident=notification.incident,
        obj=notification,
        after={"stakeholder": notification.stakeholder.slug, "error": error[:500]},
    )
    incident_touch(notification.incident, parts={"notifications"})


@transaction.atomic
def notifications_recover_stuck(*, older_than: timedelta) -> list[int]:
    """Rows a dead worker left behind: sending for too long, or queued long past due.

    A row in sending longer than the task's hard time limit has no live owner; it goes back to
    queued (the one case where a message may go out twice: when the worker died after the
    server accepted it but before it recorded that; the stable Message-ID and Idempotency-Key
    let the receiver drop such a duplicate). Returns the ids to dispatch again.
    """
    now = timezone.now()
    cutoff = now - older_than
    stuck = list(
        Notification.objects.select_for_update(skip_locked=True)
        .filter(
            Q(state=State.SENDING, state_changed_at__lt=cutoff)
            | Q(state=State.QUEUED, next_attempt_at__lt=cutoff)
        )
        .only("pk", "state", "attempt_count", "state_changed_at", "incident_id")
    )
    incident_ids = set()
    for row in stuck:
        if row.state == State.SENDING:
            DeliveryAttempt.objects.create(
                notification=row,
                number=row.attempt_count,
                started_at=row.state_changed_at,
                finished_at=now,
                result=DeliveryAttempt.Result.TRANSIENT,
                error="Verzending niet afgerond (werker gestopt?); opnieuw in de wachtrij gezet.",
            )
        incident_ids.add(row.incident_id)
    ids = [row.pk for row in stuck]
    # next_attempt_at = now: not picked again on the next beat while it waits in the broker.
    Notification.objects.filter(pk__in=ids).update(
        state=State.QUEUED, state_changed_at=now, next_attempt_at=now
    )
    for incident in Incident.objects.filter(pk__in=incident_ids):
        incident_touch(incident, parts={"notifications"})
    return ids
