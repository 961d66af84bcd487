"""'GRIP 2 sinds ...' is the time the GRIP change was decided, not the time it was entered."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from escalation import services
from sitreps.sitrep import build_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided_an_hour_ago(incident, vic_user, levels):
    decided_at = (timezone.now() - timedelta(hours=1)).replace(second=0, microsecond=0)
    services.grip_change(
        incident=incident,
        actor=vic_user,
        to_level=levels["grip-2"],
        decided_by="Petra Jansen",
        decided_by_function="Operationeel leider",
        reason="Meerdere zorginstellingen geraakt",
        decided_at=decided_at,
    )
    incident.refresh_from_db()
    return decided_at


def test_the_sitrep_prints_the_decision_time(incident, decided_an_hour_ago):
    assert incident.grip_since == decided_an_hour_ago
    section = build_summary(incident, audience_tlp="RED", since=None)
    assert section["grip"] == "GRIP 2" and section["grip_since"] == decided_an_hour_ago


def test_the_dashboard_tile_prints_the_decision_time(
    client_for, vic_user, incident, decided_an_hour_ago
):
    body = client_for(vic_user).get(reverse("incidents:tile", args=[incident.pk, "grip"]))
    since = timezone.localtime(decided_an_hour_ago).isoformat()
    assert f'sinds <time datetime="{since}">' in body.content.decode()


def test_the_data_fix_copies_the_decision_time_onto_older_incidents(incident, decided_an_hour_ago):
    import importlib

    from django.apps import apps

    from incidents.models import Incident

    Incident.objects.filter(pk=incident.pk).update(grip_since=timezone.now())
    fix = importlib.import_module("escalation.migrations.0006_grip_since_from_decision")
    fix.forwards(apps, None)
    incident.refresh_from_db()
    assert incident.grip_since == decided_an_hour_ago
