from __future__ import annotations

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
from incidents.htmx import apply_errors, incident_changed
from incidents.models import Team
from incidents.services import StaleEdit
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


def _form_response(request, incident, template: str, partial: str, tile: dict, status: int):
    if request.htmx:
        return render(
            request,
            f"{template}#{partial}",
            {"incident": incident, "tile": tile, "can_write": True},
            status=status,
        )
    return render(
        request,
        "escalation/form_page.html",
        {"incident": incident, "tile": tile, "tile_template": template, "can_write": True},
        status=status,
    )


# --- GRIP -------------------------------------------------------------------------------------


@require_POST
def grip_change(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    levels = selectors.grip_levels()
    form = GripChangeForm(request.POST, levels=levels)
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.grip_change(
                incident=incident,
                actor=request.user,
                to_level=data["to_level"],
                decided_by=data["decided_by"],
                decided_by_function=data["decided_by_function"],
                reason=data["reason"],
                expected_level_id=data["expected_level"] or 0,
                team=data["team"] or Team.ROT,
                decided_at=data["decided_at"],
            )
        except StaleEdit as exc:
            form.add_error(None, [exc.message, *exc.changes])
            status = 409
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not request.htmx:
                messages.success(request, _("Het GRIP-niveau is gewijzigd."))
                return redirect(incident)
            tile = tiles.grip_context(request, incident)
            response = render(
                request,
                "escalation/tiles/grip.html#grip-form",
                {"incident": incident, "tile": tile, "can_write": True},
            )
            return incident_changed(response, incident)
    if status == 409:
        # Re-render with the level as it is now, keeping what the user typed.
        current = selectors.grip_current(incident)
        form.data = form.data.copy()
        form.data["expected_level"] = current.pk if current else 0
    tile = tiles.grip_context(request, incident, form=form)
    return _form_response(
        request, incident, "escalation/tiles/grip.html", "grip-form", tile, status
    )


@require_POST
def grip_checklist_tick(request: HttpRequest, pk: int, level_pk: int, index: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    level = get_object_or_404(GripLevel, pk=level_pk, is_active=True)
    status = 200
    try:
        services.grip_checklist_tick(
            incident=incident,
            actor=request.user,
            level=level,
            index=index,
            done=request.POST.get("done") == "1",
        )
    except ValidationError as exc:
        if not request.htmx:
            messages.error(request, " ".join(exc.messages))
        status = 422
    if not request.htmx:
        return redirect(reverse("incidents:detail", args=[incident.pk]) + "#tile-grip")
    response = render(
        request,
        "escalation/tiles/grip.html#grip-body",
        {"incident": incident, "tile": tiles.grip_context(request, incident)},
        status=status,
    )
    return incident_changed(response, incident) if status == 200 else response


# --- Advice -----------------------------------------------------------------------------------


# --- Vital processes --------------------------------------------------------------------------


@require_POST
def vital_set(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    processes = selectors.vital_processes_current()
    form = VitalProcessForm(request.POST, processes=processes)
    if form.is_valid():
        try:
            services.vital_process_set(incident=incident, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not request.htmx:
                messages.success(request, _("De vitale processen zijn bijgewerkt."))
                return redirect(incident)
            tile = tiles.vital_context(request, incident)
            response = render(
                request,
                "escalation/tiles/vitaal.html#vitaal-form",
                {"incident": incident, "tile": tile, "can_write": True},
            )
            return incident_changed(response, incident)
    tile = tiles.vital_context(request, incident, form=form)
    return _form_response(
        request, incident, "escalation/tiles/vitaal.html", "vitaal-form", tile, 422
    )


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
        reverse("escalation:incident_beslisboom", args=[incident.pk])
        if incident
        else reverse("escalation:beslisboom")
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
        return render(request, "escalation/beslisboom.html#wizard", context)
    return render(request, "escalation/beslisboom.html", context)


@require_GET
def beslisboom(request: HttpRequest) -> HttpResponse:
    if not can_read(request.user):
        raise PermissionDenied
    walk, error = _walk(request)
    attach_to = []
    if walk.is_complete and can_write(request.user):
        attach_to = list(incidents_for_user(request.user).order_by("-last_activity_at")[:50])
    return _wizard(request, walk, error, attach_to=attach_to)


@require_GET
def incident_beslisboom(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    walk, error = _walk(request)
    return _wizard(request, walk, error, incident=incident)


def _attach(request, incident) -> HttpResponse:
    tree = reporting.active_tree()
    if tree is None:
        raise Http404
    target = reverse("escalation:incident_beslisboom", args=[incident.pk])
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
def incident_beslisboom_attach(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    return _attach(request, incident)


@require_POST
def beslisboom_attach(request: HttpRequest) -> HttpResponse:
    incident = get_incident_for_user(request.user, request.POST.get("incident"), write=True)
    return _attach(request, incident)


# --- Reporting checklist ----------------------------------------------------------------------


@require_GET
def reporting_history(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    return render(
        request,
        "escalation/meldpunten.html",
        {"incident": incident, "runs": selectors.reporting_runs(incident)},
    )


def _item(incident, item_pk) -> ReportingItem:
    return get_object_or_404(
        ReportingItem.objects.select_related("reported_by", "run"),
        pk=item_pk,
        run__incident=incident,
    )


def _item_response(request, incident, item, *, status=200, form=None) -> HttpResponse:
    if not request.htmx and form is None:
        return redirect(incident)
    # Without htmx a refused form still answers with the item, its message and the input.
    response = render(
        request,
        "escalation/tiles/meldpunten.html#meldpunt-item",
        {"incident": incident, "item": item, "can_write": True, "item_form": form},
        status=status,
    )
    return incident_changed(response, incident) if status == 200 else response


@require_POST
def reporting_item_mark(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    item = _item(incident, item_pk)
    form = ReportingItemForm(request.POST)
    if form.is_valid():
        try:
            item = services.reporting_item_mark(
                item=item, actor=request.user, reported_to=form.cleaned_data["reported_to"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
    if form.errors:
        return _item_response(request, incident, item, status=422, form=form)
    item = _item(incident, item.pk)
    return _item_response(request, incident, item)


@require_POST
def reporting_item_unmark(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    item = services.reporting_item_unmark(item=_item(incident, item_pk), actor=request.user)
    return _item_response(request, incident, _item(incident, item.pk))


# --- Afschalen, maatregelen, herstel ----------------------------------------------------------


def _done(request, incident, url: str, message: str) -> HttpResponse:
    messages.success(request, message)
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@require_http_methods(["GET", "POST"])
def scale_down(request: HttpRequest, pk: int) -> HttpResponse:
    """Afschalen: the GRIP change downward, beside the card's criteria."""
    incident = get_incident_for_user(request.user, pk, write=request.method == "POST")
    levels = selectors.grip_levels()
    current = selectors.grip_current(incident)
    form = ScaleDownForm(request.POST or None, levels=levels, current=current)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.grip_scale_down(
                    incident=incident,
                    actor=request.user,
                    to_level=data["to_level"],
                    decided_by=data["decided_by"],
                    decided_by_function=data["decided_by_function"],
                    reason=data["reason"],
                    coordination_by=data["coordination_by"],
                    remaining_effects=data["remaining_effects"],
                    expected_level_id=data["expected_level"] or 0,
                    team=data["team"] or Team.ROT,
                    decided_at=data["decided_at"],
                )
            except StaleEdit as exc:
                form.add_error(None, [exc.message, *exc.changes])
                status = 409
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return _done(
                    request, incident, incident.get_absolute_url(), _("Er is afgeschaald.")
                )
    context = {
        "incident": incident,
        "form": form,
        "current": current,
        "effects": selectors.open_effects(incident),
        "measures": list(selectors.measures(incident, status=Measure.Status.OPEN)[:25]),
        "measure_count": services.measures_open(incident).count(),
        "can_write": can_write(request.user),
    }
    return render(request, "escalation/afschalen.html", context, status=status)


def _measures_response(request, incident, *, status=200, create_form=None, bound=None):
    show_all = request.GET.get("alle") == "1"
    rows, total = selectors.bounded(selectors.measures(incident), show_all=show_all)
    writer = can_write(request.user)
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
        "can_write": writer,
    }
    template = "escalation/maatregelen.html"
    response = render(
        request, f"{template}#measures" if request.htmx else template, context, status=status
    )
    return (
        incident_changed(response, incident)
        if status == 200 and request.method == "POST"
        else response
    )


@require_http_methods(["GET", "POST"])
def measures(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=request.method == "POST")
    if request.method == "GET":
        return _measures_response(request, incident)
    form = MeasureForm(request.POST)
    if form.is_valid():
        try:
            services.measure_create(incident=incident, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not request.htmx:
                return _done(request, incident, request.path, _("De maatregel is vastgelegd."))
            return _measures_response(request, incident)
    return _measures_response(request, incident, status=422, create_form=form)


@require_POST
def measure_edit(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    measure = get_object_or_404(Measure, pk=measure_pk, incident=incident)
    form = MeasureForm(request.POST, prefix_id=f"maatregel_{measure.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.measure_update(
                measure=measure, actor=request.user, **{**data, "since": data["since"]}
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _measures_response(request, incident)
    return _measures_response(request, incident, status=422, bound={measure.pk: (form, None)})


@require_POST
def measure_end(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    measure = get_object_or_404(Measure, pk=measure_pk, incident=incident)
    form = MeasureEndForm(request.POST, prefix_id=f"einde_{measure.pk}")
    if form.is_valid():
        try:
            services.measure_end(
                measure=measure,
                actor=request.user,
                reason=form.cleaned_data["end_reason"],
                ended_at=form.cleaned_data["ended_at"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _measures_response(request, incident)
    return _measures_response(request, incident, status=422, bound={measure.pk: (None, form)})


def _recovery_response(request, incident, *, status=200, create_form=None, bound=None):
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
    template = "escalation/herstel.html"
    response = render(
        request, f"{template}#recovery" if request.htmx else template, context, status=status
    )
    return (
        incident_changed(response, incident)
        if status == 200 and request.method == "POST"
        else response
    )


@require_http_methods(["GET", "POST"])
def recovery(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=request.method == "POST")
    if request.method == "GET":
        return _recovery_response(request, incident)
    organisations, processes = selectors.recovery_subjects(incident)
    form = RecoveryItemForm(
        request.POST, incident=incident, organisations=organisations, processes=processes
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        kind, _sep, subject_pk = data.pop("subject").partition("-")
        subject = {
            "organisation": next((o for o in organisations if str(o.pk) == subject_pk), None)
            if kind == "org"
            else None,
            "vital_process": next((p for p in processes if str(p.pk) == subject_pk), None)
            if kind == "proc"
            else None,
        }
        try:
            services.recovery_item_add(incident=incident, actor=request.user, **subject, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not request.htmx:
                return _done(request, incident, request.path, _("Het herstelpunt is vastgelegd."))
            return _recovery_response(request, incident)
    return _recovery_response(request, incident, status=422, create_form=form)


@require_POST
def recovery_update(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    item = get_object_or_404(RecoveryItem, pk=item_pk, incident=incident)
    form = RecoveryUpdateForm(request.POST, item=item)
    if form.is_valid():
        try:
            services.recovery_item_update(item=item, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not request.htmx:
                return _done(
                    request,
                    incident,
                    reverse("escalation:herstel", args=[incident.pk]),
                    _("Het herstel is bijgewerkt."),
                )
            return _recovery_response(request, incident)
    return _recovery_response(request, incident, status=422, bound={item.pk: form})


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
        "escalation/herstel_geschiedenis.html",
        {"incident": incident, "item": item, "updates": updates, "total": total},
    )
