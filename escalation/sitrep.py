"""Sitrep sections: the Cyber-Crisis-Cirkel (order 30) and the reporting points (order 65)."""

from __future__ import annotations

from incidents.tlp import TLP, visible_at

from . import selectors, tiles


def cirkel_section(incident, *, audience_tlp: str, since=None) -> dict:
    """The cirkel itself only shows positions and team names (TLP:CLEAR); the list of affected
    vital processes carries the incident's own label and is left out for lower audiences."""
    context = tiles.cirkel_context(incident)
    records = [r for r in selectors.incident_vital_processes(incident) if r.is_active]
    show_processes = visible_at(incident.tlp, audience_tlp)
    return {
        **context,
        "grip_label": incident.grip_label,
        "processes": records if show_processes else [],
        "processes_withheld": bool(records) and not show_processes,
        "new_keys": {r.pk for r in records if since and r.updated_at > since},
        "tlp": incident.tlp if show_processes and records else TLP.CLEAR,
        "is_empty": False,
    }


def reporting_section(incident, *, audience_tlp: str, since=None) -> dict | None:
    """Done and open reporting points. Point names come from the TLP:GREEN decision tree;
    to whom and by whom something was reported carries the incident's label."""
    run = selectors.reporting_run_current(incident)
    if run is None:
        return {"is_empty": True, "tlp": TLP.CLEAR, "items": [], "run": None}
    if not visible_at(run.tree.tlp, audience_tlp):
        return {"is_empty": True, "tlp": TLP.CLEAR, "items": [], "run": None, "withheld": True}
    show_details = visible_at(incident.tlp, audience_tlp)
    items = list(run.items.all())
    return {
        "run": run,
        "done": [item for item in items if item.is_done],
        "open": [item for item in items if not item.is_done],
        "items": items,
        "show_details": show_details,
        "new_ids": {
            item.pk for item in items if since and item.is_done and item.reported_at > since
        },
        "tlp": incident.tlp if show_details else run.tree.tlp,
        "is_empty": not items,
    }
