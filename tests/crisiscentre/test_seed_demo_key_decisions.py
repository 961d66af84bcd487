"""The demo shows the corrected key decisions and GRIP decisions (issue 12, points 6 and 7)."""

import io

import pytest
from django.core.management import call_command

from escalation.models import GripChange
from incidents.management.commands.seed_demo import DEMO_TITLE
from incidents.models import Decision, Incident
from playbook.models import KeyDecisionRecord

pytestmark = pytest.mark.django_db


def test_the_demo_hospital_takes_a_content_key_decision_outside_the_besluitenlijst():
    call_command("seed_demo", stdout=io.StringIO())
    incident = Incident.objects.get(title=DEMO_TITLE)
    record = KeyDecisionRecord.objects.get(
        incident=incident, key_decision__key_decision__slug="losgeld-ransomware"
    )
    assert "Ziekenhuis" in record.organisation.name
    assert record.decision is None
    assert not Decision.objects.filter(incident=incident, text__icontains="losgeld").exists()


def test_the_demo_grip_changes_are_in_the_besluitenlijst_and_record_op_en_afschalen():
    call_command("seed_demo", stdout=io.StringIO())
    incident = Incident.objects.get(title=DEMO_TITLE)
    changes = list(GripChange.objects.filter(incident=incident))
    assert changes and all(change.decision_id for change in changes)
    decisions = Decision.objects.filter(incident=incident, grip_change__isnull=False)
    assert decisions.count() == len(changes)
    scaling = KeyDecisionRecord.objects.filter(
        incident=incident, key_decision__key_decision__slug="op-en-afschalen"
    )
    assert scaling.count() == len(changes)
    assert {record.decision_id for record in scaling} == {c.decision_id for c in changes}
