"""Partner guests (samenwerkingsprofiel): invited to one incident with a one-time link, see it
up to their clearance, add log lines; never the member list, the audit trail or another
incident; expiry and revocation take effect at the next request."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from incidents import partners, services
from incidents.models import AuditEvent, LogEntry, Membership, PartnerInvitation
from incidents.tlp import TLP

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Zeer-lang-wachtwoord-42"  # noqa: S105 - test only


def invite(incident, actor, **extra):
    fields = {
        "email": "ciso@ziekenhuis.example",
        "name": "Carla Ciso",
        "organisation": "Ziekenhuis Zuid",
        "clearance": TLP.GREEN,
        "access_until": timezone.now() + timedelta(days=3),
        **extra,
    }
    return partners.partner_invite(incident=incident, actor=actor, **fields)


def token_of(link):
    return re.search(r"/partner/uitnodiging/([^/]+)/", link).group(1)


@pytest.fixture
def guest(incident, vic_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, link = invite(incident, vic_user)
    user, _incident = partners.partner_accept(token=token_of(link), password=NEW_PASSWORD)
    return user


@pytest.fixture
def guest_client(guest):
    client = Client()
    client.force_login(guest)
    return client


def test_the_invitation_is_mailed_with_a_link_and_stored_hashed(
    incident, vic_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, link = invite(incident, vic_user)
    token = token_of(link)
    assert len(mail.outbox) == 1 and token in mail.outbox[0].body
    assert token not in invitation.token_hash
    assert not PartnerInvitation.objects.filter(token_hash=token).exists()


def test_the_link_sets_a_password_and_opens_the_incident(client, incident, vic_user):
    _invitation, link = invite(incident, vic_user)
    page = client.get(link)
    assert page.status_code == 200 and "Ziekenhuis Zuid" in page.content.decode()
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == incident.get_absolute_url()
    membership = Membership.objects.get(incident=incident, is_partner=True)
    assert membership.clearance == TLP.GREEN and membership.organisation == "Ziekenhuis Zuid"
    assert client.get(incident.get_absolute_url()).status_code == 200


def test_the_password_validators_apply(client, incident, vic_user):
    _invitation, link = invite(incident, vic_user)
    response = client.post(link, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 422
    assert not Membership.objects.filter(is_partner=True).exists()


def test_a_used_link_is_refused(client, incident, vic_user):
    _invitation, link = invite(incident, vic_user)
    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    other = Client()
    assert other.get(link).status_code == 410
    response = other.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 410
    assert "verlopen of al gebruikt" in response.content.decode()


def test_an_expired_link_is_refused(client, incident, vic_user):
    invitation, link = invite(incident, vic_user)
    PartnerInvitation.objects.filter(pk=invitation.pk).update(
        link_expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(link).status_code == 410
    assert not Membership.objects.filter(is_partner=True).exists()


def test_a_partner_cannot_grant_red_and_nobody_invites_above_their_clearance(incident, crisis_user):
    with pytest.raises(Exception, match="TLP:RED"):
        invite(incident, crisis_user, clearance=TLP.RED)


def test_a_partner_sees_only_its_incident(guest_client, vic_user):
    other = services.incident_open(actor=vic_user, title="Ander incident")
    assert guest_client.get(other.get_absolute_url()).status_code == 404
    listing = guest_client.get(reverse("incidents:list")).content.decode()
    assert "Ander incident" not in listing


@pytest.mark.parametrize("name", ["incidents:members", "incidents:audit", "incidents:partners"])
def test_a_partner_never_sees_the_member_list_or_audit_trail(guest_client, incident, name):
    assert guest_client.get(reverse(name, args=[incident.pk])).status_code == 404


def test_a_partner_does_not_see_who_is_who(guest_client, incident, crisis_user):
    body = guest_client.get(reverse("incidents:tile", args=[incident.pk, "who_is_who"]))
    assert body.status_code == 200 and "Chris" not in body.content.decode()


def test_a_red_or_amber_item_is_never_shown_to_a_green_partner(guest_client, incident, vic_user):
    for tlp in (TLP.RED, TLP.AMBER):
        services.log_entry_add(
            incident=incident, actor=vic_user, category="informatie", text=f"Geheim {tlp}", tlp=tlp
        )
    services.log_entry_add(
        incident=incident, actor=vic_user, category="informatie", text="Openbaar", tlp=TLP.GREEN
    )
    for url in (
        reverse("playbook:handover", args=[incident.pk]) + "?doelgroep=RED",
        reverse("sitreps:preview", args=[incident.pk]) + "?audience_tlp=RED",
    ):
        text = guest_client.get(url).content.decode()
        assert "Geheim" not in text, url
    page = guest_client.get(incident.get_absolute_url()).content.decode()
    assert "U ziet informatie tot en met TLP:GREEN" in page and "gefilterd" in page


def test_a_partner_adds_log_lines_audited_with_its_organisation(guest_client, incident, guest):
    response = guest_client.post(
        reverse("incidents:log_add", args=[incident.pk]),
        {"category": "informatie", "text": "Ziekenhuis draait op papier", "tlp": TLP.GREEN},
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get(text="Ziekenhuis draait op papier")
    assert entry.author == guest and entry.source == "Ziekenhuis Zuid"
    event = AuditEvent.objects.get(action="incidents.log.added", object_id=str(entry.pk))
    assert event.after["partner_organisation"] == "Ziekenhuis Zuid"


def test_a_partner_cannot_write_above_its_clearance(guest_client, incident):
    response = guest_client.post(
        reverse("incidents:log_add", args=[incident.pk]),
        {"category": "informatie", "text": "Rood van partner", "tlp": TLP.RED},
    )
    assert response.status_code == 422
    assert not LogEntry.objects.filter(text="Rood van partner").exists()


def test_a_partner_cannot_take_decisions(guest_client, incident):
    response = guest_client.post(reverse("incidents:decision_add", args=[incident.pk]), {})
    assert response.status_code == 403


def test_the_brief_and_the_sitrep_name_the_contributing_partner(
    guest_client, client_for, incident, vic_user
):
    guest_client.post(
        reverse("incidents:log_add", args=[incident.pk]),
        {"category": "informatie", "text": "Bijdrage", "tlp": TLP.GREEN},
    )
    client = client_for(vic_user)
    brief = client.get(reverse("playbook:handover", args=[incident.pk])).content.decode()
    assert "Bijdragen van partners" in brief and "Ziekenhuis Zuid: 1 logregel" in brief
    preview = client.get(reverse("sitreps:preview", args=[incident.pk])).content.decode()
    assert "Bijdragen van partners" in preview and "Ziekenhuis Zuid" in preview


def test_a_revoked_partner_is_refused_on_the_next_request(
    guest_client, client_for, incident, vic_user
):
    assert guest_client.get(incident.get_absolute_url()).status_code == 200
    membership = Membership.objects.get(incident=incident, is_partner=True)
    response = client_for(vic_user).post(
        reverse("incidents:partner_revoke", args=[incident.pk, membership.pk])
    )
    assert response.status_code == 302
    assert guest_client.get(incident.get_absolute_url()).status_code in (302, 404)
    event = AuditEvent.objects.get(action="incidents.partner.revoked")
    assert event.before["organisation"] == "Ziekenhuis Zuid"


def test_a_partner_whose_access_ended_is_refused(guest_client, incident):
    Membership.objects.filter(incident=incident, is_partner=True).update(
        access_until=timezone.now() - timedelta(minutes=1)
    )
    assert guest_client.get(incident.get_absolute_url()).status_code == 404
    pulse = guest_client.get(reverse("incidents:pulse", args=[incident.pk]))
    assert pulse.status_code == 404
