"""The plain-language check reads a message's subject (headline, mail subject) like its text."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communication import services
from communication.checker import JARGON, WORDING, check
from tests.helpers import HTMX

from .conftest import refreshed

pytestmark = pytest.mark.django_db

HEADLINE = "Cyberaanval op ziekenhuis"
PLAIN_TEXT = "Door een digitale verstoring is de website van het ziekenhuis niet bereikbaar."


def test_the_checker_flags_cyberaanval_in_the_subject():
    findings = check(PLAIN_TEXT, title=HEADLINE, action_perspective="Bel 112.")
    assert [(f.rule, f.match, f.field) for f in findings] == [(WORDING, "Cyberaanval", "title")]
    assert findings[0].suggestion == "digitale verstoring"


def test_subject_findings_come_first_and_use_the_glossary():
    findings = check(
        "Een cyberaanval.",
        title="Ransomware bij gemeente",
        glossary=[("ransomware", "gijzelsoftware")],
        action_perspective="Bel 112.",
    )
    assert [(f.field, f.rule) for f in findings] == [("title", JARGON), ("text", WORDING)]


def test_a_plain_subject_adds_no_finding_and_needs_no_action_perspective():
    assert (
        check(PLAIN_TEXT, title="Storing website ziekenhuis", action_perspective="Bel 112.") == []
    )


def test_a_new_message_stores_findings_for_its_subject(make_message):
    message = make_message(title=HEADLINE, text=PLAIN_TEXT)
    assert [(f["rule"], f["field"]) for f in message.findings] == [(WORDING, "title")]


def test_changing_only_the_subject_runs_the_check_again(make_message, crisis_user):
    message = make_message(text=PLAIN_TEXT)
    assert message.findings == []
    changed = services.message_update(
        message=message, actor=crisis_user, expected_revision=message.revision, title=HEADLINE
    )
    assert [f["field"] for f in changed.findings] == ["title"]


def test_approval_asks_to_acknowledge_a_finding_in_the_subject(in_review, vic_user):
    message = in_review(title=HEADLINE, text=PLAIN_TEXT)
    with pytest.raises(ValidationError) as exc:
        services.message_approve(
            message=message, actor=vic_user, expected_revision=message.revision
        )
    assert "acknowledge_findings" in exc.value.message_dict
    approved = services.message_approve(
        message=refreshed(message),
        actor=vic_user,
        expected_revision=message.revision,
        acknowledge_findings=True,
    )
    assert approved.findings_acknowledged is True


def test_the_live_check_reads_the_subject(client_for, crisis_user, incident):
    response = client_for(crisis_user).post(
        reverse("communication:check", args=[incident.pk]),
        {"title": HEADLINE, "text": PLAIN_TEXT, "action_perspective": "Bel 112."},
        headers=HTMX,
    )
    html = response.content.decode()
    assert 'data-rule="wording"' in html and "Cyberaanval" in html
    assert 'id="check-clear"' not in html


def test_the_subject_field_triggers_the_live_check(client_for, crisis_user, incident):
    html = (
        client_for(crisis_user)
        .get(reverse("communication:message_create", args=[incident.pk]))
        .content.decode()
    )
    title_input = html.split('name="title"')[1].split(">")[0]
    assert 'hx-trigger="input changed delay:500ms"' in title_input
