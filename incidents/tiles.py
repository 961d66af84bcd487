"""Context builders for the incidents app's own dashboard tiles (registered in apps.py)."""

from urllib.parse import urlencode

from django.utils import timezone

from . import picture, selectors
from .access import can_write, is_partner, reader_clearance
from .bounded import TILE_ROWS, bounded
from .forms import ActionForm, AffectedOrganisationForm, DecisionForm, LogEntryForm
from .models import BLOCKS, LogEntry
from .tlp import TLP, tlps_visible_at
from .validators import LINE_MAX_LENGTH


def _mark_assumption_changes(history: list) -> None:
    """Give each history item `assumption_notes`: (label, is_assumption) for the blocks that
    became or stopped being an assumption without a new value (a changed value shows its own
    mark), so the history keeps the *aanname* marks the current view shows."""
    for newer, older in zip(history, [*history[1:], None], strict=True):
        before = set(older.assumed_blocks) if older is not None else set()
        now = set(newer.assumed_blocks)
        newer.assumption_notes = [
            (label, block in now)
            for block, (label, _choices) in BLOCKS.items()
            if block not in newer.changed_blocks and (block in now) != (block in before)
        ]


def classification_tile(request, incident) -> dict:
    history = selectors.classification_history(incident)
    _mark_assumption_changes(history)
    current = history[0]
    return {
        "current": current,
        "rows": current.rows(),
        "summary": selectors.classification_summary(current),
        "history": history,
    }


def _visible(request, incident) -> list[str]:
    return tlps_visible_at(reader_clearance(request.user, incident))


def picture_tile(request, incident) -> dict:
    """The current totaalbeeld (with the age and *verouderd* marks of the deelbeelden it rests
    on) and the current deelbeelden, TILE_ROWS at most; until there is a totaalbeeld, the
    newest *beeld* log lines too."""
    visible = _visible(request, incident)
    state = picture.picture_state(incident, visible=visible, limit=TILE_ROWS)
    return {
        "state": state,
        "overall": state.overall,
        "partials": state.partials,
        "entries": []
        if state.overall is not None
        else selectors.picture_entries(incident, visible=visible),
    }


LOG_TILE_LIMIT = 25  # lines per page; "oudere regels" pages on by (event time, id)


def _entry_param(request, incident, name: str) -> LogEntry | None:
    try:
        pk = int(request.GET.get(name, ""))
    except ValueError:
        return None
    return incident.log_entries.filter(pk=pk).only("pk", "occurred_at").first()


def log_tile(request, incident) -> dict:
    """GET parameters (kept by every refresh and link): category, q (search), voor=<id> (the
    page of lines older than that one) or vanaf=<id> (the page starting at that line)."""
    category = request.GET.get("category", "")
    if category not in LogEntry.Category.values:
        category = ""
    q = request.GET.get("q", "").strip()[:LINE_MAX_LENGTH]
    before = _entry_param(request, incident, "voor")
    from_entry = None if before else _entry_param(request, incident, "vanaf")
    clearance = reader_clearance(request.user, incident)
    entries = selectors.log_entries(
        incident,
        category=category,
        q=q,
        visible=tlps_visible_at(clearance),
        before=before,
        from_entry=from_entry,
        limit=LOG_TILE_LIMIT + 1,
    )
    shown = entries[:LOG_TILE_LIMIT]
    params = {key: value for key, value in (("category", category), ("q", q)) if value}
    cursor = {"voor": before.pk} if before else {"vanaf": from_entry.pk} if from_entry else {}
    return {
        "entries": shown,
        "has_more": len(entries) > LOG_TILE_LIMIT,
        "older_query": urlencode(params | {"voor": shown[-1].pk}) if shown else "",
        "query": urlencode(params | cursor),
        "filter_query": urlencode(params),
        "is_paged": bool(cursor),
        "category": category,
        "category_label": LogEntry.Category(category).label if category else "",
        "q": q,
        "clearance": clearance,
        "tlp_filtered": clearance != TLP.RED,
        "categories": LogEntry.Category.choices,
        # Partner guests add log lines too (incidents.views.log_add lets them).
        "form": LogEntryForm(initial={"tlp": incident.tlp})
        if can_write(request.user) or is_partner(request.user, incident)
        else None,
    }


def decisions_tile(request, incident) -> dict:
    visible = _visible(request, incident)
    return {
        "decisions": bounded(
            request, selectors.decision_list(incident, visible=visible), tile="decisions"
        ),
        "due_count": selectors.decisions_due(incident, visible=visible).count(),
        "form": DecisionForm(incident=incident, visible=visible)
        if can_write(request.user)
        else None,
    }


def actions_tile(request, incident) -> dict:
    # Only the actions whose label (selectors.action_tlp) the reader's clearance allows, so the
    # decision each carries out is one the reader may see.
    actions = selectors.open_actions(incident, visible=_visible(request, incident))
    rows = bounded(request, actions.select_related("owner_user", "decision"), tile="actions")
    for action in rows:
        action.decision_shown = action.decision
    return {
        "actions": rows,
        "overdue_count": actions.filter(due_at__lt=timezone.now()).count(),
        "form": ActionForm(incident=incident) if can_write(request.user) else None,
    }


def organisations_tile(request, incident) -> dict:
    return {
        "organisations": bounded(
            request, incident.affected_organisations.order_by("name", "pk"), tile="organisations"
        ),
        "municipalities": incident.municipality_list,
        "form": AffectedOrganisationForm() if can_write(request.user) else None,
    }


# --- Outside the cached bodies (Tile.outside): forms and filters only -------------------------


def log_outside(request, incident) -> dict:
    writer = can_write(request.user)
    return {
        "categories": LogEntry.Category.choices,
        "form": LogEntryForm(initial={"tlp": incident.tlp}) if writer else None,
    }


def decisions_outside(request, incident) -> dict:
    if not can_write(request.user):
        return {"form": None}
    return {"form": DecisionForm(incident=incident, visible=_visible(request, incident))}


def actions_outside(request, incident) -> dict:
    return {"form": ActionForm(incident=incident) if can_write(request.user) else None}


def organisations_outside(request, incident) -> dict:
    return {"form": AffectedOrganisationForm() if can_write(request.user) else None}
