from django.contrib import admin

from .models import OfflineExport, Sitrep


@admin.register(Sitrep)
class SitrepAdmin(admin.ModelAdmin):
    list_display = ("incident", "number", "audience_tlp", "state", "max_tlp", "created_at")
    list_filter = ("state", "audience_tlp")
    search_fields = ("incident__reference", "incident__title")
    list_select_related = ("incident",)
    # The stored PDF and its snapshot are a record: never edited by hand.
    readonly_fields = [field.name for field in Sitrep._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(OfflineExport)
class OfflineExportAdmin(admin.ModelAdmin):
    list_display = ("started_at", "finished_at", "ok")
    readonly_fields = ("started_at", "finished_at", "ok", "error", "files")

    def has_add_permission(self, request):
        return False
