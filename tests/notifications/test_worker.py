"""The Celery path with a real worker (Redis broker) delivering to a real SMTP server."""

import time

import pytest

from incidents.services import incident_open
from incidents.tlp import TLP
from notifications import services
from notifications.models import DeliveryAttempt, Notification

from .conftest import make_stakeholder

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for_state(pk, state, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = Notification.objects.get(pk=pk)
        if row.state == state:
            return row
        time.sleep(0.1)
    return Notification.objects.get(pk=pk)


def test_a_real_worker_delivers_the_queued_messages_after_commit(
    celery_worker, smtp_server, vic_user, involve, settings
):
    settings.NOTIFICATIONS_RETRY_BACKOFF = 0.5
    incident = incident_open(actor=vic_user, title="Storing betalingsverkeer")
    involvements = [
        involve(incident, make_stakeholder(email=f"partner{i}@x.example"), max_tlp=TLP.AMBER)
        for i in range(3)
    ]
    smtp_server.replies = ["421 4.3.2 Even geen verbindingen"]  # the first attempt is refused

    rows = services.notifications_send_manual(  # its own transaction; dispatched on commit
        incident=incident,
        actor=vic_user,
        involvements=involvements,
        tlp=TLP.AMBER,
        subject="Informatie",
        body="{titel}: {duiding}",
    )

    messages = smtp_server.wait_for(3, timeout=30)
    assert sorted(m.rcpt_tos[0] for m in messages) == [f"partner{i}@x.example" for i in range(3)]
    assert all(m["Subject"].startswith("[TLP:AMBER] ") for m in messages)
    assert all("Storing betalingsverkeer: Bekend: oorzaak" in m.get_content() for m in messages)
    for row in rows:
        assert wait_for_state(row.pk, Notification.State.SENT).state == Notification.State.SENT
    # One refusal, retried by the worker after its backoff.
    assert smtp_server.refused == 1
    # The attempt rows follow the SENT mark in a second transaction (the at-least-once window
    # stays one write wide), so they may land a moment after the state reads *verzonden*.
    deadline = time.monotonic() + 10
    while DeliveryAttempt.objects.count() < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sum(row.attempts.count() for row in Notification.objects.all()) == 4
    assert len(smtp_server.messages) == 3
