from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from . import audit, registry, selectors, services
from .access import (
    can_write,
    get_incident_for_user,
    incident_pulse_for_user,
    incident_versions_for_user,
    is_partner,
    reader_clearance,
)
from .forms import (
    ActionForm,
    AffectedOrganisationForm,
    AuditFilterForm,
    ClassificationForm,
    DecisionForm,
    IncidentEditForm,
    IncidentFilterForm,
    IncidentForm,
    LogEntryForm,
)
from .htmx import INCIDENT_CHANGED, TileForm, save_form, saved_answer
from .models import BLOCKS, Action, Decision, LogEntry
from .selectors import incident_list as select_incidents
from .tile_cache import TileContext, cached_body, tile_body_html
from .tlp import tlps_visible_at

# --- Register ---------------------------------------------------------------------------------


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
        raise PermissionDenied
    form = IncidentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        result = save_form(form, lambda data: services.incident_open(actor=request.user, **data))
        if result.saved:
            ref = result.value.reference
            messages.success(request, _("Incident %(ref)s is geregistreerd.") % {"ref": ref})
            return redirect(result.value)
        status = result.status
    return render(request, "incidents/create.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def incident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    form = IncidentEditForm(
        request.POST or None, instance=incident, initial={"version": incident.register_version}
    )
    context = {"form": form, "incident": incident}
    if request.method == "GET":
        return render(request, "incidents/edit.html", context)

    def save(data):
        services.incident_update(
            incident=incident,
            actor=request.user,
            expected_register_version=data.pop("version"),
            **data,
        )

    result = save_form(form, save, refresh=lambda: {"version": incident.register_version})
    if result.saved:
        messages.success(request, _("Het incident is bijgewerkt."))
        return redirect(incident)
    context["stale_changes"] = result.stale_changes
    return render(request, "incidents/edit.html", context, status=result.status)


# The dashboard's main column, in this order: the log (the action a crisis room takes most)
# and what follows from it. Every other tile goes to the side column in registry order.
# tests/incidents/test_dashboard_layout.py checks the log form is in the first screen.
MAIN_TILES = ("log", "picture", "decisions", "actions")


@require_GET
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    # Each tile's context runs only if its body is not in the cache (incidents/tile_cache.py).
    tile_list = [(tile, TileContext(tile, request, incident)) for tile in registry.tiles()]
    main = sorted(
        (item for item in tile_list if item[0].name in MAIN_TILES),
        key=lambda item: MAIN_TILES.index(item[0].name),
    )
    side = [item for item in tile_list if item[0].name not in MAIN_TILES]
    return render(
        request,
        "incidents/detail.html",
        {
            "incident": incident,
            "main_tiles": main,
            "side_tiles": side,
            "can_write": can_write(request.user),
            "tile_parts": registry.tile_parts_attr(),
        },
    )


@require_GET
def tile_body(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Every dashboard tile's body (the tile protocol, incidents/registry.py): the reader must
    be a member; the body comes from the cache shared by readers who see the same."""
    # The cached path costs one query after the session: membership, roles and versions.
    versions, may_write = incident_versions_for_user(request.user, pk)
    tile = registry.get_tile(name)
    if tile is None:
        raise Http404
    html = cached_body(tile, request, versions, may_write=may_write)
    if html is None:
        html = tile_body_html(tile, request, get_incident_for_user(request.user, pk))
    return HttpResponse(html)


@require_GET
def tile_all(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """A tile's "toon alle" page: every row, paged, in the full layout (incidents/bounded.py)."""
    incident = get_incident_for_user(request.user, pk)
    tile = registry.get_tile(name)
    if tile is None or not tile.bounded:
        raise Http404
    request.tile_all = True  # bounded() pages instead of cutting off; the cache is bypassed
    return render(
        request,
        "incidents/tile_all.html",
        {
            "incident": incident,
            "tile_template": tile.template,
            "tile": TileContext(tile, request, incident),
            "can_write": can_write(request.user),
        },
    )


@require_GET
def incident_pulse(request: HttpRequest, pk: int) -> HttpResponse:
    """Live viewers ask every few seconds whether anything changed: 204 when not (one query)."""
    version, part_versions = incident_pulse_for_user(request.user, pk)
    try:
        seen = int(request.GET.get("v", "0"))
    except ValueError:
        seen = 0
    if seen == version:
        return HttpResponse(status=204)
    # The change set: only tiles showing one of these parts refresh (None: all of them).
    parts = services.changed_parts(part_versions, version, seen)
    response = render(
        request, "incidents/detail.html#pulse", {"incident": {"pk": pk, "version": version}}
    )
    return trigger_client_event(
        response, INCIDENT_CHANGED, {"version": version, "parts": parts or ["*"]}
    )


@require_GET
def incident_audit(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    if is_partner(request.user, incident):
        raise Http404  # a partner guest never learns the audit trail exists
    if not request.user.is_staff:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, people=selectors.audit_people(incident))
    form.is_valid()  # the valid filters apply; a wrong one is shown with its error
    filters = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v}
    page = Paginator(selectors.audit_events(incident, **filters), 50).get_page(
        request.GET.get("page")
    )
    for event in page:
        event.label = audit.label(event.action)
        event.lines = audit.change_lines(event)
    status = 422 if form.errors else 200
    context = {"incident": incident, "page": page, "form": form}
    return render(request, "incidents/audit.html", context, status=status)


# --- Classification ---------------------------------------------------------------------------


CLASSIFICATION_PAGE = "incidents/classification_edit.html"
CLASSIFICATION_EDITOR = "incidents/tiles/classification.html#classification-editor"


@require_http_methods(["GET", "POST"])
def classification_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit one block (?block=cause) or all six inline; the reason is always required."""
    incident = get_incident_for_user(request.user, pk, write=True)
    only = request.GET.get("block") or request.POST.get("only")
    only = only if only in BLOCKS else None
    current = selectors.classification_current(incident)
    form = ClassificationForm(request.POST or None, current=current, only=only)
    context = {"incident": incident, "form": form, "only": only}
    template = CLASSIFICATION_PAGE + ("#classification-form" if request.htmx else "")
    if request.method == "GET":
        return render(request, template, context)
    save = partial(_classification_save, request, incident, form)
    result = save_form(form, save, refresh=lambda: {"expected_id": current.pk})
    if result.saved:
        editor = partial(render, request, CLASSIFICATION_EDITOR, {"incident": incident})
        return saved_answer(request, incident, editor)
    context["stale_changes"] = result.stale_changes
    return render(request, template, context, status=result.status)


def _classification_save(request, incident, form, data) -> None:
    services.classification_change(
        incident=incident,
        actor=request.user,
        changes=form.changes(),
        reason=data["reason"],
        assumed_blocks=data["assumed"],
        expected_classification_id=data["expected_id"],
        confirm=request.POST.get("confirm") == "1",
    )


ORGANISATION_FORM = TileForm(
    AffectedOrganisationForm,
    "incidents/tiles/organisations.html#organisation-form",
    "organisation_form",
    {"open": True},
)
DECISION_FORM = TileForm(
    DecisionForm, "incidents/tiles/decisions.html#decision-form", "decision_form", {"open": True}
)
ACTION_FORM = TileForm(
    ActionForm, "incidents/tiles/actions.html#action-form", "action_form", {"open": True}
)


@require_POST
def organisation_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    return ORGANISATION_FORM.submit(request, incident, service=services.affected_organisation_add)


# --- Logbook ----------------------------------------------------------------------------------


_NO_SUCH_ENTRY = _lazy(
    "De regel die u wilt corrigeren staat niet in dit logboek. Kies ‘corrigeer’ bij de regel zelf."
)


LOG_FORM = "incidents/tiles/log.html#log-form"


def _log_entry_or_none(incident, pk, user) -> LogEntry | None:
    """The incident's log entry with this id, or None for an unknown, foreign or garbled id,
    or one above the user's clearance (its text would be shown in the correction form)."""
    visible = tlps_visible_at(reader_clearance(user, incident))
    try:
        return incident.log_entries.filter(tlp__in=visible).get(pk=int(pk))
    except (LogEntry.DoesNotExist, TypeError, ValueError):
        return None


@require_http_methods(["GET", "POST"])
def log_add(request: HttpRequest, pk: int) -> HttpResponse:
    """GET ?corrects=<id> gives the form pre-filled to correct an entry; POST adds the entry.
    Partner guests may add lines too (their organisation is the source)."""
    incident = get_incident_for_user(request.user, pk, write=True, partner_may_write=True)
    if request.method == "GET":
        return _log_correction_form(request, incident)
    form = LogEntryForm(request.POST, initial={"tlp": incident.tlp})
    correcting = _log_entry_or_none(incident, request.POST.get("corrects"), request.user)

    def save(data):
        if data.pop("corrects") and correcting is None:
            raise ValidationError(_NO_SUCH_ENTRY)
        services.log_entry_add(incident=incident, actor=request.user, corrects=correcting, **data)

    result = save_form(form, save)
    if result.saved:
        category = form.cleaned_data["category"]
        return saved_answer(request, incident, partial(_next_log_form, request, incident, category))
    context = {"incident": incident, "log_form": form, "correcting": correcting}
    return render(request, LOG_FORM, context, status=result.status)


def _next_log_form(request, incident, category: str) -> HttpResponse:
    fresh = LogEntryForm(initial={"tlp": incident.tlp, "category": category})
    # The next line is typed at once: htmx focuses [autofocus] after the swap (it would
    # otherwise put the focus back on the field that had it, often *bron*).
    fresh.fields["text"].widget.attrs["autofocus"] = True
    return render(request, LOG_FORM, {"incident": incident, "log_form": fresh})


def _log_correction_form(request, incident) -> HttpResponse:
    corrects = _log_entry_or_none(incident, request.GET.get("corrects"), request.user)
    if corrects is None:
        blank = LogEntryForm(initial={"tlp": incident.tlp})
        context = {"incident": incident, "log_form": blank, "log_error": _NO_SUCH_ENTRY}
        return render(request, LOG_FORM, context, status=422)
    fields = ("category", "text", "source", "tlp")
    form = LogEntryForm(
        initial={"corrects": corrects.pk, **{name: getattr(corrects, name) for name in fields}}
    )
    context = {"incident": incident, "log_form": form, "correcting": corrects}
    return render(request, LOG_FORM, context)


# --- Decisions and actions --------------------------------------------------------------------


@require_POST
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    visible = tlps_visible_at(reader_clearance(request.user, incident))
    return DECISION_FORM.submit(
        request,
        incident,
        service=services.decision_record,
        form_kwargs={"incident": incident, "visible": visible},
    )


@require_POST
def decision_evaluate(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    decision = get_object_or_404(Decision, pk=decision_pk, incident=incident)
    change = partial(
        services.decision_set_evaluation,
        decision=decision,
        evaluation=request.POST.get("evaluation", ""),
        reevaluate_at=None,
    )
    return _status_change(request, incident, "decisions", change)


def _status_change(request, incident, tile: str, change) -> HttpResponse:
    """A row's status select posts one bare value (no form): ``change(actor=...)`` calls the
    service, which refuses a wrong one (422, a plain sentence); a change answers with the
    tile's body, refreshed."""
    try:
        change(actor=request.user)
    except ValidationError:
        return HttpResponse(_("Kies een geldige status."), status=422)

    def body():
        context = {
            "incident": incident,
            "tile": registry.get_tile(tile).context(request, incident),
            "can_write": can_write(request.user),
        }
        return render(request, f"incidents/tiles/{tile}.html#{tile}-body", context)

    return saved_answer(request, incident, body)


@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    """GET ?decision=<id> or ?log_entry=<id> gives the form linked to its source."""
    incident = get_incident_for_user(request.user, pk, write=True)
    if request.method == "GET":
        initial = {
            key: request.GET[key] for key in ("decision", "log_entry") if request.GET.get(key)
        }
        form = ActionForm(initial=initial, incident=incident)
        context = {"incident": incident, "action_form": form, "open": True}
        return render(request, ACTION_FORM.partial, context)
    return ACTION_FORM.submit(
        request, incident, service=services.action_create, form_kwargs={"incident": incident}
    )


@require_POST
def action_status(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    action = get_object_or_404(Action, pk=action_pk, incident=incident)
    change = partial(
        services.action_set_status, action=action, status=request.POST.get("status", "")
    )
    return _status_change(request, incident, "actions", change)
