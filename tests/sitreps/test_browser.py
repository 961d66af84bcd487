import pytest
from playwright.sync_api import expect

from sitreps import services
from tests.helpers import browser_login


@pytest.mark.browser
def test_the_sitrep_row_updates_live_until_the_download_appears(
    page, live_server, vic_user, incident
):
    sitrep = services.sitrep_request(
        incident=incident, actor=vic_user, audience_tlp="AMBER", enqueue=False
    )
    browser_login(page, live_server, vic_user)
    page.goto(f"{live_server.url}/incidents/{incident.pk}/sitreps/")
    row = page.locator(f"#sitrep-{sitrep.pk}")
    expect(row).to_contain_text("In de wachtrij")
    services.sitrep_run(sitrep_id=sitrep.pk)  # what the worker does
    # A concept: the requester may review it, marked CONCEPT, but not approve it.
    expect(row.get_by_role("link", name="Download concept van sitrep 1")).to_be_visible(
        timeout=15_000
    )
    expect(row).to_contain_text("CONCEPT")
    expect(row).to_contain_text("een ander lid stelt hem vast")
    # Issuing another one through the form (eager Celery renders it on commit).
    page.select_option("#id_audience_tlp", "GREEN")
    expect(page.locator("#completeness")).to_contain_text("doelgroep TLP:GREEN")
    page.get_by_role("button", name="Sitrep uitgeven").click()
    expect(page.get_by_role("link", name="Download concept van sitrep 2")).to_be_visible(
        timeout=15_000
    )


@pytest.mark.browser
def test_another_member_approves_and_rejects_in_place(
    page, live_server, vic_user, crisis_user, incident
):
    first = services.sitrep_issue_now(incident=incident, actor=vic_user, audience_tlp="AMBER")
    second = services.sitrep_issue_now(incident=incident, actor=vic_user, audience_tlp="AMBER")
    browser_login(page, live_server, crisis_user)
    page.goto(f"{live_server.url}/incidents/{incident.pk}/sitreps/")
    row = page.locator(f"#sitrep-{second.pk}")
    row.locator("summary").click()
    row.get_by_role("button", name="Afwijzen").click()
    expect(row).to_contain_text("Geef aan waarom de sitrep wordt afgewezen.")
    row.get_by_label("Reden van afwijzing").fill("De GRIP-stand klopt niet.")
    row.get_by_role("button", name="Afwijzen").click()
    expect(row).to_contain_text("Afgewezen door Chris")
    expect(row).to_contain_text("De GRIP-stand klopt niet.")
    row = page.locator(f"#sitrep-{first.pk}")
    row.get_by_role("button", name="Vaststellen").click()
    expect(row).to_contain_text("Vastgesteld door Chris op")
    # Eager Celery made the approved PDF after the commit; the row polls until it is there.
    expect(row.get_by_role("link", name="Download sitrep 1")).to_be_visible(timeout=15_000)
