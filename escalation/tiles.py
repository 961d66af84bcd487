"""Dashboard tile contexts: `context(request, incident) -> dict`, a fixed number of queries."""

from __future__ import annotations

from incidents.access import can_write
from incidents.selectors import classification_current

from . import advice, cirkel, selectors
from .forms import GripChangeForm, VitalProcessForm
from .models import IncidentVitalProcess


def grip_context(request, incident, *, form=None) -> dict:
    levels = selectors.grip_levels()
    history = selectors.grip_history(incident)
    current = history[0].to_level if history else None
    if form is None:
        form = GripChangeForm(levels=levels, current=current)
    checklist = selectors.grip_checklist(incident, current)
    return {
        "checklist": checklist,
        # Open while steps remain: a team that was just activated works through it.
        "checklist_open": any(step["tick"] is None for step in checklist),
        "levels": levels,
        "history": history,
        "current": current,
        "lowest": levels[0] if levels else None,
        "form": form,
        "can_write": can_write(request.user),
    }


def incident_facts(incident) -> advice.Facts:
    current = selectors.grip_current(incident)
    return advice.facts_for(
        incident,
        classification=classification_current(incident),
        grip_rank=current.rank if current else None,
    )


def advice_context(request, incident) -> dict:
    facts = incident_facts(incident)
    return {"facts": facts, "advice": advice.advise(facts, texts=advice.advice_texts())}


def vital_context(request, incident, *, form=None) -> dict:
    records = selectors.incident_vital_processes(incident)
    processes = selectors.vital_processes_current()
    if form is None:
        form = VitalProcessForm(processes=processes)
    active = [record for record in records if record.is_active]
    return {
        "records": records,
        "active": active,
        "recovered": [record for record in records if not record.is_active],
        "vital_count": sum(1 for record in active if record.process.is_vital),
        "form": form,
        "statuses": IncidentVitalProcess.Status,
        "can_write": can_write(request.user),
    }


def reporting_context(request, incident) -> dict:
    run = selectors.reporting_run_current(incident)
    items = list(run.items.all()) if run else []
    return {
        "run": run,
        "items": items,
        "done": [item for item in items if item.is_done],
        "open": [item for item in items if not item.is_done],
        "can_write": can_write(request.user),
    }


def cirkel_context(incident) -> dict:
    facts = incident_facts(incident)
    return {"facts": facts, "picture": cirkel.picture(facts)}


# --- Outside the cached bodies (Tile.outside): forms only -------------------------------------


def grip_outside(request, incident) -> dict:
    writer = can_write(request.user)
    form = None
    if writer:
        current = selectors.grip_current(incident)
        form = GripChangeForm(levels=selectors.grip_levels(), current=current)
    return {"can_write": writer, "form": form}


def vital_outside(request, incident) -> dict:
    writer = can_write(request.user)
    form = VitalProcessForm(processes=selectors.vital_processes_current()) if writer else None
    return {"can_write": writer, "form": form}


def reporting_outside(request, incident) -> dict:
    return {"can_write": can_write(request.user)}
