"""Batch delivery (notifications.tasks.deliver_batch): one claim, one SMTP connection."""

import threading

import pytest
from django.db import connection

from incidents.tlp import TLP
from notifications import channels, services, tasks
from notifications.models import DeliveryAttempt, Notification

from .conftest import make_stakeholder

State = Notification.State


def queue(incident, actor, involvements, *, tlp=TLP.GREEN):
    return services.notifications_send_manual(
        incident=incident,
        actor=actor,
        involvements=involvements,
        tlp=tlp,
        subject="Batchbericht",
        body="Er is een digitale verstoring bij {titel}.",
    )


@pytest.fixture
def many(incident, vic_user, involve, monkeypatch):
    def make(count, **kwargs):
        involvements = [
            involve(incident, make_stakeholder(email=f"b{i}@x.example"), **kwargs)
            for i in range(count)
        ]
        with monkeypatch.context() as patch:  # queued only: the test dispatches them itself
            patch.setattr(services, "dispatch", lambda ids: None)
            return queue(incident, vic_user, involvements)

    return make


def test_a_fan_out_is_claimed_at_once_and_sent_over_one_smtp_connection(
    smtp_server, many, monkeypatch
):
    rows = many(30)
    states_at_first_send = []
    deliver = channels.deliver

    def spy(notification):
        if not states_at_first_send:
            states_at_first_send.extend(
                Notification.objects.filter(pk__in=[r.pk for r in rows]).values_list(
                    "state", flat=True
                )
            )
        deliver(notification)

    monkeypatch.setattr(channels, "deliver", spy)
    services.dispatch([row.pk for row in rows])
    messages = smtp_server.wait_for(30)
    assert len(messages) == 30
    assert len({message.peer for message in messages}) == 1  # one SMTP connection
    assert set(states_at_first_send) == {State.SENDING}  # one claim for the whole batch
    assert Notification.objects.filter(state=State.SENT).count() == 30
    assert DeliveryAttempt.objects.filter(result=DeliveryAttempt.Result.OK).count() == 30
    assert all(row.involvement.informed_at is None for row in rows)
    for row in rows:
        row.involvement.refresh_from_db()
        assert row.involvement.informed_at is not None


def test_dispatch_splits_a_large_fan_out_into_batches(monkeypatch, settings):
    sent = []
    monkeypatch.setattr(tasks.deliver_batch, "delay", sent.append)
    services.dispatch(range(tasks.BATCH_SIZE * 2 + 1))
    assert [len(batch) for batch in sent] == [tasks.BATCH_SIZE, tasks.BATCH_SIZE, 1]


def test_a_second_batch_task_on_the_same_rows_sends_nothing(smtp_server, many):
    rows = many(3)
    ids = [row.pk for row in rows]
    claimed = services.notifications_claim_batch(notification_ids=ids)
    assert [row.pk for row in claimed] == sorted(ids)
    result = tasks.deliver_batch.apply(args=(ids,)).get()
    assert result == {"not-queued": 3}
    assert smtp_server.messages == []
    assert services.notifications_claim_batch(notification_ids=ids) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_batch_tasks_racing_on_the_same_rows_send_each_mail_once(smtp_server, many):
    rows = many(40)
    ids = [row.pk for row in rows]
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(tasks.deliver_batch.apply(args=(ids,)).get(disable_sync_subtasks=False))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    messages = smtp_server.wait_for(40)
    assert len(messages) == 40
    assert len({message["Message-ID"] for message in messages}) == 40
    assert len(results) == 2, results
    assert sum(result.get("sent", 0) for result in results) == 40, results
    assert Notification.objects.filter(pk__in=ids, state=State.SENT).count() == 40


def test_a_refused_message_in_a_batch_is_retried_and_the_rest_sent(smtp_server, many):
    rows = many(3)
    smtp_server.replies = ["451 4.3.0 Probeer later"]
    tasks.deliver_batch.apply(args=([row.pk for row in rows],))
    assert len(smtp_server.wait_for(3)) == 3
    assert Notification.objects.filter(state=State.SENT).count() == 3
    first = Notification.objects.get(pk=min(row.pk for row in rows))
    assert list(first.attempts.order_by("number").values_list("result", flat=True)) == [
        DeliveryAttempt.Result.TRANSIENT,
        DeliveryAttempt.Result.OK,
    ]


def test_a_batch_fails_a_refused_message_when_no_retries_are_allowed(smtp_server, many, settings):
    settings.NOTIFICATIONS_MAX_RETRIES = 0
    rows = many(2)
    smtp_server.replies = ["451 4.3.0 Probeer later"]
    result = tasks.deliver_batch.apply(args=([row.pk for row in rows],)).get()
    assert result == {"failed": 1, "sent": 1, "not-queued": 0}


def test_the_tlp_gate_still_holds_for_a_batch(
    smtp_server, incident, vic_user, involve, django_capture_on_commit_callbacks
):
    allowed = involve(incident, make_stakeholder(email="amber@x.example"), max_tlp=TLP.AMBER)
    below = involve(incident, make_stakeholder(email="green@x.example"), max_tlp=TLP.GREEN)
    with django_capture_on_commit_callbacks(execute=True):
        rows = queue(incident, vic_user, [allowed, below], tlp=TLP.AMBER)
    messages = smtp_server.wait_for(1)
    assert [message.rcpt_tos for message in messages] == [["amber@x.example"]]
    skipped = next(row for row in rows if row.involvement == below)
    skipped.refresh_from_db()
    assert skipped.state == State.SKIPPED
    assert skipped.skip_reason == "tlp"


def test_a_delivered_batch_records_every_stakeholder_informed_in_bulk(smtp_server, many):
    from incidents.models import AuditEvent
    from playbook.models import KeyDecisionRecord

    rows = many(30)
    services.dispatch([row.pk for row in rows])
    assert len(smtp_server.wait_for(30)) == 30
    informed = AuditEvent.objects.filter(action="playbook.stakeholder.informed")
    assert sorted(int(pk) for pk in informed.values_list("object_id", flat=True)) == sorted(
        row.involvement_id for row in rows
    )
    assert all(event.actor_id == rows[0].created_by_id for event in informed)
    records = KeyDecisionRecord.objects.filter(
        key_decision__key_decision__slug="informeer-stakeholders"
    )
    assert records.count() == 30
    for row in rows:
        row.involvement.refresh_from_db()
        notification = Notification.objects.get(pk=row.pk)
        assert row.involvement.informed_at == notification.sent_at
