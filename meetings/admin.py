from django.contrib import admin

from incidents.admin import IncidentOwnedAdmin

from .models import Assessment, Meeting, MeetingRecord, TabledItem


@admin.register(Meeting)
class MeetingAdmin(IncidentOwnedAdmin):
    list_display = ("incident", "team", "starts_at", "status", "number")
    list_filter = ("team", "status")


@admin.register(Assessment)
class AssessmentAdmin(IncidentOwnedAdmin):
    list_display = ("incident", "kind", "created_at")


@admin.register(MeetingRecord)
class MeetingRecordAdmin(IncidentOwnedAdmin):
    incident_path = "meeting__incident"
    list_display = ("meeting", "item", "kind", "created_at")


@admin.register(TabledItem)
class TabledItemAdmin(IncidentOwnedAdmin):
    list_display = ("incident", "team", "tabled_at", "handled_in")
