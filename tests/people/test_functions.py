"""Crisis functions are data: members and the roster name them, the playbook's attention
points belong to them, the dashboard shows who is who, a member sees "mijn taken"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents import services
from incidents.models import Action, CrisisFunction, Membership
from playbook import services as playbook_services
from playbook.models import ChecklistItem

pytestmark = pytest.mark.django_db


def function(name):
    return CrisisFunction.objects.get(name=name)


def test_the_functions_of_the_card_are_seeded():
    names = set(CrisisFunction.objects.values_list("name", flat=True))
    for expected in (
        "Leider CoPI",
        "Operationeel Leider (ROL)",
        "Informatiemanager ROT",
        "Leider VIC",
        "Communicatieadviseur",
        "Burgemeester",
        "Voorzitter veiligheidsregio",
        "Liaison getroffen partij",
        "CISO",
    ):
        assert expected in names


def test_the_attention_points_are_tied_to_their_functions():
    communication = ChecklistItem.objects.filter(functions=function("Communicatieadviseur"))
    assert communication.filter(text__icontains="digitale verstoring").exists()
    assert not ChecklistItem.objects.filter(
        functions=function("Communicatieadviseur"), list="operationeel"
    ).exists()


def test_a_roster_line_links_its_function_and_keeps_unknown_text(incident, vic_user):
    now = timezone.now()
    known = playbook_services.roster_entry_add(
        incident=incident,
        actor=vic_user,
        function="leider vic",
        person="Anna",
        starts_at=now,
        ends_at=now + timedelta(hours=8),
    )
    other = playbook_services.roster_entry_add(
        incident=incident,
        actor=vic_user,
        function="Notulist",
        person="Piet",
        starts_at=now,
        ends_at=now + timedelta(hours=8),
    )
    assert known.crisis_function == function("Leider VIC")
    assert known.function == "Leider VIC"
    assert other.crisis_function is None and other.function == "Notulist"


def test_who_is_who_shows_the_person_now_and_the_successor(client_for, incident, vic_user):
    now = timezone.now()
    for person, start in (("Anna", now - timedelta(hours=1)), ("Bert", now + timedelta(hours=7))):
        playbook_services.roster_entry_add(
            incident=incident,
            actor=vic_user,
            function="Leider VIC",
            person=person,
            starts_at=start,
            ends_at=start + timedelta(hours=8),
        )
    page = client_for(vic_user).get(incident.get_absolute_url()).content.decode()
    tile = page[page.index('id="tile-who_is_who"') :]
    tile = tile[: tile.index("</section>")]
    assert "Leider VIC" in tile and "Anna" in tile and "Bert" in tile


def test_a_members_function_shows_in_who_is_who(client_for, incident, vic_user, crisis_user):
    membership = Membership.objects.get(incident=incident, user=crisis_user)
    services.membership_change(
        membership=membership, actor=vic_user, function=function("Communicatieadviseur")
    )
    body = client_for(vic_user).get(reverse("incidents:tile", args=[incident.pk, "who_is_who"]))
    assert "Communicatieadviseur" in body.content.decode()
    assert "Chris" in body.content.decode()


def test_my_tasks_lists_my_functions_points_and_my_open_actions(
    client_for, incident, vic_user, crisis_user
):
    membership = Membership.objects.get(incident=incident, user=crisis_user)
    services.membership_change(
        membership=membership, actor=vic_user, function=function("Communicatieadviseur")
    )
    services.action_create(
        incident=incident,
        actor=vic_user,
        description="Persbericht opstellen",
        owner_user=crisis_user,
    )
    services.action_create(
        incident=incident, actor=vic_user, description="Iets voor een ander", owner_user=vic_user
    )
    page = client_for(crisis_user).get(reverse("playbook:my_tasks", args=[incident.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Communicatieadviseur" in text
    assert "digitale verstoring" in text
    assert "Persbericht opstellen" in text
    assert "Iets voor een ander" not in text


def test_my_tasks_without_a_function_says_how_to_get_one(client_for, incident, crisis_user):
    page = client_for(crisis_user).get(reverse("playbook:my_tasks", args=[incident.pk]))
    assert "nog geen crisisfunctie" in page.content.decode()


def test_my_tasks_costs_the_same_with_many_actions(
    client_for, incident, vic_user, crisis_user, django_assert_max_num_queries
):
    client = client_for(crisis_user)
    url = reverse("playbook:my_tasks", args=[incident.pk])
    client.get(url)
    for n in range(30):
        Action.objects.create(incident=incident, description=f"Actie {n}", owner_user=crisis_user)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
