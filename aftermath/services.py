"""Writes for the joint evaluation. Each validates, saves, audits and touches the incident."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.models import Incident
from incidents.services import audit_record, incident_touch
from incidents.tlp import TLP
from incidents.validators import LINE_MAX_LENGTH, validate_datetimes, validate_lengths

from .models import Evaluation, EvaluationTheme, Finding, Improvement, Participant


def _lock(incident: Incident) -> None:
    Incident.objects.select_for_update().filter(pk=incident.pk).first()


def evaluation_for(incident: Incident, *, actor=None) -> Evaluation:
    """The incident's evaluation, started (as a draft) on first use."""
    evaluation, created = Evaluation.objects.get_or_create(
        incident=incident, defaults={"created_by": actor}
    )
    if created:
        audit_record(
            actor=actor, action="aftermath.evaluation.started", incident=incident, obj=evaluation
        )
    return evaluation


def _editable(incident: Incident, actor) -> Evaluation:
    _lock(incident)
    evaluation = evaluation_for(incident, actor=actor)
    if evaluation.status != Evaluation.Status.DRAFT:
        raise ValidationError(
            _("De evaluatie is %(status)s en kan niet meer worden aangevuld.")
            % {"status": evaluation.get_status_display().lower()}
        )
    return evaluation


def _tlp(value: str | None, incident: Incident) -> str:
    value = value or incident.tlp
    if value not in TLP.values:
        raise ValidationError({"tlp": _("Kies een TLP-label.")})
    return value


@transaction.atomic
def participant_add(
    *, incident: Incident, actor, name: str, organisation: str, side: str
) -> Participant:
    validate_lengths(name=name, organisation=organisation, limit=LINE_MAX_LENGTH)
    errors = {}
    if not name or not name.strip():
        errors["name"] = _("Vermeld de naam van de deelnemer.")
    if not organisation or not organisation.strip():
        errors["organisation"] = _("Vermeld de organisatie van de deelnemer.")
    if side not in Participant.Side.values:
        errors["side"] = _("Kies crisispartner of technische partner.")
    if errors:
        raise ValidationError(errors)
    evaluation = _editable(incident, actor)
    participant = Participant.objects.create(
        evaluation=evaluation, name=name.strip(), organisation=organisation.strip(), side=side
    )
    audit_record(
        actor=actor,
        action="aftermath.participant.added",
        incident=incident,
        obj=participant,
        after={"name": participant.name, "organisation": participant.organisation, "side": side},
    )
    incident_touch(incident, parts={"evaluation"})
    return participant


@transaction.atomic
def finding_add(
    *,
    incident: Incident,
    actor,
    theme: EvaluationTheme,
    kind: str,
    text: str,
    tlp: str | None = None,
) -> Finding:
    validate_lengths(text=text)
    errors = {}
    if theme is None or not theme.is_active:
        errors["theme"] = _("Kies een thema.")
    if kind not in Finding.Kind.values:
        errors["kind"] = _("Kies: ging goed of moet beter.")
    if not text or not text.strip():
        errors["text"] = _("Beschrijf de bevinding.")
    if errors:
        raise ValidationError(errors)
    evaluation = _editable(incident, actor)
    finding = Finding.objects.create(
        evaluation=evaluation,
        theme=theme,
        kind=kind,
        text=text.strip(),
        tlp=_tlp(tlp, incident),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="aftermath.finding.added",
        incident=incident,
        obj=finding,
        after={"theme": theme.slug, "kind": kind, "text": finding.text, "tlp": finding.tlp},
    )
    incident_touch(incident, parts={"evaluation"})
    return finding


@transaction.atomic
def improvement_add(
    *,
    incident: Incident,
    actor,
    description: str,
    owner: str,
    theme: EvaluationTheme | None = None,
    due_at: date | None = None,
    tlp: str | None = None,
) -> Improvement:
    """An improvement is an action for the preparedness phase: it needs an owner."""
    validate_lengths(description=description)
    validate_lengths(owner=owner, limit=LINE_MAX_LENGTH)
    if due_at is not None:
        validate_datetimes(due_at=datetime.combine(due_at, datetime.min.time()))
    errors = {}
    if not description or not description.strip():
        errors["description"] = _("Omschrijf de verbeteractie.")
    if not owner or not owner.strip():
        errors["owner"] = _("Wijs een eigenaar aan voor de verbeteractie.")
    if errors:
        raise ValidationError(errors)
    evaluation = _editable(incident, actor)
    improvement = Improvement.objects.create(
        evaluation=evaluation,
        theme=theme,
        description=description.strip(),
        owner=owner.strip(),
        due_at=due_at,
        tlp=_tlp(tlp, incident),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="aftermath.improvement.added",
        incident=incident,
        obj=improvement,
        after={
            "description": improvement.description,
            "owner": improvement.owner,
            "due_at": due_at.isoformat() if due_at else None,
            "theme": theme.slug if theme else None,
        },
    )
    incident_touch(incident, parts={"evaluation"})
    return improvement


@transaction.atomic
def improvement_set_status(*, improvement: Improvement, actor, status: str) -> Improvement:
    """Improvements outlive the incident (preparedness): their status may change after it."""
    if status not in Improvement.Status.values:
        raise ValidationError({"status": _("Kies een geldige status.")})
    improvement = (
        Improvement.objects.select_for_update()
        .select_related("evaluation__incident")
        .get(pk=improvement.pk)
    )
    if improvement.status == status:
        return improvement
    before = {"status": improvement.status}
    improvement.status = status
    improvement.save(update_fields=["status"])
    incident = improvement.evaluation.incident
    audit_record(
        actor=actor,
        action="aftermath.improvement.status_changed",
        incident=incident,
        obj=improvement,
        before=before,
        after={"status": status},
    )
    incident_touch(incident, parts={"evaluation"})
    return improvement


@transaction.atomic
def evaluation_record(
    *, incident: Incident, actor, summary: str = "", held_at: datetime | None = None
) -> Evaluation:
    """Record the evaluation as held ("vastgesteld"): jointly, so with at least one crisis
    partner and one technical partner (the card: "evalueer gezamenlijk, zowel met crisis- als
    technische partners"), and with at least one finding."""
    validate_datetimes(held_at=held_at)
    validate_lengths(summary=summary)
    evaluation = _editable(incident, actor)
    sides = set(evaluation.participants.values_list("side", flat=True))
    problems = []
    if sides != set(Participant.Side.values):
        problems.append(
            _(
                "Evalueer gezamenlijk: voeg ten minste één crisispartner en één technische "
                "partner toe als deelnemer."
            )
        )
    if not evaluation.findings.exists():
        problems.append(_("Leg ten minste één bevinding vast."))
    if held_at is not None and held_at > timezone.now() + timezone.timedelta(minutes=5):
        problems.append(_("De evaluatie kan niet in de toekomst zijn gehouden."))
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    evaluation.status = Evaluation.Status.RECORDED
    evaluation.summary = summary.strip()
    evaluation.held_at = held_at or now
    evaluation.decided_at = now
    evaluation.decided_by = actor
    evaluation.save(update_fields=["status", "summary", "held_at", "decided_at", "decided_by"])
    audit_record(
        actor=actor,
        action="aftermath.evaluation.recorded",
        incident=incident,
        obj=evaluation,
        before={"status": Evaluation.Status.DRAFT},
        after={"status": evaluation.status, "held_at": evaluation.held_at.isoformat()},
    )
    incident_touch(incident, parts={"evaluation"})
    return evaluation


@transaction.atomic
def evaluation_waive(*, incident: Incident, actor, reason: str) -> Evaluation:
    """Explicitly decide not to evaluate (e.g. a small disruption, evaluated elsewhere)."""
    validate_lengths(reason=reason)
    if not reason or not reason.strip():
        raise ValidationError({"waiver_reason": _("Geef de reden om van evaluatie af te zien.")})
    evaluation = _editable(incident, actor)
    evaluation.status = Evaluation.Status.WAIVED
    evaluation.waiver_reason = reason.strip()
    evaluation.decided_at = timezone.now()
    evaluation.decided_by = actor
    evaluation.save(update_fields=["status", "waiver_reason", "decided_at", "decided_by"])
    audit_record(
        actor=actor,
        action="aftermath.evaluation.waived",
        incident=incident,
        obj=evaluation,
        before={"status": Evaluation.Status.DRAFT},
        after={"status": evaluation.status, "reason": evaluation.waiver_reason},
    )
    incident_touch(incident, parts={"evaluation"})
    return evaluation


def close_check(incident: Incident) -> list[str]:
    """incidents.registry close check: first the evaluation, or an explicit waiver."""
    status = Evaluation.objects.filter(incident=incident).values_list("status", flat=True).first()
    if status in (Evaluation.Status.RECORDED, Evaluation.Status.WAIVED):
        return []
    return [
        _(
            "Het incident kan pas worden gesloten als de evaluatie is vastgesteld, of als er met "
            "een reden van evaluatie is afgezien (pagina Evaluatie)."
        )
    ]
