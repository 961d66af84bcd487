import pytest
from playwright.sync_api import expect

from sitreps import services
from tests.conftest import browser_login


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
    expect(row.get_by_role("link", name="Download sitrep 1")).to_be_visible(timeout=15_000)
    # Issuing another one through the form (eager Celery renders it on commit).
    page.select_option("#id_audience_tlp", "GREEN")
    expect(page.locator("#completeness")).to_contain_text("doelgroep TLP:GREEN")
    page.get_by_role("button", name="Sitrep uitgeven").click()
    expect(page.get_by_role("link", name="Download sitrep 2")).to_be_visible(timeout=15_000)
