"""What the escalation services share: the incident lock, how far an entered time may lie in
the future, ISO times in audit data."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from incidents.models import Incident

# A decision time may lie in the past (entered afterwards), not more than this in the future.
FUTURE_TOLERANCE = timezone.timedelta(minutes=5)


def _lock(incident: Incident) -> None:
    Incident.objects.select_for_update().filter(pk=incident.pk).first()


def _iso(value):
    return value.isoformat() if isinstance(value, datetime) else value
