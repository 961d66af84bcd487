"""docs/operations.md, "When a part is down": Redis. The compose file puts the shared cache in
Redis (CACHE_URL). With Redis gone (a real refused connection, not a mock) the crisis room keeps
working: dashboard, live pulse, logging. Whatever reads the cache must treat an error as a miss.
(The broker half, the outbox keeping mail and sitreps waiting: tests/notifications/
test_delivery.py and test_operations.py.)"""

import socket

import pytest
from django.urls import reverse

from tests.helpers import HTMX


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens here once the socket is closed


@pytest.fixture
def redis_down(settings):
    location = f"redis://127.0.0.1:{closed_port()}/1"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}
    }
    from django.core.cache import cache

    with pytest.raises(Exception, match="refused|Connection|connect"):
        cache.get("probe")  # it really is down
    return location


@pytest.mark.django_db
def test_with_redis_down_the_dashboard_the_pulse_and_the_log_keep_working(
    redis_down, client_for, vic_user, incident
):
    client = client_for(vic_user)
    assert client.get(reverse("incidents:detail", args=[incident.pk])).status_code == 200
    seen = type(incident).objects.get(pk=incident.pk).version
    pulse = reverse("incidents:pulse", args=[incident.pk])
    assert client.get(pulse, {"v": seen}).status_code == 204
    response = client.post(
        reverse("incidents:log_add", args=[incident.pk]),
        {"category": "beeld", "text": "Apotheken dicht", "source": "GGD", "tlp": "AMBER"},
        headers=HTMX,
    )
    assert response.status_code == 200
    changed = client.get(pulse, {"v": seen})
    assert changed.status_code == 200 and "incidentChanged" in changed["HX-Trigger"]
    assert client.get(reverse("incidents:tile", args=[incident.pk, "log"])).status_code == 200
