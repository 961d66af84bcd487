"""The sitrep preview page does not grow with the incident: bytes and queries at 100 and
10,000 log entries (with decisions, actions, organisations, messages and stakeholders in
proportion, see scale.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents import services

from .scale import fill

pytestmark = pytest.mark.django_db


def preview(client, incident):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            reverse("sitreps:preview", args=[incident.pk]) + "?audience_tlp=AMBER"
        )
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_preview_stays_the_same_size_from_100_to_10000_log_entries(
    client_for, vic_user, crisis_user
):
    client = client_for(vic_user)
    sizes = {}
    for entries in (100, 10_000):
        incident = services.incident_open(actor=vic_user, title=f"Storing {entries}")
        fill(incident, vic_user, entries)
        preview(client, incident)  # warm: playbook copies, caches
        html, queries = preview(client, incident)
        sizes[entries] = (len(html.encode()), queries, html)
    small, large = sizes[100], sizes[10_000]
    # The large incident fills every section to its limit, the small one does not: the limit,
    # not the incident, sets the size.
    assert large[0] < 1.5 * small[0]
    assert large[0] < 60_000  # was 350 KB (issue 20)
    # A count per capped section is the only extra query when a section is full.
    assert large[1] <= small[1] + 8
    assert large[1] <= 60
    assert large[2].count("meer, zie het incident") > small[2].count("meer, zie het incident")
