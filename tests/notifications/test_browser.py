"""A VIC member informs stakeholders from the dashboard and retries a failed webhook."""

import pytest
from playwright.sync_api import expect

from notifications.models import Notification
from tests.helpers import browser_login

from .conftest import make_stakeholder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_inform_stakeholders_see_the_failure_in_red_and_retry_it(
    live_server, page, vic_user, incident, involve, webhook_server, settings
):
    settings.NOTIFICATIONS_MAX_RETRIES = 0
    involve(incident, make_stakeholder(email="crisis@partner.example", name="Partner per e-mail"))
    involve(
        incident,
        make_stakeholder(channel="webhook", webhook_url=webhook_server.url, name="Chatbrug"),
    )
    webhook_server.statuses = [404]  # refused once: a permanent failure

    browser_login(page, live_server, vic_user)
    page.goto(f"{live_server.url}{incident.get_absolute_url()}")
    page.locator("#inform-form summary").click()
    page.get_by_label("Partner per e-mail").check()
    page.get_by_label("Chatbrug").check()
    page.select_option("#id_template", label="Eerste informatie digitale verstoring")
    page.get_by_role("button", name="Verstuur").click()

    expect(page.locator("#inform-form")).to_contain_text("2 berichten in de wachtrij.")
    log = page.locator("#notifications-body")
    failed_row = log.locator("tr.notification-mislukt")
    expect(failed_row).to_contain_text("Chatbrug")
    expect(failed_row).to_contain_text("HTTP 404")
    expect(log.locator("tr.notification-verzonden")).to_contain_text("Partner per e-mail")

    failed_row.get_by_role("button", name="Opnieuw proberen").click()
    expect(log.locator("tr.notification-mislukt")).to_have_count(0)
    expect(log.locator("tr.notification-verzonden")).to_have_count(2)
    assert len(webhook_server.received) == 1
    assert Notification.objects.filter(state="verzonden").count() == 2
