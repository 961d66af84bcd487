"""One round trip with a real HTTP client against gunicorn on PostgreSQL: a token reads the
incident, writes a log entry (audited "via API") and gets 409 on a stale classification."""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from crisiscentre.api import tokens
from incidents import services
from incidents.models import AuditEvent, LogEntry
from tests.helpers import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def gunicorn():
    db = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
        f":{db['PORT'] or 5432}/{db['NAME']}",
        "DEBUG": "true",
        "CONN_MAX_AGE": "0",
    }
    env.pop("CELERY_BROKER_URL", None)  # writes here schedule no task that needs a worker
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "crisiscentre.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def call(method: str, url: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_a_token_round_trip_through_gunicorn(gunicorn, vic_user, crisis_user, incident):
    _row, token = tokens.api_token_create(user=vic_user, name="Koppeling LCMS", days=7)
    base = f"{gunicorn}/api/v1/incidents/{incident.pk}/"

    status, body = call("GET", f"{gunicorn}/api/v1/incidents/", token)
    assert status == 200 and body["results"][0]["reference"] == incident.reference

    status, body = call(
        "POST", base + "log-entries/", token, {"category": "melding", "text": "Via gunicorn"}
    )
    assert status == 201, body
    entry = LogEntry.objects.get(pk=body["id"])
    assert entry.text == "Via gunicorn"
    assert AuditEvent.objects.get(object_id=str(entry.pk), action="incidents.log.added").via == (
        "API (token: Koppeling LCMS)"
    )

    status, current = call("GET", base + "classification/", token)
    assert status == 200
    services.classification_change(
        incident=incident, actor=crisis_user, changes={"cause": "moedwillig"}, reason="CERT"
    )
    status, body = call(
        "POST",
        base + "classification/",
        token,
        {
            "base_version": current["id"],
            "reason": "eigen duiding",
            "changes": {"cause": "niet_moedwillig"},
        },
    )
    assert status == 409 and body["current"]["cause"] == "moedwillig"
