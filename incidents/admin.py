from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from . import audit, ncpd
from .access import incidents_for_user
from .models import (
    Action,
    AffectedOrganisation,
    Affiliation,
    AuditEvent,
    Classification,
    ClassificationValue,
    CrisisFunction,
    Decision,
    Discipline,
    Incident,
    LogEntry,
    Membership,
    OverallPicture,
    PartialPicture,
    PartnerInvitation,
)


class ViewOnly:
    """Incident data changes only through the app's services, which write the audit trail;
    the admin shows it. Nothing is added, changed or deleted here (a deleted sitrep or vital
    process would leave no audit row behind). Use it through ReadOnlyAdmin / ReadOnlyInline."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ViewOnly, admin.ModelAdmin):
    """The one read-only admin base, in every app: records written by services or tasks."""


class ReadOnlyInline(ViewOnly, admin.TabularInline):
    """The read-only inline of a ReadOnlyAdmin (the rows of a record)."""

    extra = 0


class IncidentOwnedAdmin(ReadOnlyAdmin):
    """The one base for every model that belongs to an incident, in every app.

    Read-only (ReadOnlyAdmin), and scoped like the app: staff see only the incidents
    incidents.access.incidents_for_user gives them (membership and a role); superusers see
    all. `incident_path` is the lookup from the model to its incident ("" for Incident).
    The list fetches the rows its columns show with it (the incident, the author...): every
    foreign key in `list_display`, plus what `list_select_related` adds (a row further away).
    tests/incidents/test_admin.py checks that every incident-owned model uses this base.
    """

    incident_path = "incident"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        visible = incidents_for_user(request.user).values("pk")
        lookup = f"{self.incident_path}__in" if self.incident_path else "pk__in"
        return queryset.filter(**{lookup: visible})

    def get_list_select_related(self, request):
        if self.list_select_related is True:
            return True
        related = [
            name
            for name in self.get_list_display(request)
            if isinstance(name, str) and _is_foreign_key(self.model, name)
        ]
        extra = self.list_select_related or ()
        return list(dict.fromkeys([*related, *extra]))


def _is_foreign_key(model, name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return bool(field.many_to_one or field.one_to_one)


class RegionTextAdmin(admin.ModelAdmin):
    """A text the region maintains, keyed by a code that stays in the software (NCP-D values,
    Cirkel teams, checker rules, advice texts): rows are seeded, renamed here, never added or
    removed. A save clears this process's TextCache at once (crisiscentre/texts.py)."""

    text_cache = None

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if self.text_cache is not None:
            self.text_cache.clear()


class MembershipInline(ReadOnlyInline):
    model = Membership


class AffectedOrganisationInline(ReadOnlyInline):
    model = AffectedOrganisation


@admin.register(Incident)
class IncidentAdmin(IncidentOwnedAdmin):
    incident_path = ""
    list_display = ["reference", "title", "status", "tlp", "is_exercise", "last_activity_at"]
    list_filter = ["status", "is_exercise", "tlp"]
    search_fields = ["reference", "title"]
    inlines = [MembershipInline, AffectedOrganisationInline]


@admin.register(AuditEvent)
class AuditEventAdmin(IncidentOwnedAdmin):
    list_display = ["created_at", "incident", "actor", "label", "via", "object_type", "object_id"]
    list_filter = ["action"]
    search_fields = ["incident__reference", "action"]

    @admin.display(description=_("wat"), ordering="action")
    def label(self, obj) -> str:
        return audit.label(obj.action)


@admin.register(Classification)
class ClassificationAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "created_at", "created_by", "changed_blocks", "reason"]


@admin.register(LogEntry)
class LogEntryAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "occurred_at", "category", "text", "author"]
    list_filter = ["category"]


@admin.register(Decision)
class DecisionAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "meeting_at", "team", "text", "evaluation"]


@admin.register(Action)
class ActionAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "description", "status", "due_at"]


@admin.register(ClassificationValue)
class ClassificationValueAdmin(RegionTextAdmin):
    """The region words the NCP-D values; the codes stay fixed (they are stored in every
    classification), so values can be renamed but not added or removed."""

    list_display = ["block", "value", "label", "description"]
    list_editable = ["label", "description"]
    list_filter = ["block"]
    readonly_fields = ["block", "value"]
    fields = ["block", "value", "label", "description"]
    text_cache = ncpd.cache


@admin.register(CrisisFunction)
class CrisisFunctionAdmin(admin.ModelAdmin):
    """The region's crisis functions: seeded, and unlike the texts keyed by code the region
    may add its own (a member or roster line keeps a removed function's name as text)."""

    list_display = ["name", "teams", "order"]
    list_editable = ["teams", "order"]
    search_fields = ["name", "teams"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PartnerInvitation)
class PartnerInvitationAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "organisation", "email", "clearance", "used_at", "access_until"]
    exclude = ["token_hash"]


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation"]
    list_select_related = ["user"]


@admin.register(Discipline)
class DisciplineAdmin(admin.ModelAdmin):
    """The disciplines that keep a deelbeeld (incidents/picture.py): seeded, and the region adds
    its own or switches one off (a discipline with deelbeelden cannot be deleted, only made
    inactive, so the history keeps its name)."""

    list_display = ["name", "kind", "order", "is_active"]
    list_editable = ["kind", "order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PartialPicture)
class PartialPictureAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "discipline", "occurred_at", "tlp", "created_by", "organisation"]
    list_filter = ["discipline"]


@admin.register(OverallPicture)
class OverallPictureAdmin(IncidentOwnedAdmin):
    list_display = ["incident", "occurred_at", "tlp", "created_by"]
