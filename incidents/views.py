from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import trigger_client_event

from . import registry, services
from .access import can_write, get_incident_for_user
from .forms import IncidentFilterForm, IncidentForm
from .selectors import incident_list as select_incidents


@require_GET
def incident_list(request: HttpRequest) -> HttpResponse:
    form = IncidentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    incidents = select_incidents(request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(incidents, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "incidents/list.html",
        {"form": form, "page": page, "can_write": can_write(request.user)},
    )


@require_http_methods(["GET", "POST"])
def incident_create(request: HttpRequest) -> HttpResponse:
    if not can_write(request.user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_open(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Incident %(ref)s is geregistreerd.") % {"ref": incident.reference}
            )
            return redirect(incident)
    return render(
        request, "incidents/create.html", {"form": form}, status=422 if form.errors else 200
    )


@require_GET
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    tiles = [(tile, tile.context(request, incident)) for tile in registry.tiles()]
    return render(
        request,
        "incidents/detail.html",
        {"incident": incident, "tiles": tiles, "can_write": can_write(request.user)},
    )


@require_GET
def incident_pulse(request: HttpRequest, pk: int) -> HttpResponse:
    """Live viewers ask every few seconds whether anything changed: 204 when not (one query)."""
    incident = get_incident_for_user(request.user, pk)
    try:
        seen = int(request.GET.get("v", "0"))
    except ValueError:
        seen = 0
    if seen == incident.version:
        return HttpResponse(status=204)
    response = render(request, "incidents/detail.html#pulse", {"incident": incident})
    return trigger_client_event(response, "incidentChanged", {"version": incident.version})
