from django.contrib import admin

from incidents.admin import IncidentOwnedAdmin, RegionTextAdmin

from . import rules
from .models import CheckRule, CoreMessage, GlossaryTerm, Message


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    """Staff keep the plain-language glossary up to date; the check uses it at once."""

    list_display = ["term", "alternative", "is_active"]
    list_editable = ["alternative", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["term", "alternative"]


@admin.register(CheckRule)
class CheckRuleAdmin(RegionTextAdmin):
    """The region words the plain-language check's rules and may switch one off; what a rule
    looks for stays in communication/checker.py (by code), so rules are not added here."""

    list_display = ["label", "code", "is_active", "suggestion"]
    list_editable = ["is_active"]
    readonly_fields = ["code"]
    fields = ["code", "label", "advice", "suggestion", "is_active"]
    text_cache = rules.cache


@admin.register(CoreMessage)
class CoreMessageAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "created_at", "created_by", "tlp", "text"]


@admin.register(Message)
class MessageAdmin(IncidentOwnedAdmin):
    list_display = ["title", "incident", "audience", "channel", "status", "approved_by", "tlp"]
    list_filter = ["status", "audience", "channel"]
    search_fields = ["title", "text", "incident__reference"]
