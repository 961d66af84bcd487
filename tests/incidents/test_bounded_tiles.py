"""Nothing on the dashboard grows with the incident (issue 20): every tile body and the
dashboard itself at 100 and at 10,000 log entries (decisions, actions, organisations, messages
and stakeholders in proportion, tests/sitreps/scale.py), and the "toon alle" pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents import registry, services
from incidents.bounded import PAGE_ROWS, TILE_ROWS
from tests.helpers import HTMX
from tests.sitreps.scale import fill

pytestmark = pytest.mark.django_db


def measured(client, url, headers=None) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return len(response.content), len(queries)


@pytest.fixture
def two_sizes(client_for, vic_user):
    """{entries: (incident, {tile: (bytes, queries)}, dashboard (bytes, queries))}."""
    client = client_for(vic_user)
    result = {}
    for entries in (100, 10_000):
        incident = services.incident_open(actor=vic_user, title=f"Storing {entries}")
        fill(incident, vic_user, entries)
        client.get(incident.get_absolute_url())  # the playbook copies
        tiles = {
            tile.name: measured(
                client, reverse("incidents:tile", args=[incident.pk, tile.name]), headers=HTMX
            )
            for tile in registry.tiles()
        }
        result[entries] = (incident, tiles, measured(client, incident.get_absolute_url()))
    return result


def test_no_tile_body_grows_with_the_incident(two_sizes):
    _incident, small, _ = two_sizes[100]
    _incident, large, _ = two_sizes[10_000]
    # The small incident does not fill every tile to its limit, the large one does: the limit,
    # not the incident, sets the size (before issue 20 the actions tile grew 5x, stakeholders 40x).
    grown = {
        name: (small[name][0], large[name][0])
        for name in small
        if large[name][0] > 2 * small[name][0] + 2_000 or large[name][0] > 24_000
    }
    assert grown == {}


def test_every_tile_costs_the_same_queries_at_100_and_10000_entries(two_sizes):
    small, large = two_sizes[100][1], two_sizes[10_000][1]
    assert {name: large[name][1] for name in large} == {name: small[name][1] for name in small}


def test_the_dashboard_stays_the_same_size(two_sizes):
    small, large = two_sizes[100][2], two_sizes[10_000][2]
    assert large[0] < 1.5 * small[0]
    assert large[1] == small[1]


def test_a_full_tile_links_to_all_its_rows(two_sizes, client_for, vic_user):
    incident = two_sizes[10_000][0]
    client = client_for(vic_user)
    body = client.get(
        reverse("incidents:tile", args=[incident.pk, "actions"]), headers=HTMX
    ).content.decode()
    assert body.count('class="action-item"') == TILE_ROWS
    all_url = reverse("incidents:tile_all", args=[incident.pk, "actions"])
    assert f'href="{all_url}"' in body
    assert "toon alle 1000" in body

    page = client.get(all_url).content.decode()
    assert page.count('class="action-item"') == PAGE_ROWS
    assert "pagina 1 van 10 (1000 in totaal)" in page
    assert 'href="?pagina=2"' in page
    assert "toon alle" not in page  # the full page pages, it does not link to itself
    last = client.get(all_url + "?pagina=10").content.decode()
    assert "Actie 999: geldtransport regelen." in last
    assert 'href="?pagina=9"' in last and "pagina=11" not in last


def test_the_full_page_keeps_the_dashboard_tiles_cache_apart(two_sizes, client_for, vic_user):
    """After a full page, the dashboard tile still shows its bounded body (and vice versa)."""
    incident = two_sizes[10_000][0]
    client = client_for(vic_user)
    tile_url = reverse("incidents:tile", args=[incident.pk, "decisions"])
    client.get(reverse("incidents:tile_all", args=[incident.pk, "decisions"]))
    body = client.get(tile_url, headers=HTMX).content.decode()
    assert body.count("<li class=") == TILE_ROWS


def test_the_full_page_is_for_members_and_bounded_tiles_only(
    incident, client_for, outsider, vic_user
):
    url = reverse("incidents:tile_all", args=[incident.pk, "decisions"])
    assert client_for(outsider).get(url).status_code == 404
    client = client_for(vic_user)
    assert client.get(url).status_code == 200
    for name in ("grip", "geen-tegel"):  # not bounded / not a tile
        assert (
            client.get(reverse("incidents:tile_all", args=[incident.pk, name])).status_code == 404
        )


def test_a_garbled_page_number_shows_the_first_page(two_sizes, client_for, vic_user):
    incident = two_sizes[10_000][0]
    url = reverse("incidents:tile_all", args=[incident.pk, "stakeholders"])
    page = client_for(vic_user).get(url + "?pagina=x'; drop").content.decode()
    assert "pagina 1 van 1 (100 in totaal)" not in page  # one page: no navigation at all
    assert page.count("nog informeren") >= 50  # the uninformed half of the 100, first


def test_the_demo_shows_toon_alle_on_the_actions_tile(client_for):
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from incidents.management.commands.seed_demo import DEMO_TITLE
    from incidents.models import Incident

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent: still one call round
    incident = Incident.objects.get(title=DEMO_TITLE)
    assert incident.actions.filter(description__contains="thuisbeademing").count() == 12
    team = get_user_model().objects.get(username="crisisteam")
    body = (
        client_for(team)
        .get(reverse("incidents:tile", args=[incident.pk, "actions"]), headers=HTMX)
        .content.decode()
    )
    assert reverse("incidents:tile_all", args=[incident.pk, "actions"]) in body
