from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from incidents.access import can_read, can_write, get_incident_for_user, incidents_for_user
from incidents.htmx import FormResult, button_answer, incident_changed, save_form, saved_answer
from incidents.models import Team
from playbook import selectors as playbook_selectors

from . import cirkel, reporting, selectors, services, tiles
from .forms import (
    GripChangeForm,
    MeasureEndForm,
    MeasureForm,
    RecoveryItemForm,
    RecoveryUpdateForm,
    ReportingItemForm,
    ScaleDownForm,
    VitalProcessForm,
)
from .models import GripLevel, Measure, RecoveryItem, ReportingItem

# --- Tile forms -------------------------------------------------------------------------------

# The tile forms answered outside their tile: (template, partial, tile context).
_TILE_FORMS = {
    "grip": ("escalation/tiles/grip.html", "grip-form", tiles.grip_context),
    "vital": ("escalation/tiles/vital.html", "vital-form", tiles.vital_context),
}


def _tile_form(request, incident, name: str, result: FormResult, message: str) -> HttpResponse:
    """A tile form's answer: saved, a fresh form (plain post: back to the dashboard with
    ``message``); refused, the form with the input and the messages, as a fragment for htmx and
    as a page of its own otherwise (there is no dashboard to put it in)."""
    template, partial, tile_context = _TILE_FORMS[name]

    def page(form=None, stale_changes=None, status=200):
        context = {
            "incident": incident,
            "tile": tile_context(request, incident, form=form),
            "can_write": True,
            "stale_changes": stale_changes,
        }
        if request.htmx:
            return render(request, f"{template}#{partial}", context, status=status)
        context["tile_template"] = template
        return render(request, "escalation/form_page.html", context, status=status)

    if result.saved:
        return saved_answer(request, incident, page, message=message)
    return page(result.form, result.stale_changes, result.status)


# --- GRIP -------------------------------------------------------------------------------------


def _grip_decision(data: dict) -> dict:
    """A GRIP form's cleaned data as the service's arguments."""
    decision = dict(data)
    decision["expected_level_id"] = decision.pop("expected_level") or 0  # 0: no level seen
    decision["team"] = decision["team"] or Team.ROT
    return decision


def _level_now(incident) -> dict:
    """After a stale GRIP post: the form is based on the level the user has just been shown."""
    current = selectors.grip_current(incident)
    return {"expected_level": current.pk if current else 0}


@require_POST
def grip_change(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    form = GripChangeForm(request.POST, levels=selectors.grip_levels())
    result = save_form(
        form,
        lambda data: services.grip_change(
            incident=incident, actor=request.user, **_grip_decision(data)
        ),
        refresh=lambda: _level_now(incident),
    )
    return _tile_form(request, incident, "grip", result, _("Het GRIP-niveau is gewijzigd."))


@require_POST
def grip_checklist_tick(request: HttpRequest, pk: int, level_pk: int, index: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    level = get_object_or_404(GripLevel, pk=level_pk, is_active=True)
    tick = partial(
        services.grip_checklist_tick,
        incident=incident,
        actor=request.user,
        level=level,
        index=index,
        done=request.POST.get("done") == "1",
    )

    def body(status):  # after the tick: the checklist as it now is
        context = {"incident": incident, "tile": tiles.grip_context(request, incident)}
        return render(request, "escalation/tiles/grip.html#grip-body", context, status=status)

    dashboard = reverse("incidents:detail", args=[incident.pk]) + "#tile-grip"
    return button_answer(request, incident, tick, redirect_to=dashboard, fragment=body)


# --- Advice -----------------------------------------------------------------------------------


# --- Vital processes --------------------------------------------------------------------------


@require_POST
def vital_set(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    form = VitalProcessForm(request.POST, processes=selectors.vital_processes_current())
    result = save_form(
        form,
        lambda data: services.vital_process_set(incident=incident, actor=request.user, **data),
    )
    return _tile_form(request, incident, "vital", result, _("De vitale processen zijn bijgewerkt."))


# --- Cyber-Crisis-Cirkel ----------------------------------------------------------------------


@require_GET
def incident_cirkel(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    context = tiles.cirkel_context(incident) | {"reference": cirkel.reference_text()}
    return render(request, "escalation/cirkel.html", {"incident": incident, **context})


@require_GET
def cirkel_blank(request: HttpRequest) -> HttpResponse:
    if not can_read(request.user):
        raise PermissionDenied
    context = {"picture": cirkel.picture(None), "reference": cirkel.reference_text()}
    return render(request, "escalation/cirkel.html", context)


# --- Reporting decision tree ------------------------------------------------------------------


def _walk(request) -> tuple[reporting.Walk, str]:
    """The walk for the request's answers, and a Dutch message when they had to be dropped."""
    tree = reporting.active_tree()
    if tree is None:
        raise Http404
    data = reporting.load_tree(tree)
    try:
        answers = reporting.parse_answers(request.GET.getlist("a"))
        return reporting.walk(data, answers), ""
    except reporting.EmptyOutcome:
        error = _(
            "Deze antwoorden leveren geen meldpunt op; laat de beheerder de beslisboom nakijken. "
            "Begin opnieuw."
        )
    except reporting.InvalidAnswers:
        # A stale or hand-made link: start again rather than guess, and say so.
        error = _("Deze antwoorden passen niet bij de beslisboom; begin opnieuw.")
    return reporting.walk(data, {}), error


def _for_whom(data, incident, sectors) -> tuple:
    """(organisation, sector, error) named in `data` (GET or POST).

    On an incident with affected organisations the user picks one of them (`org`; absent: the
    first whose sector is known, else the first); otherwise, or when the general wizard
    passes one, a sector (`sector`, a slug)."""
    organisations = list(incident.affected_organisations.all()) if incident else []
    match = playbook_selectors.sector_reporting_match
    if organisations and not (data.get("org") is None and data.get("sector")):
        raw = data.get("org")
        if raw is None:
            known = [o for o in organisations if match(sectors, o.sector)]
            organisation = (known or organisations)[0]
        elif not raw:
            return None, None, ""
        else:
            organisation = next((o for o in organisations if str(o.pk) == raw), None)
            if organisation is None:
                return None, None, _("Kies een getroffen organisatie van dit incident.")
        return organisation, match(sectors, organisation.sector), ""
    raw = data.get("sector") or ""
    sector = next((row for row in sectors if row.slug == raw), None)
    if raw and sector is None:
        return None, None, _("Kies een sector uit de lijst.")
    return None, sector, ""


def _wizard(
    request, walk: reporting.Walk, error: str = "", *, incident=None, attach_to=None
) -> HttpResponse:
    wizard_url = (
        reverse("escalation:incident_reporting_tree", args=[incident.pk])
        if incident
        else reverse("escalation:reporting_tree")
    )
    back = urlencode([("a", value) for value in walk.back_params])
    asked = request.GET.get("q")
    context = {
        "walk": walk,
        "error": error,
        "incident": incident,
        "wizard_url": wizard_url,
        "back_url": f"{wizard_url}?{back}" if back else wizard_url,
        "missing_answer": bool(asked and walk.next_question and asked == walk.next_question.key),
        "can_write": can_write(request.user),
        "attach_to": attach_to or [],
    }
    if walk.is_complete:
        sectors = playbook_selectors.sector_reportings()
        organisation, sector, party_error = _for_whom(request.GET, incident, sectors)
        context |= {
            "outcome": reporting.outcome(walk, sector),
            "organisations": list(incident.affected_organisations.all()) if incident else [],
            "sectors": sectors,
            "organisation": organisation,
            "sector": sector,
            "party_error": party_error,
        }
    if request.htmx and not request.htmx.boosted:
        return render(request, "escalation/reporting_tree.html#wizard", context)
    return render(request, "escalation/reporting_tree.html", context)


@require_GET
def reporting_tree(request: HttpRequest) -> HttpResponse:
    if not can_read(request.user):
        raise PermissionDenied
    walk, error = _walk(request)
    attach_to = []
    if walk.is_complete and can_write(request.user):
        attach_to = list(incidents_for_user(request.user).order_by("-last_activity_at")[:50])
    return _wizard(request, walk, error, attach_to=attach_to)


@require_GET
def incident_reporting_tree(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    walk, error = _walk(request)
    return _wizard(request, walk, error, incident=incident)


def _attach(request, incident) -> HttpResponse:
    tree = reporting.active_tree()
    if tree is None:
        raise Http404
    target = reverse("escalation:incident_reporting_tree", args=[incident.pk])
    organisation, sector, error = _for_whom(
        request.POST, incident, playbook_selectors.sector_reportings()
    )
    if error:
        messages.error(request, error)
    else:
        try:
            answers = reporting.parse_answers(request.POST.getlist("a"))
            services.reporting_run_attach(
                incident=incident,
                actor=request.user,
                tree=tree,
                answers=answers,
                organisation=organisation,
                sector=sector,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except reporting.InvalidAnswers:
            messages.error(
                request, _("De antwoorden zijn onvolledig; doorloop de beslisboom opnieuw.")
            )
        else:
            messages.success(
                request, _("De meldpunten zijn als checklist aan het incident gekoppeld.")
            )
            target = incident.get_absolute_url()
    if request.htmx:
        return HttpResponseClientRedirect(target)
    return redirect(target)


@require_POST
def incident_reporting_tree_attach(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    return _attach(request, incident)


@require_POST
def reporting_tree_attach(request: HttpRequest) -> HttpResponse:
    incident = get_incident_for_user(request.user, request.POST.get("incident"), write=True)
    return _attach(request, incident)


# --- Reporting checklist ----------------------------------------------------------------------


@require_GET
def reporting_history(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    return render(
        request,
        "escalation/reporting_history.html",
        {"incident": incident, "runs": selectors.reporting_runs(incident)},
    )


def _item(incident, item_pk) -> ReportingItem:
    return get_object_or_404(
        ReportingItem.objects.select_related("reported_by", "run"),
        pk=item_pk,
        run__incident=incident,
    )


def _item_response(request, incident, item, result: FormResult | None = None) -> HttpResponse:
    """The item's row: fresh after a change (a plain post goes back to the dashboard), or with
    the refused form, its message and the input (also without htmx)."""

    def row(item, form=None, status=200):
        context = {"incident": incident, "item": item, "can_write": True, "item_form": form}
        return render(
            request, "escalation/tiles/reporting.html#reporting-item", context, status=status
        )

    if result is not None and not result.saved:
        return row(item, result.form, result.status)
    return saved_answer(request, incident, lambda: row(_item(incident, item.pk)))


@require_POST
def reporting_item_mark(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    item = _item(incident, item_pk)
    result = save_form(
        ReportingItemForm(request.POST),
        lambda data: services.reporting_item_mark(item=item, actor=request.user, **data),
    )
    return _item_response(request, incident, item, result)


@require_POST
def reporting_item_unmark(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    item = services.reporting_item_unmark(item=_item(incident, item_pk), actor=request.user)
    return _item_response(request, incident, item)


# --- Afschalen, maatregelen, herstel ----------------------------------------------------------


def _done(request, url: str, message: str) -> HttpResponse:
    messages.success(request, message)
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@require_http_methods(["GET", "POST"])
def scale_down(request: HttpRequest, pk: int) -> HttpResponse:
    """Afschalen: the GRIP change downward, beside the card's criteria."""
    incident = get_incident_for_user(request.user, pk, write=request.method == "POST")
    current = selectors.grip_current(incident)
    form = ScaleDownForm(request.POST or None, levels=selectors.grip_levels(), current=current)
    status, stale_changes = 200, None
    if request.method == "POST":
        result = save_form(
            form,
            lambda data: services.grip_scale_down(
                incident=incident, actor=request.user, **_grip_decision(data)
            ),
            refresh=lambda: _level_now(incident),
        )
        if result.saved:
            return _done(request, incident.get_absolute_url(), _("Er is afgeschaald."))
        status, stale_changes = result.status, result.stale_changes
    context = {
        "incident": incident,
        "form": form,
        "stale_changes": stale_changes,
        "current": current,
        "effects": selectors.open_effects(incident),
        "measures": list(selectors.measures(incident, status=Measure.Status.OPEN)[:25]),
        "measure_count": services.measures_open(incident).count(),
        "can_write": can_write(request.user),
    }
    return render(request, "escalation/scale_down.html", context, status=status)


def _list_answer(request, incident, result, page, context, *, message=None) -> HttpResponse:
    """A list page's answer to a form; ``page`` is (template, its list's partial, URL name).

    Unposted (``result`` None): the page. Refused: the page with the form. Saved: htmx gets the
    fresh list, a plain post with ``message`` goes back to the page with it as a flash.
    """
    template, partial, url_name = page
    template = f"{template}#{partial}" if request.htmx else template
    if result is None or not result.saved:
        return render(request, template, context, status=result.status if result else 200)
    if message or request.htmx:
        url = reverse(url_name, args=[incident.pk])
        return saved_answer(
            request,
            incident,
            lambda: render(request, template, context),
            redirect_to=url,
            message=message,
        )
    # A row's form posted without htmx: the page again, fresh.
    return incident_changed(render(request, template, context), incident)


def _measures_response(
    request, incident, result=None, *, message=None, create_form=None, bound=None
):
    """The measures page (htmx: its list) after ``result``; a refused form is shown where it
    was posted: the new-measure form (``create_form``) or a row's (``bound={pk: (edit, end)}``)."""
    if result is None or result.saved:
        create_form = bound = None
    show_all = request.GET.get("alle") == "1"
    rows, total = selectors.bounded(selectors.measures(incident), show_all=show_all)
    for measure in rows:
        edit, end = (bound or {}).get(measure.pk, (None, None))
        measure.edit_form = edit or MeasureForm(
            prefix_id=f"maatregel_{measure.pk}",
            initial={
                "title": measure.title,
                "owner": measure.owner,
                "since": timezone.localtime(measure.since),
                "end_criterion": measure.end_criterion,
            },
        )
        measure.end_form = end or MeasureEndForm(prefix_id=f"einde_{measure.pk}")
        measure.form_open = measure.pk in (bound or {})
    context = {
        "incident": incident,
        "rows": rows,
        "total": total,
        "show_all": show_all,
        "form": create_form or MeasureForm(),
        "can_write": can_write(request.user),
    }
    page = ("escalation/measures.html", "measures", "escalation:measures")
    return _list_answer(request, incident, result, page, context, message=message)


@require_http_methods(["GET", "POST"])
def measures(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=request.method == "POST")
    if request.method == "GET":
        return _measures_response(request, incident)
    form = MeasureForm(request.POST)
    result = save_form(
        form, lambda data: services.measure_create(incident=incident, actor=request.user, **data)
    )
    message = _("De maatregel is vastgelegd.")
    return _measures_response(request, incident, result, message=message, create_form=form)


def _measure(incident, measure_pk) -> Measure:
    return get_object_or_404(Measure, pk=measure_pk, incident=incident)


@require_POST
def measure_edit(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    measure = _measure(incident, measure_pk)
    form = MeasureForm(request.POST, prefix_id=f"maatregel_{measure.pk}")
    result = save_form(
        form, lambda data: services.measure_update(measure=measure, actor=request.user, **data)
    )
    return _measures_response(request, incident, result, bound={measure.pk: (form, None)})


@require_POST
def measure_end(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    measure = _measure(incident, measure_pk)
    form = MeasureEndForm(request.POST, prefix_id=f"einde_{measure.pk}")
    result = save_form(
        form,
        lambda data: services.measure_end(
            measure=measure,
            actor=request.user,
            reason=data["end_reason"],
            ended_at=data["ended_at"],
        ),
    )
    return _measures_response(request, incident, result, bound={measure.pk: (None, form)})


def _recovery_response(
    request, incident, result=None, *, message=None, create_form=None, bound=None
):
    """The recovery page (htmx: its list) after ``result``; a refused form is shown where it
    was posted: the new-item form (``create_form``) or a row's update (``bound={pk: form}``)."""
    if result is None or result.saved:
        create_form = bound = None
    show_all = request.GET.get("alle") == "1"
    rows, total = selectors.bounded(selectors.recovery_items(incident), show_all=show_all)
    organisations, processes = selectors.recovery_subjects(incident)
    for item in rows:
        item.update_form = (bound or {}).get(item.pk) or RecoveryUpdateForm(item=item)
        item.form_open = item.pk in (bound or {})
    context = {
        "incident": incident,
        "rows": rows,
        "total": total,
        "show_all": show_all,
        "form": create_form
        or RecoveryItemForm(incident=incident, organisations=organisations, processes=processes),
        "has_subjects": bool(organisations or processes),
        "can_write": can_write(request.user),
        "now": timezone.now(),
    }
    page = ("escalation/recovery.html", "recovery", "escalation:recovery")
    return _list_answer(request, incident, result, page, context, message=message)


@require_http_methods(["GET", "POST"])
def recovery(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=request.method == "POST")
    if request.method == "GET":
        return _recovery_response(request, incident)
    organisations, processes = selectors.recovery_subjects(incident)
    form = RecoveryItemForm(
        request.POST, incident=incident, organisations=organisations, processes=processes
    )

    def save(data):
        kind, _sep, subject_pk = data.pop("subject").partition("-")

        def pick(rows, wanted):
            return next((r for r in rows if kind == wanted and str(r.pk) == subject_pk), None)

        services.recovery_item_add(
            incident=incident,
            actor=request.user,
            organisation=pick(organisations, "org"),
            vital_process=pick(processes, "proc"),
            **data,
        )

    result = save_form(form, save)
    message = _("Het herstelpunt is vastgelegd.")
    return _recovery_response(request, incident, result, message=message, create_form=form)


@require_POST
def recovery_update(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    item = get_object_or_404(RecoveryItem, pk=item_pk, incident=incident)
    form = RecoveryUpdateForm(request.POST, item=item)
    result = save_form(
        form, lambda data: services.recovery_item_update(item=item, actor=request.user, **data)
    )
    message = _("Het herstel is bijgewerkt.")
    return _recovery_response(request, incident, result, message=message, bound={item.pk: form})


@require_GET
def recovery_history(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    item = get_object_or_404(
        RecoveryItem.objects.select_related("organisation", "vital_process__process", "owner_user"),
        pk=item_pk,
        incident=incident,
    )
    show_all = request.GET.get("alle") == "1"
    updates, total = selectors.recovery_history(item, limit=10_000 if show_all else 50)
    return render(
        request,
        "escalation/recovery_history.html",
        {"incident": incident, "item": item, "updates": updates, "total": total},
    )
