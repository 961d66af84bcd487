"""TLP is the reader's property: each membership has a clearance, and what a member sees
outside the dashboard tiles never goes above it."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from incidents import access, services
from incidents.models import Membership
from incidents.tlp import TLP
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


def set_clearance(incident, user, clearance):
    Membership.objects.filter(incident=incident, user=user).update(clearance=clearance)


def test_a_new_member_reads_what_the_incident_is_marked(incident, crisis_user):
    assert Membership.objects.get(incident=incident, user=crisis_user).clearance == incident.tlp


def test_the_opener_holds_red_so_someone_can_grant_it(incident, vic_user):
    assert Membership.objects.get(incident=incident, user=vic_user).clearance == TLP.RED


def test_a_red_incident_does_not_make_new_members_red_by_default(
    vic_user, crisis_user, django_user_model
):
    incident = services.incident_open(actor=vic_user, title="Rood", tlp=TLP.RED)
    membership = services.membership_add(incident=incident, actor=vic_user, user=crisis_user)
    assert membership.clearance == TLP.AMBER_STRICT


def test_only_a_member_holding_red_grants_red(incident, crisis_user, django_user_model):
    newcomer = django_user_model.objects.create_user("nina")
    with pytest.raises(ValidationError) as error:
        services.membership_add(
            incident=incident, actor=crisis_user, user=newcomer, clearance=TLP.RED
        )
    assert "Alleen een lid dat zelf TLP:RED ziet" in str(error.value)
    assert not Membership.objects.filter(user=newcomer).exists()


def test_nobody_grants_more_than_they_see(incident, crisis_user, vic_user, django_user_model):
    set_clearance(incident, crisis_user, TLP.GREEN)
    newcomer = django_user_model.objects.create_user("nina")
    with pytest.raises(ValidationError) as error:
        services.membership_add(
            incident=incident, actor=crisis_user, user=newcomer, clearance=TLP.AMBER
        )
    assert "U kunt niet meer toekennen dan u zelf ziet" in str(error.value)
    membership = services.membership_add(
        incident=incident, actor=vic_user, user=newcomer, clearance=TLP.RED
    )
    assert membership.clearance == TLP.RED


def test_reader_clearance_per_person(incident, vic_user, crisis_user, admin_user, outsider):
    set_clearance(incident, crisis_user, TLP.GREEN)
    assert access.reader_clearance(vic_user, incident) == TLP.RED
    assert access.reader_clearance(crisis_user, incident) == TLP.GREEN
    assert access.reader_clearance(admin_user, incident) == TLP.RED
    assert access.reader_clearance(outsider, incident) == TLP.CLEAR


def test_reader_clearance_costs_no_query_per_tile(incident, crisis_user, django_assert_num_queries):
    crisis_user.groups.all()  # roles are fetched once, like in a request
    fetched = access.get_incident_for_user(crisis_user, incident.pk)
    with django_assert_num_queries(0):
        for _tile in range(20):
            assert access.reader_clearance(crisis_user, fetched) == TLP.AMBER


def test_reader_clearance_without_the_access_function_is_one_query_per_request(
    incident, crisis_user, django_assert_num_queries
):
    with django_assert_num_queries(1):
        for _tile in range(20):
            access.reader_clearance(crisis_user, incident)


def test_the_handover_brief_never_goes_above_the_readers_clearance(
    client_for, incident, crisis_user, vic_user
):
    services.log_entry_add(
        incident=incident, actor=vic_user, category="informatie", text="Geheime bron", tlp=TLP.RED
    )
    services.log_entry_add(
        incident=incident, actor=vic_user, category="informatie", text="Open regel", tlp=TLP.GREEN
    )
    set_clearance(incident, crisis_user, TLP.GREEN)
    url = reverse("playbook:handover", args=[incident.pk])
    page = client_for(crisis_user).get(url + "?doelgroep=RED").content.decode()
    assert "Open regel" in page
    assert "Geheime bron" not in page
    assert 'value="RED"' not in page  # the audience select offers nothing above GREEN
    assert "U ziet informatie tot en met TLP:GREEN" in page
    assert "gefilterd" in page


def test_the_dashboard_says_how_far_the_reader_sees(client_for, incident, crisis_user, vic_user):
    set_clearance(incident, crisis_user, TLP.AMBER)
    page = client_for(crisis_user).get(incident.get_absolute_url()).content.decode()
    assert "U ziet informatie tot en met TLP:AMBER" in page
    assert "gefilterd" not in page
    services.log_entry_add(
        incident=incident, actor=vic_user, category="informatie", text="Rood", tlp=TLP.RED
    )
    page = client_for(crisis_user).get(incident.get_absolute_url()).content.decode()
    assert "gefilterd" in page


def test_a_red_reader_gets_no_notice(client_for, incident, vic_user):
    page = client_for(vic_user).get(incident.get_absolute_url()).content.decode()
    assert "U ziet informatie tot en met" not in page


def test_a_sitrep_cannot_be_made_for_an_audience_above_ones_clearance(
    client_for, incident, crisis_user
):
    set_clearance(incident, crisis_user, TLP.GREEN)
    response = client_for(crisis_user).post(
        reverse("sitreps:create", args=[incident.pk]), {"audience_tlp": TLP.AMBER}
    )
    assert response.status_code == 422
    assert "boven uw eigen rubricering" in response.content.decode()


def test_the_sitrep_preview_is_capped_to_the_readers_clearance(
    client_for, incident, crisis_user, vic_user
):
    services.log_entry_add(
        incident=incident, actor=vic_user, category="beeld", text="Rode duiding", tlp=TLP.RED
    )
    set_clearance(incident, crisis_user, TLP.AMBER)
    page = client_for(crisis_user).get(
        reverse("sitreps:preview", args=[incident.pk]) + "?audience_tlp=RED"
    )
    assert "Rode duiding" not in page.content.decode()


def test_a_correction_form_never_shows_a_line_above_clearance(
    client_for, incident, crisis_user, vic_user
):
    entry = services.log_entry_add(
        incident=incident, actor=vic_user, category="informatie", text="Rood geheim", tlp=TLP.RED
    )
    response = client_for(crisis_user).get(
        reverse("incidents:log_add", args=[incident.pk]) + f"?corrects={entry.pk}",
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "Rood geheim" not in response.content.decode()


def test_communication_messages_above_clearance_are_not_shown(
    client_for, incident, crisis_user, vic_user
):
    from communication import services as communication_services

    message = communication_services.message_create(
        incident=incident, actor=vic_user, title="Rood bericht", text="Geheim", tlp=TLP.RED
    )
    set_clearance(incident, crisis_user, TLP.AMBER)
    client = client_for(crisis_user)
    page = client.get(reverse("communication:page", args=[incident.pk])).content.decode()
    assert "Rood bericht" not in page
    edit = reverse("communication:message", args=[incident.pk, message.pk])
    assert client.get(edit).status_code == 404


def test_a_stored_sitrep_above_clearance_is_listed_without_a_link_and_not_served(
    client_for, incident, crisis_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from sitreps.models import Sitrep

    sitrep = Sitrep.objects.create(
        incident=incident, number=1, audience_tlp=TLP.AMBER, state=Sitrep.State.DONE
    )
    sitrep.pdf.save("s.pdf", ContentFile(b"%PDF-1.4"))
    set_clearance(incident, crisis_user, TLP.GREEN)
    client = client_for(crisis_user)
    page = client.get(reverse("sitreps:list", args=[incident.pk])).content.decode()
    assert "boven uw rubricering" in page
    download = reverse("sitreps:download", args=[incident.pk, sitrep.pk])
    assert client.get(download).status_code == 404
    set_clearance(incident, crisis_user, TLP.AMBER)
    assert client_for(crisis_user).get(download).status_code == 200
