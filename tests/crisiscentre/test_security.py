"""Response headers, /healthz exposure and the failed-login log (issue 19, point 11)."""

import io
import logging
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from incidents.models import Incident
from tests.helpers import HTMX, PASSWORD, url_routes

from .test_access_everywhere import fill, incident_routes
from .test_settings import run_manage

pytestmark = pytest.mark.django_db

TOKEN = "healthz-test-token"  # noqa: S105 - test value


def csp(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


# --- Headers ----------------------------------------------------------------------------------


def test_pages_carry_a_self_only_content_security_policy(client_for, vic_user, incident):
    client = client_for(vic_user)
    for url in (reverse("home"), reverse("incidents:list"), incident.get_absolute_url()):
        policy = csp(client.get(url))
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]


def test_the_login_page_carries_the_policy_too(client):
    assert csp(client.get(reverse("login")))["script-src"] == ["'self'"]


def test_only_the_sitrep_preview_allows_inline_styles_and_still_no_script(
    client_for, vic_user, incident
):
    response = client_for(vic_user).get(reverse("sitreps:preview", args=[incident.pk]))
    assert response.status_code == 200
    policy = csp(response)
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["script-src"] == ["'self'"]


def test_pages_behind_the_login_are_not_stored(client_for, vic_user, incident):
    client = client_for(vic_user)
    for url in (reverse("home"), incident.get_absolute_url(), reverse("session_ping")):
        assert "no-store" in client.get(url).headers["Cache-Control"], url


def test_referrer_nosniff_and_framing_headers(client_for, vic_user):
    response = client_for(vic_user).get(reverse("home"))
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_session_cookie_is_http_only_and_same_site(client, vic_user):
    client.post(reverse("login"), {"username": vic_user.username, "password": PASSWORD})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_cookies_are_secure_when_debug_is_off():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)",
        DEBUG="false",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="crisis.example.nl",
    )
    assert result.stdout.splitlines()[-1].split() == ["True", "True", "True"], result.stderr


# --- No inline script, handler or style on any page -------------------------------------------


class InlineFinder(HTMLParser):
    """Collects what a self-only CSP would block: inline <script>, on*=, hx-on, style=."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self._in_inline_script = True
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name.startswith("on") or name.startswith("hx-on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.found.append(f"<{tag} style={value!r}>")
            if name in ("href", "action", "src") and (value or "").strip().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")


def other_routes() -> list[str]:
    """Pages outside an incident that take no argument (home, lists, reading pages)."""
    return ["/" + route for route in url_routes() if "<" not in route]


def test_no_page_of_the_demo_has_inline_script_handlers_or_styles(client):
    call_command("seed_demo", stdout=io.StringIO())
    problems = []
    checked = 0
    for username in ("vic",):  # a VIC member sees every form and button
        client.force_login(get_user_model().objects.get(username=username))
        urls = other_routes()
        for incident in Incident.objects.all():
            urls += [fill(route, incident.pk) for route in incident_routes()]
        for url in urls:
            if url in ("/accounts/logout/", "/i18n/setlang/"):
                continue
            for headers in ({}, HTMX):
                response = client.get(url, headers=headers)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                if response.resolver_match.view_name == "sitreps:preview":
                    continue  # the PDF template: inline styles allowed there, checked above
                finder = InlineFinder()
                finder.feed(response.content.decode())
                checked += 1
                problems += [(url, bool(headers), item) for item in finder.found]
    assert checked > 50
    assert not problems, problems


# --- /healthz ---------------------------------------------------------------------------------


def test_healthz_tells_an_anonymous_caller_only_up_or_down(client, settings):
    settings.HEALTHZ_TOKEN = TOKEN
    response = client.get("/healthz")
    assert response.status_code == 200  # the database is up; "ok" also counts broker and worker
    assert set(response.json()) == {"ok"}
    assert isinstance(response.json()["ok"], bool)


def test_healthz_with_a_wrong_or_empty_token_stays_terse(client, settings):
    settings.HEALTHZ_TOKEN = TOKEN
    assert set(client.get("/healthz", headers={"Authorization": "Bearer wrong"}).json()) == {"ok"}
    settings.HEALTHZ_TOKEN = ""
    assert set(client.get("/healthz", headers={"Authorization": "Bearer "}).json()) == {"ok"}


def test_healthz_with_the_token_shows_the_parts_and_counts(client, settings):
    settings.HEALTHZ_TOKEN = TOKEN
    data = client.get("/healthz", headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert data["database"]["ok"] is True
    assert {"broker", "worker", "notifications"} <= set(data)
    assert "queued" in data["notifications"]


def test_healthz_shows_staff_the_details_but_not_other_users(client_for, admin_user, vic_user):
    assert "database" in client_for(admin_user).get("/healthz").json()
    assert set(client_for(vic_user).get("/healthz").json()) == {"ok"}


# --- Failed logins ----------------------------------------------------------------------------


def test_a_failed_login_is_logged_with_name_ip_and_time_but_not_the_password(
    client, vic_user, caplog
):
    secret = "verkeerd-geheim-wachtwoord-42"  # noqa: S105 - test value
    with caplog.at_level(logging.INFO):
        client.post(
            reverse("login"),
            {"username": vic_user.username, "password": secret},
            REMOTE_ADDR="203.0.113.7",
        )

    (record,) = [r for r in caplog.records if r.name == "crisiscentre.security"]
    message = record.getMessage()
    assert record.levelno == logging.WARNING
    assert "'vera'" in message
    assert "ip=203.0.113.7" in message
    assert "at=20" in message  # an ISO time stamp
    assert secret not in caplog.text
    assert all(secret not in str(r.args) for r in caplog.records)


def test_a_successful_login_writes_no_failure(client, vic_user, caplog):
    with caplog.at_level(logging.INFO):
        client.post(reverse("login"), {"username": vic_user.username, "password": PASSWORD})
    assert not [r for r in caplog.records if r.name == "crisiscentre.security"]


def test_the_admin_works_under_the_policy_too(client):
    """The same CSP covers /admin/: its pages (list, add, change) carry no inline script or style."""
    from django.contrib import admin

    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(get_user_model().objects.get(username="beheerder"))
    urls = ["/admin/"]
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls += [base, f"{base}add/"]
        if (obj := model.objects.first()) is not None:
            urls.append(f"{base}{obj.pk}/change/")
    problems, checked = [], 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue
        finder = InlineFinder()
        finder.feed(response.content.decode())
        checked += 1
        problems += [(url, item) for item in finder.found]
    assert checked > 20
    assert not problems, problems
