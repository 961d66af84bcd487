"""The joint evaluation: themes, participants, findings, improvements, recording, waiving."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aftermath import services
from aftermath.models import Evaluation, EvaluationTheme
from incidents import services as incident_services
from incidents.models import AuditEvent, Incident
from sitreps.rendering import weasyprint_problem
from tests.helpers import HTMX, close_incident

pytestmark = pytest.mark.django_db


def test_the_themes_are_the_card_sections_and_voorbereid_zijn_1_to_11():
    slugs = set(EvaluationTheme.objects.values_list("slug", flat=True))
    assert {"kaart-melding", "kaart-leiding", "kaart-crisiscommunicatie", "kaart-nafase"} <= slugs
    assert {f"voorbereid-{n}" for n in range(1, 12)} <= slugs
    seven = EvaluationTheme.objects.get(slug="voorbereid-7")
    assert seven.text.startswith("Bereid mogelijke ingrijpende maatregelen voor")


def test_recording_needs_both_crisis_and_technical_partners(incident, vic_user, theme):
    services.participant_add(
        incident=incident, actor=vic_user, name="Petra", organisation="VRU", side="crisis"
    )
    services.finding_add(incident=incident, actor=vic_user, theme=theme, kind="goed", text="X")
    with pytest.raises(ValidationError) as exc:
        services.evaluation_record(incident=incident, actor=vic_user)
    assert "technische partner" in " ".join(exc.value.messages)


def test_a_recorded_evaluation_is_closed_for_additions(incident, vic_user, joint, theme):
    services.evaluation_record(incident=incident, actor=vic_user, summary="Goed gedaan")
    with pytest.raises(ValidationError):
        services.finding_add(incident=incident, actor=vic_user, theme=theme, kind="goed", text="Y")
    assert AuditEvent.objects.filter(action="aftermath.evaluation.recorded").exists()


def test_an_improvement_needs_an_owner_and_its_status_can_change_later(incident, vic_user, joint):
    with pytest.raises(ValidationError):
        services.improvement_add(incident=incident, actor=vic_user, description="Oefenen", owner="")
    improvement = services.improvement_add(
        incident=incident, actor=vic_user, description="Oefenen", owner="Adviseur"
    )
    services.evaluation_record(incident=incident, actor=vic_user)
    services.improvement_set_status(improvement=improvement, actor=vic_user, status="gereed")
    improvement.refresh_from_db()
    assert improvement.status == "gereed"


def test_closing_waits_for_the_evaluation_or_a_waiver_with_reason(incident, vic_user):
    with pytest.raises(ValidationError) as exc:
        close_incident(incident, vic_user)
    assert "evaluatie is vastgesteld" in " ".join(exc.value.message_dict["status"])
    with pytest.raises(ValidationError):
        services.evaluation_waive(incident=incident, actor=vic_user, reason=" ")
    services.evaluation_waive(incident=incident, actor=vic_user, reason="Geëvalueerd door de GHOR")
    assert close_incident(incident, vic_user).status == Incident.Status.CLOSED
    assert incident.evaluation.status == Evaluation.Status.WAIVED


def test_other_status_changes_are_not_held_up(incident, vic_user):
    incident.refresh_from_db()
    updated = incident_services.incident_update(
        incident=incident,
        actor=vic_user,
        expected_register_version=incident.register_version,
        status=Incident.Status.AFTERCARE,
    )
    assert updated.status == Incident.Status.AFTERCARE


def test_the_page_hides_findings_above_the_readers_clearance(
    client_for, incident, vic_user, joint, theme, monkeypatch
):
    services.finding_add(
        incident=incident, actor=vic_user, theme=theme, kind="verbeteren", text="Geheim", tlp="RED"
    )
    monkeypatch.setattr("aftermath.views.reader_clearance", lambda user, incident: "AMBER")
    page = client_for(vic_user).get(reverse("aftermath:evaluation", args=[incident.pk]))
    text = page.content.decode()
    assert "Geheim" not in text and "Snel opgeschaald" in text
    assert "boven TLP:AMBER is niet getoond" in text


def test_an_htmx_post_with_bad_input_keeps_it_and_answers_422(client_for, incident, vic_user):
    response = client_for(vic_user).post(
        reverse("aftermath:participant_add", args=[incident.pk]),
        {"name": "Karin", "organisation": "", "side": "crisis"},
        headers=HTMX,
    )
    assert response.status_code == 422 and "Karin" in response.content.decode()


def test_waiving_over_http(client_for, incident, vic_user):
    client = client_for(vic_user)
    url = reverse("aftermath:waive", args=[incident.pk])
    assert client.post(url, {"waiver_reason": ""}, headers=HTMX).status_code == 422
    response = client.post(url, {"waiver_reason": "Dubbel"}, headers=HTMX)
    assert response.status_code == 200 and "incidentChanged" in response.headers["HX-Trigger"]


@pytest.mark.skipif(weasyprint_problem() is not None, reason="WeasyPrint libraries missing")
def test_the_report_pdf_carries_tlp_and_oefening_on_every_page(
    client_for, incident, vic_user, joint, theme
):
    from pypdf import PdfReader

    incident.is_exercise = True
    incident.save(update_fields=["is_exercise"])
    services.finding_add(
        incident=incident,
        actor=vic_user,
        theme=theme,
        kind="verbeteren",
        text="Alleen RED",
        tlp="RED",
    )
    for number in range(60):
        incident_services.log_entry_add(
            incident=incident,
            actor=vic_user,
            category="informatie",
            text=f"Regel {number}",
            tlp="GREEN",
        )
    response = client_for(vic_user).get(
        reverse("aftermath:report", args=[incident.pk]) + "?doelgroep=GREEN"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    assert len(pages) > 1
    for text in pages:
        assert "OEFENING" in text and "TLP:GREEN" in text
    assert not any("Alleen RED" in text for text in pages)


def test_the_report_audience_never_exceeds_the_readers_clearance():
    from aftermath.report import audience_for

    assert audience_for("RED", clearance="AMBER", default="AMBER") == "AMBER"
    assert audience_for("GREEN", clearance="AMBER", default="AMBER") == "GREEN"
    assert audience_for("nonsense", clearance="RED", default="AMBER") == "AMBER"
