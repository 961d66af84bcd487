import pytest

from crisiscentre.celery import ping


@pytest.mark.worker
def test_a_real_worker_on_the_redis_broker_completes_a_task(celery_worker, settings):
    from crisiscentre.celery import app

    app.conf.result_backend = settings.CELERY_BROKER_URL  # only this test needs a result
    try:
        assert ping.delay().get(timeout=20) == "pong"
    finally:
        app.conf.result_backend = None


@pytest.mark.worker
def test_healthz_sees_the_worker(celery_worker, client):
    data = client.get("/healthz").json()
    assert data["broker"] == {"ok": True, "mode": "broker"}
    assert data["worker"]["ok"] is True
