from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import retarget

from crisiscentre.errors import message_response
from crisiscentre.security import csp_override
from incidents.access import (
    audience_above_clearance_error,
    can_write,
    capped_to_clearance,
    get_incident_for_user,
    reader_clearance,
)
from incidents.htmx import button_answer, incident_changed, save_form, saved_answer
from incidents.tlp import visible_at

from . import rendering, selectors, services
from .access import approval_refusal, sitrep_pdf_for_user
from .forms import SitrepApproveForm, SitrepRejectForm, SitrepRequestForm
from .models import Sitrep

LIST = "sitreps/list.html"


def _sitrep(incident, sitrep_pk: int) -> Sitrep:
    return get_object_or_404(
        Sitrep.objects.select_related("incident", "requested_by", "approved_by", "rejected_by"),
        incident=incident,
        pk=sitrep_pk,
    )


def _audience(request: HttpRequest, incident) -> str:
    """The asked audience, or the incident's TLP; never above the reader's own clearance."""
    return capped_to_clearance(request.user, incident, request.GET.get("audience_tlp", ""))


def _list_context(request: HttpRequest, incident, form, audience: str) -> dict:
    writer = can_write(request.user)
    check = None
    if writer:
        check, _previous = services.sitrep_document(incident=incident, audience_tlp=audience)
    return {
        "incident": incident,
        "sitreps": _marked(request, incident, selectors.sitrep_list(incident)),
        "form": form,
        "audience": audience,
        "check": check,
        "can_write": writer,
        "problem": rendering.weasyprint_problem(),
    }


@require_GET
def sitrep_list(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    audience = _audience(request, incident)
    form = SitrepRequestForm(initial={"audience_tlp": audience})
    return render(request, LIST, _list_context(request, incident, form, audience))


@require_GET
def sitrep_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The completeness check for another audience TLP (the form's select asks for it)."""
    incident = get_incident_for_user(request.user, pk, write=True)
    audience = _audience(request, incident)
    check, _previous = services.sitrep_document(incident=incident, audience_tlp=audience)
    return render(
        request,
        f"{LIST}#completeness",
        {"incident": incident, "check": check, "audience": audience},
    )


@require_POST
def sitrep_create(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    form = SitrepRequestForm(request.POST)

    def save(data):
        audience = data["audience_tlp"]
        problem = rendering.weasyprint_problem() or audience_above_clearance_error(
            request.user, incident, audience
        )
        if problem:
            raise ValidationError({"audience_tlp": problem})
        return services.sitrep_request(incident=incident, actor=request.user, audience_tlp=audience)

    result = save_form(form, save)
    if result.saved:
        return saved_answer(
            request,
            incident,
            lambda: render(request, f"{LIST}#sitrep-table", _list_context_light(incident, request)),
            redirect_to=reverse("sitreps:list", args=[incident.pk]),
            message=_("Sitrep %(number)s is aangevraagd.") % {"number": result.value.number},
        )
    audience = capped_to_clearance(request.user, incident, form.data.get("audience_tlp"))
    context = _list_context(request, incident, form, audience)
    if not request.htmx:
        return render(request, LIST, context, status=result.status)
    response = render(request, f"{LIST}#request-form", context, status=result.status)
    return retarget(response, "#request-form")


def _marked(request: HttpRequest, incident, sitreps) -> list:
    """Sitreps made for an audience above the reader's clearance are listed without a link
    (their download is 404 for this reader)."""
    clearance = reader_clearance(request.user, incident)
    rows = list(sitreps)
    for sitrep in rows:
        sitrep.above_clearance = not visible_at(sitrep.audience_tlp, clearance)
    return rows


def _list_context_light(incident, request: HttpRequest) -> dict:
    return {
        "incident": incident,
        "sitreps": _marked(request, incident, selectors.sitrep_list(incident)),
        "can_write": can_write(request.user),
    }


@require_GET
def sitrep_row(request: HttpRequest, pk: int, sitrep_pk: int) -> HttpResponse:
    """Polled by an unfinished row: 204 while its state is unchanged, else the new row."""
    incident = get_incident_for_user(request.user, pk)
    sitrep = _sitrep(incident, sitrep_pk)
    if not request.htmx:
        return redirect("sitreps:list", pk=incident.pk)
    if request.GET.get("state") == sitrep.poll_marker and sitrep.polls:
        return HttpResponse(status=204)
    return _row_response(request, incident, sitrep)


@require_POST
def sitrep_retry(request: HttpRequest, pk: int, sitrep_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    sitrep = _sitrep(incident, sitrep_pk)

    def row(status):
        sitrep.refresh_from_db()
        return _row_response(request, incident, sitrep, status=status)

    return button_answer(
        request,
        incident,
        lambda: services.sitrep_retry(sitrep=sitrep, actor=request.user),
        redirect_to=reverse("sitreps:list", args=[incident.pk]),
        fragment=row,
        refused_status=409,
    )


def _row_response(request: HttpRequest, incident, sitrep: Sitrep, *, status: int = 200):
    sitrep.above_clearance = not visible_at(
        sitrep.audience_tlp, reader_clearance(request.user, incident)
    )
    context = {"incident": incident, "sitrep": sitrep, "can_write": can_write(request.user)}
    return render(request, f"{LIST}#sitrep-row", context, status=status)


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return message_response(
        request, status=403, title=_("Geen toegang"), message=message, template="403.html"
    )


def _judgement(request, incident, sitrep, form, service, done: str) -> HttpResponse:
    """Vaststellen or afwijzen: ``service(sitrep=, actor=, **the form's fields)``, by another
    writer than the requester (four eyes). Saved: the fresh row, or the list with ``done``."""
    refusal = approval_refusal(request.user, sitrep)
    if refusal:
        return _forbidden(request, refusal)
    result = save_form(form, lambda data: service(sitrep=sitrep, actor=request.user, **data))
    if result.saved:
        judged = result.value
        return saved_answer(
            request,
            judged.incident,
            lambda: _row_response(request, incident, judged),
            redirect_to=reverse("sitreps:list", args=[incident.pk]),
            message=done % {"number": judged.number},
        )
    if form.non_field_errors():
        return _approval_refused(request, incident, sitrep, form)
    return _reason_refused(request, incident, sitrep, form)


def _approval_refused(request: HttpRequest, incident, sitrep, form) -> HttpResponse:
    """The service's refusal, a non-field error on ``form``: 403 when the member may not judge
    this sitrep (its requester), 409 when it is no longer a concept; the Dutch sentence in the
    row (htmx) or as a flash."""
    message = " ".join(form.non_field_errors())
    if form.has_error(NON_FIELD_ERRORS, "forbidden"):
        return _forbidden(request, message)
    if request.htmx:
        sitrep.refresh_from_db()
        sitrep.approval_error = message
        # The tile posts with hx-swap="none": it refreshes to show who was first.
        return incident_changed(_row_response(request, incident, sitrep, status=409), incident)
    messages.error(request, message)
    return redirect("sitreps:list", pk=incident.pk)


def _reason_refused(request: HttpRequest, incident, sitrep, form) -> HttpResponse:
    """A reject form without a (valid) reason: shown again in its row, typed reason and all."""
    if request.htmx:
        sitrep.reject_form = form
        return _row_response(request, incident, sitrep, status=422)
    audience = _audience(request, incident)
    request_form = SitrepRequestForm(initial={"audience_tlp": audience})
    context = _list_context(request, incident, request_form, audience)
    for row in context["sitreps"]:
        if row.pk == sitrep.pk:
            row.reject_form = form
    return render(request, LIST, context, status=422)


@require_POST
def sitrep_approve(request: HttpRequest, pk: int, sitrep_pk: int) -> HttpResponse:
    """Vaststellen (by another writer than the requester)."""
    incident = get_incident_for_user(request.user, pk, write=True)
    sitrep = _sitrep(incident, sitrep_pk)
    form = SitrepApproveForm(request.POST)
    done = _("Sitrep %(number)s is vastgesteld.")
    return _judgement(request, incident, sitrep, form, services.sitrep_approve, done)


@require_POST
def sitrep_reject(request: HttpRequest, pk: int, sitrep_pk: int) -> HttpResponse:
    """Afwijzen with a reason: the sitrep stays a concept and shows why."""
    incident = get_incident_for_user(request.user, pk, write=True)
    sitrep = _sitrep(incident, sitrep_pk)
    form = SitrepRejectForm(request.POST)
    done = _("Sitrep %(number)s is afgewezen.")
    return _judgement(request, incident, sitrep, form, services.sitrep_reject, done)


@never_cache
@require_GET
def sitrep_download(request: HttpRequest, pk: int, sitrep_pk: int) -> FileResponse:
    """The stored PDF, only through this access-checked view (never a public media URL)."""
    incident = get_incident_for_user(request.user, pk)
    sitrep = _sitrep(incident, sitrep_pk)
    pdf = sitrep_pdf_for_user(request.user, incident, sitrep)
    try:
        handle = pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=sitrep.filename, content_type="application/pdf"
    )


# The preview is the PDF's own self-contained template (WeasyPrint reads its inline <style>
# and style= widths); it has no script, so only inline styles are allowed, on this page only.
@csp_override({"style-src": ["'self'", "'unsafe-inline'"]})
@never_cache
@require_GET
def sitrep_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The same template as the PDF, in the browser, as the incident stands now."""
    incident = get_incident_for_user(request.user, pk)
    html = services.sitrep_preview_html(
        incident=incident, audience_tlp=_audience(request, incident)
    )
    return HttpResponse(html)
