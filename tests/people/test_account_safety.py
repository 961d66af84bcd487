"""Account safety: password reset by e-mail, login rate-limited per account and per IP with a
Dutch message, idle sessions expire (htmx gets the client redirect)."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from crisiscentre import ratelimit
from tests.helpers import HTMX, PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    now = {"t": 1_000_000.0}
    monkeypatch.setattr(ratelimit, "_now", lambda: now["t"])
    return now


def login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_the_account_locks_after_n_failures_and_unlocks_after_the_window(
    client, vic_user, settings, clock
):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    settings.LOGIN_LOCKOUT_SECONDS = 600
    for _attempt in range(3):
        assert login(client, "vera", "fout").status_code == 200
    response = login(client, "vera", PASSWORD)  # even the right password, while locked
    assert response.status_code == 200
    assert "Te veel mislukte inlogpogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session
    clock["t"] += 601
    response = login(client, "vera", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(vic_user.pk)


def test_the_lock_is_per_account(client, vic_user, crisis_user, settings, clock):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 2
    for _attempt in range(2):
        login(client, "vera", "fout")
    assert login(client, "chris", PASSWORD, ip="10.0.0.2").status_code == 302


def test_one_address_trying_many_accounts_is_limited(client, vic_user, settings, clock):
    settings.LOGIN_FAILURES_PER_IP = 4
    for n in range(4):
        login(client, f"gok{n}", "fout", ip="10.9.9.9")
    response = login(client, "vera", PASSWORD, ip="10.9.9.9")
    assert "Te veel mislukte inlogpogingen" in response.content.decode()
    assert login(client, "vera", PASSWORD, ip="10.0.0.3").status_code == 302


def test_a_success_clears_the_account_count(client, vic_user, settings, clock):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    login(client, "vera", "fout")
    login(client, "vera", "fout")
    assert login(client, "vera", PASSWORD).status_code == 302
    client.logout()
    login(client, "vera", "fout")
    login(client, "vera", "fout")
    assert login(client, "vera", PASSWORD).status_code == 302


def test_password_reset_by_email_in_dutch(client, vic_user):
    vic_user.email = "vera@vr.example"
    vic_user.save()
    page = client.get(reverse("password_reset"))
    assert page.status_code == 200 and "Wachtwoord vergeten" in page.content.decode()
    response = client.post(reverse("password_reset"), {"email": "vera@vr.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Nieuw wachtwoord voor Crisiscentre" in message.subject
    link = re.search(r"https?://[^/]+(/accounts/wachtwoord-herstellen/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Nieuw wachtwoord kiezen" in form_page.content.decode()
    new = "Een-heel-nieuw-wachtwoord-7"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    vic_user.refresh_from_db()
    assert vic_user.check_password(new)


def test_an_idle_session_expires_and_htmx_gets_a_client_redirect(
    client_for, vic_user, incident, settings, monkeypatch
):
    from crisiscentre import accounts

    settings.SESSION_IDLE_MINUTES = 30
    now = {"t": 2_000_000.0}
    monkeypatch.setattr(accounts.time, "time", lambda: now["t"])
    client = client_for(vic_user)  # logging in counts as activity
    assert client.get(incident.get_absolute_url()).status_code == 200
    now["t"] += 29 * 60
    pulse = reverse("incidents:pulse", args=[incident.pk])
    assert client.get(pulse, headers=HTMX).status_code in (200, 204)
    now["t"] += 2 * 60  # 31 minutes since the last own activity: the polls did not count
    response = client.get(incident.get_absolute_url(), headers=HTMX)
    assert response.status_code == 200 and response["HX-Redirect"].startswith("/accounts/login/")
    assert client.get(incident.get_absolute_url()).status_code == 302
