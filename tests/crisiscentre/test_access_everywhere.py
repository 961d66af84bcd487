"""No incident page or fragment, in any app, answers an outsider with anything but 404/405."""

import pytest
from django.urls import reverse

from incidents import registry
from tests.helpers import HTMX, url_routes

pytestmark = pytest.mark.django_db


def incident_routes() -> list[str]:
    return [route for route in url_routes() if "incidents/<int:pk>/" in route]


def fill(route: str, incident_pk: int) -> str:
    url = route.replace("<int:pk>", str(incident_pk)).replace("<slug:name>", "log")
    while "<int:" in url:  # other ids: a real one would need the incident first, 1 is enough
        start = url.index("<int:")
        url = url[:start] + "1" + url[url.index(">", start) + 1 :]
    return "/" + url


def test_there_are_many_incident_routes():
    assert len(incident_routes()) > 40


def test_the_walk_covers_the_nafase_pages():
    routes = set(incident_routes())
    for route in (
        "incidents/<int:pk>/afschalen/",
        "incidents/<int:pk>/maatregelen/",
        "incidents/<int:pk>/maatregelen/<int:measure_pk>/beeindigen",
        "incidents/<int:pk>/herstel/",
        "incidents/<int:pk>/herstel/<int:item_pk>/bijwerken",
        "incidents/<int:pk>/nafase/",
        "incidents/<int:pk>/tijdlijn/",
        "incidents/<int:pk>/evaluatie/",
        "incidents/<int:pk>/evaluatie/vaststellen",
        "incidents/<int:pk>/evaluatie/afzien",
        "incidents/<int:pk>/evaluatie/rapport.pdf",
    ):
        assert route in routes, route


def not_found_everywhere(client, incident, method: str) -> list[tuple[str, int]]:
    """The incident URLs that answer this client's htmx GET or POST with anything but 404/405."""
    leaks = []
    for route in incident_routes():
        url = fill(route, incident.pk)
        status = getattr(client, method)(url, headers=HTMX).status_code
        if status not in (404, 405):
            leaks.append((url, status))
    return leaks


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_outsider_gets_404_or_405_on_every_incident_url(client_for, outsider, incident, method):
    leaks = not_found_everywhere(client_for(outsider), incident, method)
    assert not leaks, leaks


def test_a_bestuurder_never_changes_anything_by_posting(client_for, bestuurder, incident):
    """Every POST on an incident URL is a change; a read-only member gets 403 (or 404/405)."""
    client = client_for(bestuurder)
    version = incident.version
    allowed = []
    for route in incident_routes():
        status = client.post(fill(route, incident.pk), headers=HTMX).status_code
        if status not in (403, 404, 405):
            allowed.append((route, status))
    incident.refresh_from_db()
    assert incident.version == version
    assert not allowed, allowed


@pytest.mark.parametrize("name", [tile.name for tile in registry.tiles()])
def test_every_tile_body_by_name(client_for, outsider, vic_user, bestuurder, incident, name):
    """The one tile view: an outsider 404, a member 200, a Bestuurder 200 without write URLs."""
    url = reverse("incidents:tile", args=[incident.pk, name])
    assert client_for(outsider).get(url, headers=HTMX).status_code == 404
    member = client_for(vic_user).get(url, headers=HTMX)
    assert member.status_code == 200
    assert member.content.decode().lstrip().startswith(f'<div id="{name}-body"')
    reader = client_for(bestuurder).get(url, headers=HTMX)
    assert reader.status_code == 200
    assert "hx-post" not in reader.content.decode()
    assert client_for(bestuurder).post(url, headers=HTMX).status_code in (403, 405)


@pytest.mark.parametrize("name", [tile.name for tile in registry.tiles() if tile.bounded])
def test_every_toon_alle_page_by_name(client_for, outsider, vic_user, bestuurder, incident, name):
    """The "toon alle" page of each bounded tile: outsider 404, member 200, Bestuurder read-only."""
    url = reverse("incidents:tile_all", args=[incident.pk, name])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(vic_user).get(url).status_code == 200
    reader = client_for(bestuurder).get(url)
    assert reader.status_code == 200
    assert "hx-post" not in reader.content.decode()


def test_an_unknown_tile_name_is_404(client_for, vic_user, incident):
    url = reverse("incidents:tile", args=[incident.pk, "bestaat-niet"])
    assert client_for(vic_user).get(url).status_code == 404


def test_search_across_incidents_finds_nothing_of_an_incident_one_is_not_member_of(
    client_for, outsider, incident, vic_user
):
    """The one new page outside incidents/<pk>/ (exchange:search): it reads only the user's
    own incidents (incidents_for_user), so an outsider finds nothing of this one."""
    from django.urls import reverse

    from incidents import services

    services.log_entry_add(incident=incident, actor=vic_user, category="melding", text="Geheim X")
    body = client_for(outsider).get(reverse("exchange:search"), {"q": "Geheim"}).content.decode()
    assert "Geheim X" not in body and incident.reference not in body


def test_search_across_incidents_needs_a_login(client):
    from django.urls import reverse

    response = client.get(reverse("exchange:search"), {"q": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.fixture
def partner_guest(incident, vic_user, django_user_model):
    """A partner guest (issue 16) of another incident than `incident`."""
    from incidents import services
    from incidents.models import Membership, Role
    from tests.helpers import make_user

    own = services.incident_open(actor=vic_user, title="Incident van de partner")
    guest = make_user(django_user_model, "gast", Role.PARTNER)
    Membership.objects.create(
        incident=own, user=guest, is_partner=True, organisation="Buurregio", clearance="GREEN"
    )
    return guest


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_partner_guest_gets_404_or_405_on_every_url_of_another_incident(
    client_for, partner_guest, incident, method
):
    leaks = not_found_everywhere(client_for(partner_guest), incident, method)
    assert not leaks, leaks


def test_a_partner_guest_never_reaches_members_partners_or_audit_of_its_own_incident(
    client_for, partner_guest
):
    from incidents.models import Membership

    own = Membership.objects.get(user=partner_guest).incident
    client = client_for(partner_guest)
    for route in incident_routes():
        guarded = (
            "incidents/<int:pk>/leden/",
            "incidents/<int:pk>/partners/",
            "incidents/<int:pk>/audit/",
        )
        if not route.startswith(guarded):
            continue
        for method in ("get", "post"):
            status = getattr(client, method)(fill(route, own.pk)).status_code
            assert status in (404, 405), (route, method, status)
