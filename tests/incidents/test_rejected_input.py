"""Issue 19.2: every rejected value shows a Dutch message where the user sees it."""

import pytest
from django.urls import reverse

from incidents import services
from incidents.models import Action, LogEntry
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db

REFERENCE_MESSAGE = "ongeldige verwijzing"


@pytest.fixture
def other_incident(outsider):
    return services.incident_open(actor=outsider, title="Ander incident")


def _log_url(incident):
    return reverse("incidents:log_add", args=[incident.pk])


def test_a_garbled_correction_id_gives_the_form_with_a_message_not_500(
    client_for, vic_user, incident
):
    response = client_for(vic_user).get(_log_url(incident) + "?corrects=abc", headers=HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="log-form"' in html
    assert "staat niet in dit logboek" in html


def test_posting_a_garbled_correction_id_shows_a_message_and_keeps_the_text(
    client_for, vic_user, incident
):
    response = client_for(vic_user).post(
        _log_url(incident),
        {"category": "beeld", "text": "Mijn tekst", "tlp": "AMBER", "corrects": "abc"},
        headers=HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert REFERENCE_MESSAGE in html and 'role="alert"' in html
    assert "Mijn tekst" in html
    assert not LogEntry.objects.filter(text="Mijn tekst").exists()


def test_correcting_a_line_of_another_incident_shows_a_message(
    client_for, vic_user, outsider, incident, other_incident
):
    foreign = services.log_entry_add(
        incident=other_incident, actor=outsider, category="beeld", text="elders"
    )
    response = client_for(vic_user).post(
        _log_url(incident),
        {"category": "beeld", "text": "Mijn tekst", "tlp": "AMBER", "corrects": foreign.pk},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "staat niet in dit logboek" in response.content.decode()


def test_an_action_linked_to_a_decision_of_another_incident_shows_a_message(
    client_for, vic_user, outsider, incident, other_incident
):
    decision = services.decision_record(
        incident=other_incident, actor=outsider, text="Elders besloten", decided_by="X"
    )
    response = client_for(vic_user).post(
        reverse("incidents:action_add", args=[incident.pk]),
        {"description": "Doe iets", "owner_organisation": "IT", "decision": decision.pk},
        headers=HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert REFERENCE_MESSAGE in html
    assert "Doe iets" in html
    assert not Action.objects.exists()


def test_a_garbled_expected_classification_shows_a_message(client_for, vic_user, incident):
    response = client_for(vic_user).post(
        reverse("incidents:classification_edit", args=[incident.pk]) + "?block=cause",
        {"cause": "moedwillig", "reason": "Bevestigd", "expected_id": "abc", "only": "cause"},
        headers=HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert REFERENCE_MESSAGE in html
    assert "Bevestigd" in html


def test_a_garbled_incident_version_shows_a_message(client_for, vic_user, incident):
    response = client_for(vic_user).post(
        reverse("incidents:edit", args=[incident.pk]),
        {
            "title": "Nieuwe titel",
            "reported_at": "2026-03-14T09:30",
            "status": incident.status,
            "tlp": incident.tlp,
            "region_role": incident.region_role,
            "version": "abc",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert REFERENCE_MESSAGE in html and "Nieuwe titel" in html


def test_an_oversized_log_text_is_refused_with_the_limit_and_kept(client_for, vic_user, incident):
    text = "x" * 10_001
    response = client_for(vic_user).post(
        _log_url(incident),
        {"category": "informatie", "text": text, "tlp": "AMBER"},
        headers=HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "te lang" in html and "10000" in html.replace(".", "")
    assert text in html
    assert not LogEntry.objects.filter(category="informatie").exists()


def test_the_log_service_refuses_oversized_text_too(vic_user, incident):
    with pytest.raises(services.ValidationError) as exc:
        services.log_entry_add(
            incident=incident, actor=vic_user, category="beeld", text="x" * 1_000_000
        )
    assert "text" in exc.value.error_dict
