"""Every incident URL that htmx swaps in answers a plain GET (a link opened in a new tab, no
JavaScript) with a full page in the base layout, never a bare unstyled fragment."""

import re

import pytest
from django.urls import reverse

from incidents import services
from tests.crisiscentre.test_access_everywhere import fill, incident_routes
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db

BASE_LAYOUT = ("<html", 'class="topbar"', 'id="main"', "css/app.css")


def is_full_page(response) -> bool:
    body = response.content.decode()
    return all(marker in body for marker in BASE_LAYOUT)


def test_every_incident_get_without_htmx_is_a_whole_page(client_for, vic_user, incident):
    client = client_for(vic_user)
    bare = []
    for route in incident_routes():
        response = client.get(fill(route, incident.pk))
        html = response.get("Content-Type", "").startswith("text/html")
        if response.status_code == 200 and html and "<html" not in response.content.decode():
            bare.append(route)
    assert not bare, "\n".join(bare)


@pytest.fixture
def log_lines(incident, vic_user):
    entry = None
    for n in range(27):  # more than the tile shows, so it offers "meer"
        entry = services.log_entry_add(
            incident=incident, actor=vic_user, category="beeld", text=f"Regel {n}"
        )
    return entry


@pytest.fixture
def fallback_links(incident, log_lines, vic_user):
    """The links whose href is a fragment URL, as the dashboard renders them."""
    pk = incident.pk
    log = reverse("incidents:tile", args=[pk, "log"])
    return [
        log,  # "Alles"
        f"{log}?category=beeld",  # a log filter
        f"{log}?voor={log_lines.pk}",  # "Oudere regels"
        reverse("incidents:tile", args=[pk, "notifications"]) + "?alle=1",  # "toon alle berichten"
        reverse("incidents:log_add", args=[pk]) + f"?corrects={log_lines.pk}",
        reverse("incidents:action_add", args=[pk]) + f"?log_entry={log_lines.pk}",
    ]


def test_the_dashboard_links_to_the_fallback_urls(client_for, vic_user, incident, log_lines):
    page = client_for(vic_user).get(incident.get_absolute_url()).content.decode()
    log = reverse("incidents:tile", args=[incident.pk, "log"])
    for href in (f'href="{log}?category=beeld"', f'href="{log}?voor='):
        assert href in page


def test_each_fallback_link_opens_a_full_page(client_for, vic_user, fallback_links):
    client = client_for(vic_user)
    for url in fallback_links:
        response = client.get(url)
        assert response.status_code == 200, url
        assert is_full_page(response), url
        assert "HX-Request" in response["Vary"]


def test_the_log_filter_page_keeps_the_filter_and_more_lines(client_for, vic_user, incident):
    for n in range(30):
        services.log_entry_add(incident=incident, actor=vic_user, category="beeld", text=f"B{n}")
    services.log_entry_add(incident=incident, actor=vic_user, category="melding", text="Alarm X")
    log = reverse("incidents:tile", args=[incident.pk, "log"])
    first = client_for(vic_user).get(f"{log}?category=beeld").content.decode()
    older = re.search(r'href="[^"]*\?(category=beeld&amp;voor=\d+)"', first).group(1)
    body = client_for(vic_user).get(f"{log}?{older.replace('&amp;', '&')}").content.decode()
    assert body.count('class="log-entry"') == 5  # the older lines, still only beeld
    assert "Alarm X" not in body
    assert incident.reference in body


def test_htmx_still_gets_the_bare_fragment(client_for, vic_user, incident):
    url = reverse("incidents:tile", args=[incident.pk, "log"]) + "?category=beeld"
    response = client_for(vic_user).get(url, headers=HTMX)
    body = response.content.decode()
    assert "HX-Request" in response["Vary"]
    assert body.lstrip().startswith('<div id="log-body"')
    assert "<html" not in body


def test_an_outsider_still_gets_404(client_for, outsider, incident):
    url = reverse("incidents:tile", args=[incident.pk, "log"])
    assert client_for(outsider).get(url).status_code == 404
