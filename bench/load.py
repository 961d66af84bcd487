"""Load benchmark: 1,000 incidents, 100,000 log entries in PostgreSQL, gunicorn with 2 workers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crisiscentre_bench .venv/bin/python bench/load.py

Creates (or reuses) the database, seeds it once, starts gunicorn on 127.0.0.1:8765 and measures
throughput and p50/p95 latency of the incident list, a dashboard, the live-update poll and a
trivial view through the same middleware (the framework floor), with a threaded keep-alive
load generator on loopback. Prints a table with the ratio to the floor. Options: --seconds,
--concurrency, --incidents, --entries, --reseed.
"""

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PORT = 8765
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/crisiscentre_bench"


def ensure_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    import psycopg2

    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def seed(n_incidents: int, n_entries: int, reseed: bool) -> tuple[int, str]:
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.utils import timezone

    from incidents.models import Classification, Incident, LogEntry, Membership

    call_command("migrate", verbosity=0)
    user, _ = User.objects.get_or_create(username="bench", defaults={"first_name": "Bench"})
    user.set_password("bench-password-1")
    user.save()
    user.groups.add(Group.objects.get(name="VIC-medewerker"))
    if reseed:
        from django.db import connection

        # A benchmark database only. The log and classification tables refuse row DELETEs
        # (append-only triggers, incidents migration 0006); TRUNCATE is not a row operation.
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE incidents_logentry, incidents_classification CASCADE")
        Incident.objects.filter(reference__startswith="CC-1999-").delete()
    existing = Incident.objects.filter(reference__startswith="CC-1999-").count()
    if existing < n_incidents:
        started = time.perf_counter()
        now = timezone.now()
        incidents = Incident.objects.bulk_create(
            Incident(
                reference=f"CC-1999-{i:05d}",
                title=f"Benchmark incident {i}",
                status=["melding", "actief", "nafase", "gesloten"][i % 4],
                last_activity_at=now - timezone.timedelta(minutes=i),
                created_by=user,
            )
            for i in range(existing, n_incidents)
        )
        Membership.objects.bulk_create(Membership(incident=inc, user=user) for inc in incidents)
        Classification.objects.bulk_create(
            Classification(
                incident=inc, cause="moedwillig", assumed_blocks=["cause"], reason="start"
            )
            for inc in incidents
        )
        per_incident = n_entries // n_incidents
        batch = []
        categories = ["melding", "beeld", "besluit", "actie", "communicatie", "informatie"]
        for inc in Incident.objects.filter(reference__startswith="CC-1999-"):
            for j in range(per_incident):
                batch.append(
                    LogEntry(
                        incident=inc,
                        category=categories[j % 6],
                        text=f"Logregel {j} bij {inc.reference}",
                        source="bench",
                        author=user,
                        occurred_at=now - timezone.timedelta(seconds=j),
                    )
                )
            if len(batch) >= 20_000:
                LogEntry.objects.bulk_create(batch)
                batch = []
        LogEntry.objects.bulk_create(batch)
        # Production has autovacuum's statistics; a bulk load needs them made by hand.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"seeded {n_incidents} incidents, {LogEntry.objects.count()} log entries "
            f"in {time.perf_counter() - started:.1f} s"
        )
    incident = (
        Incident.objects.filter(reference__startswith="CC-1999-", status="actief")
        .order_by("reference")
        .first()
    )
    return incident.pk, f"{incident.version}"


def start_gunicorn(env: dict) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "crisiscentre.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/healthz")
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def login() -> str:
    conn = http.client.HTTPConnection("127.0.0.1", PORT)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    body = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    conn.request(
        "POST",
        "/accounts/login/",
        body=f"username=bench&password=bench-password-1&csrfmiddlewaretoken={token}",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
            "Referer": f"http://127.0.0.1:{PORT}/accounts/login/",
        },
    )
    response = conn.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie") or "")
    if not session:
        raise SystemExit(f"login failed: {response.status}")
    return f"sessionid={session.group(1)}"


def hammer(path: str, cookie: str, seconds: float, concurrency: int) -> dict:
    latencies: list[float] = []
    errors = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine = []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            if response.status >= 300 and response.status != 204:
                errors.append(response.status)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "errors": len(errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL") or DEFAULT_DB
    if not url.startswith("postgres"):
        raise SystemExit("bench/load.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    ensure_database(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "crisiscentre.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SESSION_COOKIE_SECURE": "false",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("CELERY_BROKER_URL", None)
    os.environ.update(env)
    incident_pk, version = seed(args.incidents, args.entries, args.reseed)
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = start_gunicorn(env)
    try:
        cookie = login()
        pages = [
            ("framework floor (/sessie)", "/sessie"),
            ("incident list", "/incidents/"),
            ("dashboard (100 log entries)", f"/incidents/{incident_pk}/"),
            ("live poll, unchanged (204)", f"/incidents/{incident_pk}/pulse?v={version}"),
        ]
        for _label, path in pages:  # warm up both workers
            hammer(path, cookie, 1, 2)
        results = [
            (label, hammer(path, cookie, args.seconds, args.concurrency)) for label, path in pages
        ]
    finally:
        server.terminate()
        server.wait(10)
    floor = results[0][1]["p50"]
    print(
        f"\n{args.incidents} incidents, {args.entries} log entries; gunicorn -w 2; "
        f"{args.concurrency} keep-alive clients for {args.seconds:.0f} s each\n"
    )
    print(f"{'page':32} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p50/floor':>10} {'errors':>7}")
    for label, r in results:
        print(
            f"{label:32} {r['rps']:8.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['p50'] / floor:10.1f} {r['errors']:7d}"
        )


if __name__ == "__main__":
    main()
