"""Benchmark: how long ONE Celery worker takes to drain 1,000 queued stakeholder e-mails.

It queues the messages through the real path (notifications_send_manual: outbox rows in one
transaction, batch tasks of up to 100 rows dispatched on commit), delivers them over SMTP to a
local aiosmtpd sink and prints the time from commit until every row is *verzonden*, beside the
floor: plain smtplib sending the same number of mails to the same sink over one connection
(measured before and after the worker run). Target (issue 21): at most 2x the floor.

1. Default, no services needed: a throwaway SQLite database, an in-memory broker and one
   in-process worker thread (solo pool, concurrency 1):

       .venv/bin/python bench/notifications.py [--count 1000]

   Each message costs two durable commits (claiming the outbox row, then recording the
   result), so on a slow disk the fsyncs dominate; `--sqlite-dir /dev/shm` shows the cost
   without them.

2. With a real worker process, PostgreSQL and Redis. Use a database of its own (it is migrated
   and filled with 1,000 bench stakeholders) and start the worker first, pointed at the sink:

       export DATABASE_URL=postgres://postgres@127.0.0.1:5432/crisiscentre_bench
       export CELERY_BROKER_URL=redis://127.0.0.1:6379/12
       createdb -h 127.0.0.1 -U postgres crisiscentre_bench   # once
       .venv/bin/python manage.py migrate                    # once
       EMAIL_HOST=127.0.0.1 EMAIL_PORT=2525 \\
           .venv/bin/celery -A crisiscentre worker -P solo -c 1 -l warning &
       .venv/bin/python bench/notifications.py --external-worker --smtp-port 2525

   (`-P prefork -c 1` works as well; the worker must see the same DATABASE_URL.)

3. Simplest with PostgreSQL and Redis: `--spawn-worker` starts the worker process itself
   (`celery worker -P solo -c 1`, pointed at the sink) and also prints the worker's CPU time
   per mail (from /proc):

       DATABASE_URL=... CELERY_BROKER_URL=redis://127.0.0.1:6379/12 \
           .venv/bin/python bench/notifications.py --spawn-worker
"""

import argparse
import os
import smtplib
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Sink:
    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def smtplib_floor(port: int, count: int, sink: Sink) -> float:
    """Plain smtplib: `count` small mails over one connection to the same sink."""
    from email.message import EmailMessage

    before = sink.count
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        for i in range(count):
            message = EmailMessage()
            message["From"] = "crisiscentrum@example.invalid"
            message["To"] = f"floor{i}@example.invalid"
            message["Subject"] = f"Vloer {i}"
            message["Message-ID"] = f"<vloer-{i}-{time.time_ns()}@example.invalid>"
            message.set_content("Bericht over de vloer.\n")
            smtp.send_message(message)
    elapsed = time.perf_counter() - started
    assert sink.count - before == count
    return elapsed


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of one process (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--smtp-port", type=int, default=0)
    parser.add_argument(
        "--external-worker",
        action="store_true",
        help="a worker process on CELERY_BROKER_URL does the work (see the docstring)",
    )
    parser.add_argument(
        "--spawn-worker",
        action="store_true",
        help="start a real worker process (celery -P solo -c 1) on CELERY_BROKER_URL",
    )
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument(
        "--pool", default="solo", help="in-process worker pool: solo (default) or threads"
    )
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument(
        "--sqlite-dir",
        default=None,
        help="where the throwaway SQLite file goes (e.g. /dev/shm to leave out disk fsyncs)",
    )
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    sink = Sink()
    port = args.smtp_port or free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()

    # Settings are read from the environment when Django starts.
    os.environ["EMAIL_HOST"] = "127.0.0.1"
    os.environ["EMAIL_PORT"] = str(port)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crisiscentre.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    tmp = None
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.TemporaryDirectory(prefix="bench-notifications-", dir=args.sqlite_dir)
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    if args.spawn_worker:
        args.external_worker = True
    if args.external_worker:
        if not os.environ.get("CELERY_BROKER_URL", "").startswith(("redis", "amqp")):
            parser.error("--external-worker needs CELERY_BROKER_URL=redis://... (see docstring)")
    else:
        os.environ.setdefault("CELERY_BROKER_URL", "memory://")

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Count

    from crisiscentre.celery import app
    from incidents.services import incident_open
    from notifications import services
    from notifications.models import Notification
    from playbook.models import Stakeholder, StakeholderInvolvement

    app.conf.task_always_eager = False
    call_command("migrate", verbosity=0)
    db = settings.DATABASES["default"]
    print(f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
    print(f"broker:   {settings.CELERY_BROKER_URL.split('@')[-1]}")
    print(f"smtp:     127.0.0.1:{port} (aiosmtpd sink)")

    user, _ = get_user_model().objects.get_or_create(username="bench")
    incident = incident_open(actor=user, title="Benchmark notificaties")
    run = incident.reference.lower()
    stakeholders = Stakeholder.objects.bulk_create(
        Stakeholder(
            slug=f"bench-{run}-{i}",
            name=f"Bench {i}",
            channel="email",
            email=f"bench{i}@example.invalid",
            order=10_000 + i,
        )
        for i in range(args.count)
    )
    involvements = StakeholderInvolvement.objects.bulk_create(
        StakeholderInvolvement(incident=incident, stakeholder=s, max_tlp="AMBER")
        for s in stakeholders
    )
    involvements = list(
        StakeholderInvolvement.objects.filter(incident=incident).select_related("stakeholder")
    )
    assert len(involvements) == args.count

    floors = [smtplib_floor(port, args.count, sink)]
    sink.count = 0

    worker_ctx = None
    spawned = None
    if args.spawn_worker:
        env = {**os.environ, "LOG_LEVEL": "WARNING"}
        spawned = subprocess.Popen(  # noqa: S603 - our own venv's celery
            [
                str(Path(sys.executable).with_name("celery")),
                "-A",
                "crisiscentre",
                "worker",
                "-P",
                "solo",
                "-c",
                "1",
                "-l",
                "warning",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5) and time.monotonic() < deadline:
            time.sleep(0.2)
        print(f"worker:   celery -P solo -c 1, pid {spawned.pid} (spawned, warm)")
    elif not args.external_worker:
        from celery.contrib.testing.worker import start_worker

        worker_ctx = start_worker(
            app,
            pool=args.pool,
            concurrency=args.concurrency,
            perform_ping_check=False,
            shutdown_timeout=30,
        )
        worker_ctx.__enter__()
        print(f"worker:   1 in-process worker, pool {args.pool}, concurrency {args.concurrency}")
    else:
        print("worker:   external (must already be running)")

    cpu_before = process_cpu(spawned.pid) if spawned else None
    started = time.perf_counter()
    services.notifications_send_manual(  # commits, then dispatches one task per row
        incident=incident,
        actor=user,
        involvements=involvements,
        tlp="GREEN",
        subject="Benchmark {kenmerk}",
        body="Bericht over {titel}.\n\n{duiding}",
    )
    queued = time.perf_counter()
    print(f"queued {args.count} messages (outbox rows + dispatch) in {queued - started:.2f} s")

    pending = Notification.objects.filter(incident=incident).exclude(
        state__in=[Notification.State.SENT, Notification.State.FAILED]
    )
    deadline = time.monotonic() + args.timeout
    while pending.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    drained = time.perf_counter()
    cpu = process_cpu(spawned.pid) - cpu_before if spawned else None
    mails = sink.count
    floors.append(smtplib_floor(port, args.count, sink))

    states = dict(
        Notification.objects.filter(incident=incident).values_list("state").annotate(n=Count("pk"))
    )
    total = drained - started
    print(f"drained by one worker in {drained - queued:.2f} s after queueing")
    print(f"total from request to last delivery: {total:.2f} s ({args.count / total:.0f} msg/s)")
    print(f"states: {states}; mails received by the sink: {mails}")
    if cpu is not None:
        print(f"worker CPU: {cpu:.2f} s, {cpu / args.count * 1000:.2f} ms per mail")
    floor = min(floors)
    print(
        f"smtplib floor (one connection, {args.count} mails): "
        + ", ".join(f"{f:.2f} s" for f in floors)
    )
    print(f"worker / floor: {total:.2f} s / {floor:.2f} s = {total / floor:.2f}x")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    ok = states.get(Notification.State.SENT, 0) == args.count and mails == args.count
    print(("OK" if ok and total <= 2 * floor else "NOT OK") + " (target: at most 2x the floor)")

    if worker_ctx is not None:
        worker_ctx.__exit__(None, None, None)
    if spawned is not None:
        spawned.terminate()
        spawned.wait(timeout=30)
    controller.stop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
