"""Access for every view, and the wizard's htmx behaviour."""

import pytest

from escalation import services
from escalation.models import ReportingRun
from tests.helpers import HTMX, make_user

# The physical rung with every follow-up answered "nee": six points (digital 3, continuity 2,
# physical 1).
FYSIEK = {
    "effect": ["fysiek"],
    "rijksoverheid-vitaal": ["nee"],
    "wettelijke-meldplicht": ["nee"],
    "overheid-vitaal": ["nee"],
    "crisisorganisatie": ["nee"],
}
FYSIEK_PARAMS = [f"{question}:{answer}" for question, (answer,) in FYSIEK.items()]


@pytest.fixture
def item(incident, vic_user, tree):
    run = services.reporting_run_attach(
        incident=incident, actor=vic_user, tree=tree, answers=FYSIEK
    )
    return run.items.order_by("order").first()


READS = [
    "/incidents/{pk}/tegel/grip/",
    "/incidents/{pk}/tegel/advice/",
    "/incidents/{pk}/tegel/vital/",
    "/incidents/{pk}/cirkel/",
    "/incidents/{pk}/beslisboom/",
    "/incidents/{pk}/meldpunten/",
    "/incidents/{pk}/tegel/reporting/",
]
WRITES = [
    "/incidents/{pk}/grip/",
    "/incidents/{pk}/vitaal/",
    "/incidents/{pk}/beslisboom/koppelen/",
    "/incidents/{pk}/meldpunten/{item}/gemeld",
    "/incidents/{pk}/meldpunten/{item}/heropend",
]


def url(template, incident, item):
    return template.format(pk=incident.pk, item=item.pk)


@pytest.mark.parametrize("template", READS)
def test_members_read_and_outsiders_get_404(
    client_for, incident, item, bestuurder, outsider, template
):
    assert client_for(bestuurder).get(url(template, incident, item)).status_code == 200
    assert client_for(outsider).get(url(template, incident, item)).status_code == 404


@pytest.mark.parametrize("template", READS)
def test_reads_refuse_post(client_for, incident, item, vic_user, template):
    assert client_for(vic_user).post(url(template, incident, item)).status_code == 405


@pytest.mark.parametrize("template", WRITES)
def test_writes_give_outsiders_404_and_bestuurders_403(
    client_for, incident, item, bestuurder, outsider, template
):
    assert client_for(outsider).post(url(template, incident, item)).status_code == 404
    assert client_for(bestuurder).post(url(template, incident, item)).status_code == 403


@pytest.mark.parametrize("template", WRITES)
def test_writes_refuse_get(client_for, incident, item, vic_user, template):
    assert client_for(vic_user).get(url(template, incident, item)).status_code == 405


def test_an_item_of_another_incident_is_404(client_for, incident, item, outsider, tree):
    from incidents.services import incident_open

    other = incident_open(actor=outsider, title="Ander incident")
    response = client_for(outsider).post(f"/incidents/{other.pk}/meldpunten/{item.pk}/gemeld")
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/escalation/beslisboom/", "/escalation/cirkel/"])
def test_general_pages_need_a_crisis_role(client_for, django_user_model, bestuurder, path):
    assert client_for(bestuurder).get(path).status_code == 200
    nobody = make_user(django_user_model, "niemand")
    assert client_for(nobody).get(path).status_code == 403


@pytest.mark.parametrize("path", ["/escalation/beslisboom/", "/escalation/cirkel/"])
def test_general_pages_refuse_post(client_for, vic_user, path):
    assert client_for(vic_user).post(path).status_code == 405


def test_the_general_attach_needs_write_access_to_the_chosen_incident(
    client_for, incident, bestuurder, outsider
):
    data = {"incident": incident.pk, "a": ["effect:fysiek"]}
    assert client_for(outsider).post("/escalation/beslisboom/koppelen/", data).status_code == 404
    assert client_for(bestuurder).post("/escalation/beslisboom/koppelen/", data).status_code == 403
    assert client_for(outsider).get("/escalation/beslisboom/koppelen/").status_code == 405


# --- The wizard -------------------------------------------------------------------------------


def test_the_wizard_starts_with_the_effect_question(client_for, vic_user):
    body = client_for(vic_user).get("/escalation/beslisboom/").content.decode()
    assert "Wat is het zwaarste effect van het digitale incident op uw organisatie?" in body
    assert 'type="radio"' in body and 'type="checkbox"' not in body
    assert "TLP:GREEN" in body


def test_an_htmx_step_returns_only_the_wizard_fragment(client_for, vic_user):
    response = client_for(vic_user).get(
        "/escalation/beslisboom/", {"a": "effect:digitaal", "q": "effect"}, headers=HTMX
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="wizard"')
    assert "Behoort uw organisatie tot de rijksoverheid of vitale infrastructuur?" in body
    assert 'name="a" value="effect:digitaal"' in body


def test_submitting_no_effect_asks_again_with_a_message(client_for, vic_user):
    body = client_for(vic_user).get("/escalation/beslisboom/", {"q": "effect"}).content.decode()
    assert "Kies ten minste één antwoord." in body


def test_a_tampered_answer_starts_the_wizard_again(client_for, vic_user):
    body = (
        client_for(vic_user).get("/escalation/beslisboom/", {"a": "effect:onzin"}).content.decode()
    )
    assert "Wat is het zwaarste effect van het digitale incident op uw organisatie?" in body
    assert "Deze antwoorden passen niet bij de beslisboom; begin opnieuw." in body


def test_the_result_lists_the_points_and_offers_the_users_incidents(client_for, incident, vic_user):
    body = (
        client_for(vic_user).get("/escalation/beslisboom/", {"a": FYSIEK_PARAMS}).content.decode()
    )
    assert "Neem contact op met de meldkamer van de hulpdiensten" in body
    assert f'<option value="{incident.pk}">' in body


def test_a_bestuurder_sees_the_result_but_cannot_attach(client_for, incident, bestuurder):
    body = (
        client_for(bestuurder)
        .get(f"/incidents/{incident.pk}/beslisboom/", {"a": FYSIEK_PARAMS})
        .content.decode()
    )
    assert "Neem contact op met de meldkamer van de hulpdiensten" in body
    assert "koppelen" not in body


def test_attaching_from_the_incident_wizard_redirects_to_the_dashboard(
    client_for, incident, vic_user
):
    response = client_for(vic_user).post(
        f"/incidents/{incident.pk}/beslisboom/koppelen/", {"a": FYSIEK_PARAMS}
    )
    assert response.status_code == 302 and response.url == f"/incidents/{incident.pk}/"
    run = ReportingRun.objects.get(incident=incident)
    assert run.items.count() == 6


def test_attaching_from_the_general_wizard(client_for, incident, vic_user):
    response = client_for(vic_user).post(
        "/escalation/beslisboom/koppelen/", {"incident": incident.pk, "a": FYSIEK_PARAMS}
    )
    assert response.status_code == 302
    assert ReportingRun.objects.filter(incident=incident).exists()


def test_attaching_an_incomplete_walk_sends_the_user_back_to_the_wizard(
    client_for, incident, vic_user
):
    response = client_for(vic_user).post(
        f"/incidents/{incident.pk}/beslisboom/koppelen/", {"a": ["effect:digitaal"]}
    )
    assert response.url == f"/incidents/{incident.pk}/beslisboom/"
    assert not ReportingRun.objects.exists()


def test_ticking_an_item_with_htmx_returns_the_row(client_for, incident, item, vic_user):
    response = client_for(vic_user).post(
        f"/incidents/{incident.pk}/meldpunten/{item.pk}/gemeld",
        {"reported_to": "Dienstdoende centralist"},
        headers=HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<li id="reporting-item-{item.pk}"')
    assert "Dienstdoende centralist" in body and "Ongedaan maken" in body
    assert "incidentChanged" in response.headers["HX-Trigger"]


def test_the_reporting_tile_shows_done_and_open(client_for, incident, item, vic_user, bestuurder):
    services.reporting_item_mark(item=item, actor=vic_user, reported_to="Meldkamer")
    body = (
        client_for(bestuurder)
        .get(f"/incidents/{incident.pk}/tegel/reporting/", headers=HTMX)
        .content.decode()
    )
    assert body.lstrip().startswith('<div id="reporting-body"')
    assert "1 van 6 meldpunten gemeld." in body


def test_the_history_page_lists_every_run(client_for, incident, item, vic_user, tree):
    services.reporting_run_attach(incident=incident, actor=vic_user, tree=tree, answers=FYSIEK)
    body = client_for(vic_user).get(f"/incidents/{incident.pk}/meldpunten/").content.decode()
    assert body.count("Wat is het zwaarste effect van het digitale incident") == 2
    assert "vervangen" in body


@pytest.mark.parametrize(
    "old, new", [("advies", "advice"), ("vitaal", "vital"), ("meldpunten", "reporting")]
)
def test_a_dashboard_open_since_before_the_english_tile_names_still_refreshes(
    client_for, incident, vic_user, old, new
):
    response = client_for(vic_user).get(f"/incidents/{incident.pk}/tegel/{old}/", headers=HTMX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith(f'<div id="{new}-body"')
