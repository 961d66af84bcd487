"""Importing a message (.eml upload or pasted) into the log: source and time from its headers,
all lines or none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from incidents.models import AuditEvent, LogEntry

pytestmark = pytest.mark.django_db

EML = (
    "From: Meldkamer Utrecht <meldkamer@vru.example>\r\n"
    "To: vic@vru.example\r\n"
    "Subject: =?utf-8?q?Uitval_gemaal_Zuidsluis_=E2=80=93_update?=\r\n"
    "Date: Wed, 02 Dec 2026 09:15:00 +0100\r\n"
    "Message-ID: <abc@vru.example>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 8bit\r\n"
    "\r\n"
    "Het gemaal draait weer op één pomp.\r\nMonteurs zijn ter plaatse.\r\n"
).encode()


def _post(client, incident, **data):
    return client.post(
        reverse("exchange:import", args=[incident.pk]),
        {"categorie": "melding", "tlp": "AMBER", **data},
    )


def test_an_eml_becomes_a_log_line_with_its_source_and_time(client_for, incident, vic_user):
    response = _post(client_for(vic_user), incident, bestand=SimpleUploadedFile("bericht.eml", EML))
    assert response.status_code == 302
    entry = incident.log_entries.latest("pk")
    assert entry.source == "Meldkamer Utrecht <meldkamer@vru.example>"
    assert entry.text.splitlines()[0] == "Uitval gemaal Zuidsluis – update"
    assert "één pomp" in entry.text
    assert entry.occurred_at.isoformat() == "2026-12-02T08:15:00+00:00"
    assert entry.created_at > entry.occurred_at  # entry time: now
    assert entry.author == vic_user and entry.category == "melding"
    event = AuditEvent.objects.get(action="exchange.message.imported")
    assert event.after["entries"] == [entry.pk] and event.after["filename"] == "bericht.eml"
    assert AuditEvent.objects.filter(action="incidents.log.added", object_id=str(entry.pk)).exists()


def test_a_pasted_message_with_headers_is_read_the_same(client_for, incident, vic_user):
    response = _post(client_for(vic_user), incident, tekst=EML.decode())
    assert response.status_code == 302
    assert incident.log_entries.latest("pk").source.startswith("Meldkamer Utrecht")


def test_plain_pasted_text_is_one_line_with_the_given_source(client_for, incident, vic_user):
    _post(
        client_for(vic_user),
        incident,
        tekst="Bellen met de burgemeester om 10 uur",
        bron="Telefoon",
    )
    entry = incident.log_entries.latest("pk")
    assert entry.text == "Bellen met de burgemeester om 10 uur" and entry.source == "Telefoon"


def test_a_non_utf8_file_gets_a_dutch_error_and_nothing_is_imported(client_for, incident, vic_user):
    before = LogEntry.objects.count()
    raw = EML.replace("één".encode(), "één".encode("latin-1"))
    response = _post(client_for(vic_user), incident, bestand=SimpleUploadedFile("x.eml", raw))
    assert response.status_code == 422
    body = response.content.decode()
    assert "geen UTF-8-tekst" in body and "Er is niets geïmporteerd." in body
    assert LogEntry.objects.count() == before


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"Zomaar wat tekst zonder koppen", "berichtkoppen"),
        (b"From: a@b.example\r\nSubject: x\r\n\r\nTekst", "geen datum"),
        (b"From: a@b.example\r\nDate: gisteren ergens\r\n\r\nTekst", "onleesbaar"),
        (b"Date: Wed, 02 Dec 2026 09:15:00 +0100\r\nSubject: x\r\n\r\nTekst", "geen afzender"),
    ],
)
def test_a_malformed_file_gets_a_dutch_error(client_for, incident, vic_user, raw, message):
    before = LogEntry.objects.count()
    response = _post(client_for(vic_user), incident, bestand=SimpleUploadedFile("x.eml", raw))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert LogEntry.objects.count() == before


def test_a_long_message_is_split_and_a_failure_midway_imports_nothing(
    incident, vic_user, monkeypatch
):
    from exchange import services as exchange
    from incidents.validators import TEXT_MAX_LENGTH

    body = "\n\n".join(["x" * 4000] * 5)
    raw = EML.replace("Het gemaal draait weer op één pomp.".encode(), body.encode())
    entries = exchange.message_import(incident=incident, actor=vic_user, raw=raw)
    assert len(entries) == 3 and all(len(e.text) <= TEXT_MAX_LENGTH for e in entries)

    calls = []
    real = exchange.log_entry_add

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("database gone")
        return real(**kwargs)

    monkeypatch.setattr(exchange, "log_entry_add", failing)
    before = LogEntry.objects.count()
    with pytest.raises(RuntimeError):
        exchange.message_import(incident=incident, actor=vic_user, raw=raw)
    assert LogEntry.objects.count() == before


def test_a_message_from_the_future_is_refused(client_for, incident, vic_user):
    raw = EML.replace(b"Wed, 02 Dec 2026", b"Fri, 02 Dec 2033")
    response = _post(client_for(vic_user), incident, bestand=SimpleUploadedFile("x.eml", raw))
    assert response.status_code == 422


def test_a_bestuurder_cannot_import(client_for, incident, bestuurder):
    response = _post(client_for(bestuurder), incident, tekst="Iets")
    assert response.status_code == 403


def test_the_import_page_shows_the_form(client_for, incident, vic_user):
    body = client_for(vic_user).get(reverse("exchange:import", args=[incident.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in body
