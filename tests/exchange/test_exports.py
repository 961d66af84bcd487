"""CSV/JSON exports of the logbook, decisions and actions, and "Kopieer voor LCMS"."""

import csv
import io
import json

import pytest
from django.urls import reverse

from incidents import services
from incidents.models import AuditEvent

pytestmark = pytest.mark.django_db


def _download(client, incident, **params):
    response = client.get(reverse("exchange:export_download", args=[incident.pk]), params)
    return response, b"".join(response.streaming_content)


def test_the_csv_opens_in_excel_with_dutch_characters(client_for, logged, vic_user):
    services.log_entry_add(
        incident=logged,
        actor=vic_user,
        category="melding",
        text="Café “De Sluis”: één,\ntwee; drie",
    )
    response, raw = _download(
        client_for(vic_user), logged, soort="logboek", formaat="csv", doelgroep="RED"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "TLP:RED"  # the highest label in the file
    assert "Doelgroep TLP:RED" in rows[0]
    assert rows[1][:3] == ["Nummer", "Tijdstip gebeurtenis", "Ingevoerd"]
    texts = [row[4] for row in rows[2:]]
    assert "Café “De Sluis”: één,\ntwee; drie" in texts  # round trip, line break kept in its cell


def test_a_text_excel_would_run_as_a_formula_is_kept_as_text(client_for, incident, vic_user):
    services.log_entry_add(
        incident=incident, actor=vic_user, category="melding", text='=HYPERLINK("x","klik")'
    )
    _response, raw = _download(client_for(vic_user), incident, soort="logboek", formaat="csv")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert '\'=HYPERLINK("x","klik")' in [row[4] for row in rows[2:]]


def test_the_audience_filters_and_the_label_follows(client_for, logged, vic_user):
    response, raw = _download(
        client_for(vic_user), logged, soort="logboek", formaat="json", doelgroep="GREEN"
    )
    data = json.loads(raw.decode("utf-8"))
    assert data["tlp"] == "GREEN" and data["audience_tlp"] == "GREEN"
    assert {item["tlp"] for item in data["items"]} <= {"CLEAR", "GREEN"}
    assert data["count"] == len(data["items"]) >= 1
    assert response["X-TLP"] == "TLP:GREEN"


def test_an_export_never_goes_above_the_readers_clearance(
    client_for, logged, vic_user, green_reader
):
    _response, raw = _download(
        client_for(vic_user), logged, soort="logboek", formaat="json", doelgroep="RED"
    )
    data = json.loads(raw)
    assert data["audience_tlp"] == "GREEN"
    assert all(item["tlp"] in ("CLEAR", "GREEN") for item in data["items"])


def test_decisions_and_actions_export(client_for, logged, vic_user):
    client = client_for(vic_user)
    _r, raw = _download(client, logged, soort="besluiten", formaat="json")
    decisions = json.loads(raw)
    assert decisions["items"][0]["text"].startswith("Gemalen handmatig")
    assert decisions["tlp"] == "AMBER"
    _r, raw = _download(client, logged, soort="acties", formaat="csv")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "TLP:AMBER"  # the action carries its decision's label
    assert rows[2][2] == "Monteurs naar het gemaal Zuidsluis sturen"


def test_each_export_is_in_the_audit_trail(client_for, logged, vic_user):
    _download(client_for(vic_user), logged, soort="logboek", formaat="csv", doelgroep="AMBER")
    event = AuditEvent.objects.get(action="exchange.export.downloaded")
    assert event.actor == vic_user and event.incident == logged
    assert event.after["kind"] == "logboek" and event.after["format"] == "csv"
    assert event.after["audience_tlp"] == "AMBER" and event.after["max_tlp"] == "AMBER"


def test_a_bestuurder_may_export(client_for, logged, bestuurder):
    response, _raw = _download(client_for(bestuurder), logged, soort="besluiten", formaat="csv")
    assert response.status_code == 200


def test_an_unknown_kind_is_404(client_for, logged, vic_user):
    url = reverse("exchange:export_download", args=[logged.pk])
    assert client_for(vic_user).get(url, {"soort": "audit"}).status_code == 404


def test_the_export_page_offers_the_files(client_for, logged, vic_user):
    body = client_for(vic_user).get(reverse("exchange:export", args=[logged.pk])).content.decode()
    assert "soort=logboek&amp;formaat=csv" in body


def test_the_lcms_text_has_its_sections_in_order(client_for, logged, vic_user):
    services.log_entry_add(
        incident=logged,
        actor=vic_user,
        category="beeld",
        text="Twee gemalen handmatig",
        tlp="GREEN",
    )
    body = client_for(vic_user).get(reverse("exchange:lcms", args=[logged.pk])).content.decode()
    text = body[body.index('<textarea id="lcms-text"') : body.index("</textarea>")]
    positions = [
        text.index(s) for s in ("1. TOTAALBEELD", "2. BESLUITEN VAN KRACHT", "3. OPEN ACTIES")
    ]
    assert positions == sorted(positions)
    assert "Twee gemalen handmatig" in text
    assert "Gemalen handmatig bedienen" in text
    assert "Monteurs naar het gemaal" in text
    assert 'data-copy="#lcms-text"' in body  # the one-click button (static/js/app.js)


def test_the_lcms_text_follows_the_audience(client_for, logged, vic_user):
    body = (
        client_for(vic_user)
        .get(reverse("exchange:lcms", args=[logged.pk]), {"doelgroep": "GREEN"})
        .content.decode()
    )
    assert "Ransomware" not in body  # a RED picture line
    assert "Gemalen handmatig bedienen" not in body  # an AMBER decision
    assert "- Geen besluiten van kracht." in body


def test_the_lcms_text_is_bounded(logged, vic_user):
    from exchange.exports import LCMS_ACTIONS, lcms_text

    for n in range(LCMS_ACTIONS + 5):
        services.action_create(
            incident=logged, actor=vic_user, description=f"Actie {n}", owner_organisation="VRU"
        )
    text, _tlp = lcms_text(logged, audience_tlp="RED")
    assert "- en nog 6 (zie Crisiscentre)" in text
