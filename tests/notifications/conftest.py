"""Real parts for the notification tests: an SMTP server (aiosmtpd) and an HTTP server that
receive what the app sends, both on 127.0.0.1 in this test process, plus stakeholders."""

import email
import json
import threading
import time
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction

from incidents import signals
from incidents.tlp import TLP
from notifications import services
from playbook.models import Stakeholder, StakeholderInvolvement
from tests.helpers import free_port


class SmtpSink:
    """Collects delivered mails; `replies` are answered to DATA first (e.g. a 451 refusal)."""

    def __init__(self):
        self.messages = []
        self.replies: list[str] = []
        self.refused = 0

    async def handle_DATA(self, server, session, envelope):
        if self.replies:
            self.refused += 1
            return self.replies.pop(0)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message.rcpt_tos = list(envelope.rcpt_tos)
        message.peer = session.peer  # one (host, port) per SMTP connection
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 20) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


@pytest.fixture
def smtp_server(settings):
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    sink.port = controller.port
    yield sink
    controller.stop()


class WebhookSink:
    def __init__(self):
        self.received = []  # requests answered with 2xx
        self.statuses: list[int] = []  # answered first, one per request
        self.delay = 0.0
        self.hits = 0


@pytest.fixture
def webhook_server():
    sink = WebhookSink()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            sink.hits += 1
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if sink.delay:
                time.sleep(sink.delay)
            status = sink.statuses.pop(0) if sink.statuses else 200
            if status < 300:
                sink.received.append({"headers": dict(self.headers), "json": json.loads(body)})
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sink.url = f"http://127.0.0.1:{server.server_port}/hook"
    yield sink
    server.shutdown()
    server.server_close()


_counter = iter(range(1, 10_000))


def make_stakeholder(*, channel="email", email="", webhook_url="", phone="", name=None):
    number = next(_counter)
    return Stakeholder.objects.create(
        slug=f"test-instantie-{number}",
        name=name or f"Testinstantie {number}",
        channel=channel,
        email=email,
        webhook_url=webhook_url,
        phone=phone,
        order=1000 + number,
    )


@pytest.fixture
def involve():
    """involve(incident, stakeholder, max_tlp=..., contact_email=...) -> StakeholderInvolvement."""

    def make(incident, stakeholder, *, max_tlp=TLP.GREEN, contact_email=""):
        return StakeholderInvolvement.objects.create(
            incident=incident, stakeholder=stakeholder, max_tlp=max_tlp, contact_email=contact_email
        )

    return make


@pytest.fixture
def email_involvement(incident, involve):
    stakeholder = make_stakeholder(email="crisis@partner.example", name="Partner per e-mail")
    return involve(incident, stakeholder)


def queue_manual(incident, actor, involvements, *, tlp=TLP.GREEN, subject="Testbericht", body=None):
    return services.notifications_send_manual(
        incident=incident,
        actor=actor,
        involvements=involvements,
        tlp=tlp,
        subject=subject,
        body=body or "Er is een digitale verstoring bij {titel}.",
    )


@pytest.fixture
def queued_email(incident, vic_user, email_involvement):
    """A queued e-mail whose task has not run (the on_commit callback is not executed)."""
    (row,) = queue_manual(incident, vic_user, [email_involvement])
    return row


def send_grip_changed(incident, *, to_level="GRIP 2", from_level=None, reason="Opschaling"):
    """What escalation's service does: the signal inside its transaction."""
    change = SimpleNamespace(
        from_level=from_level, to_level=to_level, reason=reason, is_upscaling=True
    )
    with transaction.atomic():
        incident.grip_label = to_level
        signals.grip_changed.send(sender=None, incident=incident, change=change)
