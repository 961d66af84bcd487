"""The demo shows the BOB cycle, and the sitrep carries the oordeel after the beeld."""

import io

import pytest
from django.core.management import call_command

from incidents.management.commands.seed_demo import DEMO_TITLE
from incidents.models import Incident
from incidents.registry import sitrep_sections
from meetings import services
from meetings.models import Assessment, Meeting
from meetings.sitrep import assessments_section

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_closed_rot_meeting_with_its_verslag_and_a_planned_gbt(client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    incident = Incident.objects.get(title=DEMO_TITLE)
    closed = Meeting.objects.get(incident=incident, status=Meeting.Status.CLOSED)
    assert (closed.team, closed.number) == ("ROT", 1)
    kinds = {record["kind"] for record in closed.minutes["records"]}
    assert kinds == {"oordeel", "besluit", "actie"}
    planned = Meeting.objects.get(incident=incident, status=Meeting.Status.PLANNED)
    assert planned.team == "GBT"
    assert incident.decisions.filter(meeting_record__meeting=closed).exists()


def test_the_oordeel_section_follows_the_beeld_and_respects_the_audience(incident, vic_user):
    orders = {section.key: section.order for section in sitrep_sections()}
    assert orders["assessments"] == 20
    meeting = services.meeting_open(
        meeting=services.meeting_plan(
            incident=incident, actor=vic_user, team="ROT", starts_at=incident.created_at
        ),
        actor=vic_user,
    )
    for kind, text, tlp in [
        ("verwachting", "Herstel binnen 48 uur", "AMBER"),
        ("ongunstig", "Geheim scenario", "RED"),
        ("verwachting", "Herstel binnen 24 uur", "GREEN"),  # the newer expectation is current
    ]:
        services.meeting_record(
            meeting=meeting,
            actor=vic_user,
            item="oordeel",
            kind="oordeel",
            assessment_kind=kind,
            text=text,
            tlp=tlp,
        )
    section = assessments_section(incident, audience_tlp="AMBER", since=None)
    assert [row["item"].text for row in section["rows"]] == ["Herstel binnen 24 uur"]
    assert section["withheld"] == 1
    assert Assessment.objects.count() == 3
