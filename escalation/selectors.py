"""Reads for the escalation tiles and pages, each in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch

from .models import (
    GripChange,
    GripChecklistTick,
    GripLevel,
    IncidentVitalProcess,
    ReportingItem,
    ReportingRun,
    VitalProcess,
    VitalProcessList,
)


def grip_levels() -> list[GripLevel]:
    return list(GripLevel.objects.filter(is_active=True).order_by("rank"))


def grip_history(incident) -> list[GripChange]:
    """Newest first; the first row's to_level is the current level."""
    return list(
        GripChange.objects.filter(incident=incident)
        .select_related("from_level", "to_level", "created_by", "log_entry")
        .order_by("-decided_at", "-pk")
    )


def grip_current(incident) -> GripLevel | None:
    change = (
        GripChange.objects.filter(incident=incident)
        .select_related("to_level")
        .order_by("-decided_at", "-pk")
        .first()
    )
    return change.to_level if change else None


def grip_checklist(incident, level: GripLevel | None) -> list[dict]:
    """The current level's team-activation steps with their tick (one query)."""
    if level is None or not level.activation_checklist:
        return []
    ticks = {
        tick.index: tick
        for tick in GripChecklistTick.objects.filter(incident=incident, level=level).select_related(
            "done_by"
        )
    }
    return [
        {"index": index, "text": text, "tick": ticks.get(index)}
        for index, text in enumerate(level.activation_checklist)
    ]


def incident_vital_processes(incident) -> list[IncidentVitalProcess]:
    return list(
        IncidentVitalProcess.objects.filter(incident=incident)
        .select_related("process", "process__process_list", "updated_by")
        .order_by("process__order", "process__name")
    )


def vital_processes_current() -> list[VitalProcess]:
    process_list = VitalProcessList.objects.filter(is_current=True).first()
    if process_list is None:
        return []
    return list(process_list.processes.order_by("order", "name"))


def _runs(incident):
    return ReportingRun.objects.filter(incident=incident).select_related(
        "tree", "created_by", "organisation", "sector"
    )


def _items():
    # Items with their concrete parties (directory rows with contact fields) and the
    # point's current note: two queries for any number of items.
    return Prefetch(
        "items",
        queryset=ReportingItem.objects.select_related("reported_by", "point")
        .prefetch_related("parties")
        .order_by("order", "pk"),
    )


def reporting_run_current(incident) -> ReportingRun | None:
    return _runs(incident).prefetch_related(_items()).order_by("-created_at", "-pk").first()


def reporting_runs(incident) -> list[ReportingRun]:
    return list(_runs(incident).prefetch_related(_items()).order_by("-created_at", "-pk"))
