from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from incidents.admin import IncidentOwnedAdmin, ReadOnlyInline

from .models import DeliveryAttempt, MessageTemplate, Notification
from .rendering import PLACEHOLDERS


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "trigger", "tlp", "is_active", "order"]
    list_filter = ["trigger", "is_active"]
    list_editable = ["is_active", "order"]
    search_fields = ["name", "subject", "body"]
    readonly_fields = ["placeholders"]
    fields = [
        "name",
        "slug",
        "trigger",
        "subject",
        "body",
        "placeholders",
        "tlp",
        "is_active",
        "order",
    ]

    @admin.display(description=_("Invulvelden"))
    def placeholders(self, obj=None):
        return format_html_join(
            "", "<div><code>{{{}}}</code> – {}</div>", sorted(PLACEHOLDERS.items())
        )


class DeliveryAttemptInline(ReadOnlyInline):
    model = DeliveryAttempt
    fields = ["number", "started_at", "finished_at", "result", "error"]
    readonly_fields = fields


@admin.register(Notification)
class NotificationAdmin(IncidentOwnedAdmin):
    """Read-only: the outbox is changed only through the app (retry button) and the tasks."""

    list_display = ["created_at", "incident", "stakeholder", "channel", "trigger", "tlp", "state"]
    list_filter = ["state", "channel", "trigger"]
    search_fields = ["incident__reference", "stakeholder__name", "subject", "recipient"]
    inlines = [DeliveryAttemptInline]
