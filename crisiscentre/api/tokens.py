"""Personal API tokens: made, found and revoked here only. The token is shown once; the
database keeps its SHA-256, so a leaked backup holds no usable token."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.models import ApiToken
from incidents.services import audit_record
from incidents.validators import LINE_MAX_LENGTH, validate_lengths

TOKEN_PREFIX = "cc_"  # noqa: S105 - a marker, not a secret
# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token for this user: the stored row and the token itself (show it once)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Geef het token een naam, bijvoorbeeld de koppeling.")})
    validate_lengths(name=name, limit=min(LINE_MAX_LENGTH, 100))
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {
                "days": _("Een token is 1 tot %(max)s dagen geldig.")
                % {"max": settings.API_TOKEN_MAX_DAYS}
            }
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=token_hash(token),
        prefix=token[:10],
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(
        actor=user,
        action="api.token.created",
        obj=row,
        after={"name": name, "expires_at": row.expires_at.isoformat(), "prefix": row.prefix},
    )
    return row, token


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api.token.revoked", obj=token, after={"name": token.name})
    return token


def api_token_for_key(token: str) -> ApiToken | None:
    """The row of this token (revoked or expired ones too: the caller says why it refuses)."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    return ApiToken.objects.select_related("user").filter(key_hash=token_hash(token)).first()


def api_token_mark_used(token: ApiToken) -> None:
    """One conditional UPDATE, at most once a minute per token."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    ).update(last_used_at=now)


def tokens_of(user):
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")
