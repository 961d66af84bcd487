"""Reads for the escalation tiles and pages, each in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch

from incidents.models import AffectedOrganisation

from .models import (
    GripChange,
    GripChecklistTick,
    GripLevel,
    IncidentVitalProcess,
    Measure,
    RecoveryItem,
    RecoveryStatus,
    RecoveryUpdate,
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


# --- Measures and recovery (nafase) -----------------------------------------------------------

# Lists on a page stop here and link to "toon alle" (nothing on a page grows with the incident).
LIST_LIMIT = 25


def bounded(queryset, *, show_all: bool, limit: int = LIST_LIMIT) -> tuple[list, int]:
    """(rows, total): at most `limit` rows unless show_all; total from one COUNT."""
    total = queryset.count()
    rows = list(queryset if show_all else queryset[:limit])
    return rows, total


def measures(incident, *, status: str | None = None):
    queryset = Measure.objects.filter(incident=incident).select_related("created_by")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("since", "pk")


def recovery_items(incident, *, open_only: bool = False):
    queryset = RecoveryItem.objects.filter(incident=incident).select_related(
        "organisation", "vital_process__process", "owner_user"
    )
    if open_only:
        queryset = queryset.exclude(
            status=RecoveryStatus.CONFIRMED, societal_effects_ended_at__isnull=False
        )
    return queryset.order_by("disrupted_since", "pk")


def recovery_history(item, *, limit: int = 10) -> tuple[list, int]:
    queryset = RecoveryUpdate.objects.filter(item=item).select_related("created_by")
    return list(queryset.order_by("-status_at", "-pk")[:limit]), queryset.count()


def recovery_subjects(incident) -> tuple[list, list]:
    """Organisations and affected vital processes of the incident not yet followed."""
    followed = RecoveryItem.objects.filter(incident=incident)
    organisations = list(
        AffectedOrganisation.objects.filter(incident=incident)
        .exclude(pk__in=followed.exclude(organisation=None).values("organisation"))
        .order_by("name")
    )
    processes = list(
        IncidentVitalProcess.objects.filter(incident=incident)
        .exclude(pk__in=followed.exclude(vital_process=None).values("vital_process"))
        .select_related("process")
        .order_by("process__order", "process__name")
    )
    return organisations, processes


def open_effects(incident) -> dict:
    """What is still there, for the afschalen form (the card's criteria)."""
    return {
        "processes": list(
            IncidentVitalProcess.objects.filter(
                incident=incident, status__in=IncidentVitalProcess.ACTIVE
            ).select_related("process")[:LIST_LIMIT]
        ),
        "recovery": list(recovery_items(incident, open_only=True)[:LIST_LIMIT]),
    }
