"""Change sets: the pulse names the parts changed since the viewer's version (issue 20)."""

import json

import pytest
from django.urls import reverse

from incidents import registry, services
from incidents.models import Incident

pytestmark = pytest.mark.django_db


def _pulse(client, incident, seen):
    response = client.get(reverse("incidents:pulse", args=[incident.pk]), {"v": seen})
    if response.status_code == 204:
        return None
    return json.loads(response["HX-Trigger"])["incidentChanged"]["parts"]


def test_log_line_pulse_names_log_only(client, incident, vic_user):
    client.force_login(vic_user)
    seen = Incident.objects.get(pk=incident.pk).version
    _add_log(incident, vic_user, "melding")
    assert _pulse(client, incident, seen) == ["log"]


def test_picture_line_also_names_picture(client, incident, vic_user):
    client.force_login(vic_user)
    seen = Incident.objects.get(pk=incident.pk).version
    _add_log(incident, vic_user, "beeld")
    assert _pulse(client, incident, seen) == ["log", "picture"]


def test_unchanged_pulse_is_204_in_one_query(client, incident, vic_user, django_assert_num_queries):
    client.force_login(vic_user)
    seen = Incident.objects.get(pk=incident.pk).version
    client.get(reverse("incidents:pulse", args=[incident.pk]), {"v": seen})  # warm the session
    with django_assert_num_queries(3):  # session, user, the pulse's one query
        assert _pulse(client, incident, seen) is None


def test_gap_or_unnamed_change_refreshes_everything(client, incident, vic_user):
    client.force_login(vic_user)
    seen = Incident.objects.get(pk=incident.pk).version
    _add_log(incident, vic_user, "melding")
    assert _pulse(client, incident, 0) == ["*"]
    services.incident_touch(incident)  # an unconverted caller
    assert _pulse(client, incident, seen) == ["*"]
    assert services.changed_parts({"log": 100}, 100, 1) is None  # missed too much


def test_every_tile_declares_parts():
    for tile in registry.tiles():
        assert registry.tile_parts(tile) <= services.PARTS, tile.name
        assert registry.tile_parts(tile), tile.name


def _add_log(incident, vic_user, category):
    import inspect

    params = inspect.signature(services.log_entry_add).parameters
    kwargs = {"incident": incident, "actor": vic_user, "category": category, "text": "Gemaal uit"}
    if "tlp" in params:
        kwargs["tlp"] = incident.tlp
    services.log_entry_add(**kwargs)
