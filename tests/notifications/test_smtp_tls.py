"""EMAIL_URL's TLS modes against a real local SMTP server with a throwaway certificate (issue 17,
point 4): smtps:// is implicit TLS (465), smtp://...?tls=1 and submission:// are STARTTLS."""

import ssl
import subprocess

import pytest
from aiosmtpd.controller import Controller
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail

from crisiscentre.mailurl import email_settings
from tests.helpers import free_port

from .conftest import SmtpSink


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for localhost, trusted by the client through SSL_CERT_FILE."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def server_context(certificate) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


@pytest.fixture
def trust(certificate, monkeypatch):
    # Django's SMTP backend verifies the server with ssl.create_default_context().
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))


def use_email_url(settings, url: str) -> None:
    for name, value in email_settings(url).items():
        setattr(settings, name, value)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_TIMEOUT = 5


def test_the_url_schemes_map_to_the_right_tls_mode():
    assert email_settings("smtps://u:p%40ss@mail.example.nl") == {
        "EMAIL_HOST": "mail.example.nl",
        "EMAIL_PORT": 465,
        "EMAIL_HOST_USER": "u",
        "EMAIL_HOST_PASSWORD": "p@ss",
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": True,
    }
    starttls = email_settings("smtp://mail.example.nl:587?tls=1")
    assert (starttls["EMAIL_PORT"], starttls["EMAIL_USE_TLS"], starttls["EMAIL_USE_SSL"]) == (
        587,
        True,
        False,
    )
    submission = email_settings("submission://mail.example.nl")
    assert (submission["EMAIL_PORT"], submission["EMAIL_USE_TLS"]) == (587, True)
    plain = email_settings("smtp://mailcatcher:1025")
    assert (plain["EMAIL_USE_TLS"], plain["EMAIL_USE_SSL"]) == (False, False)
    for wrong in ("http://mail.example.nl", "smtp://h?tls=maybe", "smtps://h?tls=1"):
        with pytest.raises(ImproperlyConfigured):
            email_settings(wrong)


def test_smtps_delivers_over_implicit_tls(settings, certificate, trust):
    sink = SmtpSink()
    port = free_port()
    controller = Controller(
        sink, hostname="127.0.0.1", port=port, ssl_context=server_context(certificate)
    )
    controller.start()
    try:
        use_email_url(settings, f"smtps://localhost:{port}")
        send_mail("Sitrep 3", "Beeld", "crisiscentre@example.nl", ["gemeente@example.nl"])
        assert [m["Subject"] for m in sink.wait_for(1, timeout=10)] == ["Sitrep 3"]
    finally:
        controller.stop()


def test_smtp_with_tls_1_delivers_over_starttls(settings, certificate, trust):
    sink = SmtpSink()
    port = free_port()
    controller = Controller(
        sink,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_context(certificate),
        require_starttls=True,
    )
    controller.start()
    try:
        use_email_url(settings, f"smtp://localhost:{port}?tls=1")
        send_mail("Sitrep 4", "Beeld", "crisiscentre@example.nl", ["gemeente@example.nl"])
        assert [m["Subject"] for m in sink.wait_for(1, timeout=10)] == ["Sitrep 4"]
    finally:
        controller.stop()
