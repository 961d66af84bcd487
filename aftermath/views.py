from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from incidents.access import can_write, get_incident_for_user, reader_clearance
from incidents.htmx import FormResult, save_form, saved_answer

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


def _evaluation_response(request, incident, *, status: int = 200, bound=None) -> HttpResponse:
    """The evaluation section (htmx) or page with every form blank, except ``bound``: a form
    refused on a post takes its blank one's place, with the user's input and the messages."""
    clearance = reader_clearance(request.user, incident)
    show_all = request.GET.get("alle") == "1"
    data = selectors.evaluation_page(incident, clearance=clearance, show_all=show_all)
    themes = data["themes"]
    forms = {
        "participant_form": ParticipantForm(),
        "finding_form": FindingForm(themes=themes, incident=incident),
        "improvement_form": ImprovementForm(themes=themes, incident=incident),
        "record_form": RecordForm(),
        "waive_form": WaiveForm(),
    }
    forms = {key: bound if type(form) is type(bound) else form for key, form in forms.items()}
    context = {
        "incident": incident,
        **data,
        "clearance": clearance,
        "show_all": show_all,
        "can_write": can_write(request.user),
        **forms,
    }
    template = f"{EVALUATION}#evaluation" if request.htmx else EVALUATION
    return render(request, template, context, status=status)


@require_GET
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    return _evaluation_response(request, incident)


def _answer(request, incident, result: FormResult, done: str | None = None) -> HttpResponse:
    """Every evaluation post answers with the evaluation: the page again after a plain post
    (post/redirect/get, ``done`` as the flash), the section itself to htmx."""
    if result.saved:
        return saved_answer(
            request,
            incident,
            lambda: _evaluation_response(request, incident),
            redirect_to=reverse("aftermath:evaluation", args=[incident.pk]),
            message=done,
        )
    return _evaluation_response(request, incident, status=result.status, bound=result.form)


def _submit(request, incident, form, service, done: str) -> HttpResponse:
    """A form whose service takes the incident, the actor and the form's fields."""
    result = save_form(form, lambda data: service(incident=incident, actor=request.user, **data))
    return _answer(request, incident, result, done)


def _themes():
    return list(EvaluationTheme.objects.filter(is_active=True).order_by("order", "pk"))


@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    form = ParticipantForm(request.POST)
    return _submit(
        request, incident, form, services.participant_add, _("De deelnemer is toegevoegd.")
    )


@require_POST
def finding_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    form = FindingForm(request.POST, themes=_themes())
    return _submit(request, incident, form, services.finding_add, _("De bevinding is vastgelegd."))


@require_POST
def improvement_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    form = ImprovementForm(request.POST, themes=_themes())
    done = _("De verbeteractie is vastgelegd.")
    return _submit(request, incident, form, services.improvement_add, done)


@require_POST
def improvement_status(request: HttpRequest, pk: int, improvement_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    improvement = get_object_or_404(Improvement, pk=improvement_pk, evaluation__incident=incident)
    result = save_form(
        ImprovementStatusForm(request.POST),
        lambda data: services.improvement_set_status(
            improvement=improvement, actor=request.user, status=data["status"]
        ),
    )
    return _answer(request, incident, result)


@require_POST
def evaluation_record(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    form = RecordForm(request.POST)
    return _submit(
        request, incident, form, services.evaluation_record, _("De evaluatie is vastgesteld.")
    )


@require_POST
def evaluation_waive(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    result = save_form(
        WaiveForm(request.POST),
        lambda data: services.evaluation_waive(
            incident=incident, actor=request.user, reason=data["waiver_reason"]
        ),
    )
    return _answer(
        request, incident, result, _("Er is van evaluatie afgezien; de reden is vastgelegd.")
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
