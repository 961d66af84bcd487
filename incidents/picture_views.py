"""The picture page (*beeldvorming*, issue 14): a deelbeeld per discipline and the totaalbeeld.

Members who may write and partner guests set deelbeelden (a guest's organisation is recorded);
only members who may write set the totaalbeeld; a Bestuurder reads. Everything is filtered on
the reader's clearance (incidents.picture takes ``visible``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from . import picture, registry
from .access import can_write, get_incident_for_user, is_partner
from .forms import OverallPictureForm, PartialPictureForm
from .htmx import save_form, saved_answer, submit_form
from .models import Discipline

HISTORY_ROWS = 20  # on the page and per discipline; "toon alle" pages on by PAGE_ROWS
PAGE_ROWS = 100
TEMPLATE = "incidents/picture.html"


def _partial_form(incident, discipline, visible, data=None) -> PartialPictureForm:
    return PartialPictureForm(
        data, discipline=discipline, visible=visible, initial_tlp=incident.tlp
    )


def _overall_form(incident, partials, visible, data=None) -> OverallPictureForm:
    return OverallPictureForm(data, partials=partials, visible=visible, initial_tlp=incident.tlp)


def _context(request, incident, *, visible) -> dict:
    """The whole page: every active discipline's current deelbeeld (with its form when the
    reader may set one), the current totaalbeeld and the newest totaalbeelden. A fixed number
    of queries, however many disciplines and deelbeelden there are."""
    partner = is_partner(request.user, incident)
    writer = can_write(request.user) and not partner
    state = picture.picture_state(incident, visible=visible)
    current = {p.discipline_id: p for p in state.partials}
    rows = [
        {
            "discipline": discipline,
            "current": current.get(discipline.pk),
            "form": _partial_form(incident, discipline, visible) if writer or partner else None,
        }
        for discipline in picture.active_disciplines()
    ]
    history = list(picture.overall_pictures(incident, visible=visible)[: HISTORY_ROWS + 1])
    for overall in history:
        picture.mark_overall(overall, last_meeting=state.last_meeting)
    return {
        "incident": incident,
        "rows": rows,
        "state": state,
        "overall": state.overall,
        "overall_history": history[1:HISTORY_ROWS],
        "overall_history_more": len(history) > HISTORY_ROWS,
        "overall_form": _overall_form(incident, state.partials, visible) if writer else None,
        "may_write": writer,
        "is_partner": partner,
        "hidden": picture.has_hidden_pictures(incident, visible=visible),
        "refresh_ids": ",".join(
            ["#overall-current", *(f"#discipline-{row['discipline'].slug}-current" for row in rows)]
        ),
    }


@require_GET
def picture_page(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    visible = picture.visible_labels(request.user, incident)
    return render(request, TEMPLATE, _context(request, incident, visible=visible))


@require_POST
def partial_picture_set(request: HttpRequest, pk: int, discipline_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True, partner_may_write=True)
    discipline = get_object_or_404(Discipline, pk=discipline_pk, is_active=True)
    visible = picture.visible_labels(request.user, incident)
    form = _partial_form(incident, discipline, visible, request.POST)
    result = save_form(
        form,
        lambda data: picture.partial_picture_set(
            incident=incident, actor=request.user, discipline=discipline, **data
        ),
    )
    if not result.saved:
        return _row(request, incident, discipline, visible, form=form, status=result.status)
    fresh = _partial_form(incident, discipline, visible)
    return saved_answer(
        request,
        incident,
        lambda: _row(request, incident, discipline, visible, form=fresh),
        redirect_to=reverse("incidents:picture", args=[incident.pk]),
    )


def _row(request, incident, discipline, visible, *, form, status: int = 200) -> HttpResponse:
    """One discipline's block: its current deelbeeld and ``form`` (bound after an error)."""
    current = next(
        (
            p
            for p in picture.current_partial_pictures(incident, visible=visible)
            if p.discipline_id == discipline.pk
        ),
        None,
    )
    picture.mark([current] if current else [], last_meeting=registry.last_meeting_at(incident))
    row = {"discipline": discipline, "current": current, "form": form}
    return render(
        request,
        f"{TEMPLATE}#discipline-row",
        {"incident": incident, "row": row, "open": status != 200},
        status=status,
    )


@require_POST
def overall_picture_set(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    if is_partner(request.user, incident):
        raise PermissionDenied  # a guest adds a deelbeeld; the totaalbeeld is the region's
    visible = picture.visible_labels(request.user, incident)
    partials = picture.current_partial_pictures(incident, visible=visible)
    form = _overall_form(incident, partials, visible, request.POST)
    return submit_form(
        request,
        incident,
        form,
        save=lambda data: picture.overall_picture_set(
            incident=incident,
            actor=request.user,
            text=data["text"],
            tlp=data["tlp"],
            occurred_at=data["occurred_at"],
            based_on=form.based_on_pictures(),
        ),
        partial=f"{TEMPLATE}#overall-form",
        form_key="overall_form",
        # The next form offers the deelbeelden as they stand after this save.
        blank=lambda: _overall_form(
            incident, picture.current_partial_pictures(incident, visible=visible), visible
        ),
        redirect_to=reverse("incidents:picture", args=[incident.pk]),
        error_context={"open": True},
    )


def _history_page(request, rows, *, show_all: bool):
    """(rows shown, whether more exist, the page when showing all)."""
    if show_all:
        page = Paginator(rows, PAGE_ROWS).get_page(request.GET.get("pagina"))
        return list(page.object_list), False, page
    shown = list(rows[: HISTORY_ROWS + 1])
    return shown[:HISTORY_ROWS], len(shown) > HISTORY_ROWS, None


@require_GET
def picture_history(request: HttpRequest, pk: int, discipline_pk: int | None = None):
    """The history of one discipline's deelbeelden, or (no discipline) of the totaalbeelden:
    the newest HISTORY_ROWS, or with ?alle=1 every one, PAGE_ROWS a page."""
    incident = get_incident_for_user(request.user, pk)
    visible = picture.visible_labels(request.user, incident)
    discipline = None
    if discipline_pk is not None:
        discipline = get_object_or_404(Discipline, pk=discipline_pk)
        rows = picture.partial_picture_history(incident, discipline, visible=visible)
    else:
        rows = picture.overall_pictures(incident, visible=visible)
    show_all = request.GET.get("alle") == "1"
    shown, more, page = _history_page(request, rows, show_all=show_all)
    last_meeting = registry.last_meeting_at(incident)
    for item in shown:
        if discipline is None:
            picture.mark_overall(item, last_meeting=last_meeting)
        else:
            picture.mark([item], last_meeting=last_meeting)
    here = (
        reverse("incidents:picture_history", args=[incident.pk, discipline.pk])
        if discipline
        else reverse("incidents:overall_history", args=[incident.pk])
    )
    context = {
        "incident": incident,
        "discipline": discipline,
        "history": shown,
        "more": more,
        "page": page,
        "all_url": f"{here}?alle=1",
        "hidden": picture.has_hidden_pictures(incident, visible=visible),
    }
    template = "incidents/picture_history.html"
    if request.htmx and not show_all:
        template += "#picture-history"
    return render(request, template, context)
