"""The incident's own copies of the playbook's lists (key decisions and checklist items:
playbook_ensure, and its incident_opened receiver) and ticking a checklist item."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from incidents.models import Incident
from incidents.services import audit_record, incident_touch

from ..models import (
    INCIDENT_LISTS,
    ChecklistItem,
    IncidentChecklistItem,
    IncidentKeyDecision,
    KeyDecision,
)


def playbook_ensure(incident: Incident) -> None:
    """Give the incident its own key decisions and checklists (idempotent, fixed query count).

    Called when an incident is opened (signal receiver) and by the writes that need the rows;
    never by a page or tile (no writes on GET). Incidents from before, and content added later,
    are covered by content.incident_rows (data migration, load_playbook, the admin).
    """
    have_kd = set(
        IncidentKeyDecision.objects.filter(incident=incident).values_list(
            "key_decision_id", flat=True
        )
    )
    missing_kd = KeyDecision.objects.exclude(pk__in=have_kd).values_list("pk", flat=True)
    IncidentKeyDecision.objects.bulk_create(
        [IncidentKeyDecision(incident=incident, key_decision_id=pk) for pk in missing_kd],
        ignore_conflicts=True,
    )
    have_items = set(
        IncidentChecklistItem.objects.filter(incident=incident).values_list("item_id", flat=True)
    )
    missing_items = (
        ChecklistItem.objects.filter(list__in=INCIDENT_LISTS)
        .exclude(pk__in=have_items)
        .values_list("pk", flat=True)
    )
    IncidentChecklistItem.objects.bulk_create(
        [IncidentChecklistItem(incident=incident, item_id=pk) for pk in missing_items],
        ignore_conflicts=True,
    )


def on_incident_opened(sender, *, incident: Incident, **kwargs) -> None:
    playbook_ensure(incident)


@transaction.atomic
def checklist_item_set(
    *, item: IncidentChecklistItem, actor, done: bool, note: str = ""
) -> IncidentChecklistItem:
    """Tick or untick an item; ticking records who and when, the note is kept either way."""
    before = {"done": item.done, "note": item.note}
    if done and not item.done:
        item.done_at = timezone.now()
        item.done_by = actor
    elif not done:
        item.done_at = None
        item.done_by = None
    item.done = done
    item.note = note.strip()
    item.save(update_fields=["done", "done_at", "done_by", "note"])
    audit_record(
        actor=actor,
        action="playbook.checklist.ticked" if done else "playbook.checklist.unticked",
        incident=item.incident,
        obj=item,
        before=before,
        after={"done": item.done, "note": item.note, "item": item.item.slug},
    )
    incident_touch(item.incident, parts={"checklist"})
    return item
