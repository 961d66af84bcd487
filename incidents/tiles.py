"""Context builders for the incidents app's own dashboard tiles (registered in apps.py)."""

from . import selectors, services
from .access import can_write
from .forms import ActionForm, AffectedOrganisationForm, DecisionForm, LogEntryForm
from .models import BLOCKS, LogEntry


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
        "summary": services.classification_summary(current),
        "history": history,
    }


def picture_tile(request, incident) -> dict:
    return {"entries": selectors.picture_entries(incident)}


LOG_TILE_LIMIT = 25  # the dashboard shows the latest lines; "toon meer" shows LOG_TILE_MORE
LOG_TILE_MORE = 500


def log_tile(request, incident) -> dict:
    category = request.GET.get("category", "")
    if category not in LogEntry.Category.values:
        category = ""
    show_more = bool(request.GET.get("meer"))
    limit = LOG_TILE_MORE if show_more else LOG_TILE_LIMIT
    entries = selectors.log_entries(incident, category=category, limit=limit + 1)
    return {
        "entries": entries[:limit],
        "has_more": len(entries) > limit,
        "show_more": show_more,
        "category": category,
        "categories": LogEntry.Category.choices,
        "form": LogEntryForm(initial={"tlp": incident.tlp}) if can_write(request.user) else None,
    }


def decisions_tile(request, incident) -> dict:
    decisions = selectors.decision_list(incident)
    return {
        "decisions": decisions,
        "due": [d for d in decisions if d.is_due_for_review],
        "form": DecisionForm(incident=incident) if can_write(request.user) else None,
    }


def actions_tile(request, incident) -> dict:
    actions = selectors.open_actions(incident)
    return {
        "actions": actions,
        "overdue_count": sum(a.is_overdue for a in actions),
        "form": ActionForm(incident=incident) if can_write(request.user) else None,
    }


def organisations_tile(request, incident) -> dict:
    return {
        "organisations": list(incident.affected_organisations.all()),
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
    return {"form": DecisionForm(incident=incident) if can_write(request.user) else None}


def actions_outside(request, incident) -> dict:
    return {"form": ActionForm(incident=incident) if can_write(request.user) else None}


def organisations_outside(request, incident) -> dict:
    return {"form": AffectedOrganisationForm() if can_write(request.user) else None}
