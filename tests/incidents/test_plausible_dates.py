"""Issue 19.1: every date a user enters lies between 1990 and ten years ahead, at the form and
in the service (one shared validator, incidents.validators)."""

import inspect
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from incidents import services
from incidents.models import Action, Incident
from incidents.validators import validate_plausible_datetime
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db

MESSAGE = "controleer het jaartal"
YEAR_ONE = datetime(1, 1, 1, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [YEAR_ONE, datetime(1989, 12, 31, tzinfo=UTC), timezone.now() + timedelta(days=365 * 11)],
)
def test_the_validator_refuses_implausible_dates(value):
    with pytest.raises(ValidationError) as exc:
        validate_plausible_datetime(value)
    assert MESSAGE in exc.value.messages[0]


@pytest.mark.parametrize(
    "value",
    [datetime(1990, 1, 1, tzinfo=UTC), timezone.now(), timezone.now() + timedelta(days=3000)],
)
def test_the_validator_accepts_plausible_dates(value):
    validate_plausible_datetime(value)


def test_registering_an_incident_in_year_1_is_refused_with_a_dutch_message(client_for, vic_user):
    response = client_for(vic_user).post(
        reverse("incidents:create"),
        {
            "title": "Jaartal fout",
            "reported_at": "0001-01-01T00:00",
            "status": "melding",
            "tlp": "AMBER",
            "region_role": "gevolgbestrijder",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert MESSAGE in html and "Jaartal fout" in html
    assert not Incident.objects.filter(title="Jaartal fout").exists()


def test_an_action_due_in_year_1_is_refused_and_the_dashboard_keeps_working(
    client_for, vic_user, incident
):
    client = client_for(vic_user)
    response = client.post(
        reverse("incidents:action_add", args=[incident.pk]),
        {"description": "Back-ups", "owner_organisation": "IT", "due_at": "0001-01-01T00:00"},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert MESSAGE in response.content.decode()
    assert not Action.objects.exists()
    assert client.get(incident.get_absolute_url()).status_code == 200


def test_a_decision_with_a_year_1_reevaluation_is_refused(client_for, vic_user, incident):
    response = client_for(vic_user).post(
        reverse("incidents:decision_add", args=[incident.pk]),
        {
            "text": "Besluit",
            "team": "ROT",
            "decided_by": "J. Jansen",
            "tlp": "AMBER",
            "reevaluate_at": "0001-01-01T00:00",
        },
        headers=HTMX,
    )
    assert response.status_code == 422
    assert MESSAGE in response.content.decode()


def _expected_version(incident) -> dict:
    # The stale check compares a version of the register fields (issue 19.5) or, before that,
    # the incident's version; either way the date check comes first.
    params = inspect.signature(services.incident_update).parameters
    if "expected_register_version" in params:
        return {"expected_register_version": incident.register_version}
    return {"expected_version": incident.version}


def test_the_services_refuse_implausible_dates(vic_user, incident):
    calls = [
        lambda: services.incident_open(actor=vic_user, title="x", reported_at=YEAR_ONE),
        lambda: services.incident_update(
            incident=incident,
            actor=vic_user,
            **_expected_version(incident),
            started_at=YEAR_ONE,
        ),
        lambda: services.log_entry_add(
            incident=incident, actor=vic_user, category="beeld", text="x", occurred_at=YEAR_ONE
        ),
        lambda: services.decision_record(
            incident=incident, actor=vic_user, text="x", decided_by="y", meeting_at=YEAR_ONE
        ),
        lambda: services.action_create(
            incident=incident,
            actor=vic_user,
            description="x",
            owner_organisation="IT",
            due_at=YEAR_ONE,
        ),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as exc:
            call()
        assert MESSAGE in str(exc.value.messages)


def test_other_apps_services_refuse_implausible_dates(vic_user, incident):
    from playbook import services as playbook_services

    with pytest.raises(ValidationError):
        playbook_services.next_meeting_set(incident=incident, actor=vic_user, at=YEAR_ONE)
    with pytest.raises(ValidationError):
        playbook_services.roster_entry_add(
            incident=incident,
            actor=vic_user,
            function="OvD",
            person="P",
            starts_at=YEAR_ONE,
            ends_at=timezone.now(),
        )
