"""The handover brief (overdrachtsbrief) is filtered on an audience TLP like the sitrep, says so,
and carries its highest label and the exercise mark on every printed page."""

import io
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents import services as incident_services
from incidents.models import Incident
from playbook import demo, selectors
from playbook import services as playbook_services
from tests.helpers import browser_login

pytestmark = pytest.mark.django_db

RED_LINE = "Losgeldnota ligt bij de directie"
RED_DECISION = "Onderhandelaar wordt ingeschakeld"
RED_ACTION = "Onderhandelaar bellen"
AMBER_LINE = "Ziekenhuis draait op papier"


@pytest.fixture
def brief_incident(incident, vic_user, crisis_user):
    """A TLP:AMBER incident with AMBER and RED content in every labelled part of the brief."""
    add = incident_services.log_entry_add
    add(incident=incident, actor=vic_user, category="beeld", text=AMBER_LINE, tlp="AMBER")
    add(incident=incident, actor=vic_user, category="informatie", text=RED_LINE, tlp="RED")
    red = incident_services.decision_record(
        incident=incident,
        actor=crisis_user,
        text=RED_DECISION,
        decided_by="Burgemeester",
        reevaluate_at=timezone.now() + timedelta(hours=2),
        tlp="RED",
    )
    incident_services.action_create(
        incident=incident,
        actor=crisis_user,
        description=RED_ACTION,
        owner_organisation="Politie",
        decision=red,
    )
    incident_services.action_create(
        incident=incident,
        actor=crisis_user,
        description="Noodstroom controleren",
        owner_organisation="Ziekenhuis",
    )
    return incident


def _get(client, incident, **params):
    return client.get(reverse("playbook:handover", args=[incident.pk]), params).content.decode()


def test_by_default_it_shows_nothing_above_the_incidents_tlp(client_for, vic_user, brief_incident):
    body = _get(client_for(vic_user), brief_incident, sinds="2020-01-01T08:00")
    assert AMBER_LINE in body and "Noodstroom controleren" in body
    for secret in (RED_LINE, RED_DECISION, RED_ACTION):
        assert secret not in body
    assert "tlp-red" not in body
    assert "Doelgroep TLP:AMBER" in body
    assert 'class="notice brief-filtered"' in body  # a filtered view says that it is filtered


def test_the_heading_carries_the_highest_label_the_brief_contains(
    client_for, vic_user, brief_incident
):
    body = _get(client_for(vic_user), brief_incident, sinds="2020-01-01T08:00", doelgroep="RED")
    assert RED_LINE in body and RED_DECISION in body and RED_ACTION in body
    assert '<span class="brief-tlp"><span class="tlp tlp-red"' in body
    assert 'class="print-running print-running-head"' in body
    head = body.split('class="print-running print-running-head"')[1].split("</div>")[0]
    assert "TLP:RED" in head
    assert "brief-filtered" not in body and "brief-complete" in body


def test_an_audience_below_the_incidents_tlp_gets_no_incident_data(
    client_for, vic_user, brief_incident
):
    playbook_services.next_meeting_set(
        incident=brief_incident,
        actor=vic_user,
        at=timezone.now() + timedelta(hours=1),
        team="ROT",
        place="Zaal Vecht",
    )
    incident_services.log_entry_add(
        incident=brief_incident, actor=vic_user, category="melding", text="Openbaar", tlp="GREEN"
    )
    body = _get(client_for(vic_user), brief_incident, sinds="2020-01-01T08:00", doelgroep="GREEN")
    assert "Openbaar" in body
    assert AMBER_LINE not in body and "Zaal Vecht" not in body
    assert "Noodstroom controleren" not in body  # an unlinked action carries the incident's TLP
    assert "Weggelaten: gerubriceerd als TLP:AMBER" in body
    assert '<span class="brief-tlp"><span class="tlp tlp-green"' in body


def test_an_unknown_audience_falls_back_to_the_incidents_tlp(brief_incident):
    brief = selectors.handover_brief(brief_incident, audience_tlp="PURPLE")
    assert brief["audience_tlp"] == "AMBER"
    assert brief["max_tlp"] == "AMBER"
    assert brief["withheld"]  # the RED log lines, the RED decision and its action


def test_the_demo_brief_leaves_out_its_red_line_and_says_so(
    client_for, incident, vic_user, crisis_user, bestuurder
):
    users = {"vic": vic_user, "crisisteam": crisis_user, "bestuurder": bestuurder}
    demo.seed(incident=incident, users=users, stdout=io.StringIO())
    body = _get(client_for(vic_user), incident, sinds="2020-01-01T08:00")
    assert demo.DEMO_INDICATOR in body
    assert demo.DEMO_RED_LINE not in body and 'class="notice brief-filtered"' in body
    red = _get(client_for(vic_user), incident, sinds="2020-01-01T08:00", doelgroep="RED")
    assert demo.DEMO_RED_LINE in red


def test_the_brief_runs_a_fixed_number_of_queries(
    client_for, vic_user, brief_incident, django_assert_max_num_queries
):
    client = client_for(vic_user)
    for number in range(20):
        incident_services.action_create(
            incident=brief_incident,
            actor=vic_user,
            description=f"Actie {number}",
            owner_organisation="Gemeente",
            decision=brief_incident.decisions.first(),
        )
    # +1: the log counts (the brief is bounded); +1: "bijdragen van partners" (issue 16)
    with django_assert_max_num_queries(19):
        _get(client, brief_incident, sinds="2020-01-01T08:00")


def test_a_busy_shift_shows_the_newest_lines_and_counts_the_older_ones(
    client_for, vic_user, brief_incident, settings
):
    from playbook import selectors

    limit = selectors.HANDOVER_LOG_LIMIT
    for number in range(limit + 5):
        incident_services.log_entry_add(
            incident=brief_incident,
            actor=vic_user,
            category="informatie",
            text=f"Drukke dienst regel {number:03d}",
            tlp="GREEN",
        )
    body = _get(client_for(vic_user), brief_incident, sinds="2020-01-01T08:00")
    assert f"Drukke dienst regel {limit + 4:03d}" in body  # the newest line is there
    assert "Drukke dienst regel 005" in body
    assert "Drukke dienst regel 004" not in body  # the five oldest busy lines are left out
    # Visible: AMBER_LINE and the 105 busy lines (RED is withheld); 106 - 100 = 6 older ones.
    assert "6 oudere regels zijn weggelaten" in body
    assert body.count("Drukke dienst regel") == limit


def _pdf_pages(data: bytes) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "brief.pdf"
        path.write_bytes(data)
        count = int(
            next(
                line.split()[-1]
                for line in subprocess.run(
                    ["pdfinfo", str(path)], capture_output=True, text=True, check=True
                ).stdout.splitlines()
                if line.startswith("Pages:")
            )
        )
        return [
            subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            for n in range(1, count + 1)
        ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_printed_page_carries_the_tlp_label_and_the_exercise_mark(
    page, live_server, vic_user, brief_incident
):
    Incident.objects.filter(pk=brief_incident.pk).update(is_exercise=True)
    token = "https://c2.example/" + "".join(f"{n:02x}" for n in range(100))
    incident_services.log_entry_add(
        incident=brief_incident, actor=vic_user, category="beeld", text=token, tlp="AMBER"
    )
    for number in range(90):
        incident_services.log_entry_add(
            incident=brief_incident,
            actor=vic_user,
            category="informatie",
            text=f"Regel {number}: afdelingen melden de stand van hun systemen.",
            tlp="GREEN",
        )
    browser_login(page, live_server, vic_user)
    page.goto(f"{live_server.url}/incidents/{brief_incident.pk}/aflossing/overdrachtsbrief/")
    pages = _pdf_pages(page.pdf(format="A4", print_background=True))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert "TLP:AMBER" in text, number
        assert "OEFENING" in text, number
        assert "TLP:RED" not in text and RED_LINE not in text, number
    assert token in "".join("".join(pages).split())  # wrapped, not cut at the page edge
    # Page 1 holds the brief itself, not only the banner.
    assert "Volgend overleg" in pages[0] and "Bezetting" in pages[0]
