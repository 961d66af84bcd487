"""Issue 19.3: oversized and unreadable input is refused with a message that says so, and the
400/403/404/500 pages are Dutch, in the base layout."""

import pytest
from django.template import loader
from django.test import Client, RequestFactory
from django.urls import reverse

from crisiscentre import errors
from incidents.models import LogEntry
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db

LAYOUT = 'class="topbar"'


def _log_url(incident):
    return reverse("incidents:log_add", args=[incident.pk])


def test_a_5_mb_post_gets_a_dutch_413_page_that_says_it_is_too_large(
    client_for, vic_user, incident
):
    response = client_for(vic_user).post(
        _log_url(incident),
        "category=beeld&text=" + "x" * (5 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "te groot" in html and LAYOUT in html
    assert "Bad Request" not in html
    assert not LogEntry.objects.exists()


def test_a_5_mb_htmx_post_gets_a_sentence_for_the_flash(client_for, vic_user, incident):
    response = client_for(vic_user).post(
        _log_url(incident),
        "category=beeld&text=" + "x" * (5 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
        headers=HTMX,
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/plain")
    assert "te groot" in response.content.decode()


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"category=beeld&text=caf%E9", "application/x-www-form-urlencoded"),
        ("category=beeld&text=café".encode("latin-1"), "application/x-www-form-urlencoded"),
        (b"category=beeld&text=cafe", "application/x-www-form-urlencoded; charset=iso-8859-1"),
    ],
    ids=["percent-latin1", "raw-latin1", "declared-latin1"],
)
def test_a_body_that_is_not_utf8_is_refused_with_a_message(
    client_for, vic_user, incident, body, content_type
):
    response = client_for(vic_user).generic(
        "POST", _log_url(incident), body, content_type=content_type, headers=HTMX
    )
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()
    assert not LogEntry.objects.exists()


def test_a_utf8_urlencoded_post_still_works(client_for, vic_user, incident):
    response = client_for(vic_user).generic(
        "POST",
        _log_url(incident),
        b"category=beeld&tlp=AMBER&text=caf%C3%A9+%E2%80%93+ok",
        content_type="application/x-www-form-urlencoded",
        headers=HTMX,
    )
    assert response.status_code == 200
    assert LogEntry.objects.get().text == "café – ok"


def test_the_404_page_is_dutch_in_the_base_layout(client_for, vic_user):
    response = client_for(vic_user).get("/incidents/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html and LAYOUT in html


def test_the_403_page_is_dutch_in_the_base_layout(client_for, bestuurder):
    response = client_for(bestuurder).get(reverse("incidents:create"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Geen toegang" in html and LAYOUT in html


def test_a_failed_csrf_check_is_a_dutch_403(vic_user, incident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(vic_user)
    response = client.post(_log_url(incident), {"category": "beeld", "text": "x"})
    assert response.status_code == 403
    assert "Formulier verlopen" in response.content.decode()


def test_the_500_template_renders_without_a_request_context():
    html = loader.get_template("500.html").render()
    assert "Er ging iets mis" in html and LAYOUT in html


def test_the_500_handler_answers_in_dutch():
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_an_uncaught_error_gets_the_dutch_500_page(client_for, vic_user, incident, monkeypatch):
    import dataclasses

    from incidents import registry

    def boom(*args, **kwargs):
        raise RuntimeError("kapot")

    tile = dataclasses.replace(registry.get_tile("log"), context=boom)
    monkeypatch.setitem(registry._tiles, "log", tile)
    client = client_for(vic_user)
    client.raise_request_exception = False
    response = client.get(reverse("incidents:tile", args=[incident.pk, "log"]))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_the_400_page_is_dutch_in_the_base_layout(rf, vic_user):
    request = rf.get("/")
    request.user = vic_user
    response = errors.bad_request(request, Exception("x"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ongeldig verzoek" in html and LAYOUT in html
