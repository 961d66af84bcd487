"""Demo data for `manage.py seed_demo` (idempotent): one e-mail of the meldkamer imported into
the log, as an example of the import, and where to try the search."""

from datetime import timedelta
from email.utils import format_datetime

from django.urls import reverse
from django.utils import timezone

from . import services

SENDER = "Meldkamer Midden-Nederland <meldkamer@demo.example>"


def demo_message(now=None) -> bytes:
    sent = (now or timezone.now()) - timedelta(minutes=20)
    return (
        f"From: {SENDER}\r\n"
        "To: vic@demo.example\r\n"
        "Subject: Melding ambulancedienst: ritten handmatig uitgegeven\r\n"
        f"Date: {format_datetime(sent)}\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "\r\n"
        "Door de storing bij het ziekenhuis geeft de meldkamer ambulanceritten handmatig uit.\r\n"
        "Aanrijtijden lopen op met vijf tot tien minuten. Volgende update over een uur.\r\n"
    ).encode()


def seed(*, incident, users, stdout) -> None:
    if not incident.log_entries.filter(source=SENDER).exists():
        services.message_import(
            incident=incident, actor=users["vic"], raw=demo_message(), filename="meldkamer.eml"
        )
    search = reverse("exchange:incident_search", args=[incident.pk])
    stdout.write(f"  search: {search}?q=ziekenhuis (all incidents: {reverse('exchange:search')})")
