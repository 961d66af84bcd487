from django.contrib import admin

from incidents.admin import IncidentOwnedAdmin

from . import content
from .models import (
    ChecklistItem,
    Dilemma,
    DilemmaPosition,
    IncidentChecklistItem,
    IncidentKeyDecision,
    KeyDecision,
    KeyDecisionRecord,
    NextMeeting,
    ReferenceText,
    RosterEntry,
    SectorReporting,
    Stakeholder,
    StakeholderInvolvement,
)

# --- Content: administrators edit it; the loader never overwrites their edits ----------------


class ContentAdmin(admin.ModelAdmin):
    # The slug is how the loader recognises a row; changing it would make the loader
    # create the seeded row again next to the edited one.
    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj is not None else []


class IncidentContentAdmin(ContentAdmin):
    """Content every incident has its own row of: an added key decision or checklist item
    (or one moved onto an incident list) reaches the existing incidents when it is saved."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        content.incident_rows()


@admin.register(KeyDecision)
class KeyDecisionAdmin(IncidentContentAdmin):
    list_display = ["title", "kind", "order"]
    list_filter = ["kind"]
    list_editable = ["order"]
    search_fields = ["title", "explanation"]


@admin.register(Dilemma)
class DilemmaAdmin(ContentAdmin):
    list_display = ["title", "order"]
    list_editable = ["order"]
    search_fields = ["title", "questions"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(IncidentContentAdmin):
    list_display = ["text", "list", "order"]
    list_filter = ["list", "functions"]
    filter_horizontal = ["functions"]
    list_editable = ["order"]
    search_fields = ["text", "slug"]


@admin.register(ReferenceText)
class ReferenceTextAdmin(ContentAdmin):
    list_display = ["title", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["title", "body"]


@admin.register(Stakeholder)
class StakeholderAdmin(ContentAdmin):
    list_display = ["name", "channel", "email", "phone", "max_tlp", "order"]
    list_filter = ["channel", "max_tlp"]
    list_editable = ["order"]
    search_fields = ["name", "role_text"]


@admin.register(SectorReporting)
class SectorReportingAdmin(ContentAdmin):
    list_display = ["sector", "cert", "regulator", "order"]
    list_editable = ["order"]
    list_select_related = ["cert", "regulator"]
    search_fields = ["sector", "aliases"]


# --- Per incident: written by services; the admin shows it (incidents.admin) ----------------


@admin.register(IncidentKeyDecision)
class IncidentKeyDecisionAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "key_decision", "outcome", "decided_by", "meeting_at"]
    list_filter = ["outcome"]


@admin.register(KeyDecisionRecord)
class KeyDecisionRecordAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "key_decision", "organisation", "via", "decided_at"]
    list_filter = ["via"]
    list_select_related = ["key_decision__key_decision"]  # and what its columns show


@admin.register(IncidentChecklistItem)
class IncidentChecklistItemAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "item", "done", "done_by", "done_at"]
    list_filter = ["done", "item__list"]


@admin.register(DilemmaPosition)
class DilemmaPositionAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "dilemma", "team", "decided_on"]


@admin.register(RosterEntry)
class RosterEntryAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "function", "person", "starts_at", "ends_at"]


@admin.register(NextMeeting)
class NextMeetingAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "at", "team", "place"]


@admin.register(StakeholderInvolvement)
class StakeholderInvolvementAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "stakeholder", "max_tlp", "informed_at"]
