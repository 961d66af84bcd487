"""Issue 19.1: a stored date at the edge of what Python can hold never breaks a page."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.urls import reverse

from incidents import services
from incidents.models import Action, Incident, LogEntry

pytestmark = pytest.mark.django_db

EXTREMES = [
    datetime(1, 1, 1, 0, 0, tzinfo=UTC),
    datetime(1, 1, 1, 0, 10, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
]


@pytest.mark.parametrize("value", EXTREMES, ids=["year-1", "year-1-late", "year-9999"])
def test_pages_still_answer_with_an_extreme_stored_date(
    client_for, vic_user, admin_user, incident, value
):
    action = services.action_create(
        incident=incident,
        actor=vic_user,
        description="Back-ups controleren",
        owner_organisation="IT",
    )
    Incident.objects.filter(pk=incident.pk).update(
        reported_at=value, started_at=value, last_activity_at=value
    )
    Action.objects.filter(pk=action.pk).update(due_at=value)
    # Log entries are append-only (PostgreSQL refuses UPDATE): store the value on insert.
    LogEntry.objects.create(
        incident=incident, category="beeld", text="beeld", occurred_at=value, author=vic_user
    )
    client = client_for(vic_user)
    for url in (
        reverse("home"),
        reverse("incidents:list"),
        incident.get_absolute_url(),
        reverse("incidents:tile", args=[incident.pk, "actions"]),
        reverse("incidents:tile", args=[incident.pk, "log"]),
        reverse("incidents:edit", args=[incident.pk]),
    ):
        assert client.get(url).status_code == 200, url
    client = client_for(admin_user)
    for url in (
        reverse("admin:incidents_incident_changelist"),
        reverse("admin:incidents_action_changelist"),
        reverse("admin:incidents_logentry_changelist"),
    ):
        assert client.get(url).status_code == 200, url


def _store_raw(table: str, column: str, pk: int, text: str) -> None:
    with connection.cursor() as cursor:
        sql = f"UPDATE {table} SET {column} = %s WHERE id = %s"  # noqa: S608 (test constants)
        cursor.execute(sql, [text, pk])


def test_a_bc_or_year_zero_value_stored_in_sql_still_reads(client_for, vic_user, incident):
    """A year-1 *local* time becomes a B.C. UTC time on PostgreSQL (year 0 text in SQLite),
    which the driver could not load: the incident 404'd for its own members."""
    text = (
        "0001-12-31 23:40:28+00 BC" if connection.vendor == "postgresql" else "0000-12-31 23:40:28"
    )
    _store_raw("incidents_incident", "reported_at", incident.pk, text)
    client = client_for(vic_user)
    for url in (reverse("home"), reverse("incidents:list"), incident.get_absolute_url()):
        assert client.get(url).status_code == 200, url
    assert Incident.objects.get(pk=incident.pk).reported_at.year == 1


def _form_version(client, incident) -> str:
    html = client.get(reverse("incidents:edit", args=[incident.pk])).content.decode()
    tag = html[html.rindex("<", 0, html.index('name="version"')) :]
    return tag.split('value="', 1)[1].split('"', 1)[0]


def test_the_edit_form_shows_the_stored_value_and_asks_to_correct_it(
    client_for, vic_user, incident
):
    Incident.objects.filter(pk=incident.pk).update(reported_at=EXTREMES[0])
    client = client_for(vic_user)
    incident.refresh_from_db()
    response = client.post(
        reverse("incidents:edit", args=[incident.pk]),
        {
            "title": incident.title,
            "reported_at": "0001-01-01T00:00",
            "status": incident.status,
            "tlp": incident.tlp,
            "region_role": incident.region_role,
            "version": _form_version(client, incident),
        },
    )
    assert response.status_code == 422
    assert "controleer het jaartal" in response.content.decode()
    response = client.post(
        reverse("incidents:edit", args=[incident.pk]),
        {
            "title": incident.title,
            "reported_at": "2026-03-14T09:30",
            "status": incident.status,
            "tlp": incident.tlp,
            "region_role": incident.region_role,
            "version": _form_version(client, incident),
        },
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.reported_at.year == 2026
