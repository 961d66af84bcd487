"""Writes for sitreps: request, run (render + store), retry, approve (vaststellen) or reject,
and the degraded-mode export.

A made sitrep is a concept: only writers see it. Another writer than the requester approves it
(sitrep_approve); only then the stakeholders hear of it (incidents.signals.sitrep_approved),
its approved PDF is made (sitrep_stamp) and it is "the previous sitrep" whose snapshot marks
what is new in the next one (selectors.previous_sitrep)."""

from __future__ import annotations

import logging
import os
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from incidents import signals
from incidents.models import Incident
from incidents.services import audit_record, incident_touch
from incidents.tlp import TLP
from playbook.models import Stakeholder

from . import rendering, selectors
from .access import approval_refusal
from .models import OfflineExport, Sitrep, SitrepCounter, sitrep_upload_to

logger = logging.getLogger(__name__)

# A row still "bezig" after the hard time limit plus a margin was lost with its worker.
STUCK_AFTER = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)


def _enqueue(sitrep: Sitrep) -> None:
    from .tasks import sitrep_generate

    pk = sitrep.pk
    # robust: with Redis down the committed row stays "In de wachtrij" (retry button) and the
    # user's request still succeeds instead of answering 500 after the commit.
    transaction.on_commit(lambda: sitrep_generate.delay(pk), robust=True)


def _take_number(incident: Incident) -> int:
    """The next sitrep number from the per-incident counter, never one used before."""
    # Lock the incident so two simultaneous requests never get the same number (and the
    # counter row is created only once).
    Incident.objects.select_for_update().filter(pk=incident.pk).first()
    counter, _created = SitrepCounter.objects.get_or_create(
        incident=incident,
        # Incidents from before the counter: continue after their highest number.
        defaults={"last_number": incident.sitreps.aggregate(last=Max("number"))["last"] or 0},
    )
    SitrepCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    counter.refresh_from_db(fields=["last_number"])
    return counter.last_number


def _next_number(incident: Incident) -> int:
    counter = SitrepCounter.objects.filter(incident=incident).first()
    if counter is not None:
        return counter.last_number + 1
    return (incident.sitreps.aggregate(last=Max("number"))["last"] or 0) + 1


@transaction.atomic
def sitrep_request(*, incident: Incident, actor, audience_tlp: str, enqueue: bool = True) -> Sitrep:
    """Number a new sitrep and queue its rendering (after the transaction commits)."""
    if audience_tlp not in TLP.values:
        raise ValidationError({"audience_tlp": _("Kies de TLP van de doelgroep.")})
    sitrep = Sitrep.objects.create(
        incident=incident,
        number=_take_number(incident),
        audience_tlp=audience_tlp,
        requested_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        action="sitreps.sitrep.requested",
        incident=incident,
        obj=sitrep,
        after={"number": sitrep.number, "audience_tlp": audience_tlp},
    )
    incident_touch(incident, parts={"sitreps"})
    if enqueue:
        _enqueue(sitrep)
    return sitrep


def sitrep_can_retry(sitrep: Sitrep) -> bool:
    if sitrep.state == Sitrep.State.FAILED:
        return True
    return (
        sitrep.state == Sitrep.State.RUNNING
        and sitrep.started_at is not None
        and sitrep.started_at < timezone.now() - STUCK_AFTER
    )


@transaction.atomic
def sitrep_retry(*, sitrep: Sitrep, actor) -> Sitrep:
    """Queue a failed (or lost) sitrep again under the same number."""
    if not sitrep_can_retry(sitrep):
        raise ValidationError(_("Alleen een mislukte sitrep kan opnieuw worden gemaakt."))
    claimed = Sitrep.objects.filter(pk=sitrep.pk, state=sitrep.state).update(
        state=Sitrep.State.QUEUED, error="", started_at=None, finished_at=None
    )
    if not claimed:
        raise ValidationError(_("Deze sitrep is intussen al opnieuw aangevraagd."))
    sitrep.refresh_from_db()
    audit_record(actor=actor, action="sitreps.sitrep.retried", incident=sitrep.incident, obj=sitrep)
    incident_touch(sitrep.incident, parts={"sitreps"})
    _enqueue(sitrep)
    return sitrep


def sitrep_document(*, incident: Incident, audience_tlp: str, before_number: int | None = None):
    """Collect the sections as they are now; (document, previous sitrep or None)."""
    previous = selectors.previous_sitrep(incident, before_number=before_number)
    document = rendering.build_sections(
        incident,
        audience_tlp=audience_tlp,
        since=previous.snapshot_at if previous else None,
    )
    return document, previous


def sitrep_draft(*, incident: Incident, audience_tlp: str) -> Sitrep:
    """An unsaved sitrep with the next number, for the preview and draft PDFs."""
    return Sitrep(
        incident=incident,
        number=_next_number(incident),
        audience_tlp=audience_tlp,
        snapshot_at=timezone.now(),
    )


def sitrep_preview_html(*, incident: Incident, audience_tlp: str, preview: bool = True) -> str:
    sitrep = sitrep_draft(incident=incident, audience_tlp=audience_tlp)
    with translation.override("nl"):
        document, previous = sitrep_document(incident=incident, audience_tlp=audience_tlp)
        return rendering.render_document(
            incident=incident, sitrep=sitrep, document=document, previous=previous, preview=preview
        )


def sitrep_draft_pdf(*, incident: Incident, audience_tlp: str) -> bytes:
    html = sitrep_preview_html(incident=incident, audience_tlp=audience_tlp, preview=False)
    return rendering.html_to_pdf(html)


def sitrep_run(*, sitrep_id: int) -> Sitrep | None:
    """Claim a queued sitrep, render it and store the PDF; None when someone else has it.

    Idempotent: a redelivered task finds the row no longer queued and does nothing.
    """
    now = timezone.now()
    claimed = Sitrep.objects.filter(pk=sitrep_id, state=Sitrep.State.QUEUED).update(
        state=Sitrep.State.RUNNING, started_at=now, snapshot_at=now, error=""
    )
    if not claimed:
        return None
    sitrep = Sitrep.objects.select_related("incident").get(pk=sitrep_id)
    try:
        with translation.override("nl"):
            document, previous = sitrep_document(
                incident=sitrep.incident,
                audience_tlp=sitrep.audience_tlp,
                before_number=sitrep.number,
            )
            html = rendering.render_document(
                incident=sitrep.incident, sitrep=sitrep, document=document, previous=previous
            )
            pdf = rendering.html_to_pdf(html)
        return _sitrep_finish(sitrep=sitrep, document=document, pdf=pdf, html=html)
    except Exception as exc:
        logger.exception("Sitrep %s failed", sitrep)
        return _sitrep_fail(sitrep=sitrep, error=f"{type(exc).__name__}: {exc}")


def _sitrep_finish(*, sitrep: Sitrep, document, pdf: bytes, html: str = "") -> Sitrep:
    sitrep.pdf.save(sitrep.filename, ContentFile(pdf), save=False)
    try:
        return _sitrep_mark_done(sitrep=sitrep, document=document, html=html)
    except BaseException:
        # The row rolled back (a sitrep_ready receiver failed, the database went away):
        # leave no orphan file behind; sitrep_run records the failure.
        sitrep.pdf.storage.delete(sitrep.pdf.name)
        raise


@transaction.atomic
def _sitrep_mark_done(*, sitrep: Sitrep, document, html: str = "") -> Sitrep:
    finished = Sitrep.objects.filter(pk=sitrep.pk, state=Sitrep.State.RUNNING).update(
        state=Sitrep.State.DONE,
        finished_at=timezone.now(),
        pdf=sitrep.pdf.name,
        html=html,
        max_tlp=document.max_tlp,
        summary=document.summary,
        empty_sections=document.empty_sections,
    )
    if not finished:
        # Someone retried a row they believed lost; the stored PDF must stay the first one.
        sitrep.pdf.storage.delete(sitrep.pdf.name)
        sitrep.refresh_from_db()
        return sitrep
    sitrep.refresh_from_db()
    audit_record(
        actor=None,
        action="sitreps.sitrep.done",
        incident=sitrep.incident,
        obj=sitrep,
        after={"number": sitrep.number, "max_tlp": sitrep.max_tlp},
    )
    incident_touch(sitrep.incident, parts={"sitreps"})
    # A concept: nothing goes out to stakeholders until it is approved (sitrep_approve).
    signals.sitrep_ready.send(sender=Sitrep, incident=sitrep.incident, sitrep=sitrep)
    return sitrep


@transaction.atomic
def _sitrep_fail(*, sitrep: Sitrep, error: str) -> Sitrep:
    Sitrep.objects.filter(pk=sitrep.pk, state=Sitrep.State.RUNNING).update(
        state=Sitrep.State.FAILED, finished_at=timezone.now(), error=error[:2000]
    )
    sitrep.refresh_from_db()
    audit_record(
        actor=None,
        action="sitreps.sitrep.failed",
        incident=sitrep.incident,
        obj=sitrep,
        after={"error": sitrep.error[:200]},
    )
    incident_touch(sitrep.incident, parts={"sitreps"})
    return sitrep


def sitrep_issue_now(*, incident: Incident, actor, audience_tlp: str) -> Sitrep:
    """Request and render in this process (management command, demo data)."""
    sitrep = sitrep_request(
        incident=incident, actor=actor, audience_tlp=audience_tlp, enqueue=False
    )
    return sitrep_run(sitrep_id=sitrep.pk) or sitrep


# --- Approval (vaststellen) -----------------------------------------------------------------


def _check_approver(*, sitrep: Sitrep, actor) -> None:
    refusal = approval_refusal(actor, sitrep)
    if refusal:
        raise ValidationError(refusal, code="forbidden")
    if sitrep.state != Sitrep.State.DONE:
        raise ValidationError(
            _("Alleen een gemaakte sitrep kan worden vastgesteld of afgewezen."), code="conflict"
        )


def _enqueue_stamp(sitrep: Sitrep) -> None:
    from .tasks import sitrep_stamp_task

    pk = sitrep.pk
    # robust: with Redis down the approval still stands; recover_queued_sitreps re-dispatches.
    transaction.on_commit(lambda: sitrep_stamp_task.delay(pk), robust=True)


@transaction.atomic
def sitrep_approve(*, sitrep: Sitrep, actor, enqueue: bool = True) -> Sitrep:
    """Vaststellen: the concept becomes the sitrep that may be distributed.

    Only once: the row is claimed with a conditional update, so a second post (a double
    click, two members at once) is refused and informs nobody a second time. The stakeholders'
    messages are written to the outbox inside this transaction (incidents.signals
    .sitrep_approved -> notifications) and sent after the commit; the approved PDF is made
    after the commit too (sitrep_stamp).
    """
    _check_approver(sitrep=sitrep, actor=actor)
    now = timezone.now()
    claimed = Sitrep.objects.filter(
        pk=sitrep.pk, state=Sitrep.State.DONE, approval=Sitrep.Approval.CONCEPT
    ).update(approval=Sitrep.Approval.APPROVED, approved_by=actor, approved_at=now)
    if not claimed:
        raise ValidationError(_("Deze sitrep is al vastgesteld."), code="conflict")
    sitrep.refresh_from_db()
    audit_record(
        actor=actor,
        action="sitreps.sitrep.approved",
        incident=sitrep.incident,
        obj=sitrep,
        before={"approval": Sitrep.Approval.CONCEPT},
        after={"approval": Sitrep.Approval.APPROVED, "number": sitrep.number},
    )
    incident_touch(sitrep.incident, parts={"sitreps"})
    signals.sitrep_approved.send(sender=Sitrep, incident=sitrep.incident, sitrep=sitrep)
    if enqueue:
        _enqueue_stamp(sitrep)
    return sitrep


@transaction.atomic
def sitrep_reject(*, sitrep: Sitrep, actor, reason: str) -> Sitrep:
    """Afwijzen: the sitrep stays a concept, with who rejected it and why (shown with it)."""
    _check_approver(sitrep=sitrep, actor=actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Geef aan waarom de sitrep wordt afgewezen.")}, code="invalid"
        )
    claimed = Sitrep.objects.filter(
        pk=sitrep.pk, state=Sitrep.State.DONE, approval=Sitrep.Approval.CONCEPT
    ).update(rejection_reason=reason, rejected_by=actor, rejected_at=timezone.now())
    if not claimed:
        raise ValidationError(
            _("Een vastgestelde sitrep kan niet meer worden afgewezen."), code="conflict"
        )
    before = {"rejection_reason": sitrep.rejection_reason}
    sitrep.refresh_from_db()
    audit_record(
        actor=actor,
        action="sitreps.sitrep.rejected",
        incident=sitrep.incident,
        obj=sitrep,
        before=before,
        after={"rejection_reason": reason, "number": sitrep.number},
    )
    incident_touch(sitrep.incident, parts={"sitreps"})
    return sitrep


def sitrep_stamp(*, sitrep_id: int) -> Sitrep | None:
    """Make the approved PDF from the stored concept HTML; None when there is nothing to do.

    Idempotent: only a vastgesteld row without an approved PDF is rendered, and the file is
    kept only by the run whose conditional update stores it.
    """
    sitrep = (
        Sitrep.objects.select_related("incident", "approved_by")
        .filter(pk=sitrep_id, approval=Sitrep.Approval.APPROVED, approved_pdf="")
        .exclude(html="")
        .first()
    )
    if sitrep is None:
        return None
    with translation.override("nl"):
        pdf = rendering.html_to_pdf(rendering.approved_html(sitrep.html, sitrep=sitrep))
    name = sitrep.approved_pdf.storage.save(
        sitrep_upload_to(sitrep, sitrep.approved_filename), ContentFile(pdf)
    )
    stored = Sitrep.objects.filter(pk=sitrep.pk, approved_pdf="").update(approved_pdf=name)
    if not stored:
        sitrep.approved_pdf.storage.delete(name)
        return None
    sitrep.refresh_from_db()
    incident_touch(sitrep.incident, parts={"sitreps"})
    return sitrep


# --- Degraded mode ---------------------------------------------------------------------------


def _write_atomically(path: Path, data: bytes) -> None:
    """Readers of the share (a print server) never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def contact_list_pdf() -> bytes:
    """The stakeholder directory on paper (the playbook's, which sitreps reads)."""

    with translation.override("nl"):
        html = render_to_string(
            "sitreps/contacts.html",
            {
                "stakeholders": list(Stakeholder.objects.order_by("order", "name")),
                "generated_at": timezone.now(),
                "REGION_NAME": settings.REGION_NAME,
                "page_counter_css": rendering.page_counter_css(),
            },
        )
    return rendering.html_to_pdf(html)


def offline_export_run() -> OfflineExport:
    """Write the latest vastgesteld sitrep of every open incident and the contact list to the
    share."""
    run = OfflineExport.objects.create()
    directory = Path(settings.OFFLINE_EXPORT_DIR)
    files = []
    try:
        for sitrep in selectors.latest_sitreps_of_open_incidents():
            target = directory / sitrep.filename
            with sitrep.approved_pdf.open("rb") as handle:
                _write_atomically(target, handle.read())
            files.append(target.name)
        target = directory / "contactlijst-betrokken-instanties.pdf"
        _write_atomically(target, contact_list_pdf())
        files.append(target.name)
    except Exception as exc:
        logger.exception("Offline export failed")
        run.error = f"{type(exc).__name__}: {exc}"[:2000]
    else:
        run.ok = True
    run.finished_at = timezone.now()
    run.files = files
    run.save(update_fields=["ok", "error", "finished_at", "files"])
    return run
