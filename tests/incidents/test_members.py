"""Members can be taken off an incident (audited; the last writer stays), and only members
who can write are offered as action owner."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from incidents import services
from incidents.forms import ActionForm
from incidents.models import Action, AuditEvent, Membership
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


def remove_url(incident, user):
    return reverse("incidents:member_remove", args=[incident.pk, user.pk])


def test_a_writer_removes_a_member_and_it_is_audited(client_for, vic_user, crisis_user, incident):
    version = incident.version
    response = client_for(vic_user).post(remove_url(incident, crisis_user))
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:members", args=[incident.pk])
    assert not Membership.objects.filter(incident=incident, user=crisis_user).exists()
    event = AuditEvent.objects.get(action="incidents.member.removed")
    assert event.actor == vic_user
    assert event.incident == incident
    assert event.before == {"user": crisis_user.username}
    incident.refresh_from_db()
    assert incident.version > version


def test_the_removed_member_no_longer_sees_the_incident(
    client_for, vic_user, crisis_user, incident
):
    client_for(vic_user).post(remove_url(incident, crisis_user))
    other = Client()
    other.force_login(crisis_user)
    assert other.get(incident.get_absolute_url()).status_code == 404


def test_the_last_member_who_can_write_cannot_be_removed(vic_user, crisis_user, incident):
    services.membership_remove(incident=incident, actor=vic_user, user=crisis_user)
    with pytest.raises(ValidationError, match="laatste lid"):
        services.membership_remove(incident=incident, actor=vic_user, user=vic_user)
    assert Membership.objects.filter(incident=incident, user=vic_user).exists()
    assert not AuditEvent.objects.filter(
        action="incidents.member.removed", before={"user": vic_user.username}
    ).exists()


def test_the_last_writer_gets_a_dutch_message_and_stays(
    client_for, vic_user, crisis_user, incident
):
    client = client_for(vic_user)
    client.post(remove_url(incident, crisis_user))
    response = client.post(remove_url(incident, vic_user))
    assert response.status_code == 422
    body = response.content.decode()
    assert "het laatste lid dat het incident mag bijwerken" in body
    assert 'role="alert"' in body
    assert Membership.objects.filter(incident=incident, user=vic_user).exists()


def test_a_read_only_member_does_not_count_as_the_last_writer(
    vic_user, crisis_user, bestuurder, incident
):
    services.membership_remove(incident=incident, actor=vic_user, user=bestuurder)
    services.membership_remove(incident=incident, actor=vic_user, user=crisis_user)
    with pytest.raises(ValidationError):
        services.membership_remove(incident=incident, actor=vic_user, user=vic_user)


def test_a_writer_may_leave_while_another_writer_stays(client_for, vic_user, incident):
    response = client_for(vic_user).post(remove_url(incident, vic_user))
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:list")


def test_removal_is_post_only(client_for, vic_user, crisis_user, incident):
    assert client_for(vic_user).get(remove_url(incident, crisis_user)).status_code == 405


def test_removal_needs_the_csrf_token(vic_user, crisis_user, incident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(vic_user)
    assert client.post(remove_url(incident, crisis_user)).status_code == 403
    assert Membership.objects.filter(incident=incident, user=crisis_user).exists()


def test_a_bestuurder_cannot_remove_and_an_outsider_gets_404(
    client_for, bestuurder, outsider, crisis_user, incident
):
    assert client_for(bestuurder).post(remove_url(incident, crisis_user)).status_code == 403
    assert client_for(outsider).post(remove_url(incident, crisis_user)).status_code == 404
    assert Membership.objects.filter(incident=incident, user=crisis_user).exists()


def test_a_non_member_cannot_be_removed(client_for, vic_user, outsider, incident):
    assert client_for(vic_user).post(remove_url(incident, outsider)).status_code == 404


def test_the_members_page_offers_removal_to_writers_only(
    client_for, vic_user, bestuurder, crisis_user, incident
):
    url = reverse("incidents:members", args=[incident.pk])
    assert remove_url(incident, crisis_user) in client_for(vic_user).get(url).content.decode()
    assert remove_url(incident, crisis_user) not in client_for(bestuurder).get(url).content.decode()


# --- Action owners ----------------------------------------------------------------------------


def test_the_owner_picker_offers_only_members_who_can_write(
    vic_user, crisis_user, bestuurder, outsider, incident
):
    offered = set(ActionForm(incident=incident).fields["owner_user"].queryset)
    assert offered == {vic_user, crisis_user}


def test_the_service_refuses_a_bestuurder_as_action_owner(vic_user, bestuurder, incident):
    with pytest.raises(ValidationError) as caught:
        services.action_create(
            incident=incident,
            actor=vic_user,
            description="Pers te woord staan",
            owner_user=bestuurder,
        )
    assert "owner_user" in caught.value.message_dict
    assert not Action.objects.exists()


def test_the_service_refuses_a_non_member_as_action_owner(vic_user, outsider, incident):
    with pytest.raises(ValidationError):
        services.action_create(
            incident=incident, actor=vic_user, description="Bellen", owner_user=outsider
        )


def test_posting_a_bestuurder_as_owner_shows_a_dutch_error(
    client_for, vic_user, bestuurder, incident
):
    response = client_for(vic_user).post(
        reverse("incidents:action_add", args=[incident.pk]),
        {"description": "Pers te woord staan", "owner_user": bestuurder.pk},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "Pers te woord staan" in response.content.decode()  # typed text kept
    assert not Action.objects.exists()


def test_a_writer_is_still_accepted_as_owner(vic_user, crisis_user, incident):
    action = services.action_create(
        incident=incident, actor=vic_user, description="Bel het NCC", owner_user=crisis_user
    )
    assert action.owner_user == crisis_user


def test_the_members_page_cost_does_not_grow_with_members(
    client_for, django_user_model, vic_user, incident, django_assert_max_num_queries
):
    from tests.helpers import make_user

    client = client_for(vic_user)
    url = reverse("incidents:members", args=[incident.pk])
    client.get(url)
    # 10: the function choices of the add form and of the rows (once for all) came with #16.
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    for n in range(10):
        member = make_user(django_user_model, f"lid{n}", "Crisisteamlid")
        services.membership_add(incident=incident, actor=vic_user, user=member)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
