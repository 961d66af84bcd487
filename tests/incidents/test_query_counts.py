"""Page cost must not grow with the data: count queries at two sizes and compare."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents import services

pytestmark = pytest.mark.django_db


def grow(incident, user, n: int) -> None:
    for i in range(n):
        entry = services.log_entry_add(
            incident=incident, actor=user, category="beeld", text=f"Beeld {i}"
        )
        wrong = services.log_entry_add(
            incident=incident, actor=user, category="melding", text=f"Fout {i}"
        )
        services.log_entry_add(
            incident=incident, actor=user, category="melding", text=f"Goed {i}", corrects=wrong
        )
        decision = services.decision_record(
            incident=incident,
            actor=user,
            text=f"Besluit {i}",
            decided_by="OL",
            basis_entries=[entry],
        )
        services.action_create(
            incident=incident,
            actor=user,
            description=f"Actie {i}",
            owner_user=user,
            decision=decision,
        )
        services.classification_change(
            incident=incident,
            actor=user,
            changes={"cause": ["moedwillig", "niet_moedwillig"][i % 2]},
            reason=f"r{i}",
        )


def count(client, url) -> int:
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_log_decisions_and_actions(
    client_for, vic_user, incident
):
    client = client_for(vic_user)
    url = reverse("incidents:detail", args=[incident.pk])
    grow(incident, vic_user, 2)
    small = count(client, url)
    grow(incident, vic_user, 15)
    assert count(client, url) == small


def test_incident_list_queries_do_not_grow_with_incidents(client_for, vic_user):
    client = client_for(vic_user)
    url = reverse("incidents:list")
    for i in range(2):
        services.incident_open(actor=vic_user, title=f"Incident {i}")
    small = count(client, url)
    for i in range(20):
        services.incident_open(actor=vic_user, title=f"Meer {i}")
    assert count(client, url) == small
