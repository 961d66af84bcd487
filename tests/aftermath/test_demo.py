import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from aftermath.demo import TITLE
from aftermath.models import Evaluation
from escalation.models import Measure, RecoveryItem
from incidents.models import Incident

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_a_second_incident_in_the_nafase(client):
    call_command("seed_demo", stdout=io.StringIO())
    second = Incident.objects.get(title=TITLE)
    assert second.status == Incident.Status.AFTERCARE and second.is_exercise
    assert RecoveryItem.objects.filter(incident=second).count() >= 2
    assert Measure.objects.filter(incident=second, status=Measure.Status.OPEN).exists()
    assert second.evaluation.status == Evaluation.Status.DRAFT
    assert second.evaluation.improvements.exists()
    assert second.grip_label == "GRIP 1"
    call_command("seed_demo", stdout=io.StringIO())
    assert Incident.objects.filter(title=TITLE).count() == 1
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="bestuurder"))
    for name in ("board", "evaluation", "timeline"):
        assert client.get(reverse(f"aftermath:{name}", args=[second.pk])).status_code == 200
