"""How every write is recorded: the audit event and the version bump that live viewers follow.

- ``audit_record`` writes one AuditEvent (codes in incidents/audit.py::ACTIONS); ``audit_via``
  says, for a caller that is not a page (the REST API), how the changes in its block came in;
- ``incident_touch`` bumps the incident's version and marks which PARTS changed, so only the
  live tiles showing those parts refresh; ``changed_parts`` is the viewer's side of that.

Every service in this package, and the services of the other apps, end with these two.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.db.models import F, Func, JSONField
from django.utils import timezone

from .. import audit
from ..access import partner_organisation
from ..models import AuditEvent, Incident

# Set by a caller that is not a page (the REST API) for the writes it makes; audit_record
# stores it on every AuditEvent written meanwhile, so the services need no extra argument.
_audit_via: ContextVar[str] = ContextVar("audit_via", default="")


@contextmanager
def audit_via(label: str):
    """Every audit event written inside this block says how the change came in."""
    token = _audit_via.set(label[:150])
    try:
        yield
    finally:
        _audit_via.reset(token)


def audit_record(
    *,
    actor,
    action: str,
    incident: Incident | None = None,
    obj: Any = None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Write one audit event; `action` is a code of incidents/audit.py::ACTIONS."""
    audit.check(action)
    # Every action of a partner guest names their organisation (issue 16).
    organisation = partner_organisation(actor, incident) if incident is not None else ""
    if organisation:
        after = {**(after or {}), "partner_organisation": organisation}
    return AuditEvent.objects.create(
        incident=incident,
        actor=actor if actor and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        before=before,
        after=after,
        via=_audit_via.get(),
    )


class _MarkParts(Func):
    """``part_versions`` with each named part set to ``version + 1``: one UPDATE, no read.

    In an UPDATE's SET clause ``version`` is the old value, so ``version + 1`` is the new one.
    """

    output_field = JSONField()

    def __init__(self, parts):
        self.parts = sorted(parts)
        super().__init__(F("part_versions"), F("version"))

    def as_sql(self, compiler, connection, **extra):
        pv_sql, pv_params = compiler.compile(self.source_expressions[0])
        v_sql, v_params = compiler.compile(self.source_expressions[1])
        params = list(pv_params)
        if connection.vendor == "postgresql":
            pairs = []
            for part in self.parts:
                pairs.append(f"%s::text, {v_sql} + 1")
                params += [part, *v_params]
            sql = f"(COALESCE({pv_sql}, '{{}}'::jsonb) || jsonb_build_object({', '.join(pairs)}))"
        else:  # SQLite (and MySQL-like json_set)
            pairs = []
            for part in self.parts:
                pairs.append(f"%s, {v_sql} + 1")
                params += [f'$."{part}"', *v_params]
            sql = f"json_set(COALESCE({pv_sql}, '{{}}'), {', '.join(pairs)})"
        return sql, params


# Every part a service may name. A tile declares the parts it shows (incidents.registry.Tile).
PARTS = frozenset(
    {
        "incident",  # the register fields, members, TLP: everything may change
        "classification",
        "organisations",
        "picture",
        "log",
        "decisions",
        "actions",
        "grip",
        "vital",
        "reporting",
        "checklist",
        "key_decisions",
        "dilemmas",
        "relief",
        "stakeholders",
        "notifications",
        "communication",
        "sitreps",
        "members",  # memberships: functions, clearances, partner guests ("wie is wie")
        "measures",
        "recovery",
        "evaluation",
        "meetings",  # ROT/GBT/RBT meetings, agendas, minutes, tabled items (meetings app)
    }
)
ALL_PARTS = "*"


def incident_touch(incident: Incident, parts=None) -> None:
    """Bump the version (live viewers refresh) and the last-activity time in one query.

    ``parts`` names what changed (e.g. ``{"log"}``); live tiles that do not show any of them
    stay as they are. Without ``parts`` every tile refreshes (the safe default).
    """
    parts = {ALL_PARTS} if not parts else set(parts)
    unknown = parts - PARTS - {ALL_PARTS}
    if unknown:
        raise ValueError(f"unknown incident parts: {sorted(unknown)}")
    now = timezone.now()
    Incident.objects.filter(pk=incident.pk).update(
        version=F("version") + 1, last_activity_at=now, part_versions=_MarkParts(parts)
    )
    incident.refresh_from_db(fields=["version", "last_activity_at", "part_versions"])
    # The saving browser's own response names the parts too (incidents.htmx.incident_changed).
    touched = getattr(incident, "_touched_parts", set())
    incident._touched_parts = touched | parts


def changed_parts(part_versions: dict, version: int, seen: int, *, max_gap: int = 50):
    """The parts changed after version ``seen``, or None for "refresh everything".

    None when the viewer has no version, missed too many versions, a change named every part,
    or the latest version was bumped without naming its parts.
    """
    if seen <= 0 or seen > version or version - seen > max_gap:
        return None
    part_versions = part_versions or {}
    if not part_versions or max(part_versions.values()) != version:
        return None
    if part_versions.get(ALL_PARTS, 0) > seen:
        return None
    return sorted(part for part, v in part_versions.items() if v > seen)


def _snapshot(obj, fields) -> dict:
    data = {}
    for field in fields:
        value = getattr(obj, field)
        data[field] = value.isoformat() if isinstance(value, datetime) else value
    return data
