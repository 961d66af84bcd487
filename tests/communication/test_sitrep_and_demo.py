"""The sitrep sections, the registrations and the demo seed."""

import io
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from communication import demo, services
from communication.models import CoreMessage, Message
from communication.sitrep import core_message_section, messages_section
from incidents import registry
from incidents.models import LogEntry

pytestmark = pytest.mark.django_db


def render(template, section, incident, since=None, audience_tlp="AMBER"):
    return render_to_string(
        template,
        {"section": section, "since": since, "incident": incident, "audience_tlp": audience_tlp},
    )


def test_the_app_registers_its_tile_sections_and_demo():
    assert ("communication", 100) in [(t.name, t.order) for t in registry.tiles()]
    sections = {s.key: s for s in registry.sitrep_sections()}
    assert (sections["core_message"].order, str(sections["core_message"].title)) == (
        3,
        "Kernboodschap",
    )
    assert (sections["communication"].order, str(sections["communication"].title)) == (
        70,
        "Communicatie",
    )
    assert "communication" in [name for name, _seed in registry.demo_seeders()]


# --- Core message section ---------------------------------------------------------------------


def test_without_a_core_message_the_section_is_empty(incident):
    section = core_message_section(incident, audience_tlp="RED", since=None)
    assert section["is_empty"] and section["tlp"] == "CLEAR"
    assert "geen kernboodschap" in render(
        "communication/sitrep/core_message.html", section, incident
    )


def test_the_section_holds_the_current_core_message(incident, vic_user):
    services.core_message_set(incident=incident, actor=vic_user, text="Oud.")
    services.core_message_set(incident=incident, actor=vic_user, text="Actueel.", tlp="GREEN")
    section = core_message_section(incident, audience_tlp="GREEN", since=None)
    assert (section["core"].text, section["tlp"], section["is_empty"]) == (
        "Actueel.",
        "GREEN",
        False,
    )
    html = render("communication/sitrep/core_message.html", section, incident)
    assert "Actueel." in html and "Oud." not in html


def test_a_core_message_above_the_audience_tlp_is_left_out(incident, vic_user):
    services.core_message_set(incident=incident, actor=vic_user, text="Geheim.", tlp="AMBER")
    section = core_message_section(incident, audience_tlp="GREEN", since=None)
    assert section["is_empty"] and section["core"] is None
    assert "Geheim." not in render("communication/sitrep/core_message.html", section, incident)


def test_a_core_message_changed_since_the_last_sitrep_is_marked_new(incident, vic_user):
    services.core_message_set(incident=incident, actor=vic_user, text="Kern.")
    before = timezone.now() - timedelta(minutes=5)
    after = timezone.now() + timedelta(minutes=5)
    assert core_message_section(incident, audience_tlp="RED", since=before)["is_new"]
    assert not core_message_section(incident, audience_tlp="RED", since=after)["is_new"]
    section = core_message_section(incident, audience_tlp="RED", since=before)
    assert '<span class="new">' in render(
        "communication/sitrep/core_message.html", section, incident
    )


# --- Messages section -------------------------------------------------------------------------


def test_the_messages_section_lists_approved_and_published_messages_only(
    incident, approved, make_message, crisis_user
):
    services.message_publish(message=approved(title="Gepubliceerd"), actor=crisis_user)
    approved(title="Vastgesteld")
    make_message(title="Concept")
    section = messages_section(incident, audience_tlp="AMBER", since=None)
    titles = [row["message"].title for row in section["rows"]]
    assert sorted(titles) == ["Gepubliceerd", "Vastgesteld"]
    html = render("communication/sitrep/messages.html", section, incident)
    assert "Gepubliceerd" in html and "Concept" not in html
    assert "Bel voor vragen 14 030." in html  # the action perspective


def test_messages_above_the_audience_tlp_are_left_out_and_the_tlp_is_the_maximum(
    incident, approved
):
    approved(title="Openbaar", tlp="CLEAR")
    approved(title="Partners", tlp="GREEN")
    approved(title="Intern", tlp="AMBER")
    section = messages_section(incident, audience_tlp="GREEN", since=None)
    assert sorted(row["message"].title for row in section["rows"]) == ["Openbaar", "Partners"]
    assert section["tlp"] == "GREEN"


def test_without_approved_messages_the_section_is_empty(incident, make_message):
    make_message()
    section = messages_section(incident, audience_tlp="RED", since=None)
    assert section["is_empty"] and section["tlp"] == "CLEAR"
    assert "Geen vastgestelde" in render("communication/sitrep/messages.html", section, incident)


def test_messages_approved_since_the_last_sitrep_are_marked_new(incident, approved):
    since = timezone.now()
    approved()
    section = messages_section(incident, audience_tlp="RED", since=since)
    assert [row["is_new"] for row in section["rows"]] == [True]
    section = messages_section(incident, audience_tlp="RED", since=timezone.now())
    assert [row["is_new"] for row in section["rows"]] == [False]


def test_the_messages_section_runs_a_fixed_number_of_queries(
    incident, approved, django_assert_num_queries
):
    approved()
    with django_assert_num_queries(1):
        section = messages_section(incident, audience_tlp="RED", since=None)
        render("communication/sitrep/messages.html", section, incident)
    for _ in range(4):
        approved()
    with django_assert_num_queries(1):
        section = messages_section(incident, audience_tlp="RED", since=None)
        render("communication/sitrep/messages.html", section, incident)


# --- Demo -------------------------------------------------------------------------------------


def test_the_demo_seed_is_idempotent_and_publishes_a_message_with_action_perspective(
    incident, vic_user, demo_users
):
    for _ in range(2):
        demo.seed(incident=incident, users=demo_users, stdout=io.StringIO())
    assert CoreMessage.objects.filter(incident=incident).count() == 1
    published = Message.objects.get(incident=incident, status=Message.Status.PUBLISHED)
    assert published.action_perspective
    assert published.findings == []  # the demo shows what a clean message looks like
    assert published.approved_by == vic_user != published.created_by
    assert Message.objects.filter(incident=incident).count() == 2
    assert LogEntry.objects.filter(incident=incident, category="communicatie").count() == 1
    draft = Message.objects.get(incident=incident, status=Message.Status.DRAFT)
    assert {f["rule"] for f in draft.findings} >= {"wording", "attribution", "jargon"}
    assert {"field": "title", "rule": "wording"}.items() <= draft.findings[0].items()
