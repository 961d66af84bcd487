"""The outcome names the actual reporting points: sector -> CERT / regulator from the
stakeholder directory, the police cybercrime team, with their contact details."""

import pytest
from django.core.exceptions import ValidationError

from escalation import services
from escalation.models import ReportingRun
from incidents.services import affected_organisation_add, incident_open
from playbook.models import SectorReporting, Stakeholder
from tests.helpers import HTMX

# The digital rung, not vital: sectorale CERT, toezichthouder and aangifte.
DIGITAL = {"effect": ["digitaal"], "rijksoverheid-vitaal": ["nee"], "wettelijke-meldplicht": ["ja"]}
PARAMS = [f"{question}:{answer}" for question, (answer,) in DIGITAL.items()]


@pytest.fixture
def hospital(incident, vic_user):
    return affected_organisation_add(
        incident=incident, actor=vic_user, name="Regionaal Ziekenhuis Midden", sector="Zorg"
    )


@pytest.fixture
def zcert():
    stakeholder = Stakeholder.objects.get(slug="z-cert")
    stakeholder.email = "soc@z-cert.example"
    stakeholder.phone = "088 0000000"
    stakeholder.save()
    return stakeholder


def wizard(client, incident, **extra):
    return client.get(f"/incidents/{incident.pk}/beslisboom/", {"a": PARAMS, **extra})


def test_the_directory_and_the_sector_table_are_seeded(db):
    zorg = SectorReporting.objects.select_related("cert", "regulator").get(slug="zorg")
    assert (zorg.cert.slug, zorg.regulator.slug) == ("z-cert", "igj")
    assert SectorReporting.objects.get(slug="gemeenten").cert.slug == "ibd"


def test_a_care_organisation_is_told_z_cert_and_igj_with_their_contact(
    client_for, incident, vic_user, hospital, zcert
):
    body = wizard(client_for(vic_user), incident).content.decode()
    assert "Z-CERT – CERT voor de zorgsector" in body
    assert "soc@z-cert.example" in body and "088 0000000" in body
    assert "Inspectie Gezondheidszorg en Jeugd (IGJ)" in body
    assert "Cybercrime team Midden Nederland" in body  # aangifte bij de politie
    assert f'<option value="{hospital.pk}" selected>' in body


def test_a_municipality_is_told_the_ibd(client_for, incident, vic_user):
    affected_organisation_add(
        incident=incident, actor=vic_user, name="Gemeente Zeist", sector="gemeente"
    )
    body = wizard(client_for(vic_user), incident).content.decode()
    assert "Informatiebeveiligingsdienst (IBD)" in body
    assert "Z-CERT" not in body


def test_without_a_known_sector_the_outcome_asks_which_cert(client_for, incident, vic_user):
    affected_organisation_add(incident=incident, actor=vic_user, name="Bakkerij", sector="Voedsel")
    body = wizard(client_for(vic_user), incident).content.decode()
    assert "U meldt het incident bij uw sectorale CERT" in body
    assert "Welke sectorale CERT?" in body
    assert "Z-CERT" not in body


def test_the_general_wizard_names_the_party_of_the_chosen_sector(client_for, incident, vic_user):
    client = client_for(vic_user)
    body = client.get("/escalation/beslisboom/", {"a": PARAMS, "sector": "zorg"}).content.decode()
    assert "Z-CERT – CERT voor de zorgsector" in body
    assert '<input type="hidden" name="sector" value="zorg">' in body  # carried to attaching


def test_choosing_a_sector_with_htmx_returns_only_the_wizard(client_for, vic_user):
    response = client_for(vic_user).get(
        "/escalation/beslisboom/", {"a": PARAMS, "sector": "gemeenten"}, headers=HTMX
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="wizard"')
    assert "Informatiebeveiligingsdienst (IBD)" in body


def test_an_unknown_sector_gets_a_dutch_message(client_for, vic_user):
    response = client_for(vic_user).get("/escalation/beslisboom/", {"a": PARAMS, "sector": "xx"})
    assert response.status_code == 200
    assert "Kies een sector uit de lijst." in response.content.decode()


def test_an_organisation_of_another_incident_gets_a_dutch_message(
    client_for, incident, vic_user, hospital
):
    other = incident_open(actor=vic_user, title="Ander incident")
    stranger = affected_organisation_add(incident=other, actor=vic_user, name="X", sector="Zorg")
    client = client_for(vic_user)
    body = wizard(client, incident, org=str(stranger.pk)).content.decode()
    assert "Kies een getroffen organisatie van dit incident." in body
    assert "koppelen/" not in body  # no attach button until the choice is valid
    response = client.post(
        f"/incidents/{incident.pk}/beslisboom/koppelen/",
        {"a": PARAMS, "org": str(stranger.pk)},
        follow=True,
    )
    assert "Kies een getroffen organisatie van dit incident." in response.content.decode()
    assert not ReportingRun.objects.exists()


def test_the_service_refuses_an_organisation_of_another_incident(incident, vic_user, tree):
    other = incident_open(actor=vic_user, title="Ander incident")
    stranger = affected_organisation_add(incident=other, actor=vic_user, name="X", sector="Zorg")
    with pytest.raises(ValidationError):
        services.reporting_run_attach(
            incident=incident, actor=vic_user, tree=tree, answers=DIGITAL, organisation=stranger
        )


def test_attaching_keeps_the_parties_and_the_checklist_shows_them_with_contact(
    client_for, incident, vic_user, hospital, zcert, django_assert_max_num_queries
):
    client = client_for(vic_user)
    response = client.post(
        f"/incidents/{incident.pk}/beslisboom/koppelen/", {"a": PARAMS, "org": str(hospital.pk)}
    )
    assert response.status_code == 302
    run = ReportingRun.objects.get(incident=incident)
    assert run.organisation == hospital and run.sector.slug == "zorg"
    cert = run.items.get(point__key="sectorale-cert")
    assert [party.slug for party in cert.parties.all()] == ["z-cert"]
    event = incident.audit_events.get(action="escalation.reporting.run_attached")
    assert event.after["parties"]["toezichthouder-politie"] == ["igj", "cybercrime-team"]
    client.get(f"/incidents/{incident.pk}/tegel/reporting/")
    with django_assert_max_num_queries(12):
        body = client.get(f"/incidents/{incident.pk}/tegel/reporting/").content.decode()
    assert "Z-CERT – CERT voor de zorgsector" in body and "soc@z-cert.example" in body
    assert "Regionaal Ziekenhuis Midden" in body
    history = client.get(f"/incidents/{incident.pk}/meldpunten/").content.decode()
    assert "Inspectie Gezondheidszorg en Jeugd (IGJ)" in history


def test_the_sector_table_is_editable_data(client_for, incident, vic_user, hospital):
    SectorReporting.objects.filter(slug="zorg").update(
        cert=Stakeholder.objects.get(slug="ibd"), regulator=None
    )
    body = wizard(client_for(vic_user), incident).content.decode()
    assert "Informatiebeveiligingsdienst (IBD)" in body
    assert "Inspectie Gezondheidszorg" not in body
    assert "Geen toezichthouder vastgelegd voor deze sector." in body


def test_an_alias_matches_the_sector_whatever_the_case(client_for, incident, vic_user):
    affected_organisation_add(incident=incident, actor=vic_user, name="UMC", sector="ZIEKENHUIS")
    assert "Z-CERT" in wizard(client_for(vic_user), incident).content.decode()


def test_the_wizard_result_uses_a_fixed_number_of_queries(
    client_for, incident, vic_user, hospital, django_assert_max_num_queries
):
    client = client_for(vic_user)
    wizard(client, incident)
    with django_assert_max_num_queries(14):
        assert wizard(client, incident).status_code == 200


def test_the_wbni_note_shows_in_the_outcome(client_for, incident, vic_user):
    body = wizard(client_for(vic_user), incident).content.decode()
    assert "Cyberbeveiligingswet" in body and "NIS2" in body


def test_the_sitrep_section_names_the_parties(incident, vic_user, tree, hospital):
    from django.template.loader import render_to_string

    from escalation.sitrep import reporting_section

    services.reporting_run_attach(
        incident=incident, actor=vic_user, tree=tree, answers=DIGITAL, organisation=hospital
    )
    section = reporting_section(incident, audience_tlp="AMBER", since=None)
    html = render_to_string(
        "escalation/sitrep/reporting.html", {"section": section, "incident": incident}
    )
    assert "Z-CERT – CERT voor de zorgsector" in html


def test_attaching_from_the_general_wizard_keeps_the_chosen_sector(
    client_for, incident, vic_user, hospital
):
    response = client_for(vic_user).post(
        "/escalation/beslisboom/koppelen/",
        {"incident": incident.pk, "a": PARAMS, "sector": "gemeenten"},
    )
    assert response.status_code == 302
    run = ReportingRun.objects.get(incident=incident)
    assert run.sector.slug == "gemeenten" and run.organisation is None
    cert = run.items.get(point__key="sectorale-cert")
    assert [party.slug for party in cert.parties.all()] == ["ibd"]
