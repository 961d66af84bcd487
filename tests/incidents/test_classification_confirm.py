"""Blijf de vragen stellen: re-confirming an unchanged classification leaves a trace."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from incidents import selectors, services, signals
from incidents.models import AuditEvent
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


def unchanged(incident):
    current = selectors.classification_current(incident)
    # Not the cause: setting an assumed block explicitly ends the assumption (a change).
    return {block: getattr(current, block) for block in ("source", "area", "domain")}


def test_an_unchanged_classification_without_confirm_is_refused_and_points_to_confirming(
    incident, crisis_user
):
    with pytest.raises(ValidationError) as error:
        services.classification_change(
            incident=incident, actor=crisis_user, changes=unchanged(incident), reason="Opnieuw"
        )
    assert "Ongewijzigd bevestigen" in error.value.messages[0]
    assert incident.classifications.count() == 1


def test_confirming_an_unchanged_classification_records_it_with_its_reason(incident, crisis_user):
    before = selectors.classification_current(incident)
    version = incident.version
    received = []
    signals.classification_changed.connect(received.append, dispatch_uid="test-confirm")
    try:
        confirmed = services.classification_change(
            incident=incident,
            actor=crisis_user,
            changes=unchanged(incident),
            reason="ROT 14:00: vragen opnieuw gesteld, antwoorden gelijk",
            confirm=True,
        )
    finally:
        signals.classification_changed.disconnect(dispatch_uid="test-confirm")
    assert confirmed.pk != before.pk and confirmed.is_confirmation
    assert confirmed.changed_blocks == []
    assert confirmed.assumed_blocks == before.assumed_blocks == ["cause"]
    assert [r["value"] for r in confirmed.rows()] == [r["value"] for r in before.rows()]
    event = AuditEvent.objects.get(action="incidents.classification.confirmed")
    assert event.after["reason"] == "ROT 14:00: vragen opnieuw gesteld, antwoorden gelijk"
    incident.refresh_from_db()
    assert incident.version > version
    # Nothing changed, so nobody is notified of a change.
    assert received == []


def test_a_confirmation_still_needs_a_reason(incident, crisis_user):
    with pytest.raises(ValidationError):
        services.classification_change(
            incident=incident, actor=crisis_user, changes={}, reason=" ", confirm=True
        )
    assert incident.classifications.count() == 1


def test_confirm_with_a_change_is_an_ordinary_change(incident, crisis_user):
    result = services.classification_change(
        incident=incident,
        actor=crisis_user,
        changes={"area": "een_regio"},
        reason="Alleen onze regio",
        confirm=True,
    )
    assert not result.is_confirmation and result.changed_blocks == ["area"]


def test_the_confirm_button_over_http_shows_in_the_history(client_for, crisis_user, incident):
    current = selectors.classification_current(incident)
    client = client_for(crisis_user)
    form = client.get(reverse("incidents:classification_edit", args=[incident.pk]), headers=HTMX)
    assert 'name="confirm" value="1"' in form.content.decode()
    data = {row["block"]: row["value"] for row in current.rows()}
    data |= {"assumed": ["cause"], "reason": "Vragen opnieuw gesteld", "expected_id": current.pk}
    response = client.post(
        reverse("incidents:classification_edit", args=[incident.pk]),
        data | {"confirm": "1"},
        headers=HTMX,
    )
    assert response.status_code == 200
    tile = client.get(reverse("incidents:tile", args=[incident.pk, "classification"]), headers=HTMX)
    body = tile.content.decode()
    assert 'data-testid="classification-confirmed"' in body
    assert "Vragen opnieuw gesteld" in body


def test_the_plain_save_button_without_a_change_is_422_and_keeps_the_reason(
    client_for, crisis_user, incident
):
    current = selectors.classification_current(incident)
    data = {row["block"]: row["value"] for row in current.rows()}
    data |= {"assumed": ["cause"], "reason": "Mijn reden", "expected_id": current.pk}
    response = client_for(crisis_user).post(
        reverse("incidents:classification_edit", args=[incident.pk]), data, headers=HTMX
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Ongewijzigd bevestigen" in body and "Mijn reden" in body
