from django.contrib import admin

from incidents.admin import IncidentOwnedAdmin

from .models import Evaluation, EvaluationTheme, Finding, Improvement, Participant


@admin.register(EvaluationTheme)
class EvaluationThemeAdmin(admin.ModelAdmin):
    """The region edits the themes (seeded from the attention card and "Voorbereid zijn")."""

    list_display = ["title", "source", "order", "is_active"]
    list_editable = ["order", "is_active"]


@admin.register(Evaluation)
class EvaluationAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "status", "held_at"]


@admin.register(Participant)
class ParticipantAdmin(IncidentOwnedAdmin):
    incident_path = "evaluation__incident"


@admin.register(Finding)
class FindingAdmin(IncidentOwnedAdmin):
    incident_path = "evaluation__incident"


@admin.register(Improvement)
class ImprovementAdmin(IncidentOwnedAdmin):
    incident_path = "evaluation__incident"
    list_display = ["description", "owner", "due_at", "status"]
