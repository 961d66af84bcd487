"""Every sitrep is complete on its own: its decisions section lists every decision in force (a
chair may hold only the latest sitrep), marks what is new or changed, and says separately what
changed since the previous sitrep. Bounded, so it does not grow with the incident."""

import pytest

from incidents import services as incident_services
from sitreps import services
from sitreps.sitrep import DECISION_CHANGES_LIMIT, DECISIONS_LIMIT, build_decisions

from .conftest import issue, pdf_of

pytestmark = pytest.mark.django_db


def decide(incident, user, text, **extra):
    return incident_services.decision_record(
        incident=incident, actor=user, text=text, decided_by="Voorzitter ROT", **extra
    )


def flat(sitrep) -> str:
    return " ".join("\n".join(pdf_of(sitrep)).split())


def test_a_follow_up_sitrep_still_lists_the_decisions_in_force(incident, vic_user):
    decide(incident, vic_user, "Scholen in Zeist blijven dicht.")
    issue(incident, vic_user)
    second = flat(issue(incident, vic_user))
    assert "Scholen in Zeist blijven dicht." in second
    assert "Besluitenlijst Deze sectie is leeg" not in second
    assert "Sinds sitrep 1" in second
    assert "Geen nieuwe, gewijzigde of vervallen besluiten." in second


def test_it_marks_new_and_changed_decisions_and_lists_what_ended_since(incident, vic_user):
    kept = decide(incident, vic_user, "Noodnummer blijft open.")
    reviewed = decide(incident, vic_user, "Crisisteam vergadert elk uur.")
    withdrawn = decide(incident, vic_user, "Evacuatie van de afdeling SEH.")
    issue(incident, vic_user)
    incident_services.decision_set_evaluation(
        decision=reviewed, actor=vic_user, evaluation="herijken"
    )
    incident_services.decision_set_evaluation(
        decision=withdrawn, actor=vic_user, evaluation="ingetrokken"
    )
    decide(incident, vic_user, "Liaison van het ziekenhuis sluit aan.")
    second = issue(incident, vic_user)
    section = build_decisions(incident, audience_tlp="AMBER", since=second.snapshot_at)
    assert [d.text for d in section["decisions"]].count(kept.text) == 1

    text = flat(second)
    assert "Sinds sitrep 1 nieuw Liaison van het ziekenhuis sluit aan." in text
    assert "gewijzigd Crisisteam vergadert elk uur.: herijken" in text
    assert "ingetrokken Evacuatie van de afdeling SEH." in text
    table = text.split("Alle besluiten die nu gelden")[1]
    assert "Noodnummer blijft open." in table
    assert "nieuw Noodnummer" not in table and "gewijzigd Noodnummer" not in table
    assert "gewijzigd Crisisteam vergadert elk uur." in table
    assert "nieuw Liaison van het ziekenhuis sluit aan." in table
    assert "Evacuatie van de afdeling SEH." not in table  # no longer in force


def test_the_list_is_bounded_and_says_how_many_were_left_out(incident, vic_user):
    first = issue(incident, vic_user)
    for number in range(DECISIONS_LIMIT + DECISION_CHANGES_LIMIT):
        decide(incident, vic_user, f"Besluit {number}")
    section = build_decisions(incident, audience_tlp="AMBER", since=first.snapshot_at)
    assert len(section["decisions"]) == DECISIONS_LIMIT
    assert section["omitted"] == DECISION_CHANGES_LIMIT
    assert len(section["changes"]["new"]) == DECISION_CHANGES_LIMIT
    assert section["changes"]["new_more"] == DECISIONS_LIMIT
    text = flat(issue(incident, vic_user))
    assert f"en nog {DECISIONS_LIMIT} nieuwe besluiten" in text
    assert f"en {DECISION_CHANGES_LIMIT} meer, zie het incident" in text


def test_the_document_says_per_section_what_changed_since_the_previous_sitrep(incident, vic_user):
    decide(incident, vic_user, "Noodnummer blijft open.")
    issue(incident, vic_user)
    assert "Sinds sitrep 1: geen nieuwe of gewijzigde inhoud" in flat(issue(incident, vic_user))
    decide(incident, vic_user, "Liaison van het ziekenhuis sluit aan.")
    document, previous = services.sitrep_document(incident=incident, audience_tlp="AMBER")
    assert previous.number == 2
    changes = dict(document.changes_since)
    assert changes["Besluitenlijst"] == 1
    assert changes["Logboekuittreksel"] == 1  # the decision's own log line
    text = flat(issue(incident, vic_user))
    assert "Sinds sitrep 2:" in text and "Besluitenlijst: 1 nieuw of gewijzigd" in text
