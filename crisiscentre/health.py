"""The state of the parts the app depends on, for /healthz and the operator."""

from django.conf import settings
from django.db import connection

from .celery import app as celery_app

# Other apps add named checks (e.g. the last offline export) here from AppConfig.ready().
extra_checks: dict = {}


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True}
    except Exception as exc:  # noqa: BLE001 - any failure means down
        return {"ok": False, "error": str(exc)[:200]}


def check_broker() -> dict:
    if not settings.CELERY_BROKER_URL:
        return {"ok": True, "mode": "eager"}
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return {"ok": True, "mode": "broker"}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "mode": "broker", "error": str(exc)[:200]}


def check_worker(broker_ok: bool) -> dict:
    if not settings.CELERY_BROKER_URL:
        return {"ok": True, "mode": "eager"}
    if not broker_ok:
        return {"ok": False, "error": "broker unreachable"}
    try:
        replies = celery_app.control.ping(timeout=1.0)
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": str(exc)[:200]}
    return {"ok": bool(replies), "workers": len(replies)}


def report() -> dict:
    database = check_database()
    broker = check_broker()
    result = {
        "database": database,
        "broker": broker,
        "worker": check_worker(broker["ok"]),
    }
    for name, check in extra_checks.items():
        try:
            result[name] = check()
        except Exception as exc:  # noqa: BLE001
            result[name] = {"ok": False, "error": str(exc)[:200]}
    result["ok"] = all(part.get("ok") for part in result.values() if isinstance(part, dict))
    return result
