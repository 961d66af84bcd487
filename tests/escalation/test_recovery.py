"""Recovery per affected organisation and vital process, and the weekly reminder."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from crisiscentre.celery import app as celery_app
from escalation import services, tasks
from escalation.models import IncidentVitalProcess, RecoveryItem, RecoveryStatus, RecoveryUpdate
from incidents import services as incident_services
from incidents.models import AuditEvent
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(incident, vic_user):
    return incident_services.affected_organisation_add(
        incident=incident, actor=vic_user, name="Waterschap", sector="Water"
    )


def add(incident, user, organisation, **extra):
    return services.recovery_item_add(
        incident=incident,
        actor=user,
        organisation=organisation,
        status=extra.pop("status", RecoveryStatus.DISRUPTED),
        source="Waterschap",
        **extra,
    )


def test_an_item_starts_with_its_first_update_and_is_audited(incident, vic_user, organisation):
    item = add(incident, vic_user, organisation, expected_recovery="over twee weken")
    assert item.updates.count() == 1 and item.subject == "Waterschap"
    assert AuditEvent.objects.filter(action="escalation.recovery.added").exists()


def test_an_item_per_vital_process_too_but_one_per_subject(
    incident, vic_user, organisation, process
):
    record = services.vital_process_set(
        incident=incident, actor=vic_user, process=process("thuiszorg"), status="geraakt"
    )
    item = services.recovery_item_add(
        incident=incident, actor=vic_user, vital_process=record, status=RecoveryStatus.EMERGENCY
    )
    assert item.subject == record.process.name
    add(incident, vic_user, organisation)
    with pytest.raises(ValidationError):
        add(incident, vic_user, organisation)
    with pytest.raises(ValidationError):
        services.recovery_item_add(incident=incident, actor=vic_user, status="verstoord")


def test_technically_solved_is_not_societal_effects_over(incident, vic_user, organisation):
    item = add(incident, vic_user, organisation)
    services.recovery_item_update(
        item=item, actor=vic_user, status=RecoveryStatus.RECOVERED, technically_resolved=True
    )
    item.refresh_from_db()
    assert item.technically_resolved_at is not None
    assert item.societal_effects_ended_at is None and not item.is_done


def test_reliable_confirmation_needs_a_source(incident, vic_user, organisation):
    item = add(incident, vic_user, organisation)
    with pytest.raises(ValidationError) as exc:
        services.recovery_item_update(item=item, actor=vic_user, status=RecoveryStatus.CONFIRMED)
    assert "source" in exc.value.error_dict


def test_the_history_is_append_only(incident, vic_user, organisation):
    item = add(incident, vic_user, organisation)
    services.recovery_item_update(item=item, actor=vic_user, status=RecoveryStatus.PARTIAL)
    first = item.updates.order_by("pk").first()
    first.note = "herschreven"
    with pytest.raises(ValueError):
        first.save()
    with pytest.raises(ValueError):
        first.delete()
    assert RecoveryUpdate.objects.filter(item=item).count() == 2


def test_the_history_page_lists_every_step(client_for, incident, vic_user, organisation):
    item = add(incident, vic_user, organisation)
    services.recovery_item_update(
        item=item, actor=vic_user, status=RecoveryStatus.PARTIAL, note="Half"
    )
    page = client_for(vic_user).get(
        reverse("escalation:recovery_history", args=[incident.pk, item.pk])
    )
    text = page.content.decode()
    assert "Deels hersteld" in text and "Verstoord" in text and "Half" in text


def test_a_bad_update_keeps_the_input_and_says_why(client_for, incident, vic_user, organisation):
    item = add(incident, vic_user, organisation)
    response = client_for(vic_user).post(
        reverse("escalation:recovery_update", args=[incident.pk, item.pk]),
        {"status": "bevestigd", "note": "Alles weer goed"},
        headers=HTMX,
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Vermeld wie bevestigt" in text and "Alles weer goed" in text


# --- Weekly reminder ---------------------------------------------------------------------------


def _age(item, days):
    RecoveryItem.objects.filter(pk=item.pk).update(
        updated_at=timezone.now() - timezone.timedelta(days=days)
    )


def test_an_owner_is_reminded_once_a_week_of_a_stale_item(
    incident, vic_user, organisation, django_capture_on_commit_callbacks
):
    vic_user.email = "vera@example.org"
    vic_user.save()
    item = add(incident, vic_user, organisation, owner_user=vic_user)
    _age(item, 8)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.recovery_reminders.delay().get() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["vera@example.org"] and "Waterschap" in mail.outbox[0].subject
    assert reverse("escalation:recovery", args=[incident.pk]) in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.recovery_reminders.delay().get() == 0  # idempotent: the same week
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="escalation.recovery.reminded").count() == 1


def test_a_fresh_or_finished_item_gets_no_reminder(incident, vic_user, organisation):
    vic_user.email = "vera@example.org"
    vic_user.save()
    item = add(incident, vic_user, organisation, owner_user=vic_user)
    _age(item, 3)
    assert services.recovery_reminders_send() == 0
    services.recovery_item_update(
        item=item,
        actor=vic_user,
        status=RecoveryStatus.CONFIRMED,
        source="CISO",
        technically_resolved=True,
        societal_effects_over=True,
    )
    _age(item, 30)
    assert services.recovery_reminders_send() == 0
    assert mail.outbox == []


def test_the_reminder_is_on_the_beat_schedule():
    entry = celery_app.conf.beat_schedule["escalation-recovery-reminders"]
    assert entry["task"] == "escalation.recovery_reminders"


def test_the_vital_process_record_status_is_left_to_its_own_tile(incident, vic_user, process):
    record = services.vital_process_set(
        incident=incident, actor=vic_user, process=process("thuiszorg"), status="geraakt"
    )
    item = services.recovery_item_add(
        incident=incident, actor=vic_user, vital_process=record, status=RecoveryStatus.DISRUPTED
    )
    services.recovery_item_update(
        item=item, actor=vic_user, status=RecoveryStatus.CONFIRMED, source="Zorgaanbieder"
    )
    record.refresh_from_db()
    assert record.status == IncidentVitalProcess.Status.AFFECTED
