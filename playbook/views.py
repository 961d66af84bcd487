"""Thin views: access -> form/service -> response. htmx posts get the updated fragment back;
plain posts redirect (post/redirect/get) so the pages work without JavaScript."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_POST

from incidents.access import (
    can_read,
    can_write,
    capped_to_clearance,
    get_incident_for_user,
    reader_clearance,
)
from incidents.htmx import apply_errors, incident_changed, submit_form
from incidents.models import CrisisFunction
from incidents.tlp import TLP, tlps_visible_at, visible_at
from incidents.validators import validate_plausible_datetime

from . import people, selectors, services
from .forms import (
    ChecklistTickForm,
    DilemmaPositionForm,
    KeyDecisionOutcomeForm,
    KeyDecisionTakeForm,
    NextMeetingForm,
    RosterEntryForm,
    StakeholderInvolvementForm,
)
from .models import (
    Dilemma,
    IncidentChecklistItem,
    IncidentKeyDecision,
    RosterEntry,
    StakeholderInvolvement,
)


def _function_names() -> list[str]:
    """The roster's suggestions: the region's crisis functions (incidents.CrisisFunction)."""
    return list(CrisisFunction.objects.values_list("name", flat=True))


def _base(request, incident) -> dict:
    return {"incident": incident, "can_write": can_write(request.user)}


# --- Reading the playbook ---------------------------------------------------------------------


@require_GET
def playbook_index(request: HttpRequest) -> HttpResponse:
    if not can_read(request.user):
        raise PermissionDenied
    return render(request, "playbook/index.html", selectors.playbook_content())


# --- Checklists -------------------------------------------------------------------------------


@require_GET
def checklists(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    context = _base(request, incident) | {"groups": selectors.incident_checklists(incident)}
    return render(request, "playbook/checklists.html", context)


@require_POST
def checklist_tick(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    row = get_object_or_404(
        IncidentChecklistItem.objects.select_related("item", "done_by"),
        pk=item_pk,
        incident=incident,
    )
    form = ChecklistTickForm(request.POST)
    if not form.is_valid():
        context = _base(request, incident) | {"row": row, "form": form}
        return render(request, "playbook/checklists.html#checklist-item", context, status=422)
    services.checklist_item_set(
        item=row, actor=request.user, done=form.cleaned_data["done"], note=form.cleaned_data["note"]
    )
    if not request.htmx:
        return redirect(reverse("playbook:checklists", args=[incident.pk]) + f"#item-{row.pk}")
    response = render(
        request, "playbook/checklists.html#checklist-item", _base(request, incident) | {"row": row}
    )
    return incident_changed(response, incident)


# --- Key decisions ----------------------------------------------------------------------------


@require_GET
def key_decisions(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    kinds = selectors.key_decisions_by_kind(incident, visible=_visible(request, incident))
    organisations = list(incident.affected_organisations.all())
    for kind in kinds:
        for row in kind["rows"]:
            row.take_form = _take_form(incident, row, organisations=organisations)
    context = _base(request, incident) | {"kinds": kinds, "organisations": organisations}
    return render(request, "playbook/key_decisions.html", context)


def _take_form(incident, row, data=None, *, organisations=None) -> KeyDecisionTakeForm:
    """One form per key decision on the page, so field ids must be unique per row."""
    return KeyDecisionTakeForm(
        data,
        auto_id=f"kd-{row.pk}-%s",
        initial={"tlp": incident.tlp},
        row=row,
        organisations=organisations,
    )


def _key_decision(incident, kd_pk) -> IncidentKeyDecision:
    return selectors.incident_key_decision(incident, kd_pk)


def _key_decision_row(request, incident, row, *, form=None, status=200) -> HttpResponse:
    row = selectors.incident_key_decision(incident, row.pk, visible=_visible(request, incident))
    row.take_form = form if form is not None else _take_form(incident, row)
    context = _base(request, incident) | {
        "row": row,
        "open_form": form is not None,
        "organisations": list(incident.affected_organisations.all()),
    }
    return render(request, "playbook/key_decisions.html#key-decision", context, status=status)


@require_POST
def key_decision_take(request: HttpRequest, pk: int, kd_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    row = _key_decision(incident, kd_pk)
    form = _take_form(incident, row, request.POST)
    if form.is_valid():
        try:
            services.key_decision_take(key_decision=row, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not request.htmx:
                return redirect("playbook:key_decisions", incident.pk)
            return incident_changed(_key_decision_row(request, incident, row), incident)
    return _key_decision_row(request, incident, row, form=form, status=422)


@require_POST
def key_decision_outcome(request: HttpRequest, pk: int, kd_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    row = _key_decision(incident, kd_pk)
    form = KeyDecisionOutcomeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get("outcome", []))
        services.key_decision_set_outcome(
            key_decision=row, actor=request.user, outcome=form.cleaned_data["outcome"]
        )
    except ValidationError as exc:
        row = selectors.incident_key_decision(incident, row.pk, visible=_visible(request, incident))
        row.take_form = _take_form(incident, row)
        context = _base(request, incident) | {"row": row, "error": " ".join(exc.messages)}
        return render(request, "playbook/key_decisions.html#key-decision", context, status=422)
    if not request.htmx:
        return redirect("playbook:key_decisions", incident.pk)
    return incident_changed(_key_decision_row(request, incident, row), incident)


# --- Dilemmas ---------------------------------------------------------------------------------


@require_GET
def dilemmas(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    rows = selectors.incident_dilemmas(incident, visible=_visible(request, incident))
    for row in rows:
        row.form = _position_form(incident, row.dilemma)
    return render(request, "playbook/dilemmas.html", _base(request, incident) | {"rows": rows})


def _visible(request, incident) -> list[str]:
    return tlps_visible_at(reader_clearance(request.user, incident))


def _position_form(incident, dilemma, data=None) -> DilemmaPositionForm:
    return DilemmaPositionForm(data, auto_id=f"dl-{dilemma.pk}-%s", initial={"tlp": incident.tlp})


def _dilemma_row(request, incident, dilemma, *, form=None, status=200) -> HttpResponse:
    rows = selectors.incident_dilemmas(incident, visible=_visible(request, incident))
    row = next(r for r in rows if r.dilemma == dilemma)
    row.form = form if form is not None else _position_form(incident, dilemma)
    context = _base(request, incident) | {"row": row, "open_form": form is not None}
    return render(request, "playbook/dilemmas.html#dilemma", context, status=status)


@require_POST
def dilemma_position(request: HttpRequest, pk: int, dilemma_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    dilemma = get_object_or_404(Dilemma, pk=dilemma_pk)
    form = _position_form(incident, dilemma, request.POST)
    if form.is_valid():
        try:
            services.dilemma_position_record(
                incident=incident, actor=request.user, dilemma=dilemma, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not request.htmx:
                return redirect("playbook:dilemmas", incident.pk)
            return incident_changed(_dilemma_row(request, incident, dilemma), incident)
    return _dilemma_row(request, incident, dilemma, form=form, status=422)


# --- Relief (aflossing) -----------------------------------------------------------------------


def _relief_context(request, incident) -> dict:
    entries = selectors.roster(incident)
    return _base(request, incident) | {
        "entries": entries,
        "warnings": selectors.relief_warnings(entries),
        "next_meeting": selectors.next_meeting(incident),
        "functions": _function_names(),
    }


@require_GET
def relief(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    context = _relief_context(request, incident) | {
        "roster_form": RosterEntryForm(),
        "meeting_form": NextMeetingForm(initial=_meeting_initial(incident)),
    }
    return render(request, "playbook/relief.html", context)


def _meeting_initial(incident) -> dict:
    meeting = selectors.next_meeting(incident)
    if meeting is None:
        return {}
    return {"at": timezone.localtime(meeting.at), "team": meeting.team, "place": meeting.place}


@require_GET
def roster_body(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    return render(request, "playbook/relief.html#roster-body", _relief_context(request, incident))


@require_POST
def roster_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    return submit_form(
        request,
        incident,
        RosterEntryForm(request.POST),
        save=lambda data: services.roster_entry_add(incident=incident, actor=request.user, **data),
        partial="playbook/relief.html#roster-form",
        form_key="roster_form",
        blank=RosterEntryForm,
        redirect_to=reverse("playbook:relief", args=[incident.pk]),
        context=_base(request, incident) | {"functions": _function_names()},
    )


@require_POST
def roster_remove(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    entry = get_object_or_404(RosterEntry, pk=entry_pk, incident=incident)
    services.roster_entry_remove(entry=entry, actor=request.user)
    if not request.htmx:
        return redirect("playbook:relief", incident.pk)
    response = render(
        request, "playbook/relief.html#roster-body", _relief_context(request, incident)
    )
    return incident_changed(response, incident)


@require_POST
def next_meeting_set(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    form = NextMeetingForm(request.POST)
    if form.is_valid():
        try:
            services.next_meeting_set(incident=incident, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not request.htmx:
                return redirect("playbook:relief", incident.pk)
            context = _base(request, incident) | {"meeting_form": form, "saved": True}
            response = render(request, "playbook/relief.html#meeting-form", context)
            return incident_changed(response, incident)
    context = _base(request, incident) | {"meeting_form": form}
    return render(request, "playbook/relief.html#meeting-form", context, status=422)


@require_GET
def handover(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    since = _parse_since(request.GET.get("sinds", ""))
    since_error = None
    try:
        validate_plausible_datetime(since)
    except ValidationError as exc:
        since, since_error = None, exc.messages[0]
    # Default the incident's TLP, never above the reader's own clearance (nor its choices).
    audience = capped_to_clearance(request.user, incident, request.GET.get("doelgroep"))
    brief = selectors.handover_brief(incident, since=since, audience_tlp=audience)
    clearance = reader_clearance(request.user, incident)
    choices = [(value, label) for value, label in TLP.choices if visible_at(value, clearance)]
    context = _base(request, incident) | brief | {"tlp_choices": choices}
    return render(request, "playbook/handover.html", context | {"since_error": since_error})


def _parse_since(value: str) -> datetime | None:
    try:
        parsed = parse_datetime(value)
    except ValueError:
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


# --- Stakeholder analysis ---------------------------------------------------------------------


def _stakeholders_context(request, incident) -> dict:
    return _base(request, incident) | {"rows": list(selectors.stakeholder_involvements(incident))}


@require_GET
def stakeholders(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    context = _stakeholders_context(request, incident) | {
        "stakeholder_form": StakeholderInvolvementForm()
    }
    return render(request, "playbook/stakeholders.html", context)


@require_GET
def stakeholders_body(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    return render(
        request,
        "playbook/stakeholders.html#stakeholders-body",
        _stakeholders_context(request, incident),
    )


@require_POST
def stakeholder_involve(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    return submit_form(
        request,
        incident,
        StakeholderInvolvementForm(request.POST),
        save=lambda data: services.stakeholder_involve(
            incident=incident, actor=request.user, **data
        ),
        partial="playbook/stakeholders.html#stakeholder-form",
        form_key="stakeholder_form",
        blank=StakeholderInvolvementForm,
        redirect_to=reverse("playbook:stakeholders", args=[incident.pk]),
        context=_base(request, incident),
        error_context={"open_form": True},
    )


@require_POST
def stakeholder_informed(request: HttpRequest, pk: int, involvement_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    involvement = get_object_or_404(StakeholderInvolvement, pk=involvement_pk, incident=incident)
    services.stakeholder_mark_informed(involvement=involvement, actor=request.user)
    if not request.htmx:
        return redirect("playbook:stakeholders", incident.pk)
    response = render(
        request,
        "playbook/stakeholders.html#stakeholders-body",
        _stakeholders_context(request, incident),
    )
    return incident_changed(response, incident)


@require_GET
def my_tasks(request: HttpRequest, pk: int) -> HttpResponse:
    """The attention points of my crisis function in this incident, and my open actions."""
    incident = get_incident_for_user(request.user, pk)
    context = _base(request, incident) | people.my_tasks(request.user, incident)
    return render(request, "playbook/my_tasks.html", context)
