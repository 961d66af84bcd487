"""The NCP-D history keeps the *aanname* (assumption) marks."""

import re

import pytest
from django.urls import reverse

from incidents import services
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


def history_items(client, incident) -> list[str]:
    body = client.get(
        reverse("incidents:tile", args=[incident.pk, "classification"]),
        headers=HTMX,
    ).content.decode()
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', body, re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", timeline, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in items]


def test_a_change_recorded_as_assumption_is_marked_in_the_history(client_for, vic_user, incident):
    services.classification_change(
        incident=incident,
        actor=vic_user,
        changes={"source": "binnen_nl"},
        assumed_blocks=["source"],
        reason="IP-adres wijst naar binnenland, nog niet bevestigd",
    )
    services.classification_change(
        incident=incident, actor=vic_user, changes={"area": "meerdere_regios"}, reason="Buurregio"
    )
    newest, assumed, *_ = history_items(client_for(vic_user), incident)
    assert "Binnen Nederland aanname" in assumed
    assert "aanname" not in newest  # the area change was no assumption, nor did one change


def test_confirming_an_assumption_shows_in_the_history(client_for, vic_user, incident):
    # A new incident starts from "moedwillig" as an assumption.
    services.classification_change(
        incident=incident,
        actor=vic_user,
        changes={"cause": "moedwillig"},
        assumed_blocks=[],
        reason="Forensisch onderzoek bevestigt",
    )
    newest = history_items(client_for(vic_user), incident)[0]
    assert "Oorzaak: aanname bevestigd" in newest
    assert "Forensisch onderzoek bevestigt" in newest


def test_marking_a_known_value_as_assumption_shows_in_the_history(client_for, vic_user, incident):
    services.classification_change(
        incident=incident, actor=vic_user, changes={"source": "binnen_nl"}, reason="Brief"
    )
    services.classification_change(
        incident=incident,
        actor=vic_user,
        changes={"source": "binnen_nl"},
        assumed_blocks=["source"],
        reason="Brief blijkt mogelijk vals",
    )
    newest = history_items(client_for(vic_user), incident)[0]
    assert "Bron: aanname" in newest and "bevestigd" not in newest


def test_the_starting_point_is_marked_as_assumption(client_for, vic_user, incident):
    first = history_items(client_for(vic_user), incident)[-1]
    assert "Oorzaak: aanname" in first
