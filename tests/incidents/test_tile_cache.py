"""Cached tile bodies: rendered once per (tile, part versions, clearance, language, may write)
and shared by every viewer with that key; never across clearances, never to a non-member."""

import dataclasses
import os

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from incidents import registry, services, tile_cache
from incidents.models import LogEntry
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """The tile names rendered (cache misses) in this test, in order."""
    seen = []
    real = tile_cache.render_body_uncached

    def counting(tile, request, incident, **kwargs):
        seen.append(tile.name)
        return real(tile, request, incident, **kwargs)

    monkeypatch.setattr(tile_cache, "render_body_uncached", counting)
    return seen


@pytest.fixture(autouse=True)
def one_clearance_for_all(incident, vic_user, crisis_user, bestuurder):
    """Members added later get the incident's TLP, its opener RED (issue 16): here they all
    read the same, so that only what a test changes splits the cache."""
    from incidents.models import Membership

    Membership.objects.filter(incident=incident).update(clearance=incident.tlp)
    for user in (vic_user, crisis_user, bestuurder):  # the fixtures' users read the old value
        user.__dict__.pop("_crisis_clearances", None)


def tile_url(incident, name="log"):
    return reverse("incidents:tile", args=[incident.pk, name])


def test_two_members_with_the_same_clearance_share_one_render(
    client, vic_user, crisis_user, incident, renders, django_assert_max_num_queries
):
    services.log_entry_add(incident=incident, actor=vic_user, category="beeld", text="Brand")
    client.force_login(vic_user)
    first = client.get(tile_url(incident), headers=HTMX).content.decode()
    client.force_login(crisis_user)
    client.get(tile_url(incident), headers=HTMX)  # the session and role lookups settle
    with django_assert_max_num_queries(4):  # session, user, roles, incident: no tile query
        second = client.get(tile_url(incident), headers=HTMX).content.decode()
    assert renders == ["log"]
    assert "Brand" in first
    assert first == second


def test_a_different_clearance_gets_its_own_body(
    client, vic_user, crisis_user, incident, renders, monkeypatch
):
    real = tile_cache.reader_clearance
    monkeypatch.setattr(
        tile_cache,
        "reader_clearance",
        lambda user, inc: "GREEN" if user == crisis_user else real(user, inc),
    )
    for user in (vic_user, crisis_user, vic_user, crisis_user):
        client.force_login(user)
        assert client.get(tile_url(incident), headers=HTMX).status_code == 200
    assert renders == ["log", "log"]


def test_another_language_gets_its_own_body(client, vic_user, incident, renders):
    client.force_login(vic_user)
    dutch = client.get(tile_url(incident, "actions"), headers=HTMX).content.decode()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(tile_url(incident, "actions"), headers=HTMX).content.decode()
    assert renders == ["actions", "actions"]
    assert dutch != english


def test_a_non_member_gets_404_and_never_a_cached_body(
    client, vic_user, outsider, incident, renders
):
    client.force_login(vic_user)
    assert client.get(tile_url(incident), headers=HTMX).status_code == 200
    client.force_login(outsider)
    for name in [tile.name for tile in registry.tiles()]:
        response = client.get(tile_url(incident, name), headers=HTMX)
        assert response.status_code == 404
        assert b"log-body" not in response.content
    assert renders == ["log"]


def test_a_change_to_a_part_renews_only_the_tiles_showing_it(client, vic_user, incident, renders):
    client.force_login(vic_user)
    client.get(tile_url(incident, "log"), headers=HTMX)
    client.get(tile_url(incident, "actions"), headers=HTMX)
    services.log_entry_add(incident=incident, actor=vic_user, category="beeld", text="Nieuw")
    log = client.get(tile_url(incident, "log"), headers=HTMX).content.decode()
    client.get(tile_url(incident, "actions"), headers=HTMX)  # actions did not change
    assert "Nieuw" in log
    assert renders == ["log", "actions", "log"]


def test_a_bestuurder_never_gets_a_writers_body_from_the_cache(
    client, vic_user, bestuurder, incident, renders
):
    services.log_entry_add(incident=incident, actor=vic_user, category="beeld", text="Brand")
    client.force_login(vic_user)
    writer = client.get(tile_url(incident), headers=HTMX).content.decode()
    client.force_login(bestuurder)
    reader = client.get(tile_url(incident), headers=HTMX).content.decode()
    assert "corrigeer" in writer
    assert "corrigeer" not in reader
    assert reader != writer
    assert renders == ["log", "log"]


def test_the_dashboard_assembles_cached_bodies(
    client, vic_user, crisis_user, bestuurder, incident, renders
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(vic_user)
    with CaptureQueriesContext(connection) as cold:
        first = client.get(incident.get_absolute_url())
    assert first.status_code == 200
    assert sorted(renders) == sorted(tile.name for tile in registry.tiles())
    client.force_login(crisis_user)
    with CaptureQueriesContext(connection) as warm:
        second = client.get(incident.get_absolute_url()).content.decode()
    assert len(renders) == len(registry.tiles())  # the second viewer rendered none
    assert 'id="log-form"' in second and 'id="grip-form"' in second  # forms stay per reader
    assert len(warm) < len(cold) / 2
    client.force_login(bestuurder)
    client.get(incident.get_absolute_url())  # the reader's own bodies, cached from now on
    with CaptureQueriesContext(connection) as reader:
        page = client.get(incident.get_absolute_url()).content.decode()
    assert 'id="log-form"' not in page
    assert len(reader) <= 8, [q["sql"][:80] for q in reader]
    client.force_login(vic_user)
    body = client.get(tile_url(incident, "log"), headers=HTMX).content.decode()
    assert body in first.content.decode()  # the same bytes on the dashboard as by the view


# --- The protocol: one registry entry plus one template -----------------------------------------

THROWAWAY = """{% load tiles %}
<section class="card" id="tile-proef" aria-labelledby="tile-proef-h">
  <h2 id="tile-proef-h">Proef</h2>
  {% partialdef proef-body %}
  <div id="proef-body" hx-get="{% url 'incidents:tile' incident.pk 'proef' %}"
       hx-trigger="tileRefresh" hx-swap="outerHTML">
    <p>Regels: {{ tile.count }}</p>
    <form method="post" action="#">{% csrf_token %}<button type="submit">x</button></form>
  </div>
  {% endpartialdef %}
  {% tile_body 'proef' %}
</section>
"""


@pytest.fixture
def throwaway_tile(add_tile):
    return add_tile(
        "proef",
        THROWAWAY,
        lambda request, incident: {"count": LogEntry.objects.filter(incident=incident).count()},
        parts=frozenset({"log"}),
    )


def test_adding_a_tile_is_one_registry_entry_plus_one_template(
    client, vic_user, crisis_user, outsider, incident, throwaway_tile, renders
):
    client.force_login(vic_user)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "Regels: 0" in page
    assert "proef=log" in page  # data-tile-parts: it refreshes on log lines
    services.log_entry_add(incident=incident, actor=vic_user, category="beeld", text="Een")
    body = client.get(tile_url(incident, "proef"), headers=HTMX).content.decode()
    assert body.lstrip().startswith('<div id="proef-body"')
    assert "Regels: 1" in body
    client.force_login(crisis_user)
    other = client.get(tile_url(incident, "proef"), headers=HTMX).content.decode()
    assert renders.count("proef") == 2  # the dashboard's and the one after the log line
    # The cached body carries each reader's own CSRF token, never the first reader's.
    token = 'name="csrfmiddlewaretoken" value="'
    assert token in body and token in other
    assert tile_cache._CSRF_PLACEHOLDER not in body + other
    assert body.split(token)[1][:64] != other.split(token)[1][:64]
    client.force_login(outsider)
    assert client.get(tile_url(incident, "proef"), headers=HTMX).status_code == 404


def test_a_cached_forms_token_is_accepted_by_django(client, vic_user, incident, throwaway_tile):
    from django.middleware.csrf import _does_token_match

    client.force_login(vic_user)
    client.get(tile_url(incident, "proef"), headers=HTMX)
    body = client.get(tile_url(incident, "proef"), headers=HTMX).content.decode()
    token = body.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    secret = client.cookies[django_settings.CSRF_COOKIE_NAME].value
    assert _does_token_match(token, secret)


# --- The real Redis cache ----------------------------------------------------------------------


@pytest.mark.worker
def test_bodies_are_shared_through_redis(client, vic_user, crisis_user, incident, settings):
    url = os.environ.get("REDIS_CACHE_URL") or os.environ["CELERY_BROKER_URL"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"cc-test-{os.getpid()}",
        }
    }
    from django.core.cache import caches

    key = tile_cache.body_key(registry.get_tile("log"), incident, _request(vic_user))
    client.force_login(vic_user)
    first = client.get(tile_url(incident), headers=HTMX).content.decode()
    try:
        assert caches["default"].get(key) is not None
        client.force_login(crisis_user)
        assert client.get(tile_url(incident), headers=HTMX).content.decode() == first
    finally:
        caches["default"].delete(key)


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


def test_tile_version_follows_its_parts_and_the_whole_incident(incident, vic_user):
    log = registry.get_tile("log")
    actions = dataclasses.replace(registry.get_tile("actions"))
    before = (tile_cache.tile_version(log, incident), tile_cache.tile_version(actions, incident))
    services.log_entry_add(incident=incident, actor=vic_user, category="beeld", text="x")
    assert tile_cache.tile_version(log, incident) > before[0]
    assert tile_cache.tile_version(actions, incident) == before[1]
    services.incident_touch(incident)  # "everything changed"
    assert tile_cache.tile_version(actions, incident) == incident.version


def test_the_cached_paths_access_query_agrees_with_the_access_helpers(
    incident, vic_user, crisis_user, bestuurder, outsider, admin_user, django_user_model
):
    from django.http import Http404

    from incidents.access import can_write, get_incident_for_user, incident_versions_for_user

    inactive = django_user_model.objects.create_user(username="ina", is_active=False)
    roleless = django_user_model.objects.create_user(username="rolloos")
    incident.members.add(inactive, roleless)
    for user in (vic_user, crisis_user, bestuurder, outsider, admin_user, inactive, roleless):
        try:
            full = get_incident_for_user(user, incident.pk)
        except Http404:
            full = None
        try:
            light, may_write = incident_versions_for_user(user, incident.pk)
        except Http404:
            light = may_write = None
        assert (full is None) == (light is None), user
        if full is not None:
            assert may_write == can_write(user), user
            assert (light.pk, light.version, light.part_versions, light.created_at) == (
                full.pk,
                full.version,
                full.part_versions,
                full.created_at,
            )
    with pytest.raises(Http404):
        incident_versions_for_user(vic_user, "x")


def test_the_log_search_and_its_pages_get_their_own_bodies(client, vic_user, incident, renders):
    for text in ("Brand in hal", "Water in kelder"):
        services.log_entry_add(incident=incident, actor=vic_user, category="melding", text=text)
    client.force_login(vic_user)
    found = client.get(tile_url(incident), {"q": "Brand"}, headers=HTMX).content.decode()
    everything = client.get(tile_url(incident), headers=HTMX).content.decode()
    again = client.get(tile_url(incident), {"q": "Brand"}, headers=HTMX).content.decode()
    assert "Brand in hal" in found and "Water in kelder" not in found
    assert "Water in kelder" in everything
    assert again == found
    assert renders == ["log", "log"]


# --- Whole dashboard sections (body and the blank forms around it) ----------------------------


def test_dashboard_sections_are_shared_but_each_reader_keeps_their_own_csrf_token(
    client, vic_user, crisis_user, incident, monkeypatch
):
    from django.middleware.csrf import _does_token_match

    rendered = []
    real = tile_cache.render_to_string

    def counting(template_name, *args, **kwargs):
        rendered.append(template_name)
        return real(template_name, *args, **kwargs)

    monkeypatch.setattr(tile_cache, "render_to_string", counting)
    pages = {}
    for user in (vic_user, crisis_user):
        client.logout()
        client.force_login(user)
        pages[user.username] = client.get(incident.get_absolute_url()).content.decode()
        secret = client.cookies[django_settings.CSRF_COOKIE_NAME].value
        token = pages[user.username].split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        assert _does_token_match(token, secret)
    sections = [name for name in rendered if "/tiles/" in name and "#" not in name]
    assert len(sections) == len(registry.tiles())  # the second writer rendered none
    assert tile_cache._CSRF_PLACEHOLDER not in pages["vera"] + pages[crisis_user.username]
    assert 'id="log-form"' in pages[crisis_user.username]


def test_a_change_renews_the_sections_and_a_lower_clearance_gets_its_own(
    client, vic_user, crisis_user, incident
):
    from incidents.models import Membership

    client.force_login(vic_user)
    client.get(incident.get_absolute_url())
    services.log_entry_add(
        incident=incident, actor=vic_user, category="beeld", text="Rood beeld", tlp="RED"
    )
    Membership.objects.filter(incident=incident, user=vic_user).update(clearance="RED")
    vic_user.__dict__.pop("_crisis_clearances", None)
    writer = client.get(incident.get_absolute_url()).content.decode()
    assert "Rood beeld" in writer  # the log tile and the decision form's basis lines
    client.force_login(crisis_user)  # cleared for AMBER, the same writer role
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "Rood beeld" not in page


def test_a_section_follows_its_own_parts_and_those_of_its_forms(
    client, vic_user, crisis_user, incident, django_user_model, monkeypatch
):
    """After a log line only the tiles showing the log (or offering its lines in a form) are
    rendered again on the next dashboard load; a new writer renews the action form's owners."""
    rendered = []
    real = tile_cache.render_to_string

    def counting(template_name, *args, **kwargs):
        if "#" not in template_name:
            rendered.append(template_name.rsplit("/", 1)[-1].removesuffix(".html"))
        return real(template_name, *args, **kwargs)

    monkeypatch.setattr(tile_cache, "render_to_string", counting)
    client.force_login(vic_user)
    client.get(incident.get_absolute_url())
    rendered.clear()
    services.log_entry_add(incident=incident, actor=vic_user, category="beeld", text="Drukte")
    client.get(incident.get_absolute_url())
    assert "log" in rendered and "decisions" in rendered and "picture" in rendered
    assert "actions" not in rendered and "organisations" not in rendered
    rendered.clear()
    newcomer = django_user_model.objects.create_user(username="nieuw", first_name="Nina")
    newcomer.groups.add(*crisis_user.groups.all())
    services.membership_add(incident=incident, actor=vic_user, user=newcomer)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "actions" in rendered and "log" not in rendered
    assert "Nina" in page.split('id="action-form"')[1]  # a new owner to choose
