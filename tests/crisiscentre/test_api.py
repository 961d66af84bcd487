"""The REST API: access walk over every route, TLP filtering, writes through the services,
tokens, stale classification, schema, query counts."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from crisiscentre.api import tokens
from incidents import access, selectors, services
from incidents.models import ApiToken, AuditEvent, LogEntry, Membership
from incidents.tlp import TLP, tlps_visible_at
from tests.helpers import url_routes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    cache.clear()


def api_routes() -> list[str]:
    return [route for route in url_routes() if route.startswith("api/v1/incidents/<int:pk>/")]


def fill(route: str, pk: int) -> str:
    url = "/" + route.replace("<int:pk>", str(pk))
    while "<int:" in url:
        start = url.index("<int:")
        url = url[:start] + "1" + url[url.index(">", start) + 1 :]
    return url


def token_for(user, name="Koppeling") -> str:
    return tokens.api_token_create(user=user, name=name, days=30)[1]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_every_incident_route_is_walked():
    assert len(api_routes()) >= 8


@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_an_outsider_gets_404_on_every_api_route(client, outsider, incident, method):
    headers = bearer(token_for(outsider))
    leaks = []
    for route in api_routes():
        response = getattr(client, method)(
            fill(route, incident.pk), {}, content_type="application/json", headers=headers
        )
        if response.status_code != 404:
            leaks.append((route, response.status_code))
    assert not leaks, leaks


def test_a_bestuurder_token_cannot_write_anywhere(client, bestuurder, incident):
    headers = bearer(token_for(bestuurder))
    version = incident.version
    allowed = []
    for route in api_routes():
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(
                fill(route, incident.pk),
                {"category": "informatie", "text": "x"},
                content_type="application/json",
                headers=headers,
            )
            if response.status_code != 403:
                allowed.append((route, method, response.status_code))
    incident.refresh_from_db()
    assert incident.version == version
    assert not allowed, allowed


def test_a_bestuurder_token_reads(client, bestuurder, incident):
    response = client.get(
        f"/api/v1/incidents/{incident.pk}/", headers=bearer(token_for(bestuurder))
    )
    assert response.status_code == 200
    assert response.json()["reference"] == incident.reference


def test_without_credentials_the_api_answers_401(client, incident):
    response = client.get(f"/api/v1/incidents/{incident.pk}/log-entries/")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_the_incident_list_shows_only_memberships(client, outsider, vic_user, incident):
    assert (
        client.get("/api/v1/incidents/", headers=bearer(token_for(outsider))).json()["count"] == 0
    )
    body = client.get("/api/v1/incidents/", headers=bearer(token_for(vic_user))).json()
    assert [row["id"] for row in body["results"]] == [incident.pk]
    assert (
        body["results"][0]["classification"]["id"] == selectors.classification_current(incident).pk
    )


def _mixed_tlp_items(incident, actor):
    for tlp in (TLP.GREEN, TLP.AMBER, TLP.RED):
        entry = services.log_entry_add(
            incident=incident, actor=actor, category="informatie", text=f"regel {tlp}", tlp=tlp
        )
        decision = services.decision_record(
            incident=incident, actor=actor, text=f"besluit {tlp}", decided_by="ROT", tlp=tlp
        )
        services.action_create(
            incident=incident,
            actor=actor,
            description=f"actie {tlp}",
            owner_organisation="GGD",
            decision=decision,
        )
        services.action_create(
            incident=incident,
            actor=actor,
            description=f"logactie {tlp}",
            owner_organisation="GGD",
            log_entry=entry,
        )


def test_tlp_clearance_filters_every_list(client, vic_user, incident, monkeypatch):
    _mixed_tlp_items(incident, vic_user)
    monkeypatch.setattr(access, "reader_clearance", lambda user, incident: TLP.GREEN)
    headers = bearer(token_for(vic_user))
    base = f"/api/v1/incidents/{incident.pk}/"
    log = client.get(base + "log-entries/", headers=headers).json()["results"]
    decisions = client.get(base + "decisions/", headers=headers).json()["results"]
    actions = client.get(base + "actions/", headers=headers).json()["results"]
    assert {e["tlp"] for e in log} <= {TLP.CLEAR, TLP.GREEN}
    assert "regel GREEN" in {e["text"] for e in log}
    assert [d["text"] for d in decisions] == ["besluit GREEN"]
    assert sorted(a["description"] for a in actions) == ["actie GREEN", "logactie GREEN"]


def test_tlp_clearance_hides_sitreps_above_it(client, vic_user, incident, monkeypatch):
    from sitreps.models import Sitrep

    for number, tlp in enumerate((TLP.GREEN, TLP.RED), start=1):
        Sitrep.objects.create(
            incident=incident, number=number, audience_tlp=tlp, requested_by=vic_user
        )
    monkeypatch.setattr(access, "reader_clearance", lambda user, incident: TLP.GREEN)
    rows = client.get(
        f"/api/v1/incidents/{incident.pk}/sitreps/", headers=bearer(token_for(vic_user))
    ).json()["results"]
    assert [row["audience_tlp"] for row in rows] == [TLP.GREEN]


def test_a_log_entry_written_through_the_api_is_audited_via_api(client, vic_user, incident):
    version = incident.version
    response = client.post(
        f"/api/v1/incidents/{incident.pk}/log-entries/",
        {"category": "informatie", "text": "Melding van de CISO", "source": "CISO"},
        content_type="application/json",
        headers=bearer(token_for(vic_user, "Koppeling LCMS")),
    )
    assert response.status_code == 201, response.content
    entry = LogEntry.objects.get(pk=response.json()["id"])
    assert entry.author == vic_user
    event = AuditEvent.objects.get(action="incidents.log.added", object_id=str(entry.pk))
    assert event.via == "API (token: Koppeling LCMS)"
    incident.refresh_from_db()
    assert incident.version > version
    assert "log" in incident.part_versions


def test_a_page_write_is_not_marked_via_api(vic_user, incident):
    entry = services.log_entry_add(
        incident=incident, actor=vic_user, category="informatie", text="x"
    )
    assert AuditEvent.objects.get(object_id=str(entry.pk), action="incidents.log.added").via == ""


def test_bad_input_gets_a_dutch_400(client, vic_user, incident):
    response = client.post(
        f"/api/v1/incidents/{incident.pk}/log-entries/",
        {"category": "informatie", "text": "   "},
        content_type="application/json",
        headers=bearer(token_for(vic_user)),
    )
    assert response.status_code == 400
    assert "lege regel" in str(response.json())


def test_an_action_and_its_status_through_the_api(client, vic_user, crisis_user, incident):
    headers = bearer(token_for(vic_user))
    base = f"/api/v1/incidents/{incident.pk}/actions/"
    response = client.post(
        base,
        {"description": "Bel de GGD", "owner_username": crisis_user.username},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    action_id = response.json()["id"]
    assert response.json()["owner_username"] == crisis_user.username
    response = client.post(
        f"{base}{action_id}/status/",
        {"status": "gereed"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200, response.content
    assert AuditEvent.objects.get(action="incidents.action.status_changed").via.startswith("API")


def test_a_stale_classification_change_gets_409_with_what_changed(
    client, vic_user, crisis_user, incident
):
    base_version = selectors.classification_current(incident).pk
    services.classification_change(
        incident=incident, actor=crisis_user, changes={"cause": "moedwillig"}, reason="CERT"
    )
    response = client.post(
        f"/api/v1/incidents/{incident.pk}/classification/",
        {
            "base_version": base_version,
            "reason": "eigen analyse",
            "changes": {"cause": "niet_moedwillig"},
        },
        content_type="application/json",
        headers=bearer(token_for(vic_user)),
    )
    assert response.status_code == 409
    body = response.json()
    assert body["current"]["cause"] == "moedwillig"
    assert body["changes"]
    assert selectors.classification_current(incident).cause == "moedwillig"


def test_a_classification_change_with_the_current_base_is_recorded(client, vic_user, incident):
    current = selectors.classification_current(incident)
    response = client.post(
        f"/api/v1/incidents/{incident.pk}/classification/",
        {
            "base_version": current.pk,
            "reason": "CERT bevestigt",
            "changes": {"cause": "moedwillig"},
        },
        content_type="application/json",
        headers=bearer(token_for(vic_user, "SIEM")),
    )
    assert response.status_code == 201, response.content
    assert selectors.classification_current(incident).cause == "moedwillig"
    event = AuditEvent.objects.get(action="incidents.classification.changed")
    assert event.via == "API (token: SIEM)"


# --- Tokens -----------------------------------------------------------------------------------


def test_a_token_is_stored_only_as_its_hash(vic_user):
    row, token = tokens.api_token_create(user=vic_user, name="x", days=7)
    assert token.startswith("cc_") and len(token) > 40
    assert token not in row.key_hash and row.key_hash == tokens.token_hash(token)
    assert not ApiToken.objects.filter(key_hash=token).exists()


def test_a_revoked_token_is_refused(client, vic_user, incident):
    row, token = tokens.api_token_create(user=vic_user, name="x", days=7)
    tokens.api_token_revoke(token=row, actor=vic_user)
    response = client.get("/api/v1/incidents/", headers=bearer(token))
    assert response.status_code == 401
    assert "ingetrokken" in response.json()["detail"]


def test_an_expired_token_is_refused(client, vic_user, incident):
    row, token = tokens.api_token_create(user=vic_user, name="x", days=7)
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/v1/incidents/", headers=bearer(token))
    assert response.status_code == 401
    assert "verlopen" in response.json()["detail"]


def test_an_unknown_token_is_refused(client, incident):
    assert client.get("/api/v1/incidents/", headers=bearer("cc_nonsense")).status_code == 401


def test_a_token_of_an_inactive_user_is_refused(client, vic_user, incident):
    token = token_for(vic_user)
    vic_user.is_active = False
    vic_user.save(update_fields=["is_active"])
    assert client.get("/api/v1/incidents/", headers=bearer(token)).status_code == 401


def test_use_records_the_last_used_time(client, vic_user, incident):
    row, token = tokens.api_token_create(user=vic_user, name="x", days=7)
    assert row.last_used_at is None
    client.get("/api/v1/incidents/", headers=bearer(token))
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_throttling_counts_per_token(client, vic_user, incident, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    first, second = token_for(vic_user, "a"), token_for(vic_user, "b")
    statuses = [
        client.get("/api/v1/incidents/", headers=bearer(first)).status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/api/v1/incidents/", headers=bearer(second)).status_code == 200


def test_the_profile_page_shows_a_new_token_once(client_for, vic_user):
    client = client_for(vic_user)
    assert client.get("/profiel/").status_code == 200
    response = client.post("/profiel/tokens/nieuw/", {"name": "Koppeling LCMS", "days": "30"})
    assert response.status_code == 200
    row = ApiToken.objects.get(user=vic_user)
    token = response.context["new_token"]
    assert tokens.token_hash(token) == row.key_hash
    assert token in response.content.decode()
    again = client.get("/profiel/").content.decode()
    assert token not in again and row.prefix in again


def test_a_token_without_a_name_keeps_the_form(client_for, vic_user):
    response = client_for(vic_user).post("/profiel/tokens/nieuw/", {"name": "", "days": "30"})
    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_revoking_from_the_profile_page(client_for, vic_user, bestuurder):
    row, _token = tokens.api_token_create(user=vic_user, name="x", days=7)
    assert client_for(bestuurder).post(f"/profiel/tokens/{row.pk}/intrekken/").status_code == 404
    response = client_for(vic_user).post(f"/profiel/tokens/{row.pk}/intrekken/")
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None
    assert AuditEvent.objects.filter(action="api.token.revoked", actor=vic_user).exists()


def test_session_auth_needs_the_csrf_token(vic_user, incident):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(vic_user)
    url = f"/api/v1/incidents/{incident.pk}/log-entries/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"category": "informatie", "text": "x"}, content_type="application/json"
    )
    assert response.status_code == 403


# --- Schema, docs, query counts ---------------------------------------------------------------


def test_the_schema_is_valid_openapi_without_warnings(client, vic_user):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from openapi_spec_validator import validate

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    validate(schema)
    assert "/api/v1/incidents/{id}/log-entries/" in schema["paths"]
    response = client.get("/api/schema/", headers=bearer(token_for(vic_user)))
    assert response.status_code == 200


def test_the_doc_page_uses_only_our_own_files(client_for, vic_user):
    response = client_for(vic_user).get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<style" not in html and "<script>" not in html and "http" not in html.split("<body>")[1]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert client_for(vic_user).get("/api/docs/?script").status_code == 200


@pytest.mark.parametrize(
    "suffix", ["", "log-entries/", "decisions/", "actions/", "organisations/", "sitreps/"]
)
def test_list_queries_do_not_grow_with_the_incident(
    client, vic_user, incident, suffix, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = bearer(token_for(vic_user))
    url = f"/api/v1/incidents/{incident.pk}/{suffix}" if suffix else "/api/v1/incidents/"
    _mixed_tlp_items(incident, vic_user)
    services.affected_organisation_add(incident=incident, actor=vic_user, name="Eerste")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, headers=headers).status_code == 200
    for _ in range(3):
        _mixed_tlp_items(incident, vic_user)
        other = services.incident_open(actor=vic_user, title="Nog een")
        services.affected_organisation_add(
            incident=incident, actor=vic_user, name=f"Org {other.pk}"
        )
    with django_assert_max_num_queries(len(few)):
        assert client.get(url, headers=headers).status_code == 200


# --- Demo, sitrep PDF, corrections -------------------------------------------------------------


def test_seed_demo_prints_a_working_token_for_vic_once(client):
    import io
    import re

    from django.core.management import call_command

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    token = re.search(r"API token for 'vic' \(shown only once\): (cc_\S+)", out.getvalue()).group(1)
    body = client.get("/api/v1/incidents/", headers=bearer(token)).json()
    assert body["count"] >= 1
    again = io.StringIO()
    call_command("seed_demo", stdout=again)
    assert "cc_" not in again.getvalue()
    assert ApiToken.objects.filter(user__username="vic").count() == 1


def test_a_done_sitrep_pdf_downloads_through_the_api(
    client, vic_user, incident, monkeypatch, settings, tmp_path
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path / "media"
    from sitreps.models import Sitrep

    sitrep = Sitrep.objects.create(
        incident=incident,
        number=1,
        audience_tlp=TLP.AMBER,
        requested_by=vic_user,
        state=Sitrep.State.DONE,
    )
    sitrep.pdf.save("sitrep.pdf", ContentFile(b"%PDF-1.4 demo"), save=True)
    headers = bearer(token_for(vic_user))
    rows = client.get(f"/api/v1/incidents/{incident.pk}/sitreps/", headers=headers).json()
    pdf_url = rows["results"][0]["pdf_url"]
    response = client.get(pdf_url, headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    monkeypatch.setattr(access, "reader_clearance", lambda user, incident: TLP.GREEN)
    assert client.get(pdf_url, headers=headers).status_code == 404


def test_a_correction_through_the_api_names_the_entry_it_corrects(client, vic_user, incident):
    entry = services.log_entry_add(
        incident=incident, actor=vic_user, category="melding", text="Storing sinds 09:00"
    )
    response = client.post(
        f"/api/v1/incidents/{incident.pk}/log-entries/",
        {"category": "melding", "text": "Storing sinds 08:45", "corrects": entry.pk},
        content_type="application/json",
        headers=bearer(token_for(vic_user)),
    )
    assert response.status_code == 201, response.content
    assert response.json()["corrects"] == entry.pk
    log = client.get(
        f"/api/v1/incidents/{incident.pk}/log-entries/", headers=bearer(token_for(vic_user, "b"))
    ).json()["results"]
    assert {row["id"]: row["corrected_by"] for row in log}[entry.pk] == response.json()["id"]


def test_the_logbook_pages_with_a_cursor(client, vic_user, incident):
    for number in range(5):
        services.log_entry_add(
            incident=incident, actor=vic_user, category="melding", text=f"r{number}"
        )
    headers = bearer(token_for(vic_user))
    first = client.get(
        f"/api/v1/incidents/{incident.pk}/log-entries/?page_size=3", headers=headers
    ).json()
    second = client.get(first["next"], headers=headers).json()
    ids = [row["id"] for row in first["results"] + second["results"]]
    assert len(first["results"]) == 3 and len(ids) == len(set(ids)) >= 5


def test_staff_revoke_a_token_in_the_admin(client_for, admin_user, vic_user):
    row, token = tokens.api_token_create(user=vic_user, name="Gelekt", days=7)
    client = client_for(admin_user)
    page = client.get("/admin/incidents/apitoken/")
    assert page.status_code == 200 and "Gelekt" in page.content.decode()
    assert token not in page.content.decode() and row.key_hash not in page.content.decode()
    response = client.post(
        "/admin/incidents/apitoken/", {"action": "revoke", "_selected_action": [row.pk]}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None
    assert AuditEvent.objects.get(action="api.token.revoked").actor == admin_user


def test_the_api_shows_an_action_only_where_the_dashboard_would(
    client, vic_user, crisis_user, incident
):
    """An action carries the label of what it came from, else the incident's (action_tlp): an
    AMBER reader of a RED incident sees neither its unlinked action nor one from a RED log line,
    in the API as on the dashboard."""
    Incident = type(incident)
    Incident.objects.filter(pk=incident.pk).update(tlp=TLP.RED)
    incident.refresh_from_db()
    Membership.objects.filter(incident=incident, user=crisis_user).update(clearance=TLP.AMBER)
    green = services.log_entry_add(
        incident=incident, actor=vic_user, category="beeld", text="Groen", tlp=TLP.GREEN
    )
    red = services.log_entry_add(
        incident=incident, actor=vic_user, category="beeld", text="Rood", tlp=TLP.RED
    )
    for description, source in (("los", None), ("uit groen", green), ("uit rood", red)):
        services.action_create(
            incident=incident,
            actor=vic_user,
            description=description,
            log_entry=source,
            owner_organisation="GGD",
        )
    visible = tlps_visible_at(TLP.AMBER)
    expected = {
        action.description
        for action in incident.actions.select_related("decision", "log_entry")
        if selectors.action_tlp(action, incident) in visible
    }
    assert expected == {"uit groen"}
    response = client.get(
        f"/api/v1/incidents/{incident.pk}/actions/", headers=bearer(token_for(crisis_user))
    )
    assert response.status_code == 200
    assert {row["description"] for row in response.json()["results"]} == expected
    shown = selectors.visible_actions(incident, visible=tlps_visible_at(TLP.RED))
    assert shown.count() == 3  # a RED reader sees all three
