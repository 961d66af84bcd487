"""Writes for the playbook: keyword-only <entity>_<action> functions that validate, save,
audit and touch the incident (live viewers refresh).

Callers use this package, never its modules: ``from playbook import services`` then
``services.key_decision_take(...)``, or ``from playbook.services import playbook_ensure``. The
modules split the functions by subject:

- ``checklists``: the incident's own copies of the playbook's lists (playbook_ensure and its
  incident_opened receiver) and ticking a checklist item;
- ``key_decisions``: taking a key decision or marking it open / not applicable, and the records
  of process key decisions other features carry out (key_decision_record_linked, the
  grip_changed receiver, the slugs);
- ``dilemmas``: a team's position on a dilemma;
- ``relief``: the relief roster (aflossing) and the next meeting;
- ``stakeholders``: the stakeholder analysis and marking stakeholders informed (one or a batch).

A service calling another one imports it from its module (roster_entry_add and
stakeholder_mark_informed use key_decisions.key_decision_record_linked), so a test that
replaces a service patches it in the module that calls it.
"""

from .checklists import checklist_item_set, on_incident_opened, playbook_ensure
from .dilemmas import dilemma_position_record
from .key_decisions import (
    INFORM_SLUG,
    RELIEF_SLUG,
    SCALING_SLUG,
    key_decision_record_linked,
    key_decision_set_outcome,
    key_decision_take,
    on_grip_changed,
)
from .relief import next_meeting_set, roster_entry_add, roster_entry_remove
from .stakeholders import stakeholder_involve, stakeholder_mark_informed, stakeholders_mark_informed

__all__ = [
    "INFORM_SLUG",
    "RELIEF_SLUG",
    "SCALING_SLUG",
    "checklist_item_set",
    "dilemma_position_record",
    "key_decision_record_linked",
    "key_decision_set_outcome",
    "key_decision_take",
    "next_meeting_set",
    "on_grip_changed",
    "on_incident_opened",
    "playbook_ensure",
    "roster_entry_add",
    "roster_entry_remove",
    "stakeholder_involve",
    "stakeholder_mark_informed",
    "stakeholders_mark_informed",
]
