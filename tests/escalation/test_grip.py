from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from escalation import services
from escalation.models import GripChange, GripChecklistTick, GripLevel
from incidents import signals
from incidents.models import Decision, LogEntry
from incidents.services import StaleEdit
from tests.helpers import HTMX


def change(incident, user, level, **extra):
    return services.grip_change(
        incident=incident,
        actor=user,
        to_level=level,
        decided_by=extra.pop("decided_by", "Petra Jansen"),
        decided_by_function=extra.pop("decided_by_function", "Operationeel leider"),
        reason=extra.pop("reason", "Meerdere zorginstellingen geraakt"),
        **extra,
    )


def test_the_seeded_levels_run_from_no_grip_to_grip_rijk():
    levels = list(GripLevel.objects.order_by("rank"))
    assert [level.name for level in levels] == [
        "Geen GRIP",
        "GRIP 1",
        "GRIP 2",
        "GRIP 3",
        "GRIP 4",
        "GRIP 5",
        "GRIP Rijk",
    ]
    teams = {level.code: (level.team, level.led_by) for level in levels}
    assert teams["grip-1"] == ("CoPI", "Leider CoPI")
    assert teams["grip-2"] == ("ROT", "Operationeel leider")
    assert teams["grip-3"] == ("GBT", "Burgemeester")
    assert teams["grip-4"] == ("RBT", "Voorzitter veiligheidsregio")
    assert all(level.activation_checklist for level in levels)


def test_a_change_records_history_with_from_to_who_and_direction(incident, vic_user, levels):
    first = change(incident, vic_user, levels["grip-1"])
    second = change(incident, vic_user, levels["grip-3"])
    down = change(incident, vic_user, levels["grip-2"], reason="GBT niet meer nodig")
    assert first.from_level is None and first.is_upscaling
    assert second.from_level == levels["grip-1"] and second.is_upscaling
    assert down.from_level == levels["grip-3"] and not down.is_upscaling
    assert down.decided_by == "Petra Jansen (Operationeel leider)"
    assert GripChange.objects.filter(incident=incident).count() == 3


def test_a_change_writes_a_besluit_logbook_entry(incident, vic_user, levels):
    result = change(incident, vic_user, levels["grip-2"])
    entry = LogEntry.objects.get(pk=result.log_entry_id)
    assert entry.category == LogEntry.Category.DECISION
    assert "GRIP 2" in entry.text and "Meerdere zorginstellingen geraakt" in entry.text
    assert entry.source == "ROT – Petra Jansen (Operationeel leider)"


def test_a_change_is_a_decision_in_the_besluitenlijst(incident, vic_user, levels):
    result = change(incident, vic_user, levels["grip-2"])
    decision = Decision.objects.get(incident=incident)
    assert result.decision == decision
    assert decision.log_entry_id == result.log_entry_id
    assert "GRIP 2" in decision.text
    assert decision.rationale == "Meerdere zorginstellingen geraakt"
    assert decision.decided_by == "Petra Jansen (Operationeel leider)"
    assert decision.team == "ROT"


def test_the_decision_keeps_the_decision_time_even_when_entered_later(incident, vic_user, levels):
    earlier = timezone.now() - timedelta(hours=1)
    result = change(incident, vic_user, levels["grip-2"], decided_at=earlier, team="GBT")
    assert result.decision.meeting_at == earlier
    assert result.decision.created_at > earlier
    assert result.log_entry.occurred_at == earlier
    assert result.decision.team == "GBT"


def test_a_decision_time_in_the_future_is_refused(incident, vic_user, levels):
    with pytest.raises(ValidationError) as error:
        change(incident, vic_user, levels["grip-2"], decided_at=timezone.now() + timedelta(hours=1))
    assert "decided_at" in error.value.message_dict
    assert not Decision.objects.exists()


def test_a_change_sets_the_register_label_and_bumps_the_version(incident, vic_user, levels):
    version = incident.version
    change(incident, vic_user, levels["grip-4"])
    incident.refresh_from_db()
    assert incident.grip_label == "GRIP 4"
    assert incident.version > version


def test_a_change_is_audited(incident, vic_user, levels):
    change(incident, vic_user, levels["grip-2"])
    event = incident.audit_events.get(action="escalation.grip.changed")
    assert event.after["level"] == "grip-2"
    assert event.after["reason"] == "Meerdere zorginstellingen geraakt"


def test_a_change_fires_grip_changed_inside_the_transaction(incident, vic_user, levels):
    received = []

    def receiver(sender, incident, change, **kwargs):
        from django.db import connection

        received.append((sender, incident.pk, change.to_level.code, connection.in_atomic_block))

    signals.grip_changed.connect(receiver)
    try:
        change(incident, vic_user, levels["grip-2"])
    finally:
        signals.grip_changed.disconnect(receiver)
    assert received == [(GripChange, incident.pk, "grip-2", True)]


def test_a_missing_reason_is_refused_and_nothing_is_saved(incident, vic_user, levels):
    with pytest.raises(ValidationError) as error:
        change(incident, vic_user, levels["grip-2"], reason="   ")
    assert "reason" in error.value.message_dict
    assert not GripChange.objects.exists()
    assert not LogEntry.objects.filter(category="besluit").exists()


def test_a_missing_decider_is_refused(incident, vic_user, levels):
    with pytest.raises(ValidationError):
        change(incident, vic_user, levels["grip-2"], decided_by="")


def test_the_same_level_twice_is_refused(incident, vic_user, levels):
    change(incident, vic_user, levels["grip-2"])
    with pytest.raises(ValidationError):
        change(incident, vic_user, levels["grip-2"])


def test_a_stale_change_is_refused_with_a_clear_message(incident, vic_user, crisis_user, levels):
    seen = 0  # the form was rendered when no level was set
    change(incident, crisis_user, levels["grip-3"], decided_by="Burgemeester Bos")
    with pytest.raises(StaleEdit) as error:
        change(incident, vic_user, levels["grip-2"], expected_level_id=seen)
    assert "intussen door iemand anders gewijzigd" in error.value.message
    assert "GRIP 3" in error.value.changes[0]
    assert GripChange.objects.count() == 1


def test_a_change_from_the_level_seen_is_accepted(incident, vic_user, levels):
    change(incident, vic_user, levels["grip-1"])
    result = change(incident, vic_user, levels["grip-2"], expected_level_id=levels["grip-1"].pk)
    assert result.from_level == levels["grip-1"]


# --- Views ------------------------------------------------------------------------------------


def form_data(level, **extra):
    return {
        "to_level": level.pk,
        "decided_by": "Petra Jansen",
        "decided_by_function": "Operationeel leider",
        "reason": "ROT nodig",
        "expected_level": 0,
        **extra,
    }


def test_the_dashboard_shows_the_grip_tile_with_its_form(client_for, incident, vic_user):
    body = client_for(vic_user).get(f"/incidents/{incident.pk}/").content.decode()
    assert 'id="tile-grip"' in body
    assert 'id="grip-form"' in body
    assert 'id="tile-advice"' in body
    assert body.index('id="tile-grip"') < body.index('id="tile-advice"')


def test_a_bestuurder_sees_the_level_but_no_form(client_for, incident, bestuurder):
    body = client_for(bestuurder).get(f"/incidents/{incident.pk}/").content.decode()
    assert 'id="grip-body"' in body
    assert 'id="grip-form"' not in body


def test_an_htmx_post_changes_the_level_and_returns_a_fresh_form(
    client_for, incident, vic_user, levels
):
    response = client_for(vic_user).post(
        f"/incidents/{incident.pk}/grip/", form_data(levels["grip-2"]), headers=HTMX
    )
    assert response.status_code == 200
    assert "incidentChanged" in response.headers["HX-Trigger"]
    body = response.content.decode()
    assert body.lstrip().startswith('<form id="grip-form"')
    assert f'name="expected_level" value="{levels["grip-2"].pk}"' in body
    incident.refresh_from_db()
    assert incident.grip_label == "GRIP 2"


def test_a_plain_post_redirects_to_the_incident(client_for, incident, vic_user, levels):
    response = client_for(vic_user).post(
        f"/incidents/{incident.pk}/grip/", form_data(levels["grip-1"])
    )
    assert response.status_code == 302
    assert response.url == f"/incidents/{incident.pk}/"


def test_a_post_without_reason_returns_422_with_the_input_kept(
    client_for, incident, vic_user, levels
):
    response = client_for(vic_user).post(
        f"/incidents/{incident.pk}/grip/",
        form_data(levels["grip-2"], reason=""),
        headers=HTMX,
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Geef de reden voor de wijziging van het GRIP-niveau." in body
    assert 'value="Petra Jansen"' in body
    assert not GripChange.objects.exists()


def test_a_stale_post_returns_409_with_the_new_level_and_keeps_the_input(
    client_for, incident, vic_user, crisis_user, levels
):
    change(incident, crisis_user, levels["grip-3"])
    response = client_for(vic_user).post(
        f"/incidents/{incident.pk}/grip/",
        form_data(levels["grip-2"], reason="Mijn reden"),
        headers=HTMX,
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "intussen door iemand anders gewijzigd" in body
    # What changed is shown above the form (the stale-changes partial), not lost.
    assert "Intussen gewijzigd door anderen:" in body
    assert "Huidig niveau: GRIP 3" in body
    assert "Mijn reden" in body
    # Submitting again now is based on the level the user has just been shown.
    assert f'name="expected_level" value="{levels["grip-3"].pk}"' in body


def test_a_plain_post_with_errors_renders_a_full_page(client_for, incident, vic_user, levels):
    response = client_for(vic_user).post(
        f"/incidents/{incident.pk}/grip/", form_data(levels["grip-2"], reason="")
    )
    assert response.status_code == 422
    assert "<html" in response.content.decode()


def test_the_tile_fragment_shows_the_current_level_and_the_timeline(
    client_for, incident, vic_user, bestuurder, levels
):
    change(incident, vic_user, levels["grip-1"], reason="Eerste reden")
    change(incident, vic_user, levels["grip-2"], reason="Tweede reden")
    response = client_for(bestuurder).get(f"/incidents/{incident.pk}/tegel/grip/", headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="grip-body"')
    assert "GRIP 2" in body and "Eerste reden" in body and "Tweede reden" in body
    assert body.index("Tweede reden") < body.index("Eerste reden")
    assert "Alarmeer het ROT" in body  # the activation checklist of the current level


def test_the_tile_speaks_english_when_chosen(client_for, incident, vic_user):
    from django.utils import translation

    with translation.override("en"):
        client = client_for(vic_user)
        client.cookies["django_language"] = "en"
        body = client.get(f"/incidents/{incident.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Change GRIP level" in body
    assert "Record GRIP decision" in body


def test_a_post_with_an_earlier_decision_time_records_it(client_for, incident, vic_user, levels):
    response = client_for(vic_user).post(
        f"/incidents/{incident.pk}/grip/",
        form_data(levels["grip-2"], decided_at="2026-01-05T09:15", team="GBT"),
        headers=HTMX,
    )
    assert response.status_code == 200
    decision = Decision.objects.get(incident=incident)
    local = timezone.localtime(decision.meeting_at)
    assert (local.hour, local.minute, decision.team) == (9, 15, "GBT")
    assert GripChange.objects.get().decided_at == decision.meeting_at


def test_a_post_with_a_future_decision_time_is_refused_in_dutch(
    client_for, incident, vic_user, levels
):
    future = timezone.localtime() + timedelta(days=1)
    response = client_for(vic_user).post(
        f"/incidents/{incident.pk}/grip/",
        form_data(levels["grip-2"], decided_at=f"{future:%Y-%m-%dT%H:%M}", reason="Mijn reden"),
        headers=HTMX,
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Het tijdstip van het besluit ligt in de toekomst." in body
    assert "Mijn reden" in body


# --- Team-activation checklist ----------------------------------------------------------------


def tick_url(incident, level, index):
    return f"/incidents/{incident.pk}/grip/checklist/{level.pk}/{index}"


def test_the_current_levels_checklist_can_be_ticked_and_is_audited(
    client_for, incident, vic_user, levels
):
    change(incident, vic_user, levels["grip-2"])
    version = incident.version
    response = client_for(vic_user).post(
        tick_url(incident, levels["grip-2"], 0), {"done": "1"}, headers=HTMX
    )
    assert response.status_code == 200
    assert "incidentChanged" in response.headers["HX-Trigger"]
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="grip-body"')
    assert "afgevinkt door" in body
    tick = GripChecklistTick.objects.get(incident=incident)
    assert (tick.index, tick.text, tick.done_by) == (0, "Alarmeer het ROT", vic_user)
    event = incident.audit_events.get(action="escalation.grip.checklist_ticked")
    assert event.after == {"level": "grip-2", "index": 0, "step": "Alarmeer het ROT", "done": True}
    incident.refresh_from_db()
    assert incident.version > version


def test_a_tick_is_live_for_other_viewers(client_for, incident, vic_user, bestuurder, levels):
    change(incident, vic_user, levels["grip-2"])
    services.grip_checklist_tick(
        incident=incident, actor=vic_user, level=levels["grip-2"], index=1, done=True
    )
    body = client_for(bestuurder).get(f"/incidents/{incident.pk}/tegel/grip/").content.decode()
    assert "afgevinkt door Vera" in body
    # A reader sees the ticks but gets no buttons.
    assert "grip/checklist/" not in body


def test_unticking_removes_the_tick_and_is_audited(client_for, incident, vic_user, levels):
    change(incident, vic_user, levels["grip-2"])
    client = client_for(vic_user)
    client.post(tick_url(incident, levels["grip-2"], 2), {"done": "1"})
    response = client.post(tick_url(incident, levels["grip-2"], 2), {"done": "0"})
    assert response.status_code == 302
    assert not GripChecklistTick.objects.exists()
    assert incident.audit_events.filter(action="escalation.grip.checklist_unticked").exists()


def test_ticking_twice_records_one_tick(incident, vic_user, levels):
    for _ in range(2):
        services.grip_checklist_tick(
            incident=incident, actor=vic_user, level=levels["grip-2"], index=0, done=True
        )
    assert GripChecklistTick.objects.count() == 1
    assert incident.audit_events.filter(action="escalation.grip.checklist_ticked").count() == 1


def test_a_step_that_does_not_exist_is_refused(client_for, incident, vic_user, levels):
    response = client_for(vic_user).post(
        tick_url(incident, levels["grip-2"], 99), {"done": "1"}, headers=HTMX
    )
    assert response.status_code == 422
    assert not GripChecklistTick.objects.exists()


def test_a_bestuurder_cannot_tick(client_for, incident, bestuurder, levels):
    response = client_for(bestuurder).post(tick_url(incident, levels["grip-2"], 0), {"done": "1"})
    assert response.status_code == 403
    assert not GripChecklistTick.objects.exists()


def test_an_outsider_gets_404_when_ticking(client_for, incident, outsider, levels):
    response = client_for(outsider).post(tick_url(incident, levels["grip-2"], 0), {"done": "1"})
    assert response.status_code == 404


def test_ticking_needs_a_post(client_for, incident, vic_user, levels):
    assert client_for(vic_user).get(tick_url(incident, levels["grip-2"], 0)).status_code == 405
