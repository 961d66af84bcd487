"""Live viewers: N dashboards polling the pulse every 3 s while M log lines a minute arrive.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cc_protocol \\
    CACHE_URL=redis://127.0.0.1:6379/1 .venv/bin/python bench/viewers.py

Seeds one incident (200 log entries, one member per viewer) in PostgreSQL, starts gunicorn
(2 sync workers, like bench/load.py) on 127.0.0.1:8791 with the tile cache in Redis, and for
each N in --viewers runs --seconds of: N viewer threads, each with its own session, polling
``/incidents/<pk>/pulse?v=<version>`` every 3 s (phases spread over the 3 s) and, as
static/js/behaviour.js does, fetching ``/incidents/<pk>/tegel/<name>/`` only for the tiles
whose parts the pulse names; one writer POSTing --changes log lines a minute over HTTP
(alternately a *melding* line: the log tile, and a *beeld* line: the log and picture tiles).

Prints per N: CPU seconds per minute of the gunicorn processes (/proc), "all/due": changes
every viewer had / changes made at least two polls before the end, the delay until every
viewer had the changed tile (p50 and max over the changes), tile requests per log line per
viewer, pulse and tile p50. Then, interleaved round by round with a trivial authenticated
view (``/sessie``, the floor), the p50 of a tile body from the cache. Options: --viewers,
--seconds, --changes, --rounds, --port. Keep runs short on a shared machine.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/cc_protocol"
DEFAULT_CACHE = "redis://127.0.0.1:6379/1"
POLL_SECONDS = 3.0
CSRF = "b" * 32  # a CSRF secret sent as cookie and header (Django accepts the unmasked secret)


def ensure_database(url: str) -> None:
    parts = urlsplit(url)
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
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [parts.path.lstrip("/")])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{parts.path.lstrip("/")}"')
    admin.close()


def seed(max_viewers: int) -> tuple[int, str, list[str], dict]:
    """(incident pk, writer cookie, one session cookie per viewer, tile parts)."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from incidents import registry, services
    from incidents.models import Incident, LogEntry, Membership, Role

    call_command("migrate", verbosity=0)
    group = Group.objects.get_or_create(name=Role.CRISIS_TEAM)[0]

    def user(name):
        account, _ = User.objects.get_or_create(username=name, defaults={"first_name": name})
        account.groups.add(group)
        return account

    writer = user("bench-writer")
    incident = Incident.objects.filter(title="Bench viewers").first()
    if incident is None:
        incident = services.incident_open(actor=writer, title="Bench viewers")
        now = timezone.now()
        LogEntry.objects.bulk_create(
            LogEntry(
                incident=incident,
                category="informatie",
                text=f"Logregel {j}",
                source="bench",
                author=writer,
                occurred_at=now - timezone.timedelta(seconds=j),
            )
            for j in range(200)
        )
    viewers = [user(f"bench-viewer-{i:03d}") for i in range(max_viewers)]
    existing = set(Membership.objects.filter(incident=incident).values_list("user_id", flat=True))
    Membership.objects.bulk_create(
        Membership(incident=incident, user=v) for v in viewers if v.pk not in existing
    )

    def cookie(account):
        session = SessionStore()
        session[SESSION_KEY] = str(account.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = account.get_session_auth_hash()
        session.create()
        return f"sessionid={session.session_key}; csrftoken={CSRF}"

    parts = {tile.name: set(registry.tile_parts(tile)) for tile in registry.tiles()}
    return incident.pk, cookie(writer), [cookie(v) for v in viewers], parts


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "crisiscentre.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def cpu_seconds(master_pid: int) -> float:
    """utime + stime of gunicorn's master and workers."""
    tick = os.sysconf("SC_CLK_TCK")
    pids = [master_pid]
    for task in Path(f"/proc/{master_pid}/task").iterdir():
        children = (task / "children").read_text().split()
        pids.extend(int(pid) for pid in children)
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick


class Client:
    def __init__(self, port: int, cookie: str):
        self.port = port
        self.cookie = cookie
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: str | None = None):
        headers = {"Cookie": self.cookie, "HX-Request": "true"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = CSRF
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                return response, data
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise
        raise AssertionError


def changed(response) -> dict | None:
    trigger = response.getheader("HX-Trigger")
    return json.loads(trigger).get("incidentChanged") if trigger else None


def run_phase(port, pk, writer_cookie, cookies, parts, seconds, per_minute, master_pid):
    stop = threading.Event()
    lock = threading.Lock()
    pulse_times, tile_times = [], []
    seen = {}  # viewer -> [(time the changed tiles had arrived, version)]
    tile_requests = [0]
    changes = []  # (time the POST answered, version)

    def viewer(index, cookie):
        client = Client(port, cookie)
        response, _ = client.request("GET", f"/incidents/{pk}/pulse?v=0")
        version = (changed(response) or {}).get("version", 0)
        mine = []
        time.sleep(random.uniform(0, POLL_SECONDS))  # noqa: S311 - spread the phases
        while not stop.is_set():
            started = time.perf_counter()
            response, _ = client.request("GET", f"/incidents/{pk}/pulse?v={version}")
            pulse_times.append(time.perf_counter() - started)
            event = changed(response) if response.status == 200 else None
            if event:
                names = event.get("parts") or ["*"]
                every = "*" in names or "incident" in names
                for tile, own in parts.items():
                    if every or not own or own & set(names):
                        t0 = time.perf_counter()
                        client.request("GET", f"/incidents/{pk}/tegel/{tile}/")
                        tile_times.append(time.perf_counter() - t0)
                        with lock:
                            tile_requests[0] += 1
                version = event["version"]
                mine.append((time.time(), version))
            stop.wait(max(0.0, POLL_SECONDS - (time.perf_counter() - started)))
        seen[index] = mine

    def writer():
        client = Client(port, writer_cookie)
        interval = 60.0 / per_minute
        n = 0
        next_at = time.perf_counter() + interval / 2
        while not stop.wait(max(0.0, next_at - time.perf_counter())):
            category = "beeld" if n % 2 else "melding"
            response, _ = client.request(
                "POST",
                f"/incidents/{pk}/logboek/nieuw/",
                f"category={category}&text=Bench+regel+{n}&source=bench&tlp=AMBER",
            )
            event = changed(response)
            if response.status != 200 or not event:
                print(f"  writer: HTTP {response.status}", file=sys.stderr)
            else:
                changes.append((time.time(), event["version"], category))
            n += 1
            next_at += interval

    threads = [threading.Thread(target=viewer, args=(i, c)) for i, c in enumerate(cookies)]
    threads.append(threading.Thread(target=writer))
    cpu_before = cpu_seconds(master_pid)
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    end = time.time()
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds(master_pid) - cpu_before
    delays = []
    for at, version, _category in changes:
        per_viewer = []
        for mine in seen.values():
            when = next((t for t, v in mine if v >= version), None)
            if when is not None:
                per_viewer.append(when - at)
        if len(per_viewer) == len(cookies):
            delays.append(max(per_viewer))
    # Changes made in the last two poll intervals may not have reached every viewer yet.
    counted = [c for c in changes if c[0] < end - 2 * POLL_SECONDS]
    return {
        "viewers": len(cookies),
        "seconds": elapsed,
        "cpu_per_minute": cpu / elapsed * 60,
        "changes": len(changes),
        "delay_p50": statistics.median(delays) if delays else float("nan"),
        "delay_max": max(delays) if delays else float("nan"),
        "seen_by_all": f"{len(delays)}/{len(counted)}",
        "tiles_per_change": tile_requests[0] / max(1, len(changes)) / len(cookies),
        "pulse_p50": statistics.median(pulse_times) * 1000 if pulse_times else 0,
        "tile_p50": statistics.median(tile_times) * 1000 if tile_times else 0,
    }


def p50(port, cookie, path, seconds):
    client = Client(port, cookie)
    times = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        response, _ = client.request("GET", path)
        times.append(time.perf_counter() - started)
        assert response.status in (200, 204), (path, response.status)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", default="10,50,100,200")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--changes", type=float, default=10, help="log lines a minute")
    parser.add_argument("--rounds", type=int, default=6, help="floor/tile rounds of 2 s each")
    parser.add_argument("--port", type=int, default=8791)
    args = parser.parse_args()
    counts = [int(n) for n in args.viewers.split(",")]

    url = os.environ.get("DATABASE_URL") or DEFAULT_DB
    if not url.startswith("postgres"):
        raise SystemExit("bench/viewers.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    ensure_database(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CACHE_URL": os.environ.get("CACHE_URL") or DEFAULT_CACHE,
        "DJANGO_SETTINGS_MODULE": "crisiscentre.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("CELERY_BROKER_URL", None)
    os.environ.update(env)
    pk, writer_cookie, cookies, parts = seed(max(counts))
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = start_gunicorn(env, args.port)
    try:
        for path in ("/sessie", f"/incidents/{pk}/", f"/incidents/{pk}/tegel/log/"):
            p50(args.port, cookies[0], path, 1)  # warm up
        results = []
        for n in counts:
            print(f"{n} viewers, {args.changes:g} log lines a minute, {args.seconds:g} s ...")
            results.append(
                run_phase(
                    args.port,
                    pk,
                    writer_cookie,
                    cookies[:n],
                    parts,
                    args.seconds,
                    args.changes,
                    server.pid,
                )
            )
        floor, tile = [], []
        for _ in range(args.rounds):  # interleaved: the floor and the cached tile take turns
            floor += p50(args.port, cookies[0], "/sessie", 2)
            tile += p50(args.port, cookies[1], f"/incidents/{pk}/tegel/log/", 2)
    finally:
        server.terminate()
        server.wait(10)

    print(
        f"\ngunicorn -w 2 (sync), PostgreSQL, tile cache {env['CACHE_URL']}; "
        f"{args.changes:g} log lines a minute; {args.seconds:g} s per row\n"
    )
    print(
        f"{'viewers':>7} {'CPU s/min':>9} {'changes':>7} {'all/due':>11} "
        f"{'delay p50 s':>11} {'delay max s':>11} {'tiles/line':>10} {'pulse p50':>9} "
        f"{'tile p50':>8}"
    )
    for r in results:
        print(
            f"{r['viewers']:7d} {r['cpu_per_minute']:9.1f} {r['changes']:7d} "
            f"{r['seen_by_all']:>11} {r['delay_p50']:11.2f} {r['delay_max']:11.2f} "
            f"{r['tiles_per_change']:10.2f} {r['pulse_p50']:7.1f}ms {r['tile_p50']:6.1f}ms"
        )
    f50, t50 = statistics.median(floor) * 1000, statistics.median(tile) * 1000
    print(
        f"\ncached tile body (log) vs floor (/sessie), {args.rounds} interleaved rounds: "
        f"floor p50 {f50:.2f} ms ({len(floor)} req), tile p50 {t50:.2f} ms ({len(tile)} req), "
        f"ratio {t50 / f50:.2f}x"
    )


if __name__ == "__main__":
    main()
