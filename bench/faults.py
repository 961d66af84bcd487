"""Fault run: 1,000 stakeholder e-mails while the Celery worker is killed with SIGKILL 3 times.

A real worker process (prefork pool) and a real beat process on Redis and PostgreSQL deliver
to a local aiosmtpd sink that records every Message-ID it accepts. When the sink has 25%, 50%
and 75% of the mails, the whole worker (parent and pool children: a crashed machine or an
OOM-killed container) gets SIGKILL and is started again a second later, as systemd or the
container runtime would. By default the kill comes right after the sink accepted a mail, the
worst moment (the mail is out, its row does not say so yet); `--jitter 0.05` kills at a
random moment up to 50 ms later instead. Printed: lost (rows never received, must be 0), duplicated (mails
received more than once, same Message-ID) and the time to the last delivery.

    createdb -h 127.0.0.1 -U postgres crisiscentre_faults      # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crisiscentre_faults \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/13 \\
        .venv/bin/python bench/faults.py [--count 1000] [--kills 3]

The database is migrated and gets the bench stakeholders; the Redis database's queue is
purged first, so give it one of its own.
"""

import argparse
import email
import email.policy
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Sink:
    """Accepts everything and remembers which Message-ID arrived when."""

    def __init__(self):
        self.lock = threading.Lock()
        self.ids: Counter = Counter()
        self.count = 0
        self.last_at = 0.0

    async def handle_DATA(self, server, session, envelope):
        headers = email.message_from_bytes(
            envelope.content, policy=email.policy.default, _class=email.message.EmailMessage
        )
        with self.lock:
            self.ids[headers["Message-ID"]] += 1
            self.count += 1
            self.last_at = time.perf_counter()
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(args: list[str], env: dict, log) -> subprocess.Popen:
    # Own session: os.killpg reaches the worker's pool children too.
    return subprocess.Popen(  # noqa: S603 - our own venv's celery
        args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--restart-after", type=float, default=1.0, help="seconds")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument(
        "--jitter",
        type=float,
        default=0.0,
        help="kill up to this many seconds after the threshold mail (default 0: the worst "
        "moment, right after the server accepted a mail)",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        parser.error("set DATABASE_URL=postgres://... (see the docstring)")
    if not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"):
        parser.error("set CELERY_BROKER_URL=redis://... (see the docstring)")

    from aiosmtpd.controller import Controller

    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()

    os.environ.update(
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        DJANGO_SETTINGS_MODULE="crisiscentre.settings",
        DEBUG="false",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-faults-" + "x" * 40),
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Count

    from crisiscentre.celery import app
    from incidents.services import incident_open
    from notifications import channels, services, tasks
    from notifications.models import Notification
    from playbook.models import Stakeholder, StakeholderInvolvement

    call_command("migrate", verbosity=0)
    app.control.purge()
    db = settings.DATABASES["default"]
    transport = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    visibility = transport.get("visibility_timeout", 3600)  # kombu's default for Redis
    print(f"database: postgresql {db['NAME']}; broker: {settings.CELERY_BROKER_URL}")
    print(
        f"worker:   celery prefork -c {args.concurrency}, task time limit {tasks.TIME_LIMIT} s, "
        f"recovery after {tasks.stuck_after().total_seconds():.0f} s, "
        f"beat every {tasks.RECOVER_EVERY_SECONDS:.0f} s, visibility timeout "
        f"{visibility} s"
    )

    user, _ = get_user_model().objects.get_or_create(username="bench")
    incident = incident_open(actor=user, title="Benchmark storingen")
    run = incident.reference.lower()
    stakeholders = Stakeholder.objects.bulk_create(
        Stakeholder(
            slug=f"faults-{run}-{i}",
            name=f"Bench {i}",
            channel="email",
            email=f"bench{i}@example.invalid",
            order=10_000 + i,
        )
        for i in range(args.count)
    )
    StakeholderInvolvement.objects.bulk_create(
        StakeholderInvolvement(incident=incident, stakeholder=s, max_tlp="AMBER")
        for s in stakeholders
    )
    involvements = list(
        StakeholderInvolvement.objects.filter(incident=incident).select_related("stakeholder")
    )

    celery = str(ROOT / ".venv" / "bin" / "celery")
    env = dict(os.environ)
    tmp = tempfile.TemporaryDirectory(prefix="bench-faults-")
    log = open(Path(tmp.name) / "celery.log", "a")  # noqa: SIM115 - open for the whole run
    worker_args = [
        celery,
        "-A",
        "crisiscentre",
        "worker",
        "-P",
        "prefork",
        "-c",
        str(args.concurrency),
        "-l",
        "warning",
        "--without-mingle",
        "--without-gossip",
    ]
    beat = start(
        [celery, "-A", "crisiscentre", "beat", "-l", "warning", "-s", f"{tmp.name}/beat"],
        env,
        log,
    )
    worker = start(worker_args, env, log)
    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=0.5) and time.monotonic() < deadline:
        pass

    started = time.perf_counter()
    rows = services.notifications_send_manual(
        incident=incident,
        actor=user,
        involvements=involvements,
        tlp="GREEN",
        subject="Storingsproef {kenmerk}",
        body="Bericht over {titel}.",
    )
    expected = {channels.message_id(row) for row in rows}
    print(f"queued {len(rows)} messages in {time.perf_counter() - started:.2f} s")

    kills = []
    for n in range(1, args.kills + 1):
        threshold = args.count * n // (args.kills + 1)
        while sink.count < threshold and time.perf_counter() - started < args.timeout:
            time.sleep(0.005)
        time.sleep(random.uniform(0, args.jitter))  # noqa: S311 - not security
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        at = time.perf_counter() - started
        in_flight = Notification.objects.filter(
            incident=incident, state=Notification.State.SENDING
        ).count()
        sent = Notification.objects.filter(incident=incident, state=Notification.State.SENT)
        kills.append(at)
        print(
            f"kill {n}: SIGKILL at {at:5.1f} s with {sink.count} received, "
            f"{sent.count()} recorded as sent, {in_flight} row(s) left in 'bezig'"
        )
        time.sleep(args.restart_after)
        worker = start(worker_args, env, log)

    pending = Notification.objects.filter(incident=incident).exclude(
        state__in=[Notification.State.SENT, Notification.State.FAILED]
    )
    while (pending.exists() or not expected <= set(sink.ids)) and (
        time.perf_counter() - started < args.timeout
    ):
        time.sleep(0.2)
    time.sleep(2)  # a late duplicate would arrive now
    with sink.lock:
        received = Counter(sink.ids)
        last_at = sink.last_at - started

    states = dict(
        Notification.objects.filter(incident=incident).values_list("state").annotate(n=Count("pk"))
    )
    lost = len(expected - set(received))
    duplicated = sum(n - 1 for n in received.values() if n > 1)
    print(f"states: {states}")
    print(f"received {sum(received.values())} mails, {len(received)} distinct Message-IDs")
    print(f"lost: {lost}")
    print(f"duplicated: {duplicated} (same Message-ID, receivers can drop them)")
    print(f"time to last delivery: {last_at:.1f} s ({last_at - kills[-1]:.1f} s after last kill)")

    for process in (worker, beat):
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    controller.stop()
    print("OK" if lost == 0 else "NOT OK (messages lost)")
    return 0 if lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
