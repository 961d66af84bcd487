from functools import partial

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from incidents.access import can_write, get_incident_for_user, reader_clearance
from incidents.htmx import button_answer, save_form, saved_answer
from incidents.tlp import tlps_visible_at, visible_at

from . import selectors, services
from .forms import ManualNotificationForm
from .models import Notification

TILE = "notifications/tiles/notifications.html"


def _body(request: HttpRequest, incident, status: int = 200) -> HttpResponse:
    context = {
        "incident": incident,
        "tile": selectors.tile_body(
            incident,
            show_all=bool(request.GET.get("alle")),
            visible=tlps_visible_at(reader_clearance(request.user, incident)),
        ),
        "can_write": can_write(request.user),
    }
    return render(request, f"{TILE}#notifications-body", context, status=status)


def _get_notification(incident, nid: int) -> Notification:
    try:
        return selectors.notification_detail(incident, nid)
    except Notification.DoesNotExist:
        raise Http404 from None


def _summary(rows: list[Notification]) -> str:
    queued = sum(row.state == Notification.State.QUEUED for row in rows)
    skipped = len(rows) - queued
    text = ngettext(
        "%(count)d bericht in de wachtrij.", "%(count)d berichten in de wachtrij.", queued
    ) % {"count": queued}
    if skipped:
        text += " " + ngettext(
            "%(count)d instantie overgeslagen; zie het verzendlog voor de reden.",
            "%(count)d instanties overgeslagen; zie het verzendlog voor de reden.",
            skipped,
        ) % {"count": skipped}
    return text


@require_http_methods(["GET", "POST"])
def inform(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Informeer stakeholders": htmx swaps the form; without JavaScript a full page."""
    incident = get_incident_for_user(request.user, pk, write=True)
    form = ManualNotificationForm(request.POST or None, incident=incident)
    if request.method == "GET":
        return _inform_form(request, incident, form, opened=True)  # opened on the dashboard
    result = save_form(
        form,
        lambda data: services.notifications_send_manual(
            incident=incident, actor=request.user, **data
        ),
    )
    if not result.saved:
        return _inform_form(request, incident, form, status=result.status)
    summary = _summary(result.value)
    blank = partial(ManualNotificationForm, incident=incident)
    return saved_answer(
        request,
        incident,
        lambda: _inform_form(request, incident, blank(), summary=summary),
        message=summary,
    )


def _inform_form(request, incident, form, *, summary="", opened=False, status=200) -> HttpResponse:
    """The inform form: the tile's fragment for htmx, a page of its own without JavaScript."""
    context = {"incident": incident, "tile": {"form": form}, "result": summary, "open": opened}
    if request.htmx:
        return render(request, f"{TILE}#inform-form", context, status=status)
    return render(request, "notifications/inform.html", context, status=status)


@require_GET
def detail(request: HttpRequest, pk: int, nid: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    notification = _get_notification(incident, nid)
    if not visible_at(notification.tlp, reader_clearance(request.user, incident)):
        raise Http404  # the mail preview never shows more than the reader's clearance
    return render(
        request,
        "notifications/detail.html",
        {"incident": incident, "n": notification, "can_write": can_write(request.user)},
    )


@require_POST
def retry(request: HttpRequest, pk: int, nid: int) -> HttpResponse:
    """ "Opnieuw proberen" for a failed message."""
    incident = get_incident_for_user(request.user, pk, write=True)
    notification = _get_notification(incident, nid)
    return button_answer(
        request,
        incident,
        lambda: services.notification_retry(notification=notification, actor=request.user),
        redirect_to=reverse("notifications:detail", args=[incident.pk, nid]),
        fragment=partial(_body, request, incident),
        done=_("Het bericht staat weer in de wachtrij."),
        refused_status=409,
    )
