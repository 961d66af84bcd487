import threading

import pytest

from crisiscentre.celery import app

received: list[str] = []
arrived = threading.Event()


@app.task(name="tests.record_arrival")
def record_arrival(value: str) -> None:
    received.append(value)
    arrived.set()


@pytest.mark.worker
def test_a_real_worker_on_the_redis_broker_completes_a_task(celery_worker):
    record_arrival.delay("via redis")
    assert arrived.wait(timeout=20), "the worker did not run the task"
    assert received == ["via redis"]


@pytest.mark.worker
def test_healthz_sees_the_worker(celery_worker, client, settings):
    settings.HEALTHZ_TOKEN = "geheim-token"  # noqa: S105 - test value
    data = client.get("/healthz", headers={"Authorization": "Bearer geheim-token"}).json()
    assert data["broker"] == {"ok": True, "mode": "broker"}
    assert data["worker"]["ok"] is True
