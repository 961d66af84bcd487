"""Meeting pages: the list and planning, the agenda with the notulist's forms, the projector,
open/close, and the verslag (page and PDF). A Bestuurder reads; writers plan and record."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from incidents.access import can_write, get_incident_for_user, is_partner, reader_clearance
from incidents.htmx import button_answer, save_form, saved_answer
from incidents.models import Incident
from playbook.models import Dilemma, IncidentKeyDecision

from . import selectors, services
from .forms import MeetingPlanForm, MeetingRecordForm
from .models import Meeting
from .selectors import SECTIONS

# The parts whose change refreshes the agenda on an open meeting page (see behaviour.js).
LIVE_PARTS = (
    "meetings,decisions,actions,log,picture,dilemmas,key_decisions,stakeholders,communication"
)


def _incident(request, pk, *, write: bool = False) -> Incident:
    """Members only; a partner guest does not sit in the crisis team's meetings."""
    incident = get_incident_for_user(request.user, pk, write=write)
    if is_partner(request.user, incident):
        raise Http404
    return incident


def _meeting(incident: Incident, mid: int) -> Meeting:
    try:
        return selectors.meeting_for_incident(incident, mid)
    except Meeting.DoesNotExist:
        raise Http404 from None


@require_GET
def meeting_list(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk)
    return _list(request, incident)


def _list(request, incident, *, form=None, status=200) -> HttpResponse:
    page = Paginator(selectors.meetings_for_incident(incident), 25).get_page(
        request.GET.get("pagina")
    )
    if form is None and can_write(request.user):
        form = MeetingPlanForm(incident=incident)
    context = {
        "incident": incident,
        "page": page,
        "form": form,
        "tabled": selectors.open_tabled_items(incident),
        "can_write": can_write(request.user),
    }
    template = (
        "meetings/list.html#plan-form" if request.htmx and status != 200 else "meetings/list.html"
    )
    return render(request, template, context, status=status)


@require_POST
def meeting_plan(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk, write=True)
    form = MeetingPlanForm(request.POST, incident=incident)
    result = save_form(
        form, lambda data: services.meeting_plan(incident=incident, actor=request.user, **data)
    )
    if not result.saved:
        return _list(request, incident, form=form, status=result.status)
    url = reverse("meetings:detail", args=[incident.pk, result.value.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _page_context(request, incident, meeting, *, forms=None) -> dict:
    clearance = reader_clearance(request.user, incident)
    page = selectors.meeting_page(meeting, clearance=clearance)
    writer = can_write(request.user) and meeting.is_open
    if writer:
        forms = forms or {}
        for section in page["sections"]:
            key = section["key"]
            section["form"] = forms.get(key) or MeetingRecordForm(
                item=key, initial={"tlp": incident.tlp, "kind": _default_kind(key)}
            )
    return {
        "incident": incident,
        "meeting": meeting,
        "clearance": clearance,
        "record_forms": writer,
        "can_write": can_write(request.user),
        "live_parts": LIVE_PARTS,
        **page,
    }


def _default_kind(key: str) -> str:
    return {"oordeel": "oordeel", "acties": "actie", "ter-besluitvorming": "besluit"}.get(
        key, "notitie"
    )


@require_GET
def meeting_detail(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    incident = _incident(request, pk)
    meeting = _meeting(incident, mid)
    return render(request, "meetings/meeting.html", _page_context(request, incident, meeting))


@require_GET
def meeting_body(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    """The live part of the meeting page (the agenda and what was recorded)."""
    incident = _incident(request, pk)
    meeting = _meeting(incident, mid)
    context = _page_context(request, incident, meeting)
    return render(request, "meetings/meeting.html#meeting-body", context)


@require_GET
def meeting_projector(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    """The agenda on a projector: large type, one item at a time (arrow keys)."""
    incident = _incident(request, pk)
    meeting = _meeting(incident, mid)
    context = _page_context(request, incident, meeting) | {"record_forms": False}
    return render(request, "meetings/projector.html", context)


def _state_change(request, pk, mid, service, done: str) -> HttpResponse:
    incident = _incident(request, pk, write=True)
    meeting = _meeting(incident, mid)
    return button_answer(
        request,
        incident,
        lambda: service(meeting=meeting, actor=request.user),
        redirect_to=reverse("meetings:detail", args=[incident.pk, meeting.pk]),
        done=done,
    )


@require_POST
def meeting_open(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    return _state_change(request, pk, mid, services.meeting_open, _("Het overleg is geopend."))


@require_POST
def meeting_close(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    return _state_change(
        request,
        pk,
        mid,
        services.meeting_close,
        _("Het overleg is gesloten; het verslag ligt vast."),
    )


@require_POST
def meeting_record(request: HttpRequest, pk: int, mid: int, item: str) -> HttpResponse:
    incident = _incident(request, pk, write=True)
    meeting = _meeting(incident, mid)
    if item not in SECTIONS:
        raise Http404
    form = MeetingRecordForm(request.POST, item=item)

    def save(data):
        services.meeting_record(
            meeting=meeting,
            actor=request.user,
            item=item,
            **{**data, "assessment_kind": data["assessment_kind"] or "oordeel"},
        )

    def next_item():
        data = form.cleaned_data
        fresh = MeetingRecordForm(item=item, initial={"tlp": data["tlp"], "kind": data["kind"]})
        return _record_form(request, incident, meeting, item, fresh, saved=True)

    result = save_form(form, save)
    if result.saved:
        url = reverse("meetings:detail", args=[pk, mid]) + f"#item-{item}"
        return saved_answer(request, incident, next_item, redirect_to=url)
    if request.htmx:
        return _record_form(request, incident, meeting, item, form, status=result.status)
    context = _page_context(request, incident, meeting, forms={item: form})
    return render(request, "meetings/meeting.html", context, status=result.status)


def _record_form(request, incident, meeting, item, form, *, status=200, saved=False):
    context = {
        "incident": incident,
        "meeting": meeting,
        "section": {"key": item, "form": form, "title": SECTIONS[item]},
        "saved": saved,
        "fresh": True,  # the answer to its own post: replaces the typed form
    }
    return render(request, "meetings/meeting.html#record-form", context, status=status)


@require_POST
def item_table(request: HttpRequest, pk: int) -> HttpResponse:
    """*Agenderen* from the dilemma or key-decision pages (plain form posts)."""
    incident = _incident(request, pk, write=True)
    dilemma = key_decision = None
    if request.POST.get("dilemma"):
        dilemma = get_object_or_404(Dilemma, pk=_int(request.POST["dilemma"]))
    if request.POST.get("key_decision"):
        key_decision = get_object_or_404(
            IncidentKeyDecision, pk=_int(request.POST["key_decision"]), incident=incident
        )
    return button_answer(
        request,
        incident,
        lambda: services.item_table(
            incident=incident,
            actor=request.user,
            team=request.POST.get("team", ""),
            dilemma=dilemma,
            key_decision=key_decision,
        ),
        redirect_to=request.POST["next"] if _safe(request) else reverse("meetings:list", args=[pk]),
        done=lambda tabled: (
            _("Geagendeerd voor het volgende %(team)s-overleg: %(title)s")
            % {"team": tabled.get_team_display(), "title": tabled.title}
        ),
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _safe(request) -> bool:

    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    )


@require_GET
def minutes_pdf(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    from sitreps.rendering import PdfUnavailable

    from .report import minutes_pdf as render_pdf

    incident = _incident(request, pk)
    meeting = _meeting(incident, mid)
    if not meeting.is_closed:
        raise Http404
    clearance = reader_clearance(request.user, incident)
    try:
        pdf = render_pdf(meeting, clearance=clearance)
    except PdfUnavailable as exc:
        messages.error(
            request, _("De PDF kan nu niet worden gemaakt: %(reason)s") % {"reason": exc}
        )
        return redirect("meetings:detail", incident.pk, meeting.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"verslag-{incident.reference}-{meeting.number}-tlp-{clearance.lower().replace('+', '-')}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
