"""Adding a member: search by name or organisation (bounded suggestions), pick function and
clearance; an unknown or ambiguous name gets a Dutch message, never a silent failure."""

import pytest
from django.urls import reverse

from incidents.models import Affiliation, AuditEvent, CrisisFunction, Membership
from incidents.tlp import TLP
from tests.helpers import HTMX, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def hospital_ciso(django_user_model):
    user = make_user(django_user_model, "henk", "Crisisteamlid", last_name="de Vries")
    Affiliation.objects.create(user=user, organisation="Ziekenhuis Zuid")
    return user


def test_the_search_finds_users_by_organisation(client_for, vic_user, incident, hospital_ciso):
    url = reverse("incidents:member_search", args=[incident.pk])
    body = client_for(vic_user).get(url, {"username": "zieken"}, headers=HTMX).content.decode()
    assert "Henk de Vries" in body and "Ziekenhuis Zuid" in body
    assert f'value="{hospital_ciso.pk}"' in body


def test_the_search_never_offers_members_or_inactive_users(
    client_for, vic_user, crisis_user, incident, django_user_model
):
    make_user(django_user_model, "chrisoud", "Crisisteamlid", is_active=False)
    url = reverse("incidents:member_search", args=[incident.pk])
    body = client_for(vic_user).get(url, {"username": "chris"}, headers=HTMX).content.decode()
    assert "Geen gebruiker gevonden" in body


def test_the_search_is_bounded(client_for, vic_user, incident, django_user_model):
    for n in range(25):
        make_user(django_user_model, f"piet{n}", "Crisisteamlid")
    url = reverse("incidents:member_search", args=[incident.pk])
    body = client_for(vic_user).get(url, {"username": "piet"}, headers=HTMX).content.decode()
    assert body.count('type="radio"') == 10
    assert "typ verder" in body


def test_a_bestuurder_cannot_search_the_user_directory(client_for, bestuurder, incident):
    url = reverse("incidents:member_search", args=[incident.pk])
    assert client_for(bestuurder).get(url, {"username": "a"}).status_code == 403


def test_adding_with_function_and_clearance(client_for, vic_user, incident, hospital_ciso):
    ciso = CrisisFunction.objects.get(name="CISO")
    response = client_for(vic_user).post(
        reverse("incidents:members", args=[incident.pk]),
        {"username": "Ziekenhuis Zuid", "function": ciso.pk, "clearance": TLP.GREEN},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(incident=incident, user=hospital_ciso)
    assert membership.function == ciso and membership.clearance == TLP.GREEN
    event = AuditEvent.objects.get(action="incidents.member.added", object_id=str(membership.pk))
    assert event.after["clearance"] == TLP.GREEN and event.after["function"] == "CISO"


def test_a_picked_suggestion_wins_over_an_ambiguous_text(
    client_for, vic_user, incident, django_user_model
):
    first = make_user(django_user_model, "jan1", "Crisisteamlid")
    make_user(django_user_model, "jan2", "Crisisteamlid")
    url = reverse("incidents:members", args=[incident.pk])
    response = client_for(vic_user).post(url, {"username": "jan"})
    assert response.status_code == 422
    assert "Meerdere gebruikers passen bij" in response.content.decode()
    assert "jan1" in response.content.decode()  # the candidates are offered in the form
    response = client_for(vic_user).post(url, {"username": "jan", "user": first.pk})
    assert response.status_code == 302
    assert Membership.objects.filter(incident=incident, user=first).exists()


def test_an_unknown_name_gets_a_dutch_message(client_for, vic_user, incident):
    response = client_for(vic_user).post(
        reverse("incidents:members", args=[incident.pk]), {"username": "Onbekende Persoon"}
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Er is geen actieve gebruiker die past bij" in text
    assert "Onbekende Persoon" in text  # the typed text is kept


def test_granting_red_without_holding_it_is_refused_on_the_page(
    client_for, crisis_user, incident, hospital_ciso
):
    response = client_for(crisis_user).post(
        reverse("incidents:members", args=[incident.pk]),
        {"username": "henk", "clearance": TLP.RED},
    )
    assert response.status_code == 422
    assert not Membership.objects.filter(user=hospital_ciso).exists()


def test_a_member_changes_anothers_clearance_within_their_own(
    client_for, vic_user, crisis_user, incident
):
    membership = Membership.objects.get(incident=incident, user=crisis_user)
    url = reverse("incidents:member_change", args=[incident.pk, membership.pk])
    response = client_for(vic_user).post(url, {"clearance": TLP.CLEAR, "function": ""})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.clearance == TLP.CLEAR
    assert AuditEvent.objects.filter(action="incidents.member.changed").exists()


def test_a_change_above_the_members_own_clearance_is_refused_with_why(
    client_for, vic_user, crisis_user, incident
):
    Membership.objects.filter(incident=incident, user=crisis_user).update(clearance=TLP.GREEN)
    Membership.objects.filter(incident=incident, user=vic_user).update(clearance=TLP.CLEAR)
    membership = Membership.objects.get(incident=incident, user=vic_user)
    url = reverse("incidents:member_change", args=[incident.pk, membership.pk])
    response = client_for(crisis_user).post(url, {"clearance": TLP.AMBER, "function": ""})
    assert response.status_code == 422
    assert "U kunt niet meer toekennen dan u zelf ziet" in response.content.decode()
    membership.refresh_from_db()
    assert membership.clearance == TLP.CLEAR


def test_a_garbled_change_gets_one_plain_sentence(client_for, vic_user, crisis_user, incident):
    membership = Membership.objects.get(incident=incident, user=crisis_user)
    before = membership.clearance
    url = reverse("incidents:member_change", args=[incident.pk, membership.pk])
    response = client_for(vic_user).post(url, {"clearance": "PAARS", "function": "x"})
    assert response.status_code == 422
    assert response.content.decode().count("Kies een geldige functie en rubricering.") == 1
    membership.refresh_from_db()
    assert membership.clearance == before
