"""Who is who and "mijn taken": reads about people in an incident (crisis functions,
members, the relief roster). Fixed number of queries, bounded lists."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from incidents.access import reader_clearance
from incidents.models import Action, Incident, Membership
from incidents.selectors import action_tlp
from incidents.tlp import visible_at

from .models import IncidentChecklistItem, RosterEntry

WHO_IS_WHO_LIMIT = 12  # functions on the tile; the relief page has the whole roster
MY_ACTIONS_LIMIT = 50


def _key(function_id, name: str):
    return ("id", function_id) if function_id else ("text", name.strip().casefold())


def who_is_who(incident: Incident, now: datetime | None = None) -> list[dict]:
    """Per function: who holds it now (the roster's current shift, else the members with that
    function) and who takes over next (the roster's next shift). Two queries."""
    now = now or timezone.now()
    rows: dict = {}

    def row(function_id, name: str, order: int) -> dict:
        return rows.setdefault(
            _key(function_id, name),
            {"function": name, "order": order, "now": [], "members": [], "next": None},
        )

    entries: list[RosterEntry] = list(
        RosterEntry.objects.filter(incident=incident)
        .select_related("crisis_function")
        .order_by("starts_at", "pk")
    )
    for entry in entries:
        function = entry.crisis_function
        current = row(entry.crisis_function_id, entry.function, function.order if function else 999)
        if entry.starts_at <= now < entry.ends_at:
            current["now"].append(entry)
        elif entry.starts_at > now and current["next"] is None:
            current["next"] = entry
    for membership in (
        Membership.objects.filter(incident=incident, function__isnull=False, is_partner=False)
        .select_related("user", "function")
        .order_by("function__order", "user__username")
    ):
        row(membership.function_id, membership.function.name, membership.function.order)[
            "members"
        ].append(membership.user)
    return sorted(rows.values(), key=lambda r: (r["order"], r["function"].casefold()))


def my_tasks(user, incident: Incident) -> dict:
    """The attention points of the user's crisis function for this incident and their open
    actions, filtered on their clearance."""
    membership = (
        Membership.objects.filter(incident=incident, user=user).select_related("function").first()
    )
    function = membership.function if membership else None
    points = []
    if function is not None:
        points = list(
            IncidentChecklistItem.objects.filter(incident=incident, item__functions=function)
            .select_related("item", "done_by")
            .order_by("done", "item__list", "item__order", "pk")
        )
    clearance = reader_clearance(user, incident)
    actions = []
    withheld = 0
    rows = list(
        Action.objects.filter(incident=incident, owner_user=user, status__in=Action.OPEN_STATUSES)
        .select_related("decision", "log_entry", "owner_user")
        .order_by("due_at", "pk")[: MY_ACTIONS_LIMIT + 1]
    )
    for action in rows[:MY_ACTIONS_LIMIT]:
        action.tlp = action_tlp(action, incident)
        if visible_at(action.tlp, clearance):
            actions.append(action)
        else:
            withheld += 1
    return {
        "function": function,
        "points": points,
        "open_points": sum(not point.done for point in points),
        "actions": actions,
        "actions_more": len(rows) > MY_ACTIONS_LIMIT,
        "withheld": withheld,
    }
