"""Writes for the playbook: keyword-only <entity>_<action> functions that validate, save,
audit and touch the incident (live viewers refresh)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from incidents.services import audit_record, incident_touch

from .models import StakeholderInvolvement


@transaction.atomic
def stakeholder_mark_informed(
    *, involvement: StakeholderInvolvement, actor=None, at: datetime | None = None
) -> StakeholderInvolvement:
    """Record that the stakeholder has been informed (used by notifications after sending)."""
    involvement.informed_at = at or timezone.now()
    involvement.informed_by = actor if actor is not None and actor.is_authenticated else None
    involvement.save(update_fields=["informed_at", "informed_by"])
    audit_record(
        actor=actor,
        action="playbook.stakeholder.informed",
        incident=involvement.incident,
        obj=involvement,
        after={
            "stakeholder": involvement.stakeholder.slug,
            "informed_at": involvement.informed_at.isoformat(),
        },
    )
    incident_touch(involvement.incident)
    return involvement
