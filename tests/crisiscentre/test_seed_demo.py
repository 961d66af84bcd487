import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from incidents.management.commands.seed_demo import DEMO_TITLE
from incidents.models import AuditEvent, Incident
from tests.helpers import run_seed

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_prints_passwords_once():
    first = run_seed()
    assert first.count("): password ") == 4
    counts = (
        Incident.objects.count(),
        AuditEvent.objects.count(),
        get_user_model().objects.count(),
    )
    second = run_seed()
    assert "): password " not in second
    assert (
        Incident.objects.count(),
        AuditEvent.objects.count(),
        get_user_model().objects.count(),
    ) == counts


def test_seed_demo_makes_an_exercise_incident_all_demo_users_can_open(client):
    run_seed()
    incident = Incident.objects.get(title=DEMO_TITLE)
    for username in ("vic", "crisisteam", "bestuurder", "beheerder"):
        client.force_login(get_user_model().objects.get(username=username))
        page = client.get(incident.get_absolute_url())
        assert page.status_code == 200, username
        assert "exercise-banner" in page.content.decode()


def test_seed_demo_refuses_on_a_production_setting(settings):
    settings.ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="ALLOW_DEMO_DATA"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not get_user_model().objects.exists()
