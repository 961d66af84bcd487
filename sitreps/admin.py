from django.contrib import admin

from incidents.admin import IncidentOwnedAdmin, ReadOnlyAdmin

from .models import OfflineExport, Sitrep


@admin.register(Sitrep)
class SitrepAdmin(IncidentOwnedAdmin):
    list_display = (
        "incident",
        "number",
        "audience_tlp",
        "state",
        "approval",
        "max_tlp",
        "created_at",
    )
    list_filter = ("state", "approval", "audience_tlp")
    search_fields = ("incident__reference", "incident__title")
    # The stored PDF and its snapshot are a record: never edited or deleted by hand.


@admin.register(OfflineExport)
class OfflineExportAdmin(ReadOnlyAdmin):
    """A record of the offline export runs (written by the task)."""

    list_display = ("started_at", "finished_at", "ok")
    readonly_fields = ("started_at", "finished_at", "ok", "error", "files")
