from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from incidents.access import can_write, get_incident_for_user, reader_clearance
from incidents.htmx import apply_errors, incident_changed
from incidents.services import StaleEdit
from incidents.tlp import tlps_visible_at, visible_at

from . import rules, services
from .access import approval_refusal
from .checker import findings_from_dicts
from .forms import ApproveForm, CoreMessageForm, MessageForm, RevisionForm
from .selectors import (
    core_message_current,
    core_message_history,
    message_for_incident,
    messages_for_incident,
)

PAGE = "communication/page.html"
# The live check runs on every pause in typing; longer input is checked only this far.
MAX_CHECK_CHARS = 20_000
EDITOR = "communication/editor.html"


def _overview_context(incident, user=None) -> dict:
    """The overview, filtered on the reader's clearance (incidents.access.reader_clearance)."""
    visible = tlps_visible_at(reader_clearance(user, incident)) if user else None
    core = core_message_current(incident)
    if core is not None and visible is not None and core.tlp not in visible:
        core = None
    history = list(core_message_history(incident)[1:20])
    message_list = list(messages_for_incident(incident))
    if visible is not None:
        history = [row for row in history if row.tlp in visible]
        message_list = [row for row in message_list if row.tlp in visible]
    return {
        "core": core,
        # The core message gets the same plain-language check (it has no action perspective
        # field: the core message itself should carry one).
        "core_findings": services.message_check(text=core.text, action_perspective=None)
        if core
        else [],
        "core_history": history,
        "message_list": message_list,
    }


@require_GET
def communication_page(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    context = {"incident": incident, **_overview_context(incident, request.user)}
    if request.htmx:
        return render(request, f"{PAGE}#overview", context)
    core = context["core"]
    context |= {
        "can_write": can_write(request.user),
        "core_form": CoreMessageForm(
            initial={"text": core.text, "tlp": core.tlp} if core else None
        ),
    }
    return render(request, PAGE, context)


@require_POST
def core_message_set(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    form = CoreMessageForm(request.POST)
    if form.is_valid():
        try:
            services.core_message_set(incident=incident, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
    if form.errors:
        context = {"incident": incident, "core_form": form, "can_write": True}
        return render(request, f"{PAGE}#core-form", context, status=422)
    if not request.htmx:
        flash.success(request, _("De kernboodschap is bijgewerkt."))
        return redirect("communication:page", pk=incident.pk)
    context = {"incident": incident, "core_form": form, "can_write": True, "saved": True}
    response = render(request, f"{PAGE}#core-form", context)
    return incident_changed(response, incident)


@require_POST
def message_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The live plain-language check: the findings for the text as typed so far."""
    get_incident_for_user(request.user, pk, write=True)
    findings = services.message_check(
        title=request.POST.get("title", "")[:MAX_CHECK_CHARS],
        text=request.POST.get("text", "")[:MAX_CHECK_CHARS],
        action_perspective=request.POST.get("action_perspective", "")[:MAX_CHECK_CHARS],
    )
    return render(request, f"{EDITOR}#check-findings", {"findings": findings, "live": True})


def _editor(
    request,
    incident,
    message=None,
    *,
    form=None,
    findings=None,
    approve_form=None,
    status=200,
    **extra,
):
    """The editor page, or only its #editor region for htmx (after a save or status change)."""
    if form is None and (message is None or message.is_editable):
        form = MessageForm(
            initial={f: getattr(message, f) for f in services.MESSAGE_FIELDS} if message else None,
            check_url=reverse("communication:check", args=[incident.pk]),
        )
    if findings is None and message is not None:
        findings = rules.apply(findings_from_dicts(message.findings))
    refusal = approval_refusal(request.user, message) if message is not None else None
    context = {
        "incident": incident,
        "message": message,
        "form": form,
        "findings": findings,
        "can_write": can_write(request.user),
        "approval_refusal": refusal,
        "approve_form": approve_form
        or (ApproveForm(initial={"revision": message.revision}) if message else None),
        **extra,
    }
    template = f"{EDITOR}#editor" if request.htmx else EDITOR
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def message_create(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    if request.method == "GET":
        return _editor(request, incident)
    form = MessageForm(request.POST, check_url=reverse("communication:check", args=[pk]))
    if form.is_valid():
        try:
            message = services.message_create(
                incident=incident, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            url = reverse("communication:message", args=[incident.pk, message.pk])
            flash.success(request, _("Het bericht is opgeslagen als concept."))
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    findings = services.message_check(
        title=request.POST.get("title", ""),
        text=request.POST.get("text", ""),
        action_perspective=request.POST.get("action_perspective", ""),
    )
    return _editor(request, incident, form=form, status=422, findings=findings)


@require_http_methods(["GET", "POST"])
def message_edit(request: HttpRequest, pk: int, message_id: int) -> HttpResponse:
    write = request.method == "POST"
    incident = get_incident_for_user(request.user, pk, write=write)
    message = message_for_incident(incident, message_id)
    if not visible_at(message.tlp, reader_clearance(request.user, incident)):
        raise Http404  # a message above the reader's clearance does not exist for them
    if not write:
        return _editor(request, incident, message)
    form = MessageForm(request.POST, check_url=reverse("communication:check", args=[pk]))
    revision = RevisionForm(request.POST)
    if not revision.is_valid() and form.is_valid():
        # The hidden revision has no place of its own on the page: show why at the top.
        for error in revision.non_field_errors():
            form.add_error(None, error)
    if form.is_valid() and revision.is_valid():
        try:
            message = services.message_update(
                message=message,
                actor=request.user,
                expected_revision=revision.cleaned_data["revision"],
                **form.cleaned_data,
            )
        except StaleEdit as exc:
            # Keep what this editor typed in the form and show the version saved meanwhile
            # beside it (as the classification form does); the form now carries the new
            # revision, so saving again deliberately puts this editor's text on top.
            message = message_for_incident(incident, message_id)
            return _editor(
                request, incident, message, form=form, status=409, stale=exc, other_version=message
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _after_change(request, incident, message, _("Het bericht is opgeslagen."))
    findings = services.message_check(
        title=request.POST.get("title", ""),
        text=request.POST.get("text", ""),
        action_perspective=request.POST.get("action_perspective", ""),
    )
    return _editor(request, incident, message, form=form, status=422, findings=findings)


def _after_change(request, incident, message, notice: str) -> HttpResponse:
    if not request.htmx:
        flash.success(request, notice)
        return redirect("communication:message", pk=incident.pk, message_id=message.pk)
    message = message_for_incident(incident, message.pk)
    return _editor(request, incident, message, notice=notice)


def _transition(request, pk: int, message_id: int, apply, notice: str) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    message = message_for_incident(incident, message_id)
    try:
        message = apply(message)
    except StaleEdit as exc:
        message = message_for_incident(incident, message_id)
        return _editor(request, incident, message, status=409, stale=exc)
    except ValidationError as exc:
        return _editor(request, incident, message, status=422, status_errors=exc.messages)
    return _after_change(request, incident, message, notice)


@require_POST
def message_submit(request: HttpRequest, pk: int, message_id: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        message_id,
        lambda message: services.message_submit(message=message, actor=request.user),
        _("Het bericht ligt ter afstemming."),
    )


@require_POST
def message_approve(request: HttpRequest, pk: int, message_id: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    message = message_for_incident(incident, message_id)
    if approval_refusal(request.user, message):
        raise PermissionDenied
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _editor(request, incident, message, approve_form=form, status=422)
    try:
        message = services.message_approve(
            message=message,
            actor=request.user,
            expected_revision=form.cleaned_data["revision"],
            acknowledge_findings=form.cleaned_data["acknowledge_findings"],
        )
    except StaleEdit as exc:
        message = message_for_incident(incident, message_id)
        return _editor(request, incident, message, status=409, stale=exc)
    except ValidationError as exc:
        apply_errors(form, exc)
        return _editor(request, incident, message, approve_form=form, status=422)
    return _after_change(request, incident, message, _("Het bericht is vastgesteld."))


@require_POST
def message_reopen(request: HttpRequest, pk: int, message_id: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        message_id,
        lambda message: services.message_reopen(message=message, actor=request.user),
        _("Het bericht is terug naar concept."),
    )


@require_POST
def message_publish(request: HttpRequest, pk: int, message_id: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        message_id,
        lambda message: services.message_publish(message=message, actor=request.user),
        _("Het bericht is als verstuurd/gepubliceerd vastgelegd en staat in het logboek."),
    )
