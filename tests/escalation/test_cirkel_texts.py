"""The Cirkel page reads the region's texts: its teams and the playbook's reference text."""

import pytest
from django.urls import reverse

from escalation import cirkel
from escalation.models import CirkelTeam
from playbook.models import ReferenceText

pytestmark = pytest.mark.django_db


def test_the_migration_seeds_one_row_per_team_with_the_card_text():
    rows = {row.key: row for row in CirkelTeam.objects.all()}
    assert list(rows) == [team.key for team in cirkel.TEAMS]
    assert rows["ncsc"].text == cirkel.TEAMS[1].text and rows["ncsc"].name == "NCSC"


def test_a_team_text_edited_in_the_admin_shows_on_the_cirkel_page(
    client_for, admin_user, vic_user, incident
):
    team = CirkelTeam.objects.get(key="rot")
    response = client_for(admin_user).post(
        reverse("admin:escalation_cirkelteam_change", args=[team.pk]),
        {"name": "ROT Utrecht", "text": "Regionaal operationeel team van de VRU."},
    )
    assert response.status_code == 302
    html = (
        client_for(vic_user)
        .get(reverse("escalation:incident_cirkel", args=[incident.pk]))
        .content.decode()
    )
    assert "Regionaal operationeel team van de VRU." in html
    assert "ROT Utrecht" in html
    assert "Effectbestrijding bij gevolgen" not in html
    # Its place on the cirkel and its rule come from the code, by key.
    picture = cirkel.picture(None)
    rot = next(t for t in picture["teams"] if t["key"] == "rot")
    assert (rot["name"], rot["side"]) == ("ROT Utrecht", cirkel.SOCIETAL)


def test_the_cirkel_page_shows_the_edited_reference_text(client_for, vic_user, incident):
    ReferenceText.objects.filter(slug="cyber-crisis-cirkel").update(
        body="Eerste regel van de regio.\nTweede regel: blijf vragen stellen."
    )
    for url in (
        reverse("escalation:incident_cirkel", args=[incident.pk]),
        reverse("escalation:cirkel"),
    ):
        html = client_for(vic_user).get(url).content.decode()
        assert "<p>Eerste regel van de regio.</p>" in html
        assert "<p>Tweede regel: blijf vragen stellen.</p>" in html
        assert "Primaire focus van de regionale crisisorganisatie" not in html


def test_without_the_reference_text_the_page_keeps_the_card_wording(client_for, vic_user):
    ReferenceText.objects.filter(slug="cyber-crisis-cirkel").delete()
    html = client_for(vic_user).get(reverse("escalation:cirkel")).content.decode()
    assert "Primaire focus van de regionale crisisorganisatie" in html


def test_teams_cannot_be_added_or_removed_in_the_admin(client_for, admin_user):
    client = client_for(admin_user)
    assert client.get(reverse("admin:escalation_cirkelteam_add")).status_code == 403
    team = CirkelTeam.objects.first()
    delete = reverse("admin:escalation_cirkelteam_delete", args=[team.pk])
    assert client.get(delete).status_code == 403


def test_the_loader_keeps_edits():
    CirkelTeam.objects.filter(key="nkc").update(text="Eigen tekst.")
    CirkelTeam.objects.filter(key="cert").delete()
    assert cirkel.load_teams() == 1
    assert CirkelTeam.objects.get(key="nkc").text == "Eigen tekst."
    assert CirkelTeam.objects.filter(key="cert").exists()
