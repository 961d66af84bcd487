"""The container's own healthcheck reaches /healthz in production settings (issue 17, point 2)."""

import pytest
from django.test import override_settings

PRODUCTION = {
    "DEBUG": False,
    "ALLOWED_HOSTS": ["crisis.example.nl"],
    "SECURE_SSL_REDIRECT": True,
}
CONTAINER = {"HTTP_HOST": "127.0.0.1:8000", "REMOTE_ADDR": "127.0.0.1"}


@pytest.mark.django_db
@override_settings(**PRODUCTION)
def test_healthz_answers_the_container_itself_with_debug_off(client, settings):
    settings.HEALTHZ_TOKEN = "container-token"  # noqa: S105 - test value
    response = client.get("/healthz", **CONTAINER)
    assert response.status_code == 200
    assert set(response.json()) == {"ok"}  # anonymous: up or down only (ok also counts the worker)
    assert client.head("/healthz", **CONTAINER).status_code == 200
    ipv6 = client.get("/healthz", HTTP_HOST="[::1]:8000", REMOTE_ADDR="::1")
    assert ipv6.status_code == 200
    detailed = client.get(
        "/healthz", headers={"Authorization": "Bearer container-token"}, **CONTAINER
    ).json()
    assert detailed["database"]["ok"] is True


@pytest.mark.django_db
@override_settings(**PRODUCTION)
def test_host_checks_still_hold_for_everything_else(client):
    assert client.get("/accounts/login/", **CONTAINER).status_code == 400
    assert client.get("/", **CONTAINER).status_code == 400
    assert client.get("/healthz/", **CONTAINER).status_code == 400
    assert client.post("/healthz", **CONTAINER).status_code == 400
    outside = {"HTTP_HOST": "127.0.0.1:8000", "REMOTE_ADDR": "10.1.2.3"}
    assert client.get("/healthz", **outside).status_code == 400
    # The real host still goes through SecurityMiddleware: plain HTTP is redirected.
    real = client.get("/healthz", HTTP_HOST="crisis.example.nl", REMOTE_ADDR="10.1.2.3")
    assert real.status_code == 301
    assert client.get("/healthz", HTTP_HOST="crisis.example.nl", secure=True).status_code == 200
