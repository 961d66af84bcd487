"""Issue 17, "Scaling out" and "Running it for real": shared storage, logs, metrics, backups,
degraded mode, the operator's README claims."""

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from crisiscentre import observability

REPO = Path(__file__).resolve().parents[2]


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


# --- Stateless web nodes ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_pdf_written_by_another_process_is_served_by_this_one(
    settings, tmp_path, incident, vic_user, client_for
):
    """The worker (another process) stores the PDF through the storage API; any web process
    configured with the same storage serves it."""
    from sitreps.models import Sitrep

    shared = tmp_path / "shared-media"
    content = b"%PDF-1.4\n% written by another process\n"
    name = f"sitreps/{incident.reference}/sitrep-{incident.reference}-1.pdf"
    script = (
        "from django.core.files.base import ContentFile; "
        "from django.core.files.storage import default_storage as s; "
        f"print(s.save({name!r}, ContentFile({content!r})))"
    )
    out = manage("shell", "-c", script, env={"MEDIA_ROOT": str(shared)}).stdout
    stored = out.strip().splitlines()[-1]
    assert stored == name
    settings.MEDIA_ROOT = shared
    sitrep = Sitrep.objects.create(incident=incident, number=1, state=Sitrep.State.DONE, pdf=name)
    response = client_for(vic_user).get(reverse("sitreps:download", args=[incident.pk, sitrep.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content


def test_storage_and_sessions_are_shared_between_nodes():
    assert django_settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert django_settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")


def test_s3_storage_is_configured_from_the_environment():
    script = (
        "from django.conf import settings; import json; "
        "print(json.dumps(settings.STORAGES['default']))"
    )
    env = {
        "AWS_STORAGE_BUCKET_NAME": "crisiscentre",
        "S3_ENDPOINT_URL": "http://minio:9000",
        "AWS_ACCESS_KEY_ID": "key",
        "AWS_SECRET_ACCESS_KEY": "secret",
    }
    default = json.loads(manage("shell", "-c", script, env=env).stdout.strip().splitlines()[-1])
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "crisiscentre"
    assert default["OPTIONS"]["endpoint_url"] == "http://minio:9000"
    assert default["OPTIONS"]["file_overwrite"] is False


# --- Structured logs --------------------------------------------------------------------------


def probe_middleware(get_response):
    """Logs one line from inside the request, after RequestContextMiddleware ran."""

    def middleware(request):
        logging.getLogger("crisiscentre.probe").warning("binnen het verzoek")
        return get_response(request)

    return middleware


@pytest.mark.django_db
def test_json_log_lines_carry_request_user_and_incident(settings, incident, vic_user, client_for):
    records = []

    class Capture(logging.Handler):
        def emit(self, record):
            records.append(observability.JsonFormatter().format(record))

    middleware = list(settings.MIDDLEWARE)
    position = middleware.index("crisiscentre.observability.RequestContextMiddleware") + 1
    middleware.insert(position, f"{__name__}.probe_middleware")
    settings.MIDDLEWARE = middleware
    handler = Capture()
    logger = logging.getLogger("crisiscentre.probe")
    logger.addHandler(handler)
    try:
        response = client_for(vic_user).get(
            reverse("incidents:detail", args=[incident.pk]), HTTP_X_REQUEST_ID="req-42"
        )
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 200
    assert response["X-Request-ID"] == "req-42"
    line = json.loads(records[-1])
    assert line["request_id"] == "req-42"
    assert line["user_id"] == vic_user.pk
    assert line["incident_id"] == incident.pk
    assert line["message"] == "binnen het verzoek" and line["level"] == "WARNING"
    # Outside a request the context is empty again.
    assert observability.request_id_var.get() is None


def test_a_forged_request_id_is_replaced(client):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID='x"\n{"level":"fake"}')
    assert len(response["X-Request-ID"]) == 32 and "\n" not in response["X-Request-ID"]


def test_log_format_json_switches_the_console_handler():
    script = "from django.conf import settings; print(settings.LOGGING['handlers']['console'])"
    out = manage("shell", "-c", script, env={"LOG_FORMAT": "json"}).stdout
    assert "'formatter': 'json'" in out


# --- /metrics ---------------------------------------------------------------------------------


def test_metrics_do_not_exist_without_a_token(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404


@pytest.mark.django_db
def test_metrics_refuse_a_wrong_token(client, settings):
    settings.METRICS_TOKEN = "geheim-token"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer fout").status_code == 403


@pytest.mark.django_db
def test_metrics_show_outbox_failures_and_sitrep_render_time(
    client, settings, incident, django_assert_max_num_queries
):
    from notifications.models import Notification
    from playbook.models import Stakeholder
    from sitreps.models import Sitrep

    settings.METRICS_TOKEN = "geheim-token"
    stakeholder = Stakeholder.objects.create(slug="gemeente-x", name="Gemeente X")
    now = timezone.now()
    for state, age in ((Notification.State.QUEUED, 300), (Notification.State.FAILED, 10)):
        Notification.objects.create(
            incident=incident,
            stakeholder=stakeholder,
            trigger="handmatig",
            channel="email",
            subject="Test",
            body="Test",
            state=state,
            created_at=now - timedelta(seconds=age),
        )
    Sitrep.objects.create(
        incident=incident,
        number=1,
        state=Sitrep.State.DONE,
        started_at=now - timedelta(seconds=3),
        finished_at=now - timedelta(seconds=1.5),
    )
    with django_assert_max_num_queries(8):
        response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer geheim-token")
    assert response.status_code == 200
    values = {
        line.split()[0]: float(line.split()[1])
        for line in response.content.decode().splitlines()
        if line and not line.startswith("#")
    }
    assert values["crisiscentre_outbox_backlog"] == 1
    assert values["crisiscentre_outbox_oldest_age_seconds"] >= 300
    assert values["crisiscentre_notifications_failed"] == 1
    assert values["crisiscentre_sitrep_last_render_seconds"] == pytest.approx(1.5)
    assert values["crisiscentre_sitreps_waiting"] == 0


# --- Degraded mode ----------------------------------------------------------------------------


def test_offline_export_dir_comes_from_the_environment(tmp_path):
    script = "from django.conf import settings; print(settings.OFFLINE_EXPORT_DIR)"
    out = manage("shell", "-c", script, env={"OFFLINE_EXPORT_DIR": str(tmp_path / "papier")})
    assert out.stdout.strip().splitlines()[-1] == str(tmp_path / "papier")


@pytest.mark.django_db
def test_the_paper_copies_land_in_the_configured_directory(
    settings, tmp_path, incident, monkeypatch
):
    from django.core.files.base import ContentFile

    from sitreps import services as sitrep_services
    from sitreps import tasks
    from sitreps.models import Sitrep

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OFFLINE_EXPORT_DIR = tmp_path / "share" / "papier"
    monkeypatch.setattr(sitrep_services, "contact_list_pdf", lambda: b"%PDF-1.4 contacten\n")
    sitrep = Sitrep(
        incident=incident, number=1, state=Sitrep.State.DONE, approval=Sitrep.Approval.APPROVED
    )
    sitrep.pdf.save(sitrep.filename, ContentFile(b"%PDF-1.4 concept\n"), save=False)
    # Only the vastgestelde PDF goes on paper.
    sitrep.approved_pdf.save(
        sitrep.approved_filename, ContentFile(b"%PDF-1.4 sitrep\n"), save=False
    )
    sitrep.finished_at = timezone.now()
    sitrep.save()
    assert tasks.offline_export() is True
    share = settings.OFFLINE_EXPORT_DIR
    assert (share / sitrep.filename).read_bytes() == b"%PDF-1.4 sitrep\n"
    assert (share / "contactlijst-betrokken-instanties.pdf").exists()


# --- README claims ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_root_redirects_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_seed_demo_reset_passwords_prints_working_new_passwords(django_user_model):
    from io import StringIO

    call_command("seed_demo", stdout=StringIO())
    out = StringIO()
    call_command("seed_demo", "--reset-passwords", stdout=out)
    lines = [line for line in out.getvalue().splitlines() if "password " in line]
    assert len(lines) == 4
    for line in lines:
        username = line.split("'")[1]
        password = line.rsplit("password ", 1)[1].strip()
        assert django_user_model.objects.get(username=username).check_password(password)


def test_readme_maps_demo_users_to_roles_and_documents_recovery():
    readme = (REPO / "README.md").read_text()
    for claim in (
        "seed_demo --reset-passwords",
        "changepassword",
        "python3-venv",
        "make run PYTHON=python3.11",
        "make backup",
        "make restore FILE=",
        "OFFLINE_EXPORT_DIR",
    ):
        assert claim in readme, claim
    operations = (REPO / "docs" / "operations.md").read_text()
    for claim in ("--scale web=3", "METRICS_TOKEN", "LOG_FORMAT=json", "AWS_STORAGE_BUCKET_NAME"):
        assert claim in operations, claim


# --- Backups ----------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_make_backup_and_restore_round_trip(tmp_path, incident):
    import psycopg2
    from django.db import connection

    from incidents.models import Incident

    params = connection.settings_dict
    base = (
        f"postgres://{params['USER']}:{params['PASSWORD'] or ''}@{params['HOST'] or '127.0.0.1'}"
        f":{params['PORT'] or 5432}"
    )
    source = f"{base}/{params['NAME']}"
    expected = Incident.objects.count()
    assert expected >= 1
    out = subprocess.run(
        ["make", "-s", "backup", f"BACKUP_DIR={tmp_path}"],
        cwd=REPO,
        env={**os.environ, "DATABASE_URL": source},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    dump = Path(out.stdout.strip().splitlines()[-1])
    assert dump.exists() and dump.suffix == ".dump"
    target_name = f"{params['NAME']}_restore"
    admin = psycopg2.connect(f"{base}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
        cursor.execute(f'CREATE DATABASE "{target_name}"')
    try:
        subprocess.run(
            ["make", "-s", "restore", f"FILE={dump}"],
            cwd=REPO,
            env={**os.environ, "DATABASE_URL": f"{base}/{target_name}"},
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        restored = psycopg2.connect(f"{base}/{target_name}")
        with restored, restored.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {Incident._meta.db_table}")  # noqa: S608
            assert cursor.fetchone()[0] == expected
        restored.close()
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
        admin.close()


# --- Redis down: sitreps wait -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_sitrep_requested_while_redis_is_down_waits_in_the_queue(
    incident, vic_user, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from sitreps import services as sitrep_services
    from sitreps import tasks
    from sitreps.models import Sitrep

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.sitrep_generate, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        sitrep = sitrep_services.sitrep_request(
            incident=incident, actor=vic_user, audience_tlp="AMBER"
        )
    assert Sitrep.objects.get(pk=sitrep.pk).state == Sitrep.State.QUEUED


@pytest.mark.django_db
def test_beat_dispatches_again_a_sitrep_that_waited_while_redis_was_down(
    incident, vic_user, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from sitreps import services as sitrep_services
    from sitreps import tasks
    from sitreps.models import Sitrep

    real_delay = tasks.sitrep_generate.delay

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.sitrep_generate, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        lost = sitrep_services.sitrep_request(
            incident=incident, actor=vic_user, audience_tlp="AMBER"
        )
        fresh = sitrep_services.sitrep_request(
            incident=incident, actor=vic_user, audience_tlp="AMBER"
        )
    # Redis is back; the first request is older than the time limit + 60 s, the second is not.
    monkeypatch.setattr(tasks.sitrep_generate, "delay", real_delay)
    Sitrep.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - sitrep_services.STUCK_AFTER - timedelta(seconds=1)
    )
    assert tasks.recover_queued_sitreps() == 1
    assert Sitrep.objects.get(pk=lost.pk).state == Sitrep.State.DONE
    assert Sitrep.objects.get(pk=fresh.pk).state == Sitrep.State.QUEUED
    assert tasks.recover_queued_sitreps() == 0


def test_the_queued_sitrep_recovery_is_in_the_beat_schedule():
    from crisiscentre.celery import app
    from sitreps import tasks

    entry = app.conf.beat_schedule["sitreps-recover-queued"]
    assert entry["task"] == tasks.RECOVER_QUEUED_TASK
    assert entry["schedule"] <= 60
