from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from incidents.access import can_write, get_incident_for_user, reader_clearance
from incidents.htmx import apply_errors, incident_changed

from . import report, selectors, services
from .forms import (
    FindingForm,
    ImprovementForm,
    ImprovementStatusForm,
    ParticipantForm,
    RecordForm,
    WaiveForm,
)
from .models import EvaluationTheme, Improvement

EVALUATION = "aftermath/evaluation.html"


@require_GET
def board(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    clearance = reader_clearance(request.user, incident)
    return render(
        request,
        "aftermath/board.html",
        {"incident": incident, "board": selectors.board(incident, clearance=clearance)},
    )


@require_GET
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    clearance = reader_clearance(request.user, incident)
    try:
        page = int(request.GET.get("pagina", "1"))
    except ValueError:
        page = 1
    return render(
        request,
        "aftermath/timeline.html",
        {
            "incident": incident,
            "clearance": clearance,
            "timeline": selectors.timeline(incident, clearance=clearance, page=page),
        },
    )


def _evaluation_response(request, incident, *, status: int = 200, **forms) -> HttpResponse:
    clearance = reader_clearance(request.user, incident)
    show_all = request.GET.get("alle") == "1"
    data = selectors.evaluation_page(incident, clearance=clearance, show_all=show_all)
    themes = data["themes"]
    context = {
        "incident": incident,
        **data,
        "clearance": clearance,
        "show_all": show_all,
        "can_write": can_write(request.user),
        "participant_form": forms.get("participant_form") or ParticipantForm(),
        "finding_form": forms.get("finding_form") or FindingForm(themes=themes, incident=incident),
        "improvement_form": forms.get("improvement_form")
        or ImprovementForm(themes=themes, incident=incident),
        "record_form": forms.get("record_form") or RecordForm(),
        "waive_form": forms.get("waive_form") or WaiveForm(),
    }
    template = f"{EVALUATION}#evaluation" if request.htmx else EVALUATION
    response = render(request, template, context, status=status)
    if request.method == "POST" and status == 200:
        return incident_changed(response, incident)
    return response


@require_GET
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    return _evaluation_response(request, incident)


def _submit(request, incident, form, form_key: str, save, done: str) -> HttpResponse:
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not request.htmx:
                messages.success(request, done)
                return redirect(reverse("aftermath:evaluation", args=[incident.pk]))
            return _evaluation_response(request, incident)
    return _evaluation_response(request, incident, status=422, **{form_key: form})


def _themes():
    return list(EvaluationTheme.objects.filter(is_active=True).order_by("order", "pk"))


@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    return _submit(
        request,
        incident,
        ParticipantForm(request.POST),
        "participant_form",
        lambda data: services.participant_add(incident=incident, actor=request.user, **data),
        _("De deelnemer is toegevoegd."),
    )


@require_POST
def finding_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    return _submit(
        request,
        incident,
        FindingForm(request.POST, themes=_themes()),
        "finding_form",
        lambda data: services.finding_add(incident=incident, actor=request.user, **data),
        _("De bevinding is vastgelegd."),
    )


@require_POST
def improvement_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    return _submit(
        request,
        incident,
        ImprovementForm(request.POST, themes=_themes()),
        "improvement_form",
        lambda data: services.improvement_add(incident=incident, actor=request.user, **data),
        _("De verbeteractie is vastgelegd."),
    )


@require_POST
def improvement_status(request: HttpRequest, pk: int, improvement_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    improvement = get_object_or_404(Improvement, pk=improvement_pk, evaluation__incident=incident)
    form = ImprovementStatusForm(request.POST)
    if form.is_valid():
        services.improvement_set_status(
            improvement=improvement, actor=request.user, status=form.cleaned_data["status"]
        )
        if not request.htmx:
            return redirect(reverse("aftermath:evaluation", args=[incident.pk]))
        return _evaluation_response(request, incident)
    return _evaluation_response(request, incident, status=422)


@require_POST
def evaluation_record(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    return _submit(
        request,
        incident,
        RecordForm(request.POST),
        "record_form",
        lambda data: services.evaluation_record(incident=incident, actor=request.user, **data),
        _("De evaluatie is vastgesteld."),
    )


@require_POST
def evaluation_waive(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    return _submit(
        request,
        incident,
        WaiveForm(request.POST),
        "waive_form",
        lambda data: services.evaluation_waive(
            incident=incident, actor=request.user, reason=data["waiver_reason"]
        ),
        _("Er is van evaluatie afgezien; de reden is vastgelegd."),
    )


@require_GET
def evaluation_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The evaluation report as PDF for an audience TLP (?doelgroep=), never above what this
    reader may see."""
    from sitreps.rendering import PdfUnavailable

    incident = get_incident_for_user(request.user, pk)
    audience = report.audience_for(
        request.GET.get("doelgroep", ""),
        clearance=reader_clearance(request.user, incident),
        default=incident.tlp,
    )
    try:
        pdf = report.report_pdf(incident, audience_tlp=audience, author=request.user)
    except PdfUnavailable as exc:
        return render(
            request,
            "aftermath/report_unavailable.html",
            {"incident": incident, "problem": str(exc)},
            status=503,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"evaluatie-{incident.reference}-tlp-{audience.lower().replace('+', '-')}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
