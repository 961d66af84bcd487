from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from incidents.admin import ReadOnlyAdmin
from incidents.models import ApiToken

from .api import tokens


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Staff see every personal API token (never the token itself: only its hash is kept) and
    can revoke a leaked one; revoking is audited like on the profile page."""

    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    exclude = ["key_hash"]
    actions = ["revoke"]

    @admin.action(description=_("Trek de gekozen tokens in"))
    def revoke(self, request, queryset) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            tokens.api_token_revoke(token=token, actor=request.user)
        self.message_user(request, _("De gekozen tokens zijn ingetrokken."))
