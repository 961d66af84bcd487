"""Staff keep the glossary up to date in the admin; the live check uses it at once."""

import pytest
from django.urls import reverse

from communication.models import GlossaryTerm

pytestmark = pytest.mark.django_db


def test_staff_add_a_glossary_term_and_the_live_check_uses_it(
    client_for, admin_user, crisis_user, incident
):
    client = client_for(admin_user)
    response = client.post(
        reverse("admin:communication_glossaryterm_add"),
        {"term": "wormvirus", "alternative": "zichzelf verspreidende software", "is_active": "on"},
    )
    assert response.status_code == 302
    assert GlossaryTerm.objects.filter(term="wormvirus").exists()
    client = client_for(crisis_user)
    html = client.post(
        reverse("communication:check", args=[incident.pk]),
        {"text": "Een wormvirus.", "action_perspective": "Bel 112."},
    ).content.decode()
    assert "zichzelf verspreidende software" in html


def test_an_inactive_glossary_term_is_not_flagged(client_for, crisis_user, incident):
    GlossaryTerm.objects.filter(term="phishing").update(is_active=False)
    html = (
        client_for(crisis_user)
        .post(
            reverse("communication:check", args=[incident.pk]),
            {"text": "Pas op voor phishing.", "action_perspective": "Bel 112."},
        )
        .content.decode()
    )
    assert 'id="check-clear"' in html


def test_messages_are_read_only_in_the_admin(client_for, admin_user):
    response = client_for(admin_user).get(reverse("admin:communication_message_add"))
    assert response.status_code == 403
