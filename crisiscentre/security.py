"""Response headers that limit what a page may do, and the log of failed logins.

Content-Security-Policy: every script and style comes from our own static files (htmx is
vendored), so the policy is 'self' only and no page may carry inline script, `on*=` handlers,
`hx-on` attributes or `style=` attributes. htmx is told not to use eval or inject its own
indicator style (the `htmx-config` meta tag in templates/base.html); small behaviours such as
"submit on change" and "print" live in static/js/behaviour.js. The policy is the setting
SECURE_CSP, written the way Django 6's built-in CSP middleware reads it, so moving to that
is a settings change; `csp_override` mirrors its per-view decorator.
"""

from __future__ import annotations

import logging
import secrets
from functools import wraps

from django.conf import settings
from django.utils import timezone
from django.utils.cache import patch_cache_control

security_log = logging.getLogger("crisiscentre.security")


def bearer_token_matches(request, token: str) -> bool:
    """`Authorization: Bearer <token>` with the configured token (/healthz details, /metrics).
    An unset token never matches; the comparison takes the same time for every wrong guess."""
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(token) and bool(given) and secrets.compare_digest(given.encode(), token.encode())


def policy_header(directives: dict[str, list[str]]) -> str:
    return "; ".join(
        " ".join([name, *sources]) if sources else name for name, sources in directives.items()
    )


def csp_override(directives: dict[str, list[str]]):
    """Replace some directives of SECURE_CSP for one view (e.g. a self-contained document)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response._csp_config = {**settings.SECURE_CSP, **directives}
            return response

        return wrapped

    return decorator


class SecurityHeadersMiddleware:
    """CSP on every response; `Cache-Control: no-store` on everything a logged-in user gets.

    no-store: pages and PDFs behind the login carry TLP:AMBER/RED content that must not stay
    in a shared laptop's browser cache or a proxy after logout. Placed after
    AuthenticationMiddleware (it reads request.user). Referrer-Policy and nosniff come from
    Django's SecurityMiddleware (SECURE_REFERRER_POLICY, SECURE_CONTENT_TYPE_NOSNIFF).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        directives = getattr(response, "_csp_config", None) or settings.SECURE_CSP
        response.headers.setdefault("Content-Security-Policy", policy_header(directives))
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True)
        return response


def log_failed_login(sender, credentials: dict, request=None, **kwargs) -> None:
    """user_login_failed receiver: who tried, from where, when; never the password.

    Django has already masked the password in `credentials`; only the user name is read here
    anyway. %r keeps a crafted user name from forging log lines.
    """
    username = str(credentials.get("username", ""))[:150]
    meta = request.META if request is not None else {}
    security_log.warning(
        "Failed login: username=%r ip=%s forwarded_for=%r at=%s",
        username,
        meta.get("REMOTE_ADDR", "-"),
        meta.get("HTTP_X_FORWARDED_FOR", "")[:200],
        timezone.now().isoformat(),
    )
