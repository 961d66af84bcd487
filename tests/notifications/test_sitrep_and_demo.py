"""The sitrep section "Stakeholders", the demo seeder and the health check."""

from datetime import timedelta
from io import StringIO

from django.utils import timezone

from crisiscentre import health
from incidents import registry
from incidents.tlp import TLP
from notifications import demo, sitrep
from notifications.models import DeliveryAttempt, Notification
from playbook.models import Stakeholder

from .conftest import make_stakeholder


def section(incident, audience_tlp=TLP.AMBER, since=None):
    return sitrep.sitrep_section(incident, audience_tlp=audience_tlp, since=since)


def sent(incident, involvement, *, tlp=TLP.GREEN, subject="[TLP:GREEN] Bericht"):
    return Notification.objects.create(
        incident=incident,
        involvement=involvement,
        stakeholder=involvement.stakeholder,
        trigger="handmatig",
        channel="email",
        recipient="x@y.example",
        subject=subject,
        body="...",
        tlp=tlp,
        state=Notification.State.SENT,
        sent_at=timezone.now(),
    )


def test_the_section_is_registered_at_order_80():
    (stakeholders,) = [s for s in registry.sitrep_sections() if s.key == "stakeholders"]
    assert stakeholders.order == 80
    assert stakeholders.template == "notifications/sitrep/stakeholders.html"


def test_the_section_lists_informed_and_pending_stakeholders(incident, involve):
    informed = involve(incident, make_stakeholder(name="Geïnformeerde partner"))
    informed.informed_at = timezone.now()
    informed.save(update_fields=["informed_at"])
    involve(incident, make_stakeholder(name="Wachtende partner"))

    data = section(incident)

    assert [row["name"] for row in data["informed"]] == ["Geïnformeerde partner"]
    assert [row["name"] for row in data["pending"]] == ["Wachtende partner"]
    assert data["is_empty"] is False


def test_stakeholders_informed_since_the_previous_sitrep_are_marked_new(incident, involve):
    involvement = involve(incident, make_stakeholder())
    involvement.informed_at = timezone.now()
    involvement.save(update_fields=["informed_at"])

    assert section(incident, since=timezone.now() - timedelta(hours=1))["informed"][0]["is_new"]
    assert not section(incident, since=timezone.now() + timedelta(hours=1))["informed"][0]["is_new"]


def test_a_message_subject_above_the_audience_is_left_out(incident, involve):
    involvement = involve(incident, make_stakeholder(), max_tlp=TLP.AMBER)
    sent(incident, involvement, tlp=TLP.AMBER, subject="[TLP:AMBER] Vertrouwelijk onderwerp")

    for_green = section(incident, audience_tlp=TLP.GREEN)
    for_amber = section(incident, audience_tlp=TLP.AMBER)

    assert for_green["pending"][0]["last_subject"] == ""
    assert for_green["tlp"] == TLP.CLEAR
    assert for_amber["pending"][0]["last_subject"] == "[TLP:AMBER] Vertrouwelijk onderwerp"
    assert for_amber["tlp"] == TLP.AMBER


def test_without_a_stakeholder_analysis_the_section_is_empty(incident):
    assert section(incident)["is_empty"] is True


def test_the_section_template_renders(incident, involve):
    from django.template.loader import render_to_string

    involve(incident, make_stakeholder(name="Wachtende partner"))
    html = render_to_string(
        "notifications/sitrep/stakeholders.html",
        {"section": section(incident), "incident": incident, "audience_tlp": "AMBER"},
    )
    assert "Nog te informeren" in html
    assert "Wachtende partner" in html


# --- Demo -------------------------------------------------------------------------------------


def test_the_demo_seeds_delivered_retried_and_skipped_messages_once_without_sending(
    incident, demo_users, mailoutbox
):
    assert Stakeholder.objects.filter(slug__in=demo.DEMO_STAKEHOLDERS).count() == 4

    demo.seed(incident=incident, users=demo_users, stdout=StringIO())
    demo.seed(incident=incident, users=demo_users, stdout=StringIO())

    states = sorted(Notification.objects.filter(incident=incident).values_list("state", flat=True))
    assert states == ["overgeslagen", "verzonden", "verzonden", "verzonden"]
    assert DeliveryAttempt.objects.count() == 4
    assert Notification.objects.filter(attempt_count=2, state="verzonden").count() == 1
    assert mailoutbox == []
    assert incident.stakeholder_involvements.exclude(informed_at=None).count() == 3
    assert "notifications" in [name for name, _seed in registry.demo_seeders()]


# --- Health -----------------------------------------------------------------------------------


def test_the_health_check_reports_messages_stuck_past_the_recovery_window(incident, involve):
    involvement = involve(incident, make_stakeholder(email="a@b.example"))
    row = sent(incident, involvement)
    assert health.extra_checks["notifications"]()["ok"] is True

    Notification.objects.filter(pk=row.pk).update(
        state=Notification.State.QUEUED, next_attempt_at=timezone.now() - timedelta(hours=1)
    )
    report = health.extra_checks["notifications"]()
    assert report["ok"] is False
    assert report["stuck"] == 1
