"""Every write to an incident goes through a function here (or in another app's services.py).

Each one validates, saves, writes an AuditEvent and bumps the incident's version so live
viewers refresh. Functions are keyword-only and named <entity>_<action>.

Callers use this package, never its modules: ``from incidents import services`` then
``services.log_entry_add(...)``, or ``from incidents.services import log_entry_add``. The
modules split the functions by subject:

- ``recording``: audit_record/audit_via and incident_touch/changed_parts (PARTS), which every
  service ends with;
- ``incident``: open, change and close the incident (register fields), affected organisations,
  the GRIP label;
- ``membership``: members and their clearance (reads in incidents/members.py, partner guests
  in incidents/partners.py);
- ``classification``: the duiding;
- ``logbook``: log lines and their corrections;
- ``decisions``: the besluitenlijst and the actielijst.

A service calling another one imports it from its module (decision_record uses
logbook.log_entry_add), so a test that replaces a service patches it in the module that calls it.
"""

from django.core.exceptions import ValidationError

from ..validators import StaleEdit
from .classification import classification_change
from .decisions import action_create, action_set_status, decision_record, decision_set_evaluation
from .incident import (
    INCIDENT_FIELDS,
    affected_organisation_add,
    incident_open,
    incident_set_grip_label,
    incident_update,
)
from .logbook import log_entry_add
from .membership import (
    default_clearance,
    membership_add,
    membership_change,
    membership_remove,
    validate_clearance,
)
from .recording import ALL_PARTS, PARTS, audit_record, audit_via, changed_parts, incident_touch

__all__ = [
    "ALL_PARTS",
    "INCIDENT_FIELDS",
    "PARTS",
    "StaleEdit",
    "ValidationError",
    "action_create",
    "action_set_status",
    "affected_organisation_add",
    "audit_record",
    "audit_via",
    "changed_parts",
    "classification_change",
    "decision_record",
    "decision_set_evaluation",
    "default_clearance",
    "incident_open",
    "incident_set_grip_label",
    "incident_touch",
    "incident_update",
    "log_entry_add",
    "membership_add",
    "membership_change",
    "membership_remove",
    "validate_clearance",
]
