from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from incidents import signals
from incidents.models import AuditEvent, Decision, LogEntry
from playbook import content, selectors, services
from playbook.models import (
    INCIDENT_LISTS,
    ChecklistItem,
    Dilemma,
    IncidentChecklistItem,
    IncidentKeyDecision,
    KeyDecision,
    RosterEntry,
    Stakeholder,
)

pytestmark = pytest.mark.django_db


def test_opening_an_incident_gives_it_its_own_checklists(incident):
    assert IncidentKeyDecision.objects.filter(incident=incident).count() == 10
    expected = ChecklistItem.objects.filter(
        list__in=[
            "melding_alarmering",
            "leiding_coordinatie",
            "informatiemanagement",
            "crisiscommunicatie",
            "nafase",
            "operationeel",
            "houd_rekening_met",
            "reageren",
        ]
    ).count()
    assert IncidentChecklistItem.objects.filter(incident=incident).count() == expected == 43


def test_ensure_is_idempotent_and_covers_older_incidents(incident):
    IncidentKeyDecision.objects.filter(incident=incident).delete()
    IncidentChecklistItem.objects.filter(incident=incident).delete()
    services.playbook_ensure(incident)
    services.playbook_ensure(incident)
    assert IncidentKeyDecision.objects.filter(incident=incident).count() == 10
    assert IncidentChecklistItem.objects.filter(incident=incident).count() == 43


def test_the_data_migration_gives_older_incidents_their_rows_once(incident, outsider):
    """What playbook/migrations/0009 runs: every incident without rows gets them, once."""
    from incidents.services import incident_open

    other = incident_open(actor=outsider, title="Ander incident")
    IncidentKeyDecision.objects.filter(incident=incident).delete()
    IncidentChecklistItem.objects.filter(incident=incident, item__list="reageren").delete()
    assert content.incident_rows() > 10
    assert content.incident_rows() == 0
    for each in (incident, other):
        assert IncidentKeyDecision.objects.filter(incident=each).count() == 10
        assert IncidentChecklistItem.objects.filter(incident=each).count() == 43


def test_the_migration_lists_are_the_models_incident_lists():
    assert tuple(content.INCIDENT_LISTS) == tuple(INCIDENT_LISTS)


def test_ticking_records_author_time_and_note(incident, crisis_user):
    row = IncidentChecklistItem.objects.filter(incident=incident).first()
    version = incident.version
    services.checklist_item_set(item=row, actor=crisis_user, done=True, note=" gebeld ")
    row.refresh_from_db()
    assert row.done and row.done_by == crisis_user and row.note == "gebeld"
    assert timezone.now() - row.done_at < timedelta(seconds=5)
    incident.refresh_from_db()
    assert incident.version > version
    assert AuditEvent.objects.filter(action="playbook.checklist.ticked", actor=crisis_user).exists()


def test_unticking_clears_who_and_when_but_keeps_the_note(incident, crisis_user):
    row = IncidentChecklistItem.objects.filter(incident=incident).first()
    services.checklist_item_set(item=row, actor=crisis_user, done=True, note="n")
    services.checklist_item_set(item=row, actor=crisis_user, done=False, note="n")
    row.refresh_from_db()
    assert (row.done, row.done_by, row.done_at, row.note) == (False, None, None, "n")


def _row(incident, slug) -> IncidentKeyDecision:
    return IncidentKeyDecision.objects.select_related("key_decision", "incident").get(
        incident=incident, key_decision__slug=slug
    )


def test_taking_a_key_decision_writes_a_decision_logbook_entry_and_sends_the_signal(
    incident, crisis_user
):
    received = []

    def receiver(sender, **kwargs):
        # Sent inside the transaction, after the rows are saved.
        received.append((sender, kwargs["incident"], kwargs["key_decision"].outcome))

    signals.key_decision_taken.connect(receiver)
    try:
        row = services.key_decision_take(
            key_decision=_row(incident, "aflossing"),
            actor=crisis_user,
            text="Tweede ploeg start om 20:00",
            rationale="Lange duur verwacht",
            decided_by="OL",
            team="ROT",
        )
    finally:
        signals.key_decision_taken.disconnect(receiver)
    assert received == [(IncidentKeyDecision, incident, "genomen")]
    assert row.outcome == "genomen" and row.decided_by == "OL" and row.meeting_at
    entry = LogEntry.objects.get(incident=incident, category=LogEntry.Category.DECISION)
    assert "Aflossing" in entry.text and "Tweede ploeg start om 20:00" in entry.text
    assert Decision.objects.get(incident=incident) == row.decision
    assert row.decision.log_entry == entry


def test_a_process_key_decision_can_be_taken_again_but_not_reopened(incident, crisis_user):
    row = _row(incident, "liaisons")
    services.key_decision_take(key_decision=row, actor=crisis_user, text="x", decided_by="y")
    services.key_decision_take(key_decision=row, actor=crisis_user, text="z", decided_by="y")
    with pytest.raises(ValidationError):
        services.key_decision_set_outcome(key_decision=row, actor=crisis_user, outcome="open")
    assert Decision.objects.filter(incident=incident).count() == 2
    assert [r.text for r in _row(incident, "liaisons").records.all()] == ["z", "x"]
    assert _row(incident, "liaisons").text == "z"


def test_taking_a_key_decision_needs_a_text_and_who_decided(incident, crisis_user):
    with pytest.raises(ValidationError):
        services.key_decision_take(
            key_decision=_row(incident, "liaisons"), actor=crisis_user, text=" ", decided_by=""
        )
    assert _row(incident, "liaisons").outcome == "open"
    assert not LogEntry.objects.filter(incident=incident, category="besluit").exists()


def test_a_key_decision_can_be_not_applicable_and_open_again(incident, crisis_user):
    row = _row(incident, "losgeld-ransomware")
    services.key_decision_set_outcome(key_decision=row, actor=crisis_user, outcome="nvt")
    assert _row(incident, "losgeld-ransomware").outcome == "nvt"
    services.key_decision_set_outcome(key_decision=row, actor=crisis_user, outcome="open")
    assert _row(incident, "losgeld-ransomware").outcome == "open"
    assert not LogEntry.objects.filter(incident=incident, category="besluit").exists()


def test_a_dilemma_position_closes_the_dilemma(incident, crisis_user):
    dilemma = Dilemma.objects.get(slug="communicatie")
    services.dilemma_position_record(
        incident=incident, actor=crisis_user, dilemma=dilemma, position="Wel", team="RBT"
    )
    rows = {row.dilemma.slug: row for row in selectors.incident_dilemmas(incident)}
    assert not rows["communicatie"].is_open
    assert rows["communicatie"].current.team == "RBT"
    assert rows["verantwoording"].is_open
    with pytest.raises(ValidationError):
        services.dilemma_position_record(
            incident=incident, actor=crisis_user, dilemma=dilemma, position=" "
        )


def _shift(incident, actor, function, person, start_h, end_h, now):
    return services.roster_entry_add(
        incident=incident,
        actor=actor,
        function=function,
        person=person,
        starts_at=now + timedelta(hours=start_h),
        ends_at=now + timedelta(hours=end_h),
    )


def test_relief_warns_when_a_shift_ends_within_the_hour_without_successor(incident, vic_user):
    now = timezone.now()
    ending = _shift(incident, vic_user, "Leider VIC", "Vera", -3, 0.5, now)
    _shift(incident, vic_user, "Operationeel Leider", "Olaf", -3, 4, now)  # ends later
    entries = selectors.roster(incident)
    assert selectors.relief_warnings(entries, now) == [ending]


def test_relief_does_not_warn_when_a_successor_takes_over(incident, vic_user):
    now = timezone.now()
    _shift(incident, vic_user, "Leider VIC", "Vera", -3, 0.5, now)
    _shift(incident, vic_user, "leider vic", "Victor", 0.5, 8, now)
    assert selectors.relief_warnings(selectors.roster(incident), now) == []


def test_relief_warns_when_the_successor_starts_too_late(incident, vic_user):
    now = timezone.now()
    ending = _shift(incident, vic_user, "Leider VIC", "Vera", -3, 0.5, now)
    _shift(incident, vic_user, "Leider VIC", "Victor", 1, 8, now)
    assert selectors.relief_warnings(selectors.roster(incident), now) == [ending]


def test_a_shift_must_end_after_it_starts(incident, vic_user):
    now = timezone.now()
    with pytest.raises(ValidationError):
        _shift(incident, vic_user, "Leider VIC", "Vera", 2, 1, now)
    assert not RosterEntry.objects.exists()


def test_the_handover_brief_summarises_what_the_next_shift_needs(incident, vic_user):
    from incidents import services as incident_services

    now = timezone.now()
    # Written five hours ago (the log is append-only, so the row is created that way).
    LogEntry.objects.create(
        incident=incident,
        author=vic_user,
        category="beeld",
        text="Oude regel",
        created_at=now - timedelta(hours=5),
    )
    _shift(incident, vic_user, "Leider VIC", "Vera", -2, 6, now)
    incident_services.log_entry_add(
        incident=incident, actor=vic_user, category="beeld", text="Nieuwe regel"
    )
    incident_services.action_create(
        incident=incident,
        actor=vic_user,
        description="Bel het ziekenhuis",
        owner_organisation="VIC",
    )
    incident_services.decision_record(
        incident=incident,
        actor=vic_user,
        text="Herijk de inzet",
        decided_by="OL",
        reevaluate_at=now + timedelta(hours=1),
    )
    ncc = Stakeholder.objects.get(slug="ncc")
    services.stakeholder_involve(incident=incident, actor=vic_user, stakeholder=ncc)
    services.next_meeting_set(incident=incident, actor=vic_user, at=now + timedelta(hours=1))

    brief = selectors.handover_brief(incident)

    assert abs(brief["since"] - (now - timedelta(hours=2))) < timedelta(seconds=1)
    texts = [entry.text for entry in brief["log_entries"]]
    assert "Nieuwe regel" in texts and "Oude regel" not in texts
    assert [d.text for d in brief["decisions"]] == ["Herijk de inzet"]
    # Re-evaluated in an hour: listed as to be re-evaluated later, not (yet) as due.
    assert [d.text for d in brief["decisions_due"]] == []
    assert [d.text for d in brief["decisions_upcoming"]] == ["Herijk de inzet"]
    assert [a.description for a in brief["open_actions"]] == ["Bel het ziekenhuis"]
    # The starting point assumes deliberate intent; the other five blocks are unknown.
    assert len(brief["unknown_blocks"]) == 5
    assert [i.stakeholder.slug for i in brief["not_informed"]] == ["ncc"]
    assert brief["next_meeting"].team == "ROT"
    # The roster entry took the key decision aflossing; the other nine are open.
    assert len(brief["open_key_decisions"]) == 9
    assert len(brief["open_dilemmas"]) == 5


def test_marking_a_stakeholder_informed_records_who_and_when(incident, vic_user):
    ncc = Stakeholder.objects.get(slug="ncc")
    involvement = services.stakeholder_involve(
        incident=incident, actor=vic_user, stakeholder=ncc, needs_to_know="Duiding"
    )
    assert involvement.max_tlp == ncc.max_tlp and not involvement.is_informed
    services.stakeholder_mark_informed(involvement=involvement, actor=vic_user)
    involvement.refresh_from_db()
    assert involvement.is_informed and involvement.informed_by == vic_user
    # Adding the same stakeholder again updates the row instead of duplicating it.
    services.stakeholder_involve(
        incident=incident, actor=vic_user, stakeholder=ncc, needs_to_know="Meer", max_tlp="RED"
    )
    rows = list(selectors.stakeholder_involvements(incident))
    assert [(r.needs_to_know, r.max_tlp) for r in rows] == [("Meer", "RED")]


def test_the_sitrep_sections_follow_the_contract(incident, crisis_user):
    from playbook import sitrep

    row = _row(incident, "op-en-afschalen")
    services.key_decision_take(
        key_decision=row, actor=crisis_user, text="GRIP 2", decided_by="OL", tlp="AMBER"
    )
    section = sitrep.key_decisions_section(incident, audience_tlp="AMBER", since=None)
    assert [r.key_decision.key_decision.slug for r in section["taken"]] == ["op-en-afschalen"]
    # Only the region's process key decisions; the six content ones have their own section.
    assert len(section["open"]) == 3 and section["tlp"] == "AMBER"
    assert not section["is_empty"]
    green = sitrep.key_decisions_section(incident, audience_tlp="GREEN", since=None)
    assert green["taken"] == [] and green["withheld"] == 1 and green["tlp"] == "CLEAR"
    later = sitrep.key_decisions_section(
        incident, audience_tlp="RED", since=timezone.now() + timedelta(minutes=1)
    )
    # Every sitrep is complete: a taking from before the previous sitrep stays, not as new.
    assert [r.is_new for r in later["taken"]] == [False]

    dilemma = Dilemma.objects.get(slug="verantwoording")
    services.dilemma_position_record(
        incident=incident, actor=crisis_user, dilemma=dilemma, position="Nee", tlp="RED"
    )
    dilemmas = sitrep.dilemmas_section(incident, audience_tlp="AMBER", since=None)
    assert len(dilemmas["open"]) == 4 and dilemmas["positions"] == []
    dilemmas = sitrep.dilemmas_section(incident, audience_tlp="RED", since=None)
    assert [p.position for p in dilemmas["positions"]] == ["Nee"] and dilemmas["tlp"] == "RED"


def test_content_added_later_reaches_existing_incidents(incident):
    KeyDecision.objects.create(slug="extra", kind="proces", title="Extra")
    content.incident_rows()  # as load_playbook does after loading
    assert IncidentKeyDecision.objects.filter(incident=incident).count() == 11


def test_a_key_decision_added_in_the_admin_reaches_existing_incidents(
    client_for, admin_user, incident
):
    from django.urls import reverse

    response = client_for(admin_user).post(
        reverse("admin:playbook_keydecision_add"),
        {"slug": "extra", "kind": "proces", "title": "Extra", "explanation": "", "order": 99},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = IncidentKeyDecision.objects.get(incident=incident, key_decision__slug="extra")
    assert row.outcome == IncidentKeyDecision.Outcome.OPEN
