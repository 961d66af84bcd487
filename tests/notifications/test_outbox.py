"""The outbox: rows written inside the trigger's transaction, who gets what, the TLP gate."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from incidents import signals
from incidents.services import decision_record
from incidents.tlp import TLP
from notifications import services
from notifications.models import MessageTemplate, Notification, SkipReason, Trigger
from playbook.models import IncidentKeyDecision, KeyDecision

from .conftest import make_stakeholder, send_grip_changed

State = Notification.State


class Boom(Exception):
    pass


@pytest.fixture
def amber_incident(incident):
    assert incident.tlp == TLP.AMBER  # the default for a new incident
    return incident


def test_a_grip_change_queues_a_message_for_each_reachable_stakeholder(
    incident, email_involvement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        send_grip_changed(incident, to_level="GRIP 2")

    (row,) = Notification.objects.filter(incident=incident)
    assert row.state == State.QUEUED
    assert row.trigger == Trigger.GRIP
    assert row.recipient == "crisis@partner.example"
    assert "GRIP 2" in row.subject
    assert row.template.slug == "grip-wijziging"
    assert len(callbacks) == 1  # the task is dispatched only after commit


def test_no_message_survives_a_rolled_back_trigger(incident, email_involvement):
    with pytest.raises(Boom), transaction.atomic():
        send_grip_changed(incident)
        assert Notification.objects.filter(incident=incident).count() == 1
        raise Boom
    assert not Notification.objects.filter(incident=incident).exists()


def test_the_involvement_contact_address_goes_before_the_directory_address(incident, involve):
    stakeholder = make_stakeholder(email="algemeen@partner.example")
    involve(incident, stakeholder, contact_email="persoonlijk@partner.example")
    send_grip_changed(incident)
    assert Notification.objects.get(incident=incident).recipient == "persoonlijk@partner.example"


def test_stakeholders_that_cannot_be_reached_automatically_are_logged_as_skipped(incident, involve):
    involve(incident, make_stakeholder(channel="phone", phone="030-1234567", name="Bellen"))
    involve(incident, make_stakeholder(channel="email", email="", name="Zonder adres"))
    involve(incident, make_stakeholder(channel="webhook", webhook_url="", name="Zonder URL"))

    send_grip_changed(incident)

    rows = {row.stakeholder.name: row for row in Notification.objects.filter(incident=incident)}
    assert {row.state for row in rows.values()} == {State.SKIPPED}
    assert rows["Bellen"].skip_reason == SkipReason.CHANNEL
    assert "zelf contact" in rows["Bellen"].skip_explanation
    assert rows["Zonder adres"].skip_reason == SkipReason.NO_ADDRESS
    assert rows["Zonder URL"].skip_reason == SkipReason.NO_ADDRESS


def test_incident_content_above_the_receivers_level_is_withheld(amber_incident, involve):
    green = involve(amber_incident, make_stakeholder(email="groen@x.example"), max_tlp=TLP.GREEN)
    amber = involve(amber_incident, make_stakeholder(email="amber@x.example"), max_tlp=TLP.AMBER)

    send_grip_changed(amber_incident, reason="Uitval bij het ziekenhuis")

    to_green = Notification.objects.get(involvement=green)
    to_amber = Notification.objects.get(involvement=amber)
    assert to_green.state == State.QUEUED
    assert to_green.tlp == TLP.GREEN
    assert "Uitval bij het ziekenhuis" not in to_green.body
    assert "Moedwillig" not in to_green.body.title()
    assert "[weggelaten: boven uw TLP-niveau]" in to_green.body
    assert {item["part"] for item in to_green.withheld} == {"duiding", "reden"}
    assert "de duiding (NCP-D) (TLP:AMBER)" in to_green.withheld_explanation
    assert to_green.subject.startswith("[TLP:GREEN] ")

    assert to_amber.tlp == TLP.AMBER
    assert to_amber.withheld == []
    assert "Uitval bij het ziekenhuis" in to_amber.body
    assert "moedwillig" in to_amber.body
    assert to_amber.subject.startswith("[TLP:AMBER] ")
    assert "Dit bericht is TLP:AMBER" in to_amber.body


def test_a_receiver_below_the_templates_own_level_is_skipped_with_the_reason(incident, involve):
    clear = involve(incident, make_stakeholder(email="publiek@x.example"), max_tlp=TLP.CLEAR)
    send_grip_changed(incident)

    row = Notification.objects.get(involvement=clear)
    assert row.state == State.SKIPPED
    assert row.skip_reason == SkipReason.TLP
    assert row.body == ""  # the text above their level is not even stored for them
    assert "TLP:GREEN" in row.skip_explanation
    assert "TLP:CLEAR" in row.skip_explanation


def test_a_key_decision_message_carries_the_decision_text_at_the_decisions_level(
    incident, vic_user, involve
):
    green = involve(incident, make_stakeholder(email="groen@x.example"), max_tlp=TLP.GREEN)
    amber = involve(incident, make_stakeholder(email="amber@x.example"), max_tlp=TLP.AMBER)
    key = KeyDecision.objects.create(slug="test-losgeld", kind="inhoudelijk", title="Losgeld")
    with transaction.atomic():
        decision = decision_record(
            incident=incident,
            actor=vic_user,
            text="Er wordt geen losgeld betaald.",
            decided_by="J. Jansen, burgemeester",
            tlp=TLP.AMBER,
        )
        taken = IncidentKeyDecision.objects.create(
            incident=incident,
            key_decision=key,
            outcome="genomen",
            text="Er wordt geen losgeld betaald.",
            decision=decision,
        )
        signals.key_decision_taken.send(
            sender=IncidentKeyDecision, incident=incident, key_decision=taken
        )

    to_amber = Notification.objects.get(involvement=amber)
    to_green = Notification.objects.get(involvement=green)
    assert to_amber.trigger == Trigger.KEY_DECISION
    assert "Losgeld" in to_amber.subject
    assert "Er wordt geen losgeld betaald." in to_amber.body
    assert "Er wordt geen losgeld betaald." not in to_green.body
    assert "Losgeld" in to_green.subject  # the name of the key decision is not withheld


def test_a_vastgesteld_sitrep_is_announced(incident, email_involvement):
    sitrep = SimpleNamespace(number=3, requested_by=None, approved_by=None)
    signals.sitrep_approved.send(sender=None, incident=incident, sitrep=sitrep)

    row = Notification.objects.get(incident=incident)
    assert row.trigger == Trigger.SITREP
    assert "situatierapport nr. 3" in row.body


def test_a_concept_sitrep_announces_nothing(incident, email_involvement):
    sitrep = SimpleNamespace(number=3, requested_by=None, approved_by=None)
    signals.sitrep_ready.send(sender=None, incident=incident, sitrep=sitrep)
    assert not Notification.objects.filter(incident=incident).exists()


def test_deactivating_a_triggers_templates_switches_its_messages_off(incident, email_involvement):
    MessageTemplate.objects.filter(trigger=Trigger.GRIP).update(is_active=False)
    send_grip_changed(incident)
    assert not Notification.objects.filter(incident=incident).exists()


def test_an_exercise_message_says_so_in_subject_and_body(incident, email_involvement, vic_user):
    incident.is_exercise = True
    incident.save(update_fields=["is_exercise"])
    (row,) = services.notifications_send_manual(
        incident=incident,
        actor=vic_user,
        involvements=[email_involvement],
        tlp=TLP.GREEN,
        subject="Oefenbericht",
        body="Tekst",
    )
    assert row.subject.startswith("[TLP:GREEN] OEFENING")
    assert "OEFENING OEFENING OEFENING" in row.body


def test_a_manual_message_may_use_a_template(incident, email_involvement, vic_user):
    template = MessageTemplate.objects.get(slug="eerste-informatie")
    (row,) = services.notifications_send_manual(
        incident=incident,
        actor=vic_user,
        involvements=[email_involvement],
        tlp=TLP.GREEN,
        template=template,
    )
    assert incident.reference in row.subject
    assert "digitale verstoring" in row.body
    assert row.created_by == vic_user
    assert incident.audit_events.filter(action="notifications.notification.queued").exists()


def test_a_manual_message_above_a_stakeholders_level_skips_that_stakeholder(
    incident, email_involvement, vic_user
):
    (row,) = services.notifications_send_manual(
        incident=incident,
        actor=vic_user,
        involvements=[email_involvement],
        tlp=TLP.RED,
        subject="Geheim",
        body="Alleen voor u.",
    )
    assert row.state == State.SKIPPED
    assert row.skip_reason == SkipReason.TLP
    assert "Alleen voor u." not in row.body


def test_a_manual_message_needs_text_or_a_template(incident, email_involvement, vic_user):
    with pytest.raises(ValidationError) as error:
        services.notifications_send_manual(
            incident=incident, actor=vic_user, involvements=[email_involvement], tlp="GREEN"
        )
    assert "body" in error.value.message_dict


def test_a_manual_message_only_goes_to_this_incidents_stakeholders(
    incident, email_involvement, vic_user, involve
):
    from incidents.services import incident_open

    elsewhere = incident_open(actor=vic_user, title="Ander incident")
    foreign = involve(elsewhere, make_stakeholder(email="a@b.example"))
    with pytest.raises(ValidationError):
        services.notifications_send_manual(
            incident=incident,
            actor=vic_user,
            involvements=[foreign],
            tlp="GREEN",
            subject="x",
            body="y",
        )


def test_messages_are_rendered_in_dutch_whatever_the_users_language(incident, vic_user, involve):
    from django.utils import translation

    amber = involve(incident, make_stakeholder(email="amber@x.example"), max_tlp=TLP.AMBER)
    with translation.override("en"):
        (row,) = services.notifications_send_manual(
            incident=incident,
            actor=vic_user,
            involvements=[amber],
            tlp=TLP.GREEN,
            template=MessageTemplate.objects.get(slug="update"),
        )
    assert "Dit bericht is TLP:AMBER" in row.body
    assert "Bekend: oorzaak: moedwillig (aanname)" in row.body
    assert "Nog onbekend: bron" in row.body
