"""Shared fixtures: personas, real services, the browser.

Tests that need a real service carry a marker (postgres, worker, browser, s3, nginx). On a bare machine
they skip with the reason; under CI=true a missing service fails the run instead.
"""

import os
import shutil
import socket
import warnings
from importlib.util import find_spec
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group

from incidents import services
from incidents.models import Role
from tests.helpers import CHROMIUM, make_user
from tests.thread_connections import close_thread_connections, remember_thread_connection

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop + the ORM

IN_CI = os.environ.get("CI", "").lower() == "true"


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), timeout=1
        ):
            return True
    except OSError:
        return False


def missing_service(marker: str) -> str | None:
    """Why a test with this marker cannot run here, or None when it can."""
    if marker == "postgres":
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith("postgres"):
            return "DATABASE_URL is not a PostgreSQL URL"
        if not _reachable(url, 5432):
            return "PostgreSQL is not reachable"
    if marker == "worker":
        url = os.environ.get("CELERY_BROKER_URL", "")
        if not url.startswith("redis"):
            return "CELERY_BROKER_URL is not a Redis URL"
        if not _reachable(url, 6379):
            return "Redis is not reachable"
    if marker == "s3":
        missing = [m for m in ("moto", "flask", "storages", "boto3") if not find_spec(m)]
        if missing:
            return (
                f"{', '.join(missing)} not installed: the real S3 server (moto_server) and "
                "django-storages come with the test extra (pip install -e '.[test]')"
            )
    if marker == "nginx" and not shutil.which("nginx", path="/usr/sbin:/usr/bin"):
        return "nginx is not installed (apt-get install nginx-light)"
    if marker == "browser" and not shutil.which(CHROMIUM):
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


TRANSACTIONAL = {"transactional_db", "live_server", "celery_worker"}


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(TRANSACTIONAL & set(request.fixturenames)) or bool(
        marker and marker.kwargs.get("transaction")
    )


@pytest.fixture(scope="session")
def seeded_content(django_db_setup, django_db_blocker) -> str:
    """The database as migrations left it (roles, GRIP levels, playbook content, glossary...)."""
    from django.db import connection

    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def restore_seeded_content(request):
    """Transactional tests (browser, real worker) flush the database when they end, which also
    removes what data migrations seeded. Put it back before each of them. (Django's serialized
    rollback does not survive Playwright's event loop, hence this.)"""
    if not _is_transactional(request):
        return
    contents = request.getfixturevalue("seeded_content")
    request.getfixturevalue("transactional_db")
    from django.db import connection

    if not Group.objects.exists():
        from django.contrib.contenttypes.models import ContentType

        # The flush re-created content types and permissions (post_migrate) under new ids;
        # the serialized copy brings the originals back.
        ContentType.objects.all().delete()
        connection.creation.deserialize_db_from_string(contents)
        ContentType.objects.clear_cache()


@pytest.fixture(scope="session", autouse=True)
def track_thread_connections():
    from django.db.backends.signals import connection_created

    connection_created.connect(remember_thread_connection, weak=False)
    yield
    connection_created.disconnect(remember_thread_connection)


@pytest.fixture(scope="session", autouse=True)
def no_connection_left_behind(django_db_setup, django_db_blocker):
    """At the end of the run nothing but this process may hold the PostgreSQL test database,
    or dropping it fails ("being accessed by other users", issue 17, point 5). Whatever is still
    connected is named on the terminal (so the leak can be found) and then disconnected."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    close_thread_connections()
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name, client_port, state, backend_start, left(query, 120) "
            "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        others = cursor.fetchall()
        for pid, *about in others:
            warnings.warn(
                f"still connected to the test database at the end: pid {pid} {about}", stacklevel=1
            )
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    connection.close()


@pytest.fixture(autouse=True)
def closed_thread_connections():
    yield
    close_thread_connections()


def pytest_runtest_setup(item):
    for marker in ("postgres", "worker", "browser", "s3", "nginx"):
        if item.get_closest_marker(marker):
            reason = missing_service(marker)
            if reason and IN_CI:
                pytest.fail(f"CI=true but {reason}", pytrace=False)
            if reason:
                pytest.skip(reason)


@pytest.fixture(autouse=True)
def fresh_editable_texts():
    """Texts the region edits (crisiscentre/texts.py) are cached per process; a test must not
    see another test's (rolled back) edits."""
    from crisiscentre.texts import clear_all

    clear_all()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Cached tile bodies (incidents/tile_cache.py) must not outlive the test that made them:
    SQLite hands a rolled-back incident's primary key to the next test."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def media_root(settings, tmp_path):
    """Sitrep PDFs (and the offline export) go to a scratch directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OFFLINE_EXPORT_DIR = tmp_path / "offline"
    return settings.MEDIA_ROOT


@pytest.fixture
def add_tile(tmp_path, settings, monkeypatch):
    """add_tile(name, template_text, context, **fields) -> a throwaway dashboard Tile, registered
    (last, order 999) with its template for this test only."""
    import copy

    from incidents import registry

    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates

    def add(name, template_text, context, **fields):
        (tmp_path / name).mkdir()
        (tmp_path / name / "tile.html").write_text(template_text)
        tile = registry.Tile(name, f"{name}/tile.html", 999, context, **fields)
        monkeypatch.setitem(registry._tiles, name, tile)
        return tile

    return add


@pytest.fixture
def no_tile_cache(settings):
    """For tests that count what rendering a tile body costs: every request renders."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def strict_audit_codes(settings):
    """An uncatalogued audit code fails the test that writes it (incidents/audit.py)."""
    settings.AUDIT_STRICT = True


@pytest.fixture(autouse=True)
def eager_celery(settings):
    """Unit tests run tasks in-process; the `celery_worker` fixture switches this off."""
    from crisiscentre.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = not settings.CELERY_BROKER_URL


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker thread on the Redis broker, using the test database."""
    from celery.contrib.testing.worker import start_worker

    from crisiscentre.celery import app

    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
    app.conf.task_always_eager = True
    close_thread_connections()  # the worker thread's connection, before the flush


# --- Personas ---------------------------------------------------------------------------------


@pytest.fixture
def vic_user(django_user_model):
    return make_user(django_user_model, "vera", Role.VIC)


@pytest.fixture
def crisis_user(django_user_model):
    return make_user(django_user_model, "chris", Role.CRISIS_TEAM)


@pytest.fixture
def bestuurder(django_user_model):
    return make_user(django_user_model, "bram", Role.EXECUTIVE)


@pytest.fixture
def outsider(django_user_model):
    """A crisis team member of another incident: may write, but is not a member here."""
    return make_user(django_user_model, "otto", Role.CRISIS_TEAM)


@pytest.fixture
def admin_user(django_user_model):
    return make_user(django_user_model, "bea", None, is_staff=True, is_superuser=True)


@pytest.fixture
def demo_users(vic_user, crisis_user, bestuurder, admin_user):
    """The users a demo seeder gets, by the names seed_demo gives them."""
    return {
        "vic": vic_user,
        "crisisteam": crisis_user,
        "bestuurder": bestuurder,
        "beheerder": admin_user,
    }


@pytest.fixture
def incident(vic_user, crisis_user, bestuurder):
    """An open incident with the VIC member, a crisis team member and a Bestuurder as members."""
    incident = services.incident_open(actor=vic_user, title="Storing betalingsverkeer")
    for user in (crisis_user, bestuurder):
        services.membership_add(incident=incident, actor=vic_user, user=user)
    incident.refresh_from_db()
    return incident


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


# --- Browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def base_url(pytestconfig) -> str | None:
    """What pytest-playwright's fallback plugin gives (--base-url, else the ini value), as a
    module-level fixture: its own is a session fixture defined as an instance method, which
    pytest deprecates (PytestRemovedIn10Warning on every browser test)."""
    return pytestconfig.getoption("--base-url") or pytestconfig.getini("base_url") or None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
