"""Issue 17, "Scaling out": a sitrep PDF rendered by one worker process is served by another
web process, through real S3-compatible object storage (the compose file's MinIO).

No Docker or MinIO binary here, so a real S3 HTTP server stands in for MinIO: moto's server
(`moto[server]`, a test extra) as a process of its own on a free port. Three OS processes
share nothing but the database (a SQLite file), the bucket and SECRET_KEY, as replicas do:
- the "worker": `manage.py shell` running the sitrep task the Celery worker runs (WeasyPrint
  render, `default_storage` write to the bucket);
- the "web node": gunicorn, serving the download view to a Bestuurder whose session was made
  in the worker process;
- this test, which checks the bytes against the object in the bucket.
Each process gets a MEDIA_ROOT of its own that must stay empty: nothing goes to local disk.
"""

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import missing_service
from tests.helpers import free_port

REPO = Path(__file__).resolve().parents[2]
BUCKET = "crisiscentre-test"
SECRET_KEY = "object-storage-test-key-not-secret"  # noqa: S105

pytestmark = pytest.mark.s3


def wait_for_port(port: int, process: subprocess.Popen, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{what} exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{what} did not listen on {port} within {timeout} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def s3_server():
    """A real S3-compatible HTTP server in its own process, with an empty private bucket."""
    import boto3

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, process, "moto_server")
        endpoint = f"http://127.0.0.1:{port}"
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="crisis-app",
            aws_secret_access_key="crisis-app-secret",
        )
        client.create_bucket(Bucket=BUCKET)
        yield {"endpoint": endpoint, "client": client, "process": process}
    finally:
        stop(process)


def base_env(database: Path, endpoint: str, tmp_path: Path) -> dict:
    """The environment every replica gets (the compose file's x-app), on this machine."""
    return {
        **os.environ,
        "DEBUG": "true",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": f"sqlite:///{database}",
        "CELERY_BROKER_URL": "",  # the task is called in the worker process itself
        "CACHE_URL": "",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "crisis-app",
        "AWS_SECRET_ACCESS_KEY": "crisis-app-secret",
        "OFFLINE_EXPORT_DIR": str(tmp_path / "offline"),
        "LOG_FORMAT": "text",
    }


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory) -> Path:
    """A migrated SQLite file, made once; each test gets a copy (the shared database)."""
    if reason := missing_service("s3"):
        pytest.skip(reason)  # the marker's check runs after module fixtures
    folder = tmp_path_factory.mktemp("migrated")
    database = folder / "template.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=REPO,
        env={**base_env(database, "http://127.0.0.1:9", folder), "MEDIA_ROOT": str(folder)},
        check=True,
        capture_output=True,
        timeout=300,
    )
    return database


@pytest.fixture
def node_env(tmp_path, s3_server, migrated_database):
    database = tmp_path / "shared.sqlite3"
    shutil.copyfile(migrated_database, database)
    return base_env(database, s3_server["endpoint"], tmp_path)


WORKER_SCRIPT = """
import hashlib, json
from django.contrib.auth.models import Group, User
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from incidents import services
from incidents.models import Role
from sitreps import services as sitrep_services
from sitreps.models import Sitrep
from sitreps.tasks import sitrep_generate, sitrep_stamp_task

def person(username, role):
    user, _ = User.objects.get_or_create(username=username)
    user.groups.add(Group.objects.get(name=role))
    return user

vic = person("vera", Role.VIC)
reader = person("bram", Role.EXECUTIVE)
approver = person("chris", Role.CRISIS_TEAM)
incident = services.incident_open(actor=vic, title="Storing betalingsverkeer")
services.membership_add(incident=incident, actor=vic, user=reader)
services.membership_add(incident=incident, actor=vic, user=approver)
sitrep = sitrep_services.sitrep_request(
    incident=incident, actor=vic, audience_tlp="AMBER", enqueue=False
)
sitrep_generate(sitrep.pk)  # what the Celery worker runs for sitreps.generate
sitrep = Sitrep.objects.get(pk=sitrep.pk)
data = b""
if sitrep.state == Sitrep.State.DONE:
    # Vastgesteld, so the Bestuurder may download it; the worker makes the approved PDF.
    sitrep_services.sitrep_approve(sitrep=sitrep, actor=approver, enqueue=False)
    sitrep_stamp_task(sitrep.pk)
    sitrep = Sitrep.objects.get(pk=sitrep.pk)
    with sitrep.approved_pdf.open("rb") as handle:
        data = handle.read()
client = Client()
client.force_login(reader)
print(json.dumps({
    "done": sitrep.state == Sitrep.State.DONE,
    "failed": sitrep.state == Sitrep.State.FAILED,
    "can_retry": sitrep_services.sitrep_can_retry(sitrep),
    "error": sitrep.error,
    "name": sitrep.approved_pdf.name if sitrep.approved_pdf else sitrep.pdf.name,
    "storage": sitrep.pdf.storage is default_storage and type(default_storage._wrapped).__name__,
    "sha256": hashlib.sha256(data).hexdigest(),
    "size": len(data),
    "url": reverse("sitreps:download", args=[incident.pk, sitrep.pk]),
    "incident_url": reverse("incidents:detail", args=[incident.pk]),
    "session": client.cookies["sessionid"].value,
}))
"""


@pytest.fixture
def web_node(tmp_path, node_env):
    """gunicorn, a web replica of its own, on a free port."""
    port = free_port()
    media = tmp_path / "web-media"
    media.mkdir()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "crisiscentre.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
            "--timeout",
            "60",
        ],
        cwd=REPO,
        env={**node_env, "MEDIA_ROOT": str(media)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, process, "gunicorn")
        yield {"base": f"http://127.0.0.1:{port}", "media": media}
    finally:
        stop(process)


def run_worker(tmp_path, node_env) -> tuple[dict, Path]:
    media = tmp_path / "worker-media"
    media.mkdir(exist_ok=True)
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", WORKER_SCRIPT],
        cwd=REPO,
        env={**node_env, "MEDIA_ROOT": str(media)},
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout
    return json.loads(out.strip().splitlines()[-1]), media


def fetch(url: str, session: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def files_under(path: Path) -> list[Path]:
    return [p for p in path.rglob("*") if p.is_file()]


def test_a_pdf_rendered_by_a_worker_process_is_served_by_another_web_process(
    tmp_path, s3_server, node_env, web_node
):
    worker, worker_media = run_worker(tmp_path, node_env)
    assert worker["done"], worker["error"]
    assert worker["storage"] == "S3Storage"

    # The object is in the bucket, private, and nowhere on the worker's disk.
    stored = s3_server["client"].get_object(Bucket=BUCKET, Key=worker["name"])["Body"].read()
    assert stored.startswith(b"%PDF-")
    assert hashlib.sha256(stored).hexdigest() == worker["sha256"]
    assert files_under(worker_media) == []

    status, headers, body = fetch(web_node["base"] + worker["url"], worker["session"])
    assert status == 200, body[:500]
    assert headers["Content-Type"] == "application/pdf"
    assert "attachment" in headers["Content-Disposition"]
    assert body.startswith(b"%PDF-")
    assert len(body) == worker["size"] == len(stored)
    assert hashlib.sha256(body).hexdigest() == worker["sha256"]
    assert files_under(web_node["media"]) == []


def test_with_the_object_store_down_the_download_fails_and_the_rest_works(
    tmp_path, s3_server, node_env, web_node
):
    """docs/operations.md, "When a part is down": object storage."""
    worker, _ = run_worker(tmp_path, node_env)
    assert worker["done"], worker["error"]
    stop(s3_server["process"])

    status, _, _ = fetch(web_node["base"] + worker["url"], worker["session"])
    assert status >= 500
    status, _, body = fetch(web_node["base"] + worker["incident_url"], worker["session"])
    assert status == 200
    assert b"Storing betalingsverkeer" in body

    # A sitrep rendered meanwhile cannot be stored: it is *Mislukt*, with a retry, not lost.
    again, media = run_worker(tmp_path, node_env)
    assert again["failed"] and again["can_retry"]
    assert "Connect" in again["error"] or "connect" in again["error"], again["error"]
    assert files_under(media) == []
