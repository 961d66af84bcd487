"""Reads for playbook pages and tiles, with related rows fetched up front (no N+1)."""

from django.db.models import QuerySet

from incidents.models import Incident

from .models import StakeholderInvolvement


def stakeholder_involvements(incident: Incident) -> QuerySet[StakeholderInvolvement]:
    """The stakeholder analysis of an incident, in directory order."""
    return (
        StakeholderInvolvement.objects.filter(incident=incident)
        .select_related("stakeholder", "informed_by")
        .order_by("stakeholder__order", "stakeholder__name")
    )
