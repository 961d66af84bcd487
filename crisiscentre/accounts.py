"""Login with the rate limiter (crisiscentre.ratelimit) and session idle expiry."""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils.translation import ngettext

from . import ratelimit


class RateLimitedAuthenticationForm(AuthenticationForm):
    def has_locked_error(self) -> bool:
        return self.has_error("__all__", code="locked")

    def clean(self):
        username = self.data.get("username", "")
        ip = ratelimit.client_ip(self.request) if self.request else ""
        wait = ratelimit.locked_for(username, ip)
        if wait:
            minutes = max(1, math.ceil(wait / 60))
            raise ValidationError(
                ngettext(
                    "Te veel mislukte inlogpogingen. Probeer het over %(minutes)d minuut "
                    "opnieuw, of vraag een nieuw wachtwoord aan.",
                    "Te veel mislukte inlogpogingen. Probeer het over %(minutes)d minuten "
                    "opnieuw, of vraag een nieuw wachtwoord aan.",
                    minutes,
                )
                % {"minutes": minutes},
                code="locked",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            ratelimit.record_failure(username, ip)
            raise
        ratelimit.record_success(username)
        return cleaned


# Requests that are not the user's own activity: the live poll, the session check and tile
# bodies refreshing after someone else's change (htmx names the triggering element
# "<tile>-body"). They keep the dashboard current but do not keep an idle session alive.
PASSIVE_SUFFIXES = ("/pulse",)
PASSIVE_PATHS = ("/sessie",)
LAST_ACTIVITY = "last_activity"
TOUCH_EVERY = 60  # seconds: the session row is written at most once a minute


def _is_passive(request) -> bool:
    if request.path.endswith(PASSIVE_SUFFIXES) or request.path in PASSIVE_PATHS:
        return True
    trigger = request.headers.get("HX-Trigger", "")
    return request.method == "GET" and trigger.endswith("-body")


@receiver(user_logged_in, dispatch_uid="crisiscentre.accounts.login_is_activity")
def login_is_activity(sender, request, user, **kwargs):
    """Logging in is activity: the first page after it need not write the session again."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY] = time.time()


class IdleSessionMiddleware:
    """Log out a session idle longer than SESSION_IDLE_MINUTES (0: never). The login
    middleware after it then sends the browser to the login page (htmx: a client redirect)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        idle = settings.SESSION_IDLE_MINUTES * 60
        user = getattr(request, "user", None)
        if idle and user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_ACTIVITY)
            if last is not None and now - last > idle:
                logout(request)
            elif not _is_passive(request) and (last is None or now - last > TOUCH_EVERY):
                request.session[LAST_ACTIVITY] = now
        return self.get_response(request)
