"""The issue's scenario (issue 18), through HTTP as the crisis room plays it: GRIP 4, scaling
down to GRIP 1 with two measures, one recovery item from *verstoord* to *betrouwbaar
bevestigd*, an evaluation with two improvements, closing refused while a measure is open,
then allowed."""

import pytest
from django.urls import reverse

from aftermath.models import Evaluation, EvaluationTheme
from escalation import services as escalation_services
from escalation.models import GripChange, GripLevel, Measure, RecoveryItem, RecoveryStatus
from incidents import services
from incidents.models import AuditEvent, Decision, Incident, LogEntry
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


def test_from_grip_4_down_to_closing_after_the_evaluation(client_for, incident, vic_user):
    client = client_for(vic_user)
    levels = {level.code: level for level in GripLevel.objects.all()}
    escalation_services.grip_change(
        incident=incident,
        actor=vic_user,
        to_level=levels["grip-4"],
        decided_by="Voorzitter veiligheidsregio",
        reason="Maatschappelijke ontwrichting in meerdere gemeenten.",
    )
    organisation = services.affected_organisation_add(
        incident=incident, actor=vic_user, name="Ziekenhuis Midden", sector="Zorg", is_vital=True
    )

    # Two measures, over HTTP (htmx).
    for title in ("Systemen ontkoppeld", "Noodprocedure op papier"):
        response = client.post(
            reverse("escalation:measures", args=[incident.pk]),
            {"title": title, "owner": "CISO ziekenhuis", "end_criterion": "Schone omgeving"},
            headers=HTMX,
        )
        assert response.status_code == 200, response.content.decode()
    assert Measure.objects.filter(incident=incident, status=Measure.Status.OPEN).count() == 2

    # The afschalen page shows the measures in force, then scales down to GRIP 1.
    page = client.get(reverse("escalation:scale_down", args=[incident.pk])).content.decode()
    assert "Systemen ontkoppeld" in page and "Wie neemt de coördinatie over?" in page
    response = client.post(
        reverse("escalation:scale_down", args=[incident.pk]),
        {
            "to_level": levels["grip-1"].pk,
            "decided_by": "Petra Jansen",
            "decided_by_function": "Operationeel leider",
            "reason": "Geen bovenlokale afstemming meer nodig.",
            "coordination_by": "Gemeente Utrecht (OOV)",
            "remaining_effects": "Poliklinieken werken op papier.",
            "expected_level": levels["grip-4"].pk,
            "team": "RBT",
        },
    )
    assert response.status_code == 302
    change = GripChange.objects.filter(incident=incident).first()
    assert change.to_level == levels["grip-1"] and not change.is_upscaling
    assert change.coordination_by == "Gemeente Utrecht (OOV)"
    decision = Decision.objects.get(grip_change=change)
    assert "afschaling" in decision.text and "Gemeente Utrecht (OOV)" in decision.text
    assert "Systemen ontkoppeld" in decision.text
    assert LogEntry.objects.filter(incident=incident, decision=decision).exists()

    # One recovery item: verstoord -> betrouwbaar bevestigd, societal effects over.
    response = client.post(
        reverse("escalation:recovery", args=[incident.pk]),
        {"subject": f"org-{organisation.pk}", "status": "verstoord", "source": "Ziekenhuis"},
        headers=HTMX,
    )
    assert response.status_code == 200, response.content.decode()
    item = RecoveryItem.objects.get(incident=incident)
    response = client.post(
        reverse("escalation:recovery_update", args=[incident.pk, item.pk]),
        {
            "status": RecoveryStatus.CONFIRMED,
            "source": "Z-CERT en CISO ziekenhuis",
            "technically_resolved": "on",
            "societal_effects_over": "on",
        },
        headers=HTMX,
    )
    assert response.status_code == 200, response.content.decode()
    item.refresh_from_db()
    assert item.status == RecoveryStatus.CONFIRMED and item.is_done
    assert [u.status for u in item.updates.order_by("pk")] == ["verstoord", "bevestigd"]

    # The evaluation: a crisis and a technical partner, a finding, two improvements.
    theme = EvaluationTheme.objects.get(slug="kaart-nafase")
    url = lambda name: reverse(f"aftermath:{name}", args=[incident.pk])  # noqa: E731
    client.post(url("participant_add"), {"name": "Petra", "organisation": "VRU", "side": "crisis"})
    client.post(
        url("participant_add"), {"name": "Sam", "organisation": "Z-CERT", "side": "technisch"}
    )
    client.post(
        url("finding_add"),
        {
            "theme": theme.pk,
            "kind": "verbeteren",
            "text": "Betrouwbaarheid laat bevestigd",
            "tlp": "GREEN",
        },
    )
    for description in ("Vrijgave van systemen vooraf beleggen", "Noodprocedure oefenen"):
        response = client.post(
            url("improvement_add"),
            {"description": description, "owner": "Adviseur crisisbeheersing", "tlp": "GREEN"},
        )
        assert response.status_code == 302
    assert client.post(url("record"), {"summary": "Gezamenlijk geëvalueerd."}).status_code == 302
    evaluation = Evaluation.objects.get(incident=incident)
    assert evaluation.status == Evaluation.Status.RECORDED
    assert evaluation.improvements.count() == 2

    # Closing is refused while a measure is open, with a clear Dutch message.
    edit = reverse("incidents:edit", args=[incident.pk])
    incident.refresh_from_db()
    form = client.get(edit).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(status="gesloten", version=incident.register_version)
    data["reported_at"] = incident.reported_at.strftime("%Y-%m-%dT%H:%M")
    data.pop("started_at", None)
    response = client.post(edit, data)
    assert response.status_code == 422
    assert "maatregelen zijn nog van kracht" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status != Incident.Status.CLOSED

    # End both measures (htmx), then closing is allowed.
    for measure in Measure.objects.filter(incident=incident):
        response = client.post(
            reverse("escalation:measure_end", args=[incident.pk, measure.pk]),
            {"end_reason": "Criterium gehaald"},
            headers=HTMX,
        )
        assert response.status_code == 200
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()
    incident.refresh_from_db()
    assert incident.status == Incident.Status.CLOSED
    actions = set(AuditEvent.objects.filter(incident=incident).values_list("action", flat=True))
    assert {
        "escalation.grip.scaled_down",
        "escalation.measure.created",
        "escalation.measure.ended",
        "escalation.recovery.added",
        "escalation.recovery.updated",
        "aftermath.improvement.added",
        "aftermath.evaluation.recorded",
    } <= actions
