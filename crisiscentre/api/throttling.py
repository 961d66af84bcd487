from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from incidents.models import ApiToken


class ApiTokenThrottle(SimpleRateThrottle):
    """API_THROTTLE_RATE requests per token (per user for the browser session), counted in
    the cache (Redis with CACHE_URL, so every web process shares the count)."""

    scope = "api"

    def get_rate(self):
        return settings.API_THROTTLE_RATE  # read per request: a settings override applies

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
