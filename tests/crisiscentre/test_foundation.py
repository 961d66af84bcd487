import pytest
from django.urls import reverse

from tests.helpers import HTMX, url_routes

pytestmark = pytest.mark.django_db

# /metrics is for the monitoring system: no session, a bearer token (test_operations.py).
PUBLIC = {"/accounts/login/", "/healthz", "/i18n/setlang/", "/metrics"}
# Password reset by e-mail and a partner's one-time invitation link (issue 16).
PUBLIC_PREFIXES = ("/accounts/wachtwoord-", "/partner/uitnodiging/")


def all_app_urls():
    """Every URL the app serves (the admin has its own login), with sample path arguments."""
    samples = {
        "int": "1",
        "str": "x",
        "slug": "x",
        "path": "x",
        "uuid": "00000000-0000-0000-0000-000000000000",
    }

    urls = []
    for route in url_routes():
        for kind, sample in samples.items():
            while f"<{kind}:" in route:
                start = route.index(f"<{kind}:")
                route = route[:start] + sample + route[route.index(">", start) + 1 :]
        urls.append("/" + route)
    return urls


# The REST API authenticates itself (token or session): 401 for anonymous callers, no redirect.
# Its doc page is a page like the others.
def is_api(url: str) -> bool:
    return url.startswith("/api/") and not url.startswith("/api/docs/")


def test_every_page_but_login_and_healthz_redirects_anonymous_users_to_login(client):
    urls = [
        url
        for url in all_app_urls()
        if url not in PUBLIC and not url.startswith(PUBLIC_PREFIXES) and not is_api(url)
    ]
    assert "/incidents/1/" in urls  # the walk reaches the apps' URLs
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_every_api_url_answers_anonymous_callers_401(client):
    urls = [url for url in all_app_urls() if is_api(url)]
    assert "/api/v1/incidents/1/log-entries/" in urls
    for url in urls:
        assert client.get(url).status_code == 401, url


def test_htmx_requests_of_anonymous_users_redirect_the_whole_page(client):
    response = client.get(reverse("incidents:list"), headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("login")


def test_login_page_is_dutch_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="nl"' in response.content.decode()
    assert "Gebruikersnaam" in response.content.decode()


def test_dutch_stays_the_default_for_an_english_browser(client):
    page = client.get(reverse("login"), headers={"Accept-Language": "en-US,en"}).content.decode()
    assert 'lang="nl"' in page


def test_language_switch_gives_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in page
    assert "Username" in page


def test_wrong_password_gives_a_dutch_message(client, vic_user):
    response = client.post(reverse("login"), {"username": "vera", "password": "fout"})
    assert "Gebruikersnaam of wachtwoord klopt niet" in response.content.decode()


def test_logged_in_user_sees_home_with_htmx_and_csrf_header(client, vic_user):
    client.force_login(vic_user)
    page = client.get(reverse("home")).content.decode()
    assert "vendor/htmx/htmx.min.js" in page
    assert "x-csrftoken" in page
    assert "Mijn open incidenten" in page


def test_healthz_reports_database_broker_and_worker(client, settings):
    settings.HEALTHZ_TOKEN = "geheim-token"  # noqa: S105 - test value
    response = client.get("/healthz", headers={"Authorization": "Bearer geheim-token"})
    assert response.status_code == 200
    data = response.json()
    assert data["database"]["ok"] is True
    assert {"broker", "worker"} <= set(data)


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch, admin_user):
    from crisiscentre import health

    monkeypatch.setattr(health, "check_database", lambda: {"ok": False, "error": "down"})
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"ok": False}
    client.force_login(admin_user)  # staff see why
    assert client.get("/healthz").json()["database"] == {"ok": False, "error": "down"}


def test_exercise_banner_shows_on_an_exercise_incident(client, vic_user):
    from incidents import services

    incident = services.incident_open(actor=vic_user, title="Oefening", is_exercise=True)
    client.force_login(vic_user)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert 'class="exercise-banner"' in page
    real = services.incident_open(actor=vic_user, title="Echt")
    assert 'class="exercise-banner"' not in client.get(real.get_absolute_url()).content.decode()


def test_session_ping_tells_a_laptop_it_is_still_logged_in(client, vic_user):
    assert client.get("/sessie").status_code == 302
    client.force_login(vic_user)
    assert client.get("/sessie").status_code == 204


def test_an_english_request_does_not_leave_english_active_afterwards(client, vic_user):
    from django.utils import translation

    client.cookies["django_language"] = "en"
    client.force_login(vic_user)
    assert "My open incidents" in client.get(reverse("home")).content.decode()
    assert translation.get_language() == "nl"
