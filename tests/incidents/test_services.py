import pytest
from django.core.exceptions import ValidationError

from incidents import selectors, services
from incidents.models import AuditEvent, Cause, Classification, LogEntry

pytestmark = pytest.mark.django_db


def test_a_new_incident_assumes_deliberate_cause_and_everything_else_unknown(vic_user):
    incident = services.incident_open(actor=vic_user, title="Uitval 112")
    current = selectors.classification_current(incident)
    assert current.cause == Cause.DELIBERATE
    assert current.assumed_blocks == ["cause"]
    assert "opzet" in current.reason
    assert {current.source, current.actor, current.domain, current.area, current.outlook} == {
        "onbekend"
    }
    assert incident.reference.startswith("CC-")
    assert incident.members.filter(pk=vic_user.pk).exists()


def test_references_are_numbered_per_year(vic_user):
    first = services.incident_open(actor=vic_user, title="Een")
    second = services.incident_open(actor=vic_user, title="Twee")
    assert int(second.reference[-4:]) == int(first.reference[-4:]) + 1


def test_a_classification_change_keeps_history_with_who_what_and_why(incident, crisis_user):
    before = selectors.classification_current(incident)
    after = services.classification_change(
        incident=incident,
        actor=crisis_user,
        changes={"domain": "vitaal", "area": "meerdere_regios"},
        reason="Ziekenhuizen in twee regio's melden uitval",
    )
    assert after.pk != before.pk
    assert sorted(after.changed_blocks) == ["area", "domain"]
    assert after.created_by == crisis_user
    assert after.cause == before.cause  # untouched blocks carry over
    assert Classification.objects.filter(incident=incident).count() == 2
    event = AuditEvent.objects.filter(action="incidents.classification.changed").get()
    assert event.before == {"domain": "onbekend", "area": "onbekend"}
    assert event.after["reason"] == "Ziekenhuizen in twee regio's melden uitval"


def test_a_classification_change_requires_a_reason(incident, crisis_user):
    with pytest.raises(ValidationError) as error:
        services.classification_change(
            incident=incident, actor=crisis_user, changes={"cause": "niet_moedwillig"}, reason="  "
        )
    assert "reden" in str(error.value)
    assert incident.classifications.count() == 1


def test_confirming_the_assumed_cause_ends_the_assumption(incident, crisis_user):
    after = services.classification_change(
        incident=incident, actor=crisis_user, changes={"cause": "moedwillig"}, reason="Losgeldbrief"
    )
    assert after.assumed_blocks == []


def test_a_stale_classification_edit_is_refused_with_the_current_values(
    incident, crisis_user, vic_user
):
    seen = selectors.classification_current(incident)
    services.classification_change(
        incident=incident, actor=vic_user, changes={"source": "buiten_nl"}, reason="NCSC"
    )
    with pytest.raises(services.StaleEdit) as error:
        services.classification_change(
            incident=incident,
            actor=crisis_user,
            changes={"source": "binnen_nl"},
            reason="Politie",
            expected_classification_id=seen.pk,
        )
    assert any("Buiten Nederland" in line for line in error.value.changes)
    assert selectors.classification_current(incident).source == "buiten_nl"


def test_an_invalid_block_value_is_refused(incident, crisis_user):
    with pytest.raises(ValidationError):
        services.classification_change(
            incident=incident, actor=crisis_user, changes={"area": "mars"}, reason="x"
        )


def test_the_summary_names_known_and_unknown_blocks(incident, crisis_user):
    current = services.classification_change(
        incident=incident, actor=crisis_user, changes={"domain": "vitaal"}, reason="x"
    )
    summary = selectors.classification_summary(current)
    assert "vitale processen" in summary
    assert "Nog onbekend" in summary and "bron" in summary


def test_a_log_correction_points_to_the_corrected_entry_and_both_stay(incident, vic_user):
    wrong = services.log_entry_add(
        incident=incident, actor=vic_user, category="beeld", text="3 gemeenten"
    )
    fixed = services.log_entry_add(
        incident=incident, actor=vic_user, category="beeld", text="4 gemeenten", corrects=wrong
    )
    wrong.refresh_from_db()
    assert wrong.corrected_by == fixed
    assert wrong.text == "3 gemeenten"  # never edited
    assert LogEntry.objects.filter(incident=incident).count() == 2
    with pytest.raises(ValidationError):
        services.log_entry_add(
            incident=incident, actor=vic_user, category="beeld", text="5", corrects=wrong
        )


def test_an_empty_log_entry_is_refused(incident, vic_user):
    with pytest.raises(ValidationError):
        services.log_entry_add(incident=incident, actor=vic_user, category="beeld", text=" ")


def test_a_decision_writes_a_besluit_log_entry(incident, crisis_user):
    decision = services.decision_record(
        incident=incident,
        actor=crisis_user,
        text="Noodstroom voor de apotheek",
        decided_by="J. Jansen, operationeel leider",
        team="ROT",
    )
    assert decision.log_entry.category == LogEntry.Category.DECISION
    assert decision.log_entry.text == "Noodstroom voor de apotheek"


def test_an_action_needs_an_owner(incident, crisis_user):
    with pytest.raises(ValidationError):
        services.action_create(incident=incident, actor=crisis_user, description="Bel het NCC")
    action = services.action_create(
        incident=incident, actor=crisis_user, description="Bel het NCC", owner_user=crisis_user
    )
    assert action.owner_display


def test_a_stale_incident_edit_is_refused_and_shows_what_changed(incident, vic_user, crisis_user):
    seen_version = incident.register_version
    services.incident_update(
        incident=incident,
        actor=vic_user,
        expected_register_version=seen_version,
        title="Nieuwe titel",
    )
    with pytest.raises(services.StaleEdit) as error:
        services.incident_update(
            incident=incident,
            actor=crisis_user,
            expected_register_version=seen_version,
            title="Andere",
        )
    assert any("Nieuwe titel" in line for line in error.value.changes)
    incident.refresh_from_db()
    assert incident.title == "Nieuwe titel"


def test_every_change_is_in_the_append_only_audit_trail(incident, vic_user):
    services.log_entry_add(incident=incident, actor=vic_user, category="melding", text="x")
    actions = set(AuditEvent.objects.filter(incident=incident).values_list("action", flat=True))
    assert {"incidents.incident.opened", "incidents.member.added", "incidents.log.added"} <= actions
    event = AuditEvent.objects.first()
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_every_change_bumps_the_version_for_live_viewers(incident, vic_user):
    version = incident.version
    services.log_entry_add(incident=incident, actor=vic_user, category="melding", text="x")
    incident.refresh_from_db()
    assert incident.version == version + 1


def test_the_grip_label_is_kept_with_the_time_it_took_effect(incident):
    services.incident_set_grip_label(incident=incident, label="GRIP 3")
    incident.refresh_from_db()
    assert incident.grip_label == "GRIP 3"
    assert incident.grip_since is not None


def test_the_sitrep_summary_says_since_when_the_grip_level_holds(incident):
    from sitreps.sitrep import build_summary

    services.incident_set_grip_label(incident=incident, label="GRIP 4")
    section = build_summary(incident, audience_tlp="RED", since=None)
    assert section["grip"] == "GRIP 4"
    assert section["grip_since"] == incident.grip_since
