"""Reads for incident pages, with their related rows fetched up front (no N+1)."""

from django.db.models import Q, QuerySet

from .access import incidents_for_user
from .models import Incident


def incident_list(user, *, q: str = "", status: str = "", exercise: str = "") -> QuerySet[Incident]:
    incidents = incidents_for_user(user)
    if status == "alle":
        pass
    elif status:
        incidents = incidents.filter(status=status)
    else:
        incidents = incidents.filter(status__in=Incident.OPEN_STATUSES)
    if exercise == "ja":
        incidents = incidents.filter(is_exercise=True)
    elif exercise == "nee":
        incidents = incidents.filter(is_exercise=False)
    if q:
        incidents = incidents.filter(Q(title__icontains=q) | Q(reference__icontains=q))
    return incidents.order_by("-last_activity_at", "-pk")
