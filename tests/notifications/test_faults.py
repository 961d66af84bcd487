"""Delivery when a worker dies: recovery within a minute, and as few double sends as possible.

What can still go out twice is in docs/architecture.md ("Delivery under faults");
bench/faults.py measures it with a real worker killed by SIGKILL.
"""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from crisiscentre.celery import app as celery_app
from notifications import services, tasks
from notifications.models import Notification

State = Notification.State


def left_in_sending(row, seconds_ago):
    Notification.objects.filter(pk=row.pk).update(
        state=State.SENDING,
        state_changed_at=timezone.now() - timedelta(seconds=seconds_ago),
        attempt_count=1,
    )


# --- The numbers that make "within a minute" true ---------------------------------------------


def test_a_row_is_recovered_within_a_minute_of_its_worker_dying():
    worst_case = tasks.stuck_after().total_seconds() + tasks.RECOVER_EVERY_SECONDS
    assert worst_case <= 60
    assert 15 <= tasks.RECOVER_EVERY_SECONDS <= 30


def test_recovery_waits_longer_than_the_task_may_run():
    # Before the hard time limit a live worker may still be sending the row.
    assert tasks.stuck_after().total_seconds() > tasks.TIME_LIMIT
    assert tasks.deliver_notification.time_limit == tasks.TIME_LIMIT
    assert tasks.deliver_notification.soft_time_limit < tasks.TIME_LIMIT


def test_a_recovery_window_inside_the_time_limit_is_refused(settings):
    settings.NOTIFICATIONS_STUCK_AFTER_SECONDS = tasks.TIME_LIMIT
    with pytest.raises(ImproperlyConfigured):
        tasks.stuck_after()


def test_the_broker_visibility_timeout_covers_every_task_time_limit():
    visibility = celery_app.conf.broker_transport_options["visibility_timeout"]
    assert visibility >= django_settings.CELERY_TASK_TIME_LIMIT
    assert visibility >= tasks.TIME_LIMIT
    # A retry's wait (an ETA message) longer than this would be handed out twice.
    assert tasks.backoff(50) < visibility


def test_the_beat_runs_the_recovery_at_its_interval():
    (entry,) = [
        entry
        for entry in celery_app.conf.beat_schedule.values()
        if entry["task"] == "notifications.recover_stuck"
    ]
    assert entry["schedule"] == tasks.RECOVER_EVERY_SECONDS


# --- Recovery ---------------------------------------------------------------------------------


def test_recovery_requeues_a_row_stuck_longer_than_the_limit(smtp_server, queued_email):
    # A minute at most: a crisis room cannot wait the ten minutes it used to take.
    left_in_sending(queued_email, 60 - tasks.RECOVER_EVERY_SECONDS + 1)

    assert tasks.recover_stuck_notifications.delay().get() == 1

    assert len(smtp_server.wait_for(1)) == 1
    queued_email.refresh_from_db()
    assert queued_email.state == State.SENT


def test_recovery_leaves_a_row_inside_the_time_limit_alone(smtp_server, queued_email):
    left_in_sending(queued_email, tasks.TIME_LIMIT - 1)

    assert tasks.recover_stuck_notifications.delay().get() == 0

    queued_email.refresh_from_db()
    assert queued_email.state == State.SENDING
    assert smtp_server.messages == []


def test_recovery_dispatches_a_queued_row_whose_task_message_was_lost(smtp_server, queued_email):
    # The killed worker had prefetched its message; Redis returns it only after the
    # visibility timeout.
    Notification.objects.filter(pk=queued_email.pk).update(
        next_attempt_at=timezone.now() - tasks.stuck_after() - timedelta(seconds=1)
    )
    assert tasks.recover_stuck_notifications.delay().get() == 1
    assert len(smtp_server.wait_for(1)) == 1


# --- The double-send window -------------------------------------------------------------------


def test_the_acceptance_is_recorded_even_when_the_bookkeeping_after_it_fails(
    smtp_server, queued_email, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("database hiccup while marking the stakeholder informed")

    monkeypatch.setattr(services, "stakeholders_mark_informed", broken)

    assert tasks.deliver_notification.delay(queued_email.pk).get() == "sent"

    queued_email.refresh_from_db()
    assert queued_email.state == State.SENT
    assert queued_email.sent_at is not None
    # Nothing for the recovery to resend, however long we wait.
    Notification.objects.filter(pk=queued_email.pk).update(
        state_changed_at=timezone.now() - timedelta(hours=1)
    )
    assert tasks.recover_stuck_notifications.delay().get() == 0
    assert len(smtp_server.messages) == 1


def test_a_delivery_finishing_after_recovery_requeued_the_row_stops_the_resend(
    smtp_server, queued_email, monkeypatch
):
    """A slow worker (solo pool: no hard limit) finishes after the recovery requeued its row."""
    real_deliver = tasks.channels.deliver

    def deliver_then_recovery_runs(notification):
        real_deliver(notification)
        Notification.objects.filter(pk=notification.pk).update(state=State.QUEUED)

    monkeypatch.setattr(tasks.channels, "deliver", deliver_then_recovery_runs)
    assert tasks.deliver_notification.delay(queued_email.pk).get() == "sent"
    monkeypatch.undo()

    assert tasks.deliver_notification.delay(queued_email.pk).get() == "not-queued"
    queued_email.refresh_from_db()
    assert queued_email.state == State.SENT
    assert len(smtp_server.messages) == 1


def test_a_message_sent_again_after_a_crash_keeps_its_message_id(
    smtp_server, queued_email, monkeypatch
):
    """The remaining at-least-once case: the worker dies after the server's 250, before the
    row says sent. The second copy carries the same Message-ID, so the receiver can drop it."""

    def worker_killed(**kwargs):
        raise SystemExit("SIGKILL")

    monkeypatch.setattr(services, "notification_delivered", worker_killed)
    with pytest.raises(SystemExit):
        tasks.deliver_notification.apply(args=(queued_email.pk,))
    monkeypatch.undo()
    queued_email.refresh_from_db()
    assert queued_email.state == State.SENDING

    left_in_sending(queued_email, tasks.stuck_after().total_seconds() + 1)
    assert tasks.recover_stuck_notifications.delay().get() == 1

    first, second = smtp_server.wait_for(2)
    assert first["Message-ID"] == second["Message-ID"]
    assert first["Message-ID"].startswith(f"<notificatie-{queued_email.pk}.")
