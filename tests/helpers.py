"""Plain helpers shared by the tests: the htmx request header, the personas' password, logging in
a browser, free ports, routes. Fixtures live in tests/conftest.py (and each app's conftest.py)."""

import io
import socket

from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "wachtwoord-123"  # noqa: S105 - test personas only

HTMX = {"HX-Request": "true"}
"""The header htmx sends with each request: `client.get(url, headers=HTMX)`."""


def htmx(client, method: str, path: str, data=None):
    """An htmx request: htmx(client, "post", url, {...})."""
    return getattr(client, method)(path, data or {}, headers=HTMX)


def make_user(django_user_model, username: str, role: str | None = None, **extra):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, first_name=username.title(), **extra
    )
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def browser_login(page, live_server, user, password=PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def walk_the_reporting_wizard(page):
    """Answer the reporting decision tree (beslisboom, already open on `page`) for a hospital:
    physical safety affected, not government or vital, a legal duty to report, and no to the
    last two questions. It ends on the result: the sector CERT and the emergency room."""
    from playwright.sync_api import expect

    page.get_by_label("Effect op fysieke veiligheid & openbare orde").check()
    page.get_by_role("button", name="Volgende").click()
    expect(page.locator("#wizard")).to_contain_text(
        "Behoort uw organisatie tot de rijksoverheid of vitale infrastructuur?"
    )
    page.get_by_label("Nee").check()
    page.get_by_role("button", name="Volgende").click()
    expect(page.locator("#wizard")).to_contain_text("wettelijke meldplicht")
    page.get_by_label("Ja").check()
    page.get_by_role("button", name="Volgende").click()
    for question in ("tot de overheid of vitale", "tot de (landelijke) crisisorganisatie"):
        expect(page.locator("#wizard legend")).to_contain_text(question)
        page.get_by_label("Nee").check()
        page.get_by_role("button", name="Volgende").click()


def close_incident(incident, user):
    """Close the incident through the service (raises ValidationError while something blocks)."""
    from incidents import services
    from incidents.models import Incident

    incident.refresh_from_db()
    return services.incident_update(
        incident=incident,
        actor=user,
        expected_register_version=incident.register_version,
        status=Incident.Status.CLOSED,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def url_routes() -> list[str]:
    """Every URL pattern of the site outside the admin, as a route ("incidents/<int:pk>/..."),
    sorted, once each."""

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if not route.startswith("admin/"):
                    yield from walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                yield route

    return sorted(set(walk(get_resolver().url_patterns, "")))


def run_seed(*args) -> str:
    """Run `manage.py seed_demo` and return what it printed."""
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()
