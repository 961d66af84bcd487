from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from incidents.access import can_write, get_incident_for_user, reader_clearance
from incidents.htmx import FormResult, save_form, saved_answer
from incidents.tlp import tlps_visible_at, visible_at

from . import rules, services
from .access import approval_refusal
from .checker import findings_from_dicts
from .forms import ApproveForm, CoreMessageForm, MessageEditForm, MessageForm
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
    result = save_form(
        form,
        lambda data: services.core_message_set(incident=incident, actor=request.user, **data),
    )
    context = {"incident": incident, "core_form": form, "can_write": True}
    if result.saved:
        return saved_answer(
            request,
            incident,
            lambda: render(request, f"{PAGE}#core-form", context | {"saved": True}),
            redirect_to=reverse("communication:page", args=[incident.pk]),
            message=_("De kernboodschap is bijgewerkt."),
        )
    return render(request, f"{PAGE}#core-form", context, status=result.status)


@require_POST
def message_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The live plain-language check: the findings for the text as typed so far."""
    get_incident_for_user(request.user, pk, write=True)
    context = {"findings": _posted_findings(request), "live": True}
    return render(request, f"{EDITOR}#check-findings", context)


def _posted_findings(request) -> list:
    """The check's findings for the text as posted (typed so far, or refused on saving)."""
    return services.message_check(
        title=request.POST.get("title", "")[:MAX_CHECK_CHARS],
        text=request.POST.get("text", "")[:MAX_CHECK_CHARS],
        action_perspective=request.POST.get("action_perspective", "")[:MAX_CHECK_CHARS],
    )


def _message_form(incident, message=None, data=None) -> MessageForm:
    """The new-message form, or a message's edit form with the revision it was read at."""
    check_url = reverse("communication:check", args=[incident.pk])
    if message is None:
        return MessageForm(data, check_url=check_url)
    initial = {f: getattr(message, f) for f in services.MESSAGE_FIELDS}
    return MessageEditForm(
        data, initial=initial | {"revision": message.revision}, check_url=check_url
    )


def _save_at_revision(request, message, form, service) -> FormResult:
    """Saving a message's text and approving it: ``service`` checks the revision the form was
    read at. A stale one gives 409 with what changed; ``message`` is read again and the form,
    the user's input kept, carries its new revision, so that submitting again deliberately puts
    this user's version on top."""

    def save(data):
        revision = data.pop("revision")
        return service(message=message, actor=request.user, expected_revision=revision, **data)

    def reread():
        message.refresh_from_db()
        return {"revision": message.revision}

    return save_form(form, save, refresh=reread)


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
        form = _message_form(incident, message)
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
    form = _message_form(incident, data=request.POST)
    result = save_form(
        form,
        lambda data: services.message_create(incident=incident, actor=request.user, **data),
    )
    if not result.saved:
        findings = _posted_findings(request)
        return _editor(request, incident, form=form, status=result.status, findings=findings)
    # A new message has a page of its own: htmx goes there too.
    url = reverse("communication:message", args=[incident.pk, result.value.pk])
    flash.success(request, _("Het bericht is opgeslagen als concept."))
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_http_methods(["GET", "POST"])
def message_edit(request: HttpRequest, pk: int, message_id: int) -> HttpResponse:
    write = request.method == "POST"
    incident = get_incident_for_user(request.user, pk, write=write)
    message = message_for_incident(incident, message_id)
    if not visible_at(message.tlp, reader_clearance(request.user, incident)):
        raise Http404  # a message above the reader's clearance does not exist for them
    if not write:
        return _editor(request, incident, message)
    form = _message_form(incident, message, request.POST)
    result = _save_at_revision(request, message, form, services.message_update)
    if result.saved:
        return _after_change(request, incident, result.value, _("Het bericht is opgeslagen."))
    # A stale edit keeps what this editor typed in the form and shows the version saved
    # meanwhile beside it (with its findings); any other refusal checks the text as posted.
    stale = result.stale_changes is not None
    return _editor(
        request,
        incident,
        message,
        form=form,
        status=result.status,
        findings=None if stale else _posted_findings(request),
        stale_changes=result.stale_changes,
        other_version=message if stale else None,
    )


def _after_change(request, incident, message, notice: str) -> HttpResponse:
    if not request.htmx:
        flash.success(request, notice)
        return redirect("communication:message", pk=incident.pk, message_id=message.pk)
    message = message_for_incident(incident, message.pk)
    return _editor(request, incident, message, notice=notice)


# The status steps a button takes (no form): the service and the notice after it. The step
# comes from the URL (communication/urls.py); approving has a form and a view of its own.
STEPS = {
    "submit": (services.message_submit, _lazy("Het bericht ligt ter afstemming.")),
    "reopen": (services.message_reopen, _lazy("Het bericht is terug naar concept.")),
    "publish": (
        services.message_publish,
        _lazy("Het bericht is als verstuurd/gepubliceerd vastgelegd en staat in het logboek."),
    ),
}


@require_POST
def message_step(request: HttpRequest, pk: int, message_id: int, step: str) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    message = message_for_incident(incident, message_id)
    service, notice = STEPS[step]
    try:
        message = service(message=message, actor=request.user)
    except ValidationError as exc:
        return _editor(request, incident, message, status=422, status_errors=exc.messages)
    return _after_change(request, incident, message, str(notice))


@require_POST
def message_approve(request: HttpRequest, pk: int, message_id: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    message = message_for_incident(incident, message_id)
    if approval_refusal(request.user, message):
        raise PermissionDenied
    form = ApproveForm(request.POST)
    result = _save_at_revision(request, message, form, services.message_approve)
    if result.saved:
        return _after_change(request, incident, result.value, _("Het bericht is vastgesteld."))
    return _editor(
        request,
        incident,
        message,
        approve_form=form,
        status=result.status,
        stale_changes=result.stale_changes,
    )
