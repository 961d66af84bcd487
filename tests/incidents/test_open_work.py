"""One answer to "what is still open" (issue 13): the handover brief, the dashboard, the sitrep
and the meeting agenda all ask incidents.selectors (decisions due, open actions with their
derived TLP) and the open-work hooks of the other apps (incidents.registry.register_open_work).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aftermath import selectors as aftermath_selectors
from incidents import selectors
from incidents import services as incident_services
from incidents import tiles as incident_tiles
from incidents.models import Decision, Membership
from incidents.tlp import TLP, tlps_visible_at
from meetings import selectors as meeting_selectors
from meetings import services as meeting_services
from playbook import selectors as playbook_selectors
from playbook import sitrep as playbook_sitrep
from playbook.models import Dilemma
from sitreps import sitrep as sitreps_sitrep
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db

TO_REVIEW = "Scholen blijven dicht"  # evaluation herijken, no time
PASSED = "Noodopvang in de sporthal"  # geldig, its time to re-evaluate has passed
LATER = "Inzet aggregaten"  # geldig, to be re-evaluated in two hours
RED_DECISION = "Onderhandelaar inschakelen"
RED_ACTION = "Onderhandelaar bellen"  # carries the RED decision's label
OPEN_ACTION = "Noodstroom controleren"  # no links: the incident's TLP (AMBER)
DUE = [TO_REVIEW, PASSED]  # herijken without a time first, then the longest overdue
AMBER = tlps_visible_at(TLP.AMBER)


def _decide(incident, actor, text, **extra):
    return incident_services.decision_record(
        incident=incident, actor=actor, text=text, decided_by="ROL", **extra
    )


@pytest.fixture
def open_incident(incident, vic_user, crisis_user):
    """A TLP:AMBER incident with decisions in every review state, an open action above an
    AMBER reader's clearance and a tabled dilemma; the crisis team member reads AMBER."""
    now = timezone.now()
    review = _decide(incident, vic_user, TO_REVIEW)
    incident_services.decision_set_evaluation(
        decision=review, actor=vic_user, evaluation=Decision.Evaluation.TO_REVIEW
    )
    _decide(incident, vic_user, PASSED, reevaluate_at=now - timedelta(hours=1))
    _decide(incident, vic_user, LATER, reevaluate_at=now + timedelta(hours=2))
    red = _decide(incident, vic_user, RED_DECISION, tlp=TLP.RED)
    incident_services.action_create(
        incident=incident,
        actor=vic_user,
        description=RED_ACTION,
        decision=red,
        owner_organisation="Politie",
    )
    incident_services.action_create(
        incident=incident, actor=vic_user, description=OPEN_ACTION, owner_organisation="GHOR"
    )
    meeting_services.item_table(incident=incident, actor=vic_user, team="ROT", dilemma=_dilemma())
    assert Membership.objects.get(incident=incident, user=crisis_user).clearance == TLP.AMBER
    return incident


def _dilemma() -> Dilemma:
    return Dilemma.objects.order_by("order", "pk").first()


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_one_definition_of_due_decisions(incident, vic_user):
    """Due: *herijken* (whatever its time), or *geldig* with its time passed; never ended ones.
    The dashboard's decision marks (is_due_for_review) follow the same definition."""
    now = timezone.now()
    past, future = now - timedelta(minutes=1), now + timedelta(minutes=1)
    cases = {
        ("herijken", None): True,
        ("herijken", future): True,
        ("geldig", past): True,
        ("geldig", future): False,
        ("geldig", None): False,
        ("herzien", past): False,
        ("ingetrokken", past): False,
    }
    texts = {}
    for number, ((evaluation, at), _due) in enumerate(cases.items()):
        decision = _decide(incident, vic_user, f"Besluit {number}")
        Decision.objects.filter(pk=decision.pk).update(evaluation=evaluation, reevaluate_at=at)
        texts[decision.text] = (evaluation, at)
    due = {d.text for d in selectors.decisions_due(incident, visible=AMBER, now=now)}
    assert due == {text for text, case in texts.items() if cases[case]}
    marked = selectors.with_review_state(incident.decisions.all(), now)
    assert {d.text for d in marked if d.is_due_for_review} == due
    upcoming = selectors.decisions_upcoming(incident, visible=AMBER, now=now)
    assert [texts[d.text] for d in upcoming] == [("geldig", future)]


def test_open_work_of_an_incident(open_incident):
    work = selectors.open_work(open_incident, visible=AMBER)
    assert [d.text for d in work["decisions_due"]] == DUE
    assert work["decisions_due"].total == 2
    assert [d.text for d in work["decisions_upcoming"]] == [LATER]
    assert [a.description for a in work["actions"]] == [OPEN_ACTION]
    assert work["actions"].rows[0].tlp == TLP.AMBER
    assert work["actions"].total == 1
    assert work["withheld"] == 1  # the RED action (the RED decision is not to be re-evaluated)
    assert [item.title for item in work["tabled"]] == [_dilemma().title]
    assert work["key_decisions"].total == len(work["key_decisions"].rows) > 0
    # At TLP:RED the action is there, with its decision's label.
    red = selectors.open_work(open_incident, visible=tlps_visible_at(TLP.RED))
    assert {a.description: a.tlp for a in red["actions"]} == {
        OPEN_ACTION: TLP.AMBER,
        RED_ACTION: TLP.RED,
    }
    assert red["withheld"] == 0


def test_brief_dashboard_sitrep_and_agenda_agree(open_incident, vic_user, crisis_user, client_for):
    incident = open_incident
    dilemma = _dilemma().title

    # The handover brief, for an AMBER audience.
    brief = playbook_selectors.handover_brief(incident, audience_tlp=TLP.AMBER)
    assert [d.text for d in brief["decisions_due"]] == DUE
    assert [d.text for d in brief["decisions_upcoming"]] == [LATER]
    assert [a.description for a in brief["open_actions"]] == [OPEN_ACTION]
    assert [item.title for item in brief["tabled"]] == [dilemma]
    assert dilemma in [d.title for d in brief["open_dilemmas"]]

    # The dashboard, for the crisis team member (clearance AMBER).
    request = _request(crisis_user)
    assert incident_tiles.decisions_tile(request, incident)["due_count"] == 2
    actions = incident_tiles.actions_tile(request, incident)["actions"]
    assert [a.description for a in actions] == [OPEN_ACTION]
    client = client_for(crisis_user)

    def tile(name):
        url = reverse("incidents:tile", args=[incident.pk, name])
        return client.get(url, headers=HTMX).content.decode()

    assert "2 besluiten moeten worden herijkt." in tile("decisions")
    body = tile("actions")
    assert OPEN_ACTION in body and RED_ACTION not in body
    assert "1 punt geagendeerd" in tile("meetings")

    # The sitrep, for an AMBER audience.
    decisions = sitreps_sitrep.build_decisions(incident, audience_tlp=TLP.AMBER, since=None)
    assert sorted(d.text for d in decisions["decisions"] if d.needs_review) == sorted(DUE)
    sitrep_actions = sitreps_sitrep.build_actions(incident, audience_tlp=TLP.AMBER, since=None)
    assert [a.description for a in sitrep_actions["actions"]] == [OPEN_ACTION]
    assert sitrep_actions["omitted"] == 0
    dilemmas = playbook_sitrep.dilemmas_section(incident, audience_tlp=TLP.AMBER, since=None)
    assert dilemma in [d.title for d in dilemmas["open"]]

    # The nafase board, for an AMBER reader.
    board = aftermath_selectors.board(incident, clearance=TLP.AMBER)
    assert [a.description for a in board["actions"]] == [OPEN_ACTION]
    assert board["action_count"] == 1

    # The agenda of the ROT's meeting, for an AMBER reader.
    meeting = meeting_services.meeting_plan(
        incident=incident,
        actor=vic_user,
        team="ROT",
        starts_at=timezone.now() + timedelta(minutes=30),
        place="Zaal 2",
        chair="ROL",
        attendees="ROL, IM",
    )
    page = meeting_selectors.meeting_page(meeting, clearance=TLP.AMBER)
    rows = {s["key"]: [row["text"] for row in s["rows"]] for s in page["sections"]}
    assert rows["herijken"] == DUE
    assert rows["acties"] == [OPEN_ACTION]
    assert rows["ter-besluitvorming"][0] == dilemma
    # The RED action is on the agenda with its label, so a RED reader sees it, no one else.
    red_page = meeting_selectors.meeting_page(meeting, clearance=TLP.RED)
    red_rows = {s["key"]: s["rows"] for s in red_page["sections"]}
    assert {row["text"]: row["tlp"] for row in red_rows["acties"]} == {
        OPEN_ACTION: TLP.AMBER,
        RED_ACTION: TLP.RED,
    }


def _grow(incident, actor, n: int) -> None:
    now = timezone.now()
    for i in range(n):
        review = _decide(incident, actor, f"Herijken {i}")
        incident_services.decision_set_evaluation(
            decision=review, actor=actor, evaluation=Decision.Evaluation.TO_REVIEW
        )
        _decide(incident, actor, f"Verstreken {i}", reevaluate_at=now - timedelta(minutes=i + 1))
        _decide(incident, actor, f"Later {i}", reevaluate_at=now + timedelta(hours=i + 1))
        red = _decide(incident, actor, f"Geheim {i}", tlp=TLP.RED)
        incident_services.action_create(
            incident=incident,
            actor=actor,
            description=f"Geheime actie {i}",
            decision=red,
            owner_organisation="Politie",
        )
        incident_services.action_create(
            incident=incident, actor=actor, description=f"Actie {i}", owner_organisation="VIC"
        )


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries)


def test_open_work_queries_do_not_grow_with_the_decisions(
    open_incident, vic_user, django_assert_num_queries
):
    incident = open_incident

    def work():
        return selectors.open_work(incident, visible=AMBER, limit=5)

    def brief():
        return playbook_selectors.handover_brief(incident, audience_tlp=TLP.AMBER)

    brief()  # warm the caches (the classification values' labels)
    small_work, small_brief = _count(work), _count(brief)
    # Decisions, the open actions' labels, the actions; one per registered kind of open work.
    assert small_work == 3 + 3
    _grow(incident, vic_user, 12)
    with django_assert_num_queries(small_work):
        grown = work()
    assert len(grown["decisions_due"].rows) == 5 and grown["decisions_due"].total == 2 + 24
    assert len(grown["decisions_upcoming"].rows) == 5
    assert grown["decisions_upcoming"].total == 1 + 12
    assert grown["actions"].total == 1 + 12 and grown["withheld"] == 1 + 12
    with django_assert_num_queries(small_brief):
        brief()
