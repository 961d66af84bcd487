"""Thin views: access -> form/service -> response. htmx posts get the updated fragment back;
plain posts redirect (post/redirect/get) so the pages work without JavaScript."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
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
from incidents.htmx import TileForm, save_form, saved_answer
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


def _submit_row(request, incident, form, save, *, row, page: str) -> HttpResponse:
    """The one answer of a per-row form (a checklist item, a key decision, a dilemma).

    Saved: a plain post goes back to ``page``, an htmx post gets ``row()``, the fresh row, and
    the incidentChanged event. Refused: ``row(form=form, status=...)``, the row again with the
    user's input and the messages (422, or 409 for a stale edit).
    """
    result = save_form(form, save)
    if result.saved:
        return saved_answer(request, incident, row, redirect_to=page)
    return row(form=form, status=result.status)


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
    return _submit_row(
        request,
        incident,
        ChecklistTickForm(request.POST),
        lambda data: services.checklist_item_set(item=row, actor=request.user, **data),
        row=partial(_checklist_item, request, incident, row),
        page=reverse("playbook:checklists", args=[incident.pk]) + f"#item-{row.pk}",
    )


def _checklist_item(request, incident, row, *, form=None, status=200) -> HttpResponse:
    context = _base(request, incident) | {"row": row, "form": form}
    return render(request, "playbook/checklists.html#checklist-item", context, status=status)


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
    """The key decision again; ``form`` is a refused take form (shown open, with the input and
    the messages) or a refused outcome button (its messages above the row's forms)."""
    row = selectors.incident_key_decision(incident, row.pk, visible=_visible(request, incident))
    take_form = form if isinstance(form, KeyDecisionTakeForm) else None
    refused_outcome = form if isinstance(form, KeyDecisionOutcomeForm) else None
    row.take_form = take_form or _take_form(incident, row)
    context = _base(request, incident) | {
        "row": row,
        "open_form": take_form is not None,
        "organisations": list(incident.affected_organisations.all()),
    }
    if refused_outcome is not None:
        errors = refused_outcome.errors.values()
        context["error"] = " ".join(message for messages in errors for message in messages)
    return render(request, "playbook/key_decisions.html#key-decision", context, status=status)


@require_POST
def key_decision_take(request: HttpRequest, pk: int, kd_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    row = _key_decision(incident, kd_pk)
    form = _take_form(incident, row, request.POST)
    return _submit_key_decision(request, incident, row, form, services.key_decision_take)


@require_POST
def key_decision_outcome(request: HttpRequest, pk: int, kd_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    row = _key_decision(incident, kd_pk)
    form = KeyDecisionOutcomeForm(request.POST)
    return _submit_key_decision(request, incident, row, form, services.key_decision_set_outcome)


def _submit_key_decision(request, incident, row, form, service) -> HttpResponse:
    """Taking a key decision and marking it open or not applicable: both answer with the row."""
    return _submit_row(
        request,
        incident,
        form,
        lambda data: service(key_decision=row, actor=request.user, **data),
        row=partial(_key_decision_row, request, incident, row),
        page=reverse("playbook:key_decisions", args=[incident.pk]),
    )


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
    return _submit_row(
        request,
        incident,
        _position_form(incident, dilemma, request.POST),
        lambda data: services.dilemma_position_record(
            incident=incident, actor=request.user, dilemma=dilemma, **data
        ),
        row=partial(_dilemma_row, request, incident, dilemma),
        page=reverse("playbook:dilemmas", args=[incident.pk]),
    )


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
    return _roster_body(request, get_incident_for_user(request.user, pk))


def _roster_body(request, incident) -> HttpResponse:
    return render(request, "playbook/relief.html#roster-body", _relief_context(request, incident))


ROSTER_FORM = TileForm(RosterEntryForm, "playbook/relief.html#roster-form", "roster_form")
STAKEHOLDER_FORM = TileForm(
    StakeholderInvolvementForm,
    "playbook/stakeholders.html#stakeholder-form",
    "stakeholder_form",
    {"open_form": True},
)


@require_POST
def roster_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    return ROSTER_FORM.submit(
        request,
        incident,
        service=services.roster_entry_add,
        redirect_to=reverse("playbook:relief", args=[incident.pk]),
        context=_base(request, incident) | {"functions": _function_names()},
    )


@require_POST
def roster_remove(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    entry = get_object_or_404(RosterEntry, pk=entry_pk, incident=incident)
    services.roster_entry_remove(entry=entry, actor=request.user)
    page = reverse("playbook:relief", args=[incident.pk])
    return saved_answer(
        request, incident, partial(_roster_body, request, incident), redirect_to=page
    )


@require_POST
def next_meeting_set(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    form = NextMeetingForm(request.POST)
    result = save_form(
        form,
        lambda data: services.next_meeting_set(incident=incident, actor=request.user, **data),
    )
    context = _base(request, incident) | {"meeting_form": form}
    partial_name = "playbook/relief.html#meeting-form"
    if result.saved:
        return saved_answer(
            request,
            incident,
            lambda: render(request, partial_name, context | {"saved": True}),
            redirect_to=reverse("playbook:relief", args=[incident.pk]),
        )
    return render(request, partial_name, context, status=result.status)


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
    return _stakeholders_body(request, get_incident_for_user(request.user, pk))


def _stakeholders_body(request, incident) -> HttpResponse:
    context = _stakeholders_context(request, incident)
    return render(request, "playbook/stakeholders.html#stakeholders-body", context)


@require_POST
def stakeholder_involve(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    return STAKEHOLDER_FORM.submit(
        request,
        incident,
        service=services.stakeholder_involve,
        redirect_to=reverse("playbook:stakeholders", args=[incident.pk]),
        context=_base(request, incident),
    )


@require_POST
def stakeholder_informed(request: HttpRequest, pk: int, involvement_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    involvement = get_object_or_404(StakeholderInvolvement, pk=involvement_pk, incident=incident)
    services.stakeholder_mark_informed(involvement=involvement, actor=request.user)
    page = reverse("playbook:stakeholders", args=[incident.pk])
    body = partial(_stakeholders_body, request, incident)
    return saved_answer(request, incident, body, redirect_to=page)


@require_GET
def my_tasks(request: HttpRequest, pk: int) -> HttpResponse:
    """The attention points of my crisis function in this incident, and my open actions."""
    incident = get_incident_for_user(request.user, pk)
    context = _base(request, incident) | people.my_tasks(request.user, incident)
    return render(request, "playbook/my_tasks.html", context)
