from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from incidents.models import AuditEvent, Incident
from incidents.signals import sitrep_ready
from sitreps import rendering, services, tasks
from sitreps.models import OfflineExport, Sitrep

from .conftest import approve, pdf_pages

pytestmark = pytest.mark.django_db


def queued(incident, user, audience="AMBER"):
    return services.sitrep_request(
        incident=incident, actor=user, audience_tlp=audience, enqueue=False
    )


def test_a_request_is_queued_with_the_next_number(incident, vic_user):
    first, second = queued(incident, vic_user), queued(incident, vic_user)
    assert (first.number, second.number) == (1, 2)
    assert first.state == Sitrep.State.QUEUED
    assert not first.pdf


def test_a_request_needs_a_known_audience_tlp(incident, vic_user):
    with pytest.raises(ValidationError):
        queued(incident, vic_user, audience="PAARS")


def test_the_task_claims_a_sitrep_only_once(incident, vic_user):
    sitrep = queued(incident, vic_user)
    assert tasks.sitrep_generate(sitrep.pk) == Sitrep.State.DONE
    name = Sitrep.objects.get(pk=sitrep.pk).pdf.name
    # A redelivered message (acks_late) finds the row no longer queued and leaves it alone.
    assert tasks.sitrep_generate(sitrep.pk) == "al opgepakt"
    assert Sitrep.objects.get(pk=sitrep.pk).pdf.name == name


def test_the_task_is_late_acknowledged_and_time_limited():
    assert tasks.sitrep_generate.acks_late is True
    assert tasks.sitrep_generate.soft_time_limit < tasks.sitrep_generate.time_limit


def test_a_finished_sitrep_sends_sitrep_ready_inside_the_transaction(incident, vic_user):
    received = []

    def receiver(sender, incident, sitrep, **kwargs):
        from django.db import connection

        received.append((sender, incident.pk, sitrep.number, connection.in_atomic_block))

    sitrep_ready.connect(receiver)
    try:
        services.sitrep_issue_now(incident=incident, actor=vic_user, audience_tlp="AMBER")
    finally:
        sitrep_ready.disconnect(receiver)
    assert received == [(Sitrep, incident.pk, 1, True)]
    assert AuditEvent.objects.filter(action="sitreps.sitrep.done").count() == 1


def test_rendering_runs_in_dutch_whatever_the_active_language(incident, vic_user):
    from django.utils import translation

    with translation.override("en"):
        sitrep = services.sitrep_issue_now(incident=incident, actor=vic_user, audience_tlp="AMBER")
    with sitrep.pdf.open("rb") as handle:
        text = "\n".join(pdf_pages(handle.read()))
    assert "Samenvatting" in text and "pagina 1 van" in text


def test_a_failure_is_recorded_with_its_error_and_no_signal(incident, vic_user, monkeypatch):
    received = []
    sitrep_ready.connect(received.append)
    monkeypatch.setattr(rendering, "html_to_pdf", lambda html: 1 / 0)
    try:
        sitrep = services.sitrep_issue_now(incident=incident, actor=vic_user, audience_tlp="AMBER")
    finally:
        sitrep_ready.disconnect(received.append)
    assert sitrep.state == Sitrep.State.FAILED
    assert sitrep.error.startswith("ZeroDivisionError")
    assert sitrep.finished_at is not None
    assert received == []


def test_a_retried_sitrep_keeps_its_number(incident, vic_user, monkeypatch):
    monkeypatch.setattr(rendering, "html_to_pdf", lambda html: 1 / 0)
    sitrep = services.sitrep_issue_now(incident=incident, actor=vic_user, audience_tlp="AMBER")
    monkeypatch.undo()
    services.sitrep_retry(sitrep=sitrep, actor=vic_user)
    assert sitrep.state == Sitrep.State.QUEUED and sitrep.error == ""
    done = services.sitrep_run(sitrep_id=sitrep.pk)
    assert (done.number, done.state) == (1, Sitrep.State.DONE)


def test_a_running_sitrep_can_be_retried_only_when_its_worker_was_lost(incident, vic_user):
    sitrep = queued(incident, vic_user)
    Sitrep.objects.filter(pk=sitrep.pk).update(
        state=Sitrep.State.RUNNING, started_at=timezone.now()
    )
    sitrep.refresh_from_db()
    with pytest.raises(ValidationError):
        services.sitrep_retry(sitrep=sitrep, actor=vic_user)
    long_ago = timezone.now() - services.STUCK_AFTER - timedelta(seconds=1)
    Sitrep.objects.filter(pk=sitrep.pk).update(started_at=long_ago)
    sitrep.refresh_from_db()
    assert services.sitrep_retry(sitrep=sitrep, actor=vic_user).state == Sitrep.State.QUEUED


def test_a_late_finish_after_a_retry_never_replaces_the_stored_pdf(incident, vic_user):
    sitrep = services.sitrep_issue_now(incident=incident, actor=vic_user, audience_tlp="AMBER")
    name = sitrep.pdf.name
    document, _previous = services.sitrep_document(incident=incident, audience_tlp="AMBER")
    # The lost worker comes back and tries to finish the row that is already done.
    stale = Sitrep.objects.get(pk=sitrep.pk)
    stale.state = Sitrep.State.RUNNING
    services._sitrep_finish(sitrep=stale, document=document, pdf=b"%PDF-other")
    sitrep.refresh_from_db()
    assert sitrep.pdf.name == name
    with sitrep.pdf.open("rb") as handle:
        assert handle.read() != b"%PDF-other"


def test_a_section_that_fails_is_printed_as_failed_not_losing_the_sitrep(
    incident, vic_user, monkeypatch
):
    from incidents import registry
    from incidents.registry import SitrepSection

    def broken(incident, *, audience_tlp, since):
        raise KeyError("oops")

    monkeypatch.setitem(
        registry._sitrep_sections, "broken", SitrepSection("broken", "Kapot", 99, broken, "")
    )
    sitrep = services.sitrep_issue_now(incident=incident, actor=vic_user, audience_tlp="AMBER")
    assert sitrep.state == Sitrep.State.DONE
    assert "Kapot" in sitrep.empty_sections
    with sitrep.pdf.open("rb") as handle:
        assert "Deze sectie kon niet worden opgebouwd" in "\n".join(pdf_pages(handle.read()))


def test_a_section_returning_none_is_left_out(incident, vic_user, monkeypatch):
    from incidents import registry
    from incidents.registry import SitrepSection

    monkeypatch.setitem(
        registry._sitrep_sections,
        "absent",
        SitrepSection("absent", "Niet van toepassing", 99, lambda i, **kw: None, ""),
    )
    document, _previous = services.sitrep_document(incident=incident, audience_tlp="AMBER")
    assert "absent" not in [built.key for built in document.sections]
    html = services.sitrep_preview_html(incident=incident, audience_tlp="AMBER")
    assert "Niet van toepassing" not in html


def test_sections_come_in_registry_order():
    from incidents.registry import sitrep_sections

    keys = [section.key for section in sitrep_sections()]
    ours = ["summary", "classification", "picture", "decisions", "actions", "logbook"]
    assert [key for key in keys if key in ours] == ours
    orders = [section.order for section in sitrep_sections()]
    assert orders == sorted(orders)


# --- Degraded mode ----------------------------------------------------------------------------


def test_the_offline_export_is_in_the_beat_schedule():
    from crisiscentre.celery import app

    entry = app.conf.beat_schedule["sitreps-offline-export"]
    assert entry["task"] == tasks.OFFLINE_EXPORT_TASK
    assert entry["schedule"] > 0
    assert tasks.OFFLINE_EXPORT_TASK in app.tasks


def test_the_offline_export_writes_the_latest_sitrep_of_open_incidents_and_contacts(
    incident, vic_user, settings
):
    from playbook.models import Stakeholder

    Stakeholder.objects.create(
        slug="test-ncsc", name="NCSC testcontact", phone="070 000 0000", role_text="Advies"
    )
    approve(
        services.sitrep_issue_now(incident=incident, actor=vic_user, audience_tlp="AMBER"),
        stamp=True,
    )
    latest = approve(
        services.sitrep_issue_now(incident=incident, actor=vic_user, audience_tlp="AMBER"),
        stamp=True,
    )
    concept = services.sitrep_issue_now(incident=incident, actor=vic_user, audience_tlp="AMBER")
    closed = services.sitrep_issue_now(
        incident=Incident.objects.create(reference="CC-2000-0001", title="Oud", status="gesloten"),
        actor=vic_user,
        audience_tlp="AMBER",
    )
    assert tasks.offline_export() is True
    run = OfflineExport.objects.get()
    directory = settings.OFFLINE_EXPORT_DIR
    assert run.ok and run.finished_at
    # The vastgestelde PDF of the latest vastgesteld sitrep: never a concept.
    assert (directory / latest.filename).read_bytes() == latest.approved_pdf.open("rb").read()
    assert not (directory / concept.filename).exists()
    assert not (directory / "sitrep-CC-2026-0001-1.pdf").exists()  # only the latest
    assert not (directory / closed.filename).exists()
    contacts = "\n".join(
        pdf_pages((directory / "contactlijst-betrokken-instanties.pdf").read_bytes())
    )
    contacts = " ".join(contacts.split())
    assert "NCSC testcontact" in contacts and "070 000 0000" in contacts
    assert sorted(run.files) == sorted([latest.filename, "contactlijst-betrokken-instanties.pdf"])


def test_a_failed_export_is_recorded_and_shown_on_healthz(client, settings, monkeypatch):
    monkeypatch.setattr(services, "contact_list_pdf", lambda: 1 / 0)
    run = services.offline_export_run()
    assert not run.ok and "ZeroDivisionError" in run.error
    settings.HEALTHZ_TOKEN = "geheim-token"  # noqa: S105 - /healthz details need the token
    data = client.get("/healthz", headers={"Authorization": "Bearer geheim-token"}).json()
    assert data["offline_export"]["ok"] is False
    assert data["offline_export"]["succeeded"] is False


def test_healthz_shows_the_last_export(client, admin_user):
    client.force_login(admin_user)  # /healthz details are for staff (or the token)
    assert client.get("/healthz").json()["offline_export"] == {"ok": True, "last_run": None}
    run = services.offline_export_run()
    data = client.get("/healthz").json()["offline_export"]
    assert data["ok"] is True and data["last_run"] == run.started_at.isoformat()


def test_an_old_export_is_stale_when_a_beat_should_be_running(settings):
    from sitreps.health import offline_export_status

    services.offline_export_run()
    OfflineExport.objects.update(started_at=timezone.now() - timedelta(days=1))
    settings.CELERY_BROKER_URL = ""
    assert offline_export_status()["ok"] is True  # eager mode: no beat to expect
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    assert offline_export_status() | {"last_run": None} == {
        "ok": False,
        "last_run": None,
        "succeeded": True,
        "files": 1,
        "stale": True,
    }


def test_a_failing_sitrep_ready_receiver_fails_the_sitrep_and_leaves_no_file(
    incident, vic_user, media_root
):
    def receiver(**kwargs):
        raise RuntimeError("receiver broke")

    sitrep_ready.connect(receiver)
    try:
        sitrep = services.sitrep_issue_now(incident=incident, actor=vic_user, audience_tlp="AMBER")
    finally:
        sitrep_ready.disconnect(receiver)
    assert sitrep.state == Sitrep.State.FAILED
    assert "receiver broke" in sitrep.error
    assert not sitrep.pdf
    assert not list(media_root.rglob("*.pdf"))
