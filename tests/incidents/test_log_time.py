"""Issue 12.2: the log form's time field is the event time, empty means "now" (on receipt)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents import selectors, services
from incidents.forms import LogEntryForm
from incidents.models import LogEntry
from incidents.tlp import TLP
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_the_dashboard_does_not_prefill_the_log_time(client_for, vic_user, incident):
    html = client_for(vic_user).get(incident.get_absolute_url()).content.decode()
    start = html.index('id="log-form"')
    form_html = html[start : html.index("</form>", start)]
    field = form_html[form_html.index('name="occurred_at"') - 80 :]
    field = field[: field.index(">")]
    assert "value=" not in field
    assert 'name="initial-occurred_at"' not in form_html


def test_a_fresh_form_after_a_submit_is_not_prefilled_either():
    assert 'value="' not in str(LogEntryForm()["occurred_at"])


def _form_value(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    tag = html[html.rindex("<", 0, start) : html.index(">", start)]
    if 'value="' not in tag:
        return ""
    return tag.split('value="', 1)[1].split('"', 1)[0]


def test_a_line_posted_as_the_page_has_it_gets_the_moment_the_server_receives_it(
    client_for, vic_user, incident
):
    client = client_for(vic_user)
    page = client.get(incident.get_absolute_url()).content.decode()
    before_post = timezone.now()
    client.post(
        reverse("incidents:log_add", args=[incident.pk]),
        {
            "category": "beeld",
            "text": "Nieuw beeld",
            "tlp": "AMBER",
            "occurred_at": _form_value(page, "occurred_at"),
        },
        headers=HTMX,
    )
    entry = LogEntry.objects.get(text="Nieuw beeld")
    assert entry.occurred_at >= before_post
    assert not entry.entered_later


def test_a_typed_time_is_the_event_time_and_the_entry_time_is_kept_and_shown(
    client_for, vic_user, incident
):
    typed = timezone.now() - timedelta(hours=1)
    response = client_for(vic_user).post(
        reverse("incidents:log_add", args=[incident.pk]),
        {"category": "beeld", "text": "Eerder beeld", "tlp": "AMBER", "occurred_at": _local(typed)},
        headers=HTMX,
    )
    assert response.status_code == 200
    entry = LogEntry.objects.get(text="Eerder beeld")
    assert _local(entry.occurred_at) == _local(typed)
    assert entry.created_at - entry.occurred_at > timedelta(minutes=59)
    assert entry.entered_later
    for name in ("log", "picture"):
        body = client_for(vic_user).get(reverse("incidents:tile", args=[incident.pk, name]))
        assert "entry-time" in body.content.decode()


def test_a_time_more_than_five_minutes_ahead_is_refused_with_a_dutch_message(
    client_for, vic_user, incident
):
    ahead = timezone.now() + timedelta(minutes=20)
    response = client_for(vic_user).post(
        reverse("incidents:log_add", args=[incident.pk]),
        {
            "category": "beeld",
            "text": "Uit de toekomst",
            "tlp": "AMBER",
            "occurred_at": _local(ahead),
        },
        headers=HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "ligt in de toekomst" in html
    assert "Uit de toekomst" in html  # the typed text is kept
    assert not LogEntry.objects.filter(text="Uit de toekomst").exists()


def test_a_minute_ahead_is_accepted(client_for, vic_user, incident):
    response = client_for(vic_user).post(
        reverse("incidents:log_add", args=[incident.pk]),
        {
            "category": "beeld",
            "text": "Klok loopt voor",
            "tlp": "AMBER",
            "occurred_at": _local(timezone.now() + timedelta(minutes=2)),
        },
        headers=HTMX,
    )
    assert response.status_code == 200


def test_the_service_refuses_a_future_time_too(vic_user, incident):
    with pytest.raises(services.ValidationError) as exc:
        services.log_entry_add(
            incident=incident,
            actor=vic_user,
            category="beeld",
            text="x",
            occurred_at=timezone.now() + timedelta(hours=1),
        )
    assert "occurred_at" in exc.value.error_dict


def test_the_current_picture_lists_the_newest_event_first(vic_user, incident):
    now = timezone.now()
    services.log_entry_add(
        incident=incident,
        actor=vic_user,
        category="beeld",
        text="oud",
        occurred_at=now - timedelta(minutes=30),
    )
    services.log_entry_add(incident=incident, actor=vic_user, category="beeld", text="nieuw")
    services.log_entry_add(
        incident=incident,
        actor=vic_user,
        category="beeld",
        text="tussen",
        occurred_at=now - timedelta(minutes=10),
    )
    assert [e.text for e in selectors.picture_entries(incident, visible=TLP.values)] == [
        "nieuw",
        "tussen",
        "oud",
    ]


def test_the_demo_shows_a_line_typed_in_after_the_event():
    import io

    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    assert any(entry.entered_later for entry in LogEntry.objects.all())
