"""Reads for crisis communication, with related rows fetched up front (no per-row queries)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from incidents.models import Incident
from incidents.tlp import tlps_visible_at

from .models import CoreMessage, GlossaryTerm, Message

USER_FIELDS = ("created_by", "updated_by", "approved_by", "published_by")


def glossary_pairs() -> list[tuple[str, str]]:
    return list(GlossaryTerm.objects.filter(is_active=True).values_list("term", "alternative"))


def core_message_current(incident: Incident) -> CoreMessage | None:
    return (
        incident.core_messages.select_related("created_by").order_by("-created_at", "-pk").first()
    )


def core_message_history(incident: Incident) -> QuerySet[CoreMessage]:
    return incident.core_messages.select_related("created_by").order_by("-created_at", "-pk")


def messages_for_incident(incident: Incident) -> QuerySet[Message]:
    return (
        Message.objects.filter(incident=incident)
        .select_related(*USER_FIELDS)
        .order_by("-updated_at", "-pk")
    )


def message_for_incident(incident: Incident, message_id) -> Message:
    """One message of this incident, or 404 (the incident's access was checked by the caller)."""
    try:
        return messages_for_incident(incident).get(pk=message_id)
    except (Message.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def approved_messages(
    incident: Incident, *, audience_tlp: str | None = None, limit: int | None = None
) -> list[Message]:
    """Approved and published messages, newest approval first."""
    messages = messages_for_incident(incident).filter(status__in=Message.APPROVED_STATUSES)
    if audience_tlp is not None:
        messages = messages.filter(tlp__in=tlps_visible_at(audience_tlp))
    messages = messages.order_by("-approved_at", "-pk")
    return list(messages[:limit] if limit else messages)


def approved_messages_count(incident: Incident, *, audience_tlp: str | None = None) -> int:
    messages = messages_for_incident(incident).filter(status__in=Message.APPROVED_STATUSES)
    if audience_tlp is not None:
        messages = messages.filter(tlp__in=tlps_visible_at(audience_tlp))
    return messages.count()
