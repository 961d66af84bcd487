"""seed_demo's outbox shows sends, one retry and a TLP skip; its welcome is printed last."""

import pytest

from notifications.models import DeliveryAttempt, Notification, SkipReason
from playbook.models import Stakeholder
from tests.helpers import run_seed

pytestmark = pytest.mark.django_db


def test_the_demo_outbox_has_no_message_skipped_for_lack_of_an_address(
    mailoutbox, django_capture_on_commit_callbacks
):
    # make run commits seed_demo's transaction, which hands the queued messages to Celery.
    with django_capture_on_commit_callbacks(execute=True):
        run_seed()
    rows = Notification.objects.all()
    assert rows.count() >= 10
    assert not rows.filter(skip_reason=SkipReason.NO_ADDRESS).exists()
    sent = rows.filter(state=Notification.State.SENT)
    assert sent.count() > rows.count() / 2
    tlp_skips = rows.filter(trigger="handmatig", skip_reason=SkipReason.TLP)
    assert tlp_skips.count() == 1
    retried = sent.filter(attempt_count=2)
    assert retried.count() == 1
    results = list(
        DeliveryAttempt.objects.filter(notification=retried.get()).values_list("result", flat=True)
    )
    assert results == [DeliveryAttempt.Result.TRANSIENT, DeliveryAttempt.Result.OK]


def test_demo_addresses_are_reserved_and_an_entered_address_is_kept():
    Stakeholder.objects.filter(slug="ncsc").update(email="cert@ncsc.nl")
    run_seed()
    assert Stakeholder.objects.get(slug="ncsc").email == "cert@ncsc.nl"
    demo = Stakeholder.objects.exclude(slug="ncsc").filter(channel="email")
    assert demo.exists()
    assert all(s.email.endswith("@example.org") for s in demo)


def test_the_welcome_with_url_user_and_passwords_comes_last():
    lines = [line for line in run_seed("--base-url", "http://127.0.0.1:8123").splitlines() if line]
    tail = "\n".join(lines[-12:])
    assert "http://127.0.0.1:8123/incidents/" in tail
    assert "'vic'" in tail.split("Try first:")[1]
    assert tail.count("password") >= 4
    last_seeder = max(i for i, line in enumerate(lines) if line.endswith(": ok"))
    first_password = min(i for i, line in enumerate(lines) if "password " in line)
    assert first_password > last_seeder


def test_a_second_run_says_where_the_passwords_went():
    run_seed()
    tail = "\n".join(run_seed().splitlines()[-6:])
    assert "changepassword" in tail and "/incidents/" in tail
