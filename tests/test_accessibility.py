"""Accessibility audit: axe-core (npm package, injected through Playwright) on every main page.

The run fails on violations with impact "serious" or "critical" and names rule, impact and
target selectors, so the message alone says what to fix. Moderate and minor findings are
reported by axe too but do not fail the run.

The incident is the demo incident of `seed_demo` (every app adds to it: GRIP, reporting points,
checklists, key decisions, stakeholders, notifications, messages, a sitrep), enriched with the
classification steps of the scenario, so most states a page can show are on screen. Closed
<details> are opened before the scan: forms inside them must be accessible too.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from playwright.sync_api import expect

from communication.models import Message
from incidents import services
from incidents.management.commands.seed_demo import DEMO_TITLE
from incidents.models import Incident
from tests.conftest import IN_CI
from tests.helpers import PASSWORD, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}

# Runs in the page: open every <details>, run axe, return the violations in a plain shape.
# axe reports a reference to a missing id (e.g. Django's aria-describedby="id_x_helptext" when
# the template leaves the help text's id out) only as "incomplete", and no longer checks
# duplicate ids; both break what a screen reader announces, so they are checked here too.
RUN_AXE = """async () => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  const results = await axe.run(document, { resultTypes: ['violations'] });
  const found = results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.getAttribute('name') ? '[name=' + el.getAttribute('name') + ']' : '');
  const missing = [];
  document.querySelectorAll('[aria-describedby], [aria-labelledby], [aria-controls], label[for]')
    .forEach((el) => {
      const refs = ['aria-describedby', 'aria-labelledby', 'aria-controls', 'for']
        .flatMap((a) => (el.getAttribute(a) || '').split(/\\s+/)).filter(Boolean);
      refs.filter((ref) => !document.getElementById(ref))
        .forEach((ref) => missing.push(describe(el) + ' -> #' + ref));
    });
  if (missing.length) {
    found.push({ id: 'idref-missing', impact: 'serious',
      help: 'References (for, aria-*) must point to an existing id', targets: missing });
  }
  const seen = {};
  document.querySelectorAll('[id]').forEach((el) => { seen[el.id] = (seen[el.id] || 0) + 1; });
  const duplicates = Object.keys(seen).filter((id) => seen[id] > 1).map((id) => '#' + id);
  if (duplicates.length) {
    found.push({ id: 'duplicate-id', impact: 'serious',
      help: 'Ids must be unique (labels and aria references pick the first)',
      targets: duplicates });
  }
  return found;
}"""


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which the app's CSP (rightly) refuses.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def axe_script() -> Path:
    if not AXE.exists():
        reason = f"axe-core is not installed ({AXE} missing): run `npm ci` in the project root"
        if IN_CI:
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    return AXE


@pytest.fixture
def demo_incident() -> Incident:
    """The seeded demo incident, a few steps further into the scenario."""
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - quiet
    users = {u.username: u for u in get_user_model().objects.all()}
    for user in users.values():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    incident = Incident.objects.get(title=DEMO_TITLE)
    team = users["crisisteam"]
    services.classification_change(
        incident=incident,
        actor=team,
        changes={"cause": "moedwillig", "area": "meerdere_regios"},
        reason="Losgeldbrief gevonden; thuiszorgapparatuur in twee regio's geraakt.",
    )
    services.log_entry_add(
        incident=incident,
        actor=team,
        category="beeld",
        text="Leverancier thuisbeademing meldt uitval in Utrecht en Gooi en Vechtstreek.",
        source="Leverancier",
        tlp="AMBER",
        occurred_at=timezone.now(),
    )
    decision = services.decision_record(
        incident=incident,
        actor=team,
        text="Patiënten met thuisbeademing worden proactief gebeld.",
        rationale="Apparatuur meldt storingen; patiënten weten dat mogelijk niet.",
        decided_by="A. Bakker, algemeen commandant bevolkingszorg",
        team="ROT",
        reevaluate_at=timezone.now() - timezone.timedelta(minutes=5),  # overdue: red state
    )
    services.action_create(
        incident=incident,
        actor=team,
        description="Belrondes thuisbeademing organiseren.",
        owner_organisation="GGD",
        decision=decision,
        due_at=timezone.now() - timezone.timedelta(minutes=10),
    )
    incident.refresh_from_db()
    return incident


def scan(page, axe_script: Path) -> list[dict]:
    page.add_script_tag(path=str(axe_script))
    return page.evaluate(RUN_AXE)


def failing(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in FAILING_IMPACTS]


def report(found: dict[str, list[dict]]) -> str:
    lines = []
    for page_name, violations in found.items():
        for v in violations:
            targets = ", ".join(v["targets"][:8])
            more = f" (+{len(v['targets']) - 8} more)" if len(v["targets"]) > 8 else ""
            lines.append(f"{page_name}: {v['id']} [{v['impact']}] {v['help']} -> {targets}{more}")
    return "\n".join(lines)


def incident_pages(incident: Incident) -> list[tuple[str, str]]:
    pk = incident.pk
    draft = Message.objects.filter(incident=incident, status="concept").first()
    pages = [
        ("incident list", reverse("incidents:list")),
        ("incident create", reverse("incidents:create")),
        ("dashboard", reverse("incidents:detail", args=[pk])),
        ("classification edit", reverse("incidents:classification_edit", args=[pk])),
        ("decision tree (start)", reverse("escalation:reporting_tree")),
        ("playbook", reverse("playbook:index")),
        ("checklists", reverse("playbook:checklists", args=[pk])),
        ("key decisions", reverse("playbook:key_decisions", args=[pk])),
        ("communication", reverse("communication:page", args=[pk])),
        # Further pages reached from the dashboard.
        ("incident edit", reverse("incidents:edit", args=[pk])),
        ("members", reverse("incidents:members", args=[pk])),
        ("dilemmas", reverse("playbook:dilemmas", args=[pk])),
        ("relief", reverse("playbook:relief", args=[pk])),
        ("handover letter", reverse("playbook:handover", args=[pk])),
        ("stakeholders", reverse("playbook:stakeholders", args=[pk])),
        ("cyber crisis circle", reverse("escalation:incident_cirkel", args=[pk])),
        ("reporting points", reverse("escalation:reporting_history", args=[pk])),
        ("profile (API tokens)", reverse("profile")),
        ("search", reverse("exchange:incident_search", args=[pk]) + "?q=gemaal"),
        ("search all incidents", reverse("exchange:search") + "?q=storing"),
        ("exports", reverse("exchange:export", args=[pk])),
        ("copy for LCMS", reverse("exchange:lcms", args=[pk])),
        ("message import", reverse("exchange:import", args=[pk])),
        # After the acute phase (issue 18).
        ("scale down", reverse("escalation:scale_down", args=[pk])),
        ("measures", reverse("escalation:measures", args=[pk])),
        ("recovery", reverse("escalation:recovery", args=[pk])),
        ("nafase board", reverse("aftermath:board", args=[pk])),
        ("evaluation", reverse("aftermath:evaluation", args=[pk])),
        ("timeline", reverse("aftermath:timeline", args=[pk])),
    ]
    if draft is not None:
        pages.append(
            ("message editor", reverse("communication:message", args=[pk, draft.pk])),
        )
    notification = incident.notifications.order_by("pk").first()
    if notification is not None:
        pages.append(
            ("notification", reverse("notifications:detail", args=[pk, notification.pk])),
        )
    try:
        pages.append(("sitrep list", reverse("sitreps:list", args=[pk])))
        pages.append(("sitrep preview", reverse("sitreps:preview", args=[pk])))
    except NoReverseMatch:  # the sitreps app is optional for this audit
        pass
    return pages


def test_main_pages_have_no_serious_or_critical_violations(
    live_server, page, axe_script, demo_incident
):
    found = {}
    page.goto(f"{live_server.url}{reverse('login')}")
    found["login"] = scan(page, axe_script)

    browser_login(page, live_server, get_user_model().objects.get(username="crisisteam"), PASSWORD)
    for name, path in incident_pages(demo_incident):
        response = page.goto(f"{live_server.url}{path}")
        assert response.ok, f"{name}: {path} answered {response.status}"
        found[name] = scan(page, axe_script)

    # States htmx brings in: the inline classification editor and a form with errors.
    page.goto(f"{live_server.url}{demo_incident.get_absolute_url()}")
    page.get_by_role("link", name="Alle bouwstenen wijzigen").click()
    expect(page.locator("#classification-editor form")).to_be_focused()
    page.get_by_role("button", name="Toevoegen aan logboek").click()
    expect(page.locator("#log-form .error").first).to_be_visible()
    found["dashboard (editor open, form errors)"] = scan(page, axe_script)

    # The decision tree after one answer (htmx swap) and at its result.
    wizard = reverse("escalation:incident_reporting_tree", args=[demo_incident.pk])
    page.goto(f"{live_server.url}{wizard}")
    page.get_by_label("Effect op digitale organisatie").check()
    page.get_by_role("button", name="Volgende").click()
    expect(page.locator("#wizard")).to_contain_text("rijksoverheid of vitale infrastructuur")
    found["decision tree (step 2)"] = scan(page, axe_script)
    page.get_by_label("Nee").check()
    page.get_by_role("button", name="Volgende").click()
    # Wait for the next question's swap, else "Ja" may be ticked on the old one (slow machine).
    expect(page.locator("#wizard legend")).not_to_contain_text("rijksoverheid of vitale")
    page.get_by_label("Ja").check()
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_test_id("reporting-points")).to_be_visible()
    found["decision tree (result)"] = scan(page, axe_script)

    serious = {name: failing(v) for name, v in found.items() if failing(v)}
    assert not serious, "axe found serious/critical violations:\n" + report(serious)


def test_the_scan_reports_what_it_should(live_server, page, axe_script):
    """The harness itself: a planted image without alt text, a label pointing nowhere and a
    duplicate id are all reported."""
    page.goto(f"{live_server.url}{reverse('login')}")
    page.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML('beforeend',
          '<img src="/static/none.png"><label for="nowhere">x</label>'
          + '<span id="twice"></span><span id="twice"></span>')"""
    )
    reported = {(v["id"], v["impact"]) for v in scan(page, axe_script)}
    assert {
        ("image-alt", "critical"),
        ("idref-missing", "serious"),
        ("duplicate-id", "serious"),
    } <= reported


def test_dashboard_for_the_bestuurder_on_a_laptop_screen(
    live_server, browser, axe_script, demo_incident
):
    """Read-only rendering (no forms) at 1366x768, the crisis room's laptops."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=True)
    page = context.new_page()
    browser_login(page, live_server, get_user_model().objects.get(username="bestuurder"), PASSWORD)
    page.goto(f"{live_server.url}{demo_incident.get_absolute_url()}")
    violations = failing(scan(page, axe_script))
    context.close()
    assert not violations, "axe found serious/critical violations:\n" + report(
        {"dashboard (bestuurder, 1366x768)": violations}
    )
