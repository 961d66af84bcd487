"""`Authorization: Bearer <personal token>` for the API (the session works too)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from . import tokens


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None  # no token: the session may still authenticate
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Geef het token na ‘Bearer ’, zonder spaties."))
        token = tokens.api_token_for_key(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed(_("Dit token is onbekend."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Dit token is ingetrokken."))
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(_("Dit token is verlopen."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Dit account is niet actief."))
        tokens.api_token_mark_used(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword  # a 401 (not 403) names the scheme


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "crisiscentre.api.authentication.ApiTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, made on /profiel/ (shown once).",
        }
