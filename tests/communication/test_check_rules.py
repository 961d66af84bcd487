"""The region words the plain-language check's rules in the admin and may switch one off."""

import pytest
from django.urls import reverse
from django.utils import translation

from communication import checker, rules, services
from communication.models import CheckRule
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


def live_check(client, incident, **data):
    data = {"text": "", "action_perspective": "Bel 112.", **data}
    response = client.post(reverse("communication:check", args=[incident.pk]), data, headers=HTMX)
    return response.content.decode()


def test_the_migration_seeds_every_rule_with_the_code_text():
    rows = {row.code: row for row in CheckRule.objects.all()}
    assert set(rows) == set(checker.RULE_ADVICE)
    assert rows[checker.WORDING].suggestion == "digitale verstoring"
    assert rows[checker.JARGON].label == "Vakterm"


def test_edited_advice_label_and_suggestion_show_in_the_live_check(
    client_for, admin_user, crisis_user, incident
):
    rule = CheckRule.objects.get(code=checker.WORDING)
    response = client_for(admin_user).post(
        reverse("admin:communication_checkrule_change", args=[rule.pk]),
        {
            "label": "Woordkeus VRU",
            "advice": "Zeg 'digitale storing', zo spreken wij in de regio.",
            "suggestion": "digitale storing",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    html = live_check(client_for(crisis_user), incident, text="Een cyberaanval.")
    assert "Woordkeus VRU" in html
    assert "zo spreken wij in de regio." in html
    assert '<em class="suggestion">digitale storing</em>' in html


def test_stored_findings_show_the_current_wording(client_for, vic_user, make_message):
    message = make_message(text="Een cyberaanval.")
    CheckRule.objects.filter(code=checker.WORDING).update(advice="Nieuw advies van de regio.")
    rules.cache.clear()
    html = (
        client_for(vic_user)
        .get(reverse("communication:message", args=[message.incident_id, message.pk]))
        .content.decode()
    )
    assert "Nieuw advies van de regio." in html


def test_a_rule_switched_off_gives_no_finding_and_needs_no_acknowledgement(in_review, vic_user):
    CheckRule.objects.filter(code=checker.ACTION_PERSPECTIVE).update(is_active=False)
    rules.cache.clear()
    message = in_review(
        text="Door een digitale verstoring is de site traag.", action_perspective=""
    )
    assert message.findings == []
    approved = services.message_approve(
        message=message, actor=vic_user, expected_revision=message.revision
    )
    assert approved.findings_acknowledged is False


def test_english_shows_the_translation_until_the_region_changes_the_wording():
    finding = checker.Finding(checker.JARGON, "DDoS")
    with translation.override("en"):
        [english] = rules.apply([finding])
        assert english.label == str(checker.RULE_LABELS[checker.JARGON])
    CheckRule.objects.filter(code=checker.JARGON).update(label="Jargon (VRU)")
    rules.cache.clear()
    with translation.override("en"):
        assert rules.apply([finding])[0].label == "Jargon (VRU)"


def test_the_region_wording_is_not_stored_with_the_finding():
    finding = rules.apply([checker.Finding(checker.JARGON, "DDoS")])[0]
    assert finding.label == "Vakterm"
    assert set(finding.as_dict()) == {"rule", "match", "suggestion", "field", "start", "end"}


def test_rules_cannot_be_added_or_removed_in_the_admin(client_for, admin_user):
    client = client_for(admin_user)
    assert client.get(reverse("admin:communication_checkrule_add")).status_code == 403
    rule = CheckRule.objects.first()
    delete = reverse("admin:communication_checkrule_delete", args=[rule.pk])
    assert client.get(delete).status_code == 403
