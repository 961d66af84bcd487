"""Delivery through a real SMTP server and a real HTTP server (Celery eager)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from crisiscentre.celery import app as celery_app
from notifications import channels, services, tasks
from notifications.models import DeliveryAttempt, Notification
from tests.helpers import free_port

from .conftest import make_stakeholder, queue_manual

State = Notification.State


def test_an_email_arrives_with_its_content_and_tlp_label(
    smtp_server, incident, vic_user, email_involvement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = queue_manual(incident, vic_user, [email_involvement])

    (mail,) = smtp_server.wait_for(1)
    assert mail.rcpt_tos == ["crisis@partner.example"]
    assert mail["Subject"].startswith("[TLP:GREEN] ")
    assert "Testbericht" in mail["Subject"]
    text = mail.get_content()
    assert text.startswith("TLP:GREEN")
    assert "Er is een digitale verstoring bij Storing betalingsverkeer." in text
    assert "Dit bericht is TLP:GREEN" in text
    assert mail["X-TLP"] == "TLP:GREEN"
    assert mail["Message-ID"] == channels.message_id(row)
    row.refresh_from_db()
    assert row.state == State.SENT
    assert row.sent_at is not None
    assert [a.result for a in row.attempts.all()] == [DeliveryAttempt.Result.OK]


def test_a_delivered_message_marks_the_stakeholder_informed(
    smtp_server, queued_email, email_involvement, vic_user
):
    tasks.deliver_notification.delay(queued_email.pk)
    email_involvement.refresh_from_db()
    assert email_involvement.informed_at is not None
    assert email_involvement.informed_by == vic_user


def test_running_the_task_twice_sends_one_message(smtp_server, queued_email):
    assert tasks.deliver_notification.delay(queued_email.pk).get() == "sent"
    assert tasks.deliver_notification.delay(queued_email.pk).get() == "not-queued"
    assert len(smtp_server.wait_for(1)) == 1
    assert queued_email.attempts.count() == 1


def test_a_burst_of_messages_shares_one_smtp_connection(
    smtp_server, incident, vic_user, involve, django_capture_on_commit_callbacks
):
    involvements = [involve(incident, make_stakeholder(email=f"p{i}@x.example")) for i in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        queue_manual(incident, vic_user, involvements)
    messages = smtp_server.wait_for(3)
    assert len(messages) == 3
    assert len({message.peer for message in messages}) == 1


def test_a_broker_that_is_down_leaves_the_message_queued_for_recovery(
    queued_email,
    monkeypatch,
    incident,
    vic_user,
    email_involvement,
    django_capture_on_commit_callbacks,
):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(tasks.deliver_batch, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = queue_manual(incident, vic_user, [email_involvement])  # does not raise
    row.refresh_from_db()
    assert row.state == State.QUEUED


def test_a_task_finding_the_row_being_sent_does_not_send_it(smtp_server, queued_email):
    Notification.objects.filter(pk=queued_email.pk).update(state=State.SENDING)
    assert tasks.deliver_notification.delay(queued_email.pk).get() == "not-queued"
    assert smtp_server.messages == []


def test_an_smtp_refusal_is_retried_and_then_delivered(smtp_server, queued_email):
    smtp_server.replies = ["451 4.3.0 Probeer het later opnieuw"]
    tasks.deliver_notification.delay(queued_email.pk)

    assert len(smtp_server.wait_for(1)) == 1
    assert smtp_server.refused == 1
    queued_email.refresh_from_db()
    assert queued_email.state == State.SENT
    attempts = list(queued_email.attempts.order_by("number"))
    assert [a.result for a in attempts] == ["tijdelijk", "ok"]
    assert "451" in attempts[0].error


def test_a_rejected_mailbox_fails_at_once_without_retrying(smtp_server, queued_email):
    smtp_server.replies = ["550 5.1.1 Mailbox bestaat niet"] * 3
    tasks.deliver_notification.delay(queued_email.pk)

    queued_email.refresh_from_db()
    assert queued_email.state == State.FAILED
    assert "550" in queued_email.last_error
    assert smtp_server.refused == 1
    assert [a.result for a in queued_email.attempts.all()] == ["blijvend"]


def test_an_unreachable_smtp_server_ends_as_failed_after_the_maximum_retries(
    settings, queued_email
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens here
    settings.NOTIFICATIONS_MAX_RETRIES = 2
    tasks.deliver_notification.delay(queued_email.pk)

    queued_email.refresh_from_db()
    assert queued_email.state == State.FAILED
    assert queued_email.attempt_count == 3
    assert [a.result for a in queued_email.attempts.all()] == ["tijdelijk"] * 3
    assert "SMTP-verbinding" in queued_email.last_error
    involvement = queued_email.involvement
    involvement.refresh_from_db()
    assert involvement.informed_at is None


def test_the_wait_between_retries_doubles_up_to_a_maximum(settings):
    settings.NOTIFICATIONS_RETRY_BACKOFF = 10
    settings.NOTIFICATIONS_RETRY_BACKOFF_MAX = 60
    waits = [tasks.backoff(n) for n in range(5)]
    for wait, base in zip(waits, [10, 20, 40, 60, 60], strict=True):
        assert base <= wait <= base * 1.1


def test_a_webhook_receives_a_json_document(
    webhook_server, incident, vic_user, involve, django_capture_on_commit_callbacks
):
    stakeholder = make_stakeholder(channel="webhook", webhook_url=webhook_server.url)
    involvement = involve(incident, stakeholder)
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = queue_manual(incident, vic_user, [involvement])

    (request,) = webhook_server.received
    document = request["json"]
    assert document["incident"]["reference"] == incident.reference
    assert document["tlp"] == "TLP:GREEN"
    assert document["subject"].startswith("[TLP:GREEN] ")
    assert "Er is een digitale verstoring bij Storing betalingsverkeer." in document["text"]
    assert request["headers"]["Idempotency-Key"] == f"notificatie-{row.pk}"
    row.refresh_from_db()
    assert row.state == State.SENT


def test_a_webhook_answering_503_once_is_retried_and_then_delivered(
    webhook_server, incident, vic_user, involve
):
    webhook_server.statuses = [503]
    involvement = involve(
        incident, make_stakeholder(channel="webhook", webhook_url=webhook_server.url)
    )
    (row,) = queue_manual(incident, vic_user, [involvement])
    tasks.deliver_notification.delay(row.pk)

    assert webhook_server.hits == 2
    assert len(webhook_server.received) == 1
    row.refresh_from_db()
    assert row.state == State.SENT
    assert [a.result for a in row.attempts.all()] == ["tijdelijk", "ok"]
    assert "HTTP 503" in row.attempts.first().error


def test_a_webhook_that_times_out_is_a_transient_failure(
    webhook_server, incident, vic_user, involve, monkeypatch, settings
):
    settings.NOTIFICATIONS_MAX_RETRIES = 0
    monkeypatch.setattr(channels, "WEBHOOK_TIMEOUT", 0.2)
    webhook_server.delay = 0.6
    involvement = involve(
        incident, make_stakeholder(channel="webhook", webhook_url=webhook_server.url)
    )
    (row,) = queue_manual(incident, vic_user, [involvement])
    tasks.deliver_notification.delay(row.pk)

    row.refresh_from_db()
    assert row.state == State.FAILED
    assert [a.result for a in row.attempts.all()] == ["tijdelijk"]
    assert "Webhook-verbinding" in row.last_error


def test_a_webhook_answering_404_fails_without_retrying(
    webhook_server, incident, vic_user, involve
):
    webhook_server.statuses = [404, 404]
    involvement = involve(
        incident, make_stakeholder(channel="webhook", webhook_url=webhook_server.url)
    )
    (row,) = queue_manual(incident, vic_user, [involvement])
    tasks.deliver_notification.delay(row.pk)

    row.refresh_from_db()
    assert row.state == State.FAILED
    assert webhook_server.hits == 1
    assert row.last_error.startswith("HTTP 404")


def test_a_failed_message_can_be_retried_and_is_then_delivered(
    smtp_server, queued_email, vic_user, django_capture_on_commit_callbacks
):
    smtp_server.replies = ["550 5.7.1 Tijdelijk geblokkeerd"]
    tasks.deliver_notification.delay(queued_email.pk)
    queued_email.refresh_from_db()
    assert queued_email.state == State.FAILED

    with django_capture_on_commit_callbacks(execute=True):
        services.notification_retry(notification=queued_email, actor=vic_user)

    queued_email.refresh_from_db()
    assert queued_email.state == State.SENT
    assert len(smtp_server.messages) == 1
    assert queued_email.incident.audit_events.filter(
        action="notifications.notification.retried"
    ).exists()


def test_only_a_failed_message_can_be_retried(queued_email, vic_user):
    with pytest.raises(Exception, match="mislukt"):
        services.notification_retry(notification=queued_email, actor=vic_user)


# --- Recovery of messages a dead worker left behind -------------------------------------------


def test_a_message_left_in_sending_by_a_killed_worker_is_sent_by_the_beat_task(
    smtp_server, queued_email, settings
):
    settings.NOTIFICATIONS_STUCK_AFTER_SECONDS = 600
    # The worker claimed the row (queued -> sending) and died before sending.
    long_ago = timezone.now() - timedelta(minutes=30)
    Notification.objects.filter(pk=queued_email.pk).update(
        state=State.SENDING, state_changed_at=long_ago, attempt_count=1
    )

    assert tasks.recover_stuck_notifications.delay().get() == 1

    assert len(smtp_server.wait_for(1)) == 1
    queued_email.refresh_from_db()
    assert queued_email.state == State.SENT
    assert [a.result for a in queued_email.attempts.all()] == ["tijdelijk", "ok"]


def test_a_message_left_in_queued_is_dispatched_again_by_the_beat_task(smtp_server, queued_email):
    Notification.objects.filter(pk=queued_email.pk).update(
        next_attempt_at=timezone.now() - timedelta(hours=1)
    )
    assert tasks.recover_stuck_notifications.delay().get() == 1
    assert len(smtp_server.wait_for(1)) == 1


def test_the_beat_task_leaves_messages_that_are_being_sent_right_now_alone(
    smtp_server, queued_email
):
    Notification.objects.filter(pk=queued_email.pk).update(
        state=State.SENDING, state_changed_at=timezone.now() - timedelta(seconds=20)
    )
    assert tasks.recover_stuck_notifications.delay().get() == 0
    queued_email.refresh_from_db()
    assert queued_email.state == State.SENDING
    assert smtp_server.messages == []


def test_the_recovery_task_is_in_the_beat_schedule():
    entries = [
        entry
        for entry in celery_app.conf.beat_schedule.values()
        if entry["task"] == "notifications.recover_stuck"
    ]
    assert len(entries) == 1
    assert entries[0]["schedule"] <= 300
    assert "notifications.recover_stuck" in celery_app.tasks
