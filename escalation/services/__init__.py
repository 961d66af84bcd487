"""Writes for escalation: GRIP changes, affected vital processes, reporting runs and items,
measures, recovery.

Each function validates, saves, audits and bumps the incident's version (incident_touch) so
live viewers refresh.

Callers use this package, never its modules: ``from escalation import services`` then
``services.grip_change(...)``, or ``from escalation.services import measure_create``. The
modules split the functions by subject:

- ``grip``: the GRIP level: grip_change and its steps, grip_scale_down (afschalen), the ticks
  of a level's team-activation checklist;
- ``vital``: affected vital processes and the reporting checklist (decision tree runs and
  their items);
- ``measures``: measures in force, their end, and the close check on open ones;
- ``recovery``: the nafase: recovery items, their updates and the weekly reminders;
- ``common``: what they share (the incident lock, FUTURE_TOLERANCE, ISO times in audit data).

A service calling another one imports it from its module (grip_scale_down uses grip_change
and measures.measures_open), so a test that replaces a service patches it in the module that
calls it.
"""

from .common import FUTURE_TOLERANCE
from .grip import NO_LEVEL, grip_change, grip_checklist_tick, grip_scale_down
from .measures import close_check, measure_create, measure_end, measure_update, measures_open
from .recovery import (
    REMIND_AFTER,
    recovery_item_add,
    recovery_item_update,
    recovery_items_due_for_reminder,
    recovery_reminders_send,
)
from .vital import (
    reporting_item_mark,
    reporting_item_unmark,
    reporting_run_attach,
    vital_process_set,
)

__all__ = [
    "FUTURE_TOLERANCE",
    "NO_LEVEL",
    "REMIND_AFTER",
    "close_check",
    "grip_change",
    "grip_checklist_tick",
    "grip_scale_down",
    "measure_create",
    "measure_end",
    "measure_update",
    "measures_open",
    "recovery_item_add",
    "recovery_item_update",
    "recovery_items_due_for_reminder",
    "recovery_reminders_send",
    "reporting_item_mark",
    "reporting_item_unmark",
    "reporting_run_attach",
    "vital_process_set",
]
