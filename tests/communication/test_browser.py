"""A crisis team member drafts a message with the live language check; a colleague approves."""

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_check_flags_live_the_author_fixes_it_and_a_colleague_approves(
    live_server, browser, incident, crisis_user, vic_user
):
    author = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    browser_login(author, live_server, crisis_user)
    author.goto(f"{live_server.url}/incidents/{incident.pk}/communicatie/")
    author.get_by_role("link", name="Nieuw bericht opstellen").click()

    author.fill("#id_title", "Website gemeente onbereikbaar")
    author.locator("#id_text").press_sequentially(
        "Door een cyberaanval met DDoS is de website van de gemeente onbereikbaar."
    )
    findings = author.locator("#check-findings")
    wording = findings.locator('[data-rule="wording"]')
    jargon = findings.locator('[data-rule="jargon"]')
    expect(wording).to_contain_text("cyberaanval")
    expect(wording).to_contain_text("digitale verstoring")
    expect(jargon).to_contain_text("DDoS")
    expect(jargon).to_contain_text("overbelasting van een website of dienst")
    expect(findings.locator('[data-rule="action_perspective"]')).to_be_visible()

    # Fix the wording and add an action perspective: the check clears while typing.
    author.fill(
        "#id_text",
        "Door een digitale verstoring is de website van de gemeente onbereikbaar.",
    )
    author.fill("#id_action_perspective", "Bel voor vragen 14 030.")
    expect(author.locator("#check-clear")).to_be_visible()
    author.get_by_role("checkbox", name="Gemeente(n)").check()
    author.get_by_role("button", name="Opslaan als concept").click()
    author.wait_for_url(re.compile(r"/communicatie/berichten/\d+/$"))
    author.get_by_role("button", name="Ter afstemming aanbieden").click()
    expect(author.locator("#status-badge")).to_have_text("Ter afstemming")
    # Four eyes: the author cannot approve their own message.
    expect(author.locator("#approval-refusal")).to_be_visible()
    expect(author.locator("#approve-form")).to_have_count(0)

    colleague = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    browser_login(colleague, live_server, vic_user)
    colleague.goto(author.url)
    expect(colleague.locator("#aligned-with")).to_contain_text("Gemeente(n)")
    colleague.get_by_role("button", name="Vaststellen").click()
    expect(colleague.locator("#status-badge")).to_have_text("Vastgesteld")
    expect(colleague.locator("#approved-by")).to_contain_text("Vera")

    # The author's dashboard tile shows it as the latest approved message.
    author.goto(f"{live_server.url}/incidents/{incident.pk}/")
    expect(author.locator("#communication-body")).to_contain_text("Website gemeente onbereikbaar")
