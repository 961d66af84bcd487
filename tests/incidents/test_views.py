import re
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents import selectors, services
from incidents.models import Action, Decision, LogEntry
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


def write_urls(incident, decision, action):
    pk = incident.pk
    return [
        ("post", reverse("incidents:edit", args=[pk])),
        ("post", reverse("incidents:classification_edit", args=[pk])),
        ("post", reverse("incidents:log_add", args=[pk])),
        ("post", reverse("incidents:decision_add", args=[pk])),
        ("post", reverse("incidents:decision_evaluate", args=[pk, decision.pk])),
        ("post", reverse("incidents:action_add", args=[pk])),
        ("post", reverse("incidents:action_status", args=[pk, action.pk])),
        ("post", reverse("incidents:members", args=[pk])),
        ("post", reverse("incidents:organisation_add", args=[pk])),
        ("get", reverse("incidents:edit", args=[pk])),
        ("get", reverse("incidents:classification_edit", args=[pk])),
    ]


def read_urls(incident):
    pk = incident.pk
    return [
        reverse("incidents:detail", args=[pk]),
        reverse("incidents:pulse", args=[pk]),
        reverse("incidents:members", args=[pk]),
        reverse("incidents:tile", args=[pk, "classification"]),
        reverse("incidents:tile", args=[pk, "picture"]),
        reverse("incidents:tile", args=[pk, "organisations"]),
        reverse("incidents:tile", args=[pk, "log"]),
        reverse("incidents:tile", args=[pk, "decisions"]),
        reverse("incidents:tile", args=[pk, "actions"]),
    ]


@pytest.fixture
def decision(incident, crisis_user):
    return services.decision_record(
        incident=incident, actor=crisis_user, text="Opschalen", decided_by="OL"
    )


@pytest.fixture
def action(incident, crisis_user):
    return services.action_create(
        incident=incident, actor=crisis_user, description="Bel NCC", owner_organisation="VIC"
    )


def test_an_outsider_gets_404_on_every_incident_view(
    client_for, outsider, incident, decision, action
):
    client = client_for(outsider)
    for url in read_urls(incident):
        assert client.get(url).status_code == 404, url
    for method, url in write_urls(incident, decision, action):
        assert getattr(client, method)(url).status_code == 404, url
    assert client.get(reverse("incidents:audit", args=[incident.pk])).status_code == 404


def test_a_bestuurder_reads_but_gets_403_on_every_write(
    client_for, bestuurder, incident, decision, action
):
    client = client_for(bestuurder)
    for url in read_urls(incident):
        assert client.get(url).status_code in (200, 204), url
    for method, url in write_urls(incident, decision, action):
        assert getattr(client, method)(url).status_code == 403, url
    assert client.get(reverse("incidents:create")).status_code == 403


def test_a_bestuurder_sees_no_edit_controls(client_for, bestuurder, incident):
    page = client_for(bestuurder).get(incident.get_absolute_url()).content.decode()
    assert 'id="log-form"' not in page
    assert "classification_edit" not in page and "/duiding/wijzigen/" not in page


def test_wrong_methods_get_405(client_for, vic_user, incident, decision, action):
    client = client_for(vic_user)
    assert client.post(reverse("incidents:detail", args=[incident.pk])).status_code == 405
    assert client.post(reverse("incidents:pulse", args=[incident.pk])).status_code == 405
    assert client.get(reverse("incidents:decision_add", args=[incident.pk])).status_code == 405
    assert (
        client.get(reverse("incidents:action_status", args=[incident.pk, action.pk])).status_code
        == 405
    )
    assert client.delete(reverse("incidents:log_add", args=[incident.pk])).status_code == 405


def test_the_audit_trail_is_for_staff(client_for, vic_user, admin_user, incident):
    assert (
        client_for(vic_user).get(reverse("incidents:audit", args=[incident.pk])).status_code == 403
    )
    page = client_for(admin_user).get(reverse("incidents:audit", args=[incident.pk]))
    assert page.status_code == 200
    assert "Incident geopend" in page.content.decode()


def test_creating_an_incident_redirects_to_its_dashboard(client_for, crisis_user):
    response = client_for(crisis_user).post(
        reverse("incidents:create"),
        {
            "title": "Storing drinkwater",
            "status": "melding",
            "tlp": "AMBER",
            "region_role": "gevolgbestrijder",
            "reported_at": "2026-11-26T10:00",
        },
    )
    assert response.status_code == 302
    page = client_for(crisis_user).get(response["Location"]).content.decode()
    assert "Storing drinkwater" in page
    assert "Moedwillig" in page and "aanname" in page


def test_an_invalid_new_incident_keeps_the_input_and_says_why_in_dutch(client_for, crisis_user):
    response = client_for(crisis_user).post(
        reverse("incidents:create"), {"title": "", "description": "Mijn lange tekst"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Mijn lange tekst" in page
    assert "Dit veld is verplicht." in page


def test_adding_a_log_entry_with_htmx_returns_a_fresh_form_and_triggers_refresh(
    client_for, vic_user, incident
):
    response = client_for(vic_user).post(
        reverse("incidents:log_add", args=[incident.pk]),
        {"category": "beeld", "text": "Apotheken dicht", "source": "GGD", "tlp": "AMBER"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "incidentChanged" in response["HX-Trigger"]
    assert "<html" not in response.content.decode()
    assert LogEntry.objects.get(incident=incident, text="Apotheken dicht").author == vic_user


def test_an_invalid_log_entry_keeps_the_text_with_a_dutch_error(client_for, vic_user, incident):
    response = client_for(vic_user).post(
        reverse("incidents:log_add", args=[incident.pk]),
        {"category": "", "text": "Belangrijke waarneming", "tlp": "AMBER"},
        headers=HTMX,
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Belangrijke waarneming" in page
    assert "Dit veld is verplicht." in page
    assert not LogEntry.objects.filter(text="Belangrijke waarneming").exists()


def test_a_correction_is_shown_struck_through_with_a_link(client_for, vic_user, incident):
    client = client_for(vic_user)
    wrong = services.log_entry_add(
        incident=incident, actor=vic_user, category="beeld", text="Fout getal"
    )
    form = client.get(
        reverse("incidents:log_add", args=[incident.pk]) + f"?corrects={wrong.pk}", headers=HTMX
    )
    assert "Fout getal" in form.content.decode()  # pre-filled for editing
    client.post(
        reverse("incidents:log_add", args=[incident.pk]),
        {"category": "beeld", "text": "Goed getal", "tlp": "AMBER", "corrects": wrong.pk},
        headers=HTMX,
    )
    body = client.get(
        reverse("incidents:tile", args=[incident.pk, "log"]), headers=HTMX
    ).content.decode()
    assert '<span class="struck">Fout getal</span>' in body
    assert "Correctie van" in body


def test_the_log_filters_by_category(client_for, vic_user, incident):
    services.log_entry_add(incident=incident, actor=vic_user, category="beeld", text="Beeldregel")
    services.log_entry_add(incident=incident, actor=vic_user, category="actie", text="Actieregel")
    body = (
        client_for(vic_user)
        .get(reverse("incidents:tile", args=[incident.pk, "log"]) + "?category=beeld")
        .content.decode()
    )
    assert "Beeldregel" in body and "Actieregel" not in body


def test_changing_one_block_inline_records_it_with_the_reason(client_for, crisis_user, incident):
    client = client_for(crisis_user)
    current = selectors.classification_current(incident)
    form = client.get(
        reverse("incidents:classification_edit", args=[incident.pk]) + "?block=area", headers=HTMX
    )
    assert form.status_code == 200 and 'name="area"' in form.content.decode()
    assert 'name="cause"' not in form.content.decode()
    response = client.post(
        reverse("incidents:classification_edit", args=[incident.pk]) + "?block=area",
        {
            "only": "area",
            "area": "meerdere_regios",
            "reason": "Buurregio meldt ook",
            "expected_id": current.pk,
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    new = selectors.classification_current(incident)
    assert new.area == "meerdere_regios" and new.reason == "Buurregio meldt ook"


def test_a_classification_without_reason_keeps_the_choice_and_asks_for_one(
    client_for, crisis_user, incident
):
    current = selectors.classification_current(incident)
    response = client_for(crisis_user).post(
        reverse("incidents:classification_edit", args=[incident.pk]) + "?block=area",
        {"only": "area", "area": "meerdere_landen", "reason": "", "expected_id": current.pk},
        headers=HTMX,
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Geef een reden" in page
    assert 'value="meerdere_landen" selected' in page


def test_a_stale_classification_form_is_refused_with_409_showing_the_new_state(
    client_for, crisis_user, vic_user, incident
):
    current = selectors.classification_current(incident)
    services.classification_change(
        incident=incident, actor=vic_user, changes={"actor": "statelijk"}, reason="AIVD"
    )
    response = client_for(crisis_user).post(
        reverse("incidents:classification_edit", args=[incident.pk]) + "?block=actor",
        {
            "only": "actor",
            "actor": "niet_statelijk",
            "reason": "Politie",
            "expected_id": current.pk,
        },
        headers=HTMX,
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Statelijke actor" in page and "Politie" in page
    assert selectors.classification_current(incident).actor == "statelijk"


def test_a_stale_incident_edit_shows_the_changes_and_keeps_the_input(
    client_for, crisis_user, vic_user, incident
):
    old_version = incident.register_version
    services.incident_update(
        incident=incident, actor=vic_user, expected_register_version=old_version, title="Door VIC"
    )
    data = {
        "title": "Door crisisteam",
        "status": "actief",
        "tlp": "AMBER",
        "region_role": "gevolgbestrijder",
        "reported_at": "2026-11-26T10:00",
        "version": old_version,
    }
    response = client_for(crisis_user).post(reverse("incidents:edit", args=[incident.pk]), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Door VIC" in page and "Door crisisteam" in page
    incident.refresh_from_db()
    assert incident.title == "Door VIC"


def _edit_data(page: str, **overrides) -> dict:
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    return {
        "title": "Storing betalingsverkeer",
        "status": "actief",
        "tlp": "AMBER",
        "region_role": "gevolgbestrijder",
        "reported_at": "2026-11-26T10:00",
        "version": version,
        **overrides,
    }


def test_unrelated_activity_does_not_make_the_incident_edit_stale(
    client_for, crisis_user, vic_user, incident
):
    client = client_for(crisis_user)
    edit_url = reverse("incidents:edit", args=[incident.pk])
    form_page = client.get(edit_url).content.decode()
    # Meanwhile others write in the log and change the classification: both bump
    # Incident.version, neither touches the register fields this form edits.
    services.log_entry_add(incident=incident, actor=vic_user, category="melding", text="Belletje")
    services.classification_change(
        incident=incident, actor=vic_user, changes={"actor": "statelijk"}, reason="NCSC"
    )
    response = client.post(edit_url, _edit_data(form_page, title="Nieuwe titel"))
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.title == "Nieuwe titel"


def test_the_stale_incident_edit_lists_changes_with_dutch_labels_and_local_times(
    client_for, crisis_user, vic_user, incident
):
    client = client_for(crisis_user)
    edit_url = reverse("incidents:edit", args=[incident.pk])
    form_page = client.get(edit_url).content.decode()
    reported_at = timezone.make_aware(datetime(2026, 11, 26, 9, 30))  # Amsterdam, UTC+1
    services.incident_update(
        incident=incident,
        actor=vic_user,
        expected_register_version=incident.register_version,
        status="actief",
        reported_at=reported_at,
    )
    response = client.post(edit_url, _edit_data(form_page, title="Door crisisteam"))
    assert response.status_code == 409
    page = response.content.decode()
    start = page.index("Intussen gewijzigd")
    changes = page[start : page.index("</ul>", start)]
    assert "Status: Melding → Actief" in changes
    assert "Gemeld op:" in changes and "26-11-2026 09:30" in changes
    assert "status:" not in changes and "reported_at" not in changes
    assert "08:30" not in changes and "+00:00" not in changes  # no UTC, no ISO
    assert "Door crisisteam" in page  # the typed input stays in the form
    # Having seen the changes, saving again applies this version.
    response = client.post(edit_url, _edit_data(page, title="Door crisisteam"))
    assert response.status_code == 302


def test_decisions_and_actions_from_the_dashboard(client_for, crisis_user, incident):
    client = client_for(crisis_user)
    client.post(
        reverse("incidents:decision_add", args=[incident.pk]),
        {
            "text": "Inzet aggregaten",
            "decided_by": "Burgemeester",
            "team": "GBT",
            "meeting_at": "2026-11-26T10:00",
            "reevaluate_at": "2026-01-01T11:00",
            "tlp": "AMBER",
        },
        headers=HTMX,
    )
    decision = Decision.objects.get(incident=incident)
    assert decision.log_entry.category == "besluit"
    client.post(
        reverse("incidents:action_add", args=[incident.pk]),
        {
            "description": "Aggregaten plaatsen",
            "owner_organisation": "Brandweer",
            "decision": decision.pk,
            "due_at": "2026-01-01T09:00",
        },
        headers=HTMX,
    )
    action = Action.objects.get(incident=incident)
    assert action.decision == decision and action.is_overdue
    dashboard = client.get(incident.get_absolute_url()).content.decode()
    assert "over tijd" in dashboard
    assert "herijken sinds" in dashboard
    client.post(
        reverse("incidents:action_status", args=[incident.pk, action.pk]),
        {"status": "gereed"},
        headers=HTMX,
    )
    action.refresh_from_db()
    assert action.status == "gereed"


def test_an_action_without_owner_gets_a_dutch_error(client_for, crisis_user, incident):
    response = client_for(crisis_user).post(
        reverse("incidents:action_add", args=[incident.pk]),
        {"description": "Iets doen"},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "Wijs een actiehouder aan" in response.content.decode()
    assert "Iets doen" in response.content.decode()


def test_the_pulse_is_204_when_unchanged_and_triggers_refresh_when_changed(
    client_for, vic_user, incident, django_assert_max_num_queries
):
    client = client_for(vic_user)
    url = reverse("incidents:pulse", args=[incident.pk])
    client.get(url + "?v=0")  # warm the session
    with django_assert_max_num_queries(3):  # session, user, the incident's version
        response = client.get(f"{url}?v={incident.version}")
    assert response.status_code == 204
    seen = incident.version
    services.log_entry_add(incident=incident, actor=vic_user, category="melding", text="nieuw")
    response = client.get(f"{url}?v={seen}")
    assert response.status_code == 200
    assert "incidentChanged" in response["HX-Trigger"]


def test_a_tile_body_is_a_fragment_for_htmx(client_for, vic_user, incident):
    body = client_for(vic_user).get(
        reverse("incidents:tile", args=[incident.pk, "classification"]), headers=HTMX
    )
    assert body.content.decode().lstrip().startswith('<div id="classification-body"')


def test_members_can_be_added_by_writers(client_for, vic_user, outsider, incident):
    client = client_for(vic_user)
    response = client.post(
        reverse("incidents:members", args=[incident.pk]), {"username": outsider.username}
    )
    assert response.status_code == 302
    assert incident.members.filter(pk=outsider.pk).exists()
    response = client.post(
        reverse("incidents:members", args=[incident.pk]), {"username": "niemand"}
    )
    assert "Er is geen actieve gebruiker" in response.content.decode()


def test_the_list_shows_open_incidents_first_and_filters(client_for, vic_user, incident):
    closed = services.incident_open(actor=vic_user, title="Afgesloten storing", status="gesloten")
    oefening = services.incident_open(actor=vic_user, title="Oefenscenario", is_exercise=True)
    client = client_for(vic_user)
    page = client.get(reverse("incidents:list")).content.decode()
    assert incident.title in page and "Afgesloten storing" not in page
    page = client.get(reverse("incidents:list") + "?status=alle").content.decode()
    assert "Afgesloten storing" in page
    page = client.get(reverse("incidents:list") + "?exercise=ja").content.decode()
    assert oefening.title in page and incident.title not in page
    page = client.get(
        reverse("incidents:list") + f"?q={closed.reference}&status=alle"
    ).content.decode()
    assert "Afgesloten storing" in page and incident.title not in page


def test_affected_organisations_are_added_from_the_dashboard(
    client_for, vic_user, bestuurder, incident
):
    url = reverse("incidents:organisation_add", args=[incident.pk])
    assert client_for(bestuurder).post(url, {"name": "Waterbedrijf"}).status_code == 403
    response = client_for(vic_user).post(
        url, {"name": "Waterbedrijf", "sector": "Drinkwater", "is_vital": "on"}, headers=HTMX
    )
    assert response.status_code == 200
    organisation = incident.affected_organisations.get()
    assert organisation.is_vital and organisation.sector == "Drinkwater"
    response = client_for(vic_user).post(url, {"name": "", "sector": "Zorg"}, headers=HTMX)
    assert response.status_code == 422 and "Zorg" in response.content.decode()


def test_entries_without_an_author_render(client_for, vic_user, incident):
    """Imported or system entries have no author; the dashboard must still open."""
    from incidents.models import Classification, LogEntry

    LogEntry.objects.create(incident=incident, category="melding", text="Import", author=None)
    # A new, newest classification without an author (the history table is append-only).
    Classification.objects.create(incident=incident, reason="Import", created_by=None)
    response = client_for(vic_user).get(incident.get_absolute_url())
    assert response.status_code == 200
    assert "Import" in response.content.decode()


def test_the_log_tile_shows_the_latest_lines_and_older_ones_on_request(
    client_for, vic_user, incident
):
    from incidents.tiles import LOG_TILE_LIMIT

    total = incident.log_entries.count() + LOG_TILE_LIMIT + 2
    for i in range(LOG_TILE_LIMIT + 2):
        services.log_entry_add(
            incident=incident, actor=vic_user, category="informatie", text=f"Regel {i}"
        )
    client = client_for(vic_user)
    body = client.get(
        reverse("incidents:tile", args=[incident.pk, "log"]), headers=HTMX
    ).content.decode()
    assert body.count('class="log-entry"') == LOG_TILE_LIMIT
    assert "Oudere regels" in body
    cursor = re.search(r'hx-get="[^"]*\?voor=(\d+)"', body).group(1)
    older = client.get(
        reverse("incidents:tile", args=[incident.pk, "log"]) + f"?voor={cursor}", headers=HTMX
    ).content.decode()
    assert older.count('class="log-entry"') == total - LOG_TILE_LIMIT
    assert "Oudere regels" not in older
    assert "Nieuwste regels" in older


def test_the_full_list_puts_open_incidents_before_closed_ones(client_for, vic_user):
    services.incident_open(actor=vic_user, title="Open storing")
    closed = services.incident_open(actor=vic_user, title="Gesloten storing")
    # Closing waits for the evaluation (issue 18): waive it for this small disruption.
    from aftermath.services import evaluation_waive

    evaluation_waive(incident=closed, actor=vic_user, reason="Kleine storing")
    closed.refresh_from_db()
    services.incident_update(
        incident=closed,
        actor=vic_user,
        expected_register_version=closed.register_version,
        status="gesloten",
    )
    page = client_for(vic_user).get(reverse("incidents:list") + "?status=alle").content.decode()
    assert page.index("Open storing") < page.index("Gesloten storing")
