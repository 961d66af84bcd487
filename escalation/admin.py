from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from incidents.admin import IncidentOwnedAdmin, ReadOnlyInline, RegionTextAdmin

from . import cirkel
from .advice import RULES_BY_ID
from .models import (
    AdviceText,
    CirkelTeam,
    GripChange,
    GripChecklistTick,
    GripLevel,
    IncidentVitalProcess,
    Measure,
    RecoveryItem,
    RecoveryUpdate,
    ReportingItem,
    ReportingPoint,
    ReportingRun,
    ReportingTree,
    TreeChoice,
    TreeQuestion,
    VitalProcess,
    VitalProcessList,
)


@admin.register(GripLevel)
class GripLevelAdmin(admin.ModelAdmin):
    list_display = ["name", "rank", "team", "led_by", "is_active"]
    ordering = ["rank"]


@admin.register(GripChange)
class GripChangeAdmin(IncidentOwnedAdmin):
    """History is written by the grip_change service only."""

    list_display = ["incident", "from_level", "to_level", "decided_at", "decided_by_name"]


class VitalProcessInline(admin.TabularInline):
    model = VitalProcess
    extra = 0
    fields = ["order", "code", "name", "sector", "category", "cascade_questions"]


@admin.register(VitalProcessList)
class VitalProcessListAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "is_current"]
    inlines = [VitalProcessInline]


@admin.register(VitalProcess)
class VitalProcessAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "sector", "process_list"]
    list_filter = ["process_list", "category"]
    search_fields = ["name"]


@admin.register(IncidentVitalProcess)
class IncidentVitalProcessAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "process", "status", "updated_at"]


class TreeChoiceInline(admin.TabularInline):
    model = TreeChoice
    fk_name = "question"
    extra = 0
    filter_horizontal = ["points"]


@admin.register(TreeQuestion)
class TreeQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "tree", "order", "is_root", "allows_multiple", "is_ladder"]
    inlines = [TreeChoiceInline]


class ReportingPointInline(admin.StackedInline):
    model = ReportingPoint
    extra = 0
    fields = ["order", "key", "name", "text", "note", "party_role", "stakeholders"]
    filter_horizontal = ["stakeholders"]


@admin.register(ReportingTree)
class ReportingTreeAdmin(admin.ModelAdmin):
    list_display = ["title", "published", "tlp", "is_active"]
    inlines = [ReportingPointInline]


class ReportingItemInline(ReadOnlyInline):
    model = ReportingItem
    fields = ["name", "reported_at", "reported_to", "reported_by"]


@admin.register(ReportingRun)
class ReportingRunAdmin(IncidentOwnedAdmin):
    """Runs and their ticks change through the app, which audits them."""

    list_display = ["incident", "tree", "created_at", "created_by"]
    readonly_fields = [
        "incident",
        "tree",
        "organisation",
        "sector",
        "answers",
        "answers_summary",
        "created_at",
        "created_by",
    ]
    inlines = [ReportingItemInline]


@admin.register(CirkelTeam)
class CirkelTeamAdmin(RegionTextAdmin):
    """The region words the Cirkel's teams; where a team sits and when it is probably active
    stay in escalation/cirkel.py (by key), so teams are renamed, not added or removed."""

    list_display = ["name", "key", "text"]
    list_editable = ["text"]
    readonly_fields = ["key"]
    fields = ["key", "name", "text"]
    text_cache = cirkel.team_texts


@admin.register(AdviceText)
class AdviceTextAdmin(RegionTextAdmin):
    """The region maintains the wording; the rule codes (and conditions) stay in code, so rows
    are seeded and cannot be added or removed here."""

    list_display = ["code", "advice", "is_known_rule"]
    readonly_fields = ["code"]
    fields = ["code", "advice", "sources", "source_title"]

    @admin.display(boolean=True, description=_("regel bestaat"))
    def is_known_rule(self, obj) -> bool:
        return obj.code in RULES_BY_ID


@admin.register(GripChecklistTick)
class GripChecklistTickAdmin(IncidentOwnedAdmin):
    """Ticked through the GRIP tile, which audits every tick."""

    list_display = ["incident", "level", "index", "text", "done_at", "done_by"]


@admin.register(Measure)
class MeasureAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "title", "owner", "since", "status"]


@admin.register(RecoveryItem)
class RecoveryItemAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "status", "status_at", "updated_at"]


@admin.register(RecoveryUpdate)
class RecoveryUpdateAdmin(IncidentOwnedAdmin):
    incident_path = "item__incident"
    list_display = ["item", "status", "status_at", "created_at"]
