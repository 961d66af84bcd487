import ipaddress
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import DisallowedHost
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every view requires login unless decorated with @login_not_required.

    An htmx request whose session expired would otherwise swap the login page into a tile;
    send the whole browser to the login page instead.
    """

    def handle_no_permission(self, request, view_func):
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(resolve_url(self.get_login_url(view_func)))
        return super().handle_no_permission(request, view_func)


class LanguageMiddleware:
    """Dutch unless the user picked another language with the switch (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, but a Dutch crisis
    room's laptops are often set to English; the product is Dutch first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override() puts the previous language back afterwards, so a request in English never
        # leaks into work done later on the same thread (a task, a test, the next request).
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class Utf8BodyMiddleware:
    """Refuse a form body that is not UTF-8 instead of storing it decoded as something else.

    Django decodes a body in the charset its Content-Type names (so a Latin-1 post would be
    stored as Latin-1) and replaces undecodable bytes silently. Our pages only send UTF-8;
    anything else is refused with a message (crisiscentre.errors). Placed before
    CsrfViewMiddleware, the first to read the body.
    """

    BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
    FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in self.BODY_METHODS
            and request.content_type in self.FORM_TYPES
            and not self._is_utf8(request)
        ):
            from .errors import message_response, not_utf8_message

            return message_response(
                request,
                status=400,
                title=translation.gettext("Ongeldige tekens"),
                message=not_utf8_message(),
                template="400.html",
            )
        return self.get_response(request)

    @staticmethod
    def _is_utf8(request) -> bool:
        charset = (request.content_params or {}).get("charset", "utf-8").lower()
        if charset.replace("-", "").replace("_", "") != "utf8":
            return False
        if request.content_type != "application/x-www-form-urlencoded":
            return True  # multipart parts carry no charset of their own here
        # request.body raises RequestDataTooBig for an oversized post (a 413 page follows).
        try:
            body = request.body
            unquote_to_bytes(body.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True


class FragmentPageMiddleware:
    """A plain GET of an incident fragment URL gets the fragment inside the full page.

    htmx swaps fragments (tile bodies, the log filters and "meer", "toon alle berichten", forms
    opened in place), but their real `href` also opens in a new tab or without JavaScript:
    that must show a styled page in the base layout, not a bare fragment. The view has already
    checked access (only its 200 answers are wrapped); a response that is a whole document of
    its own (a page, the sitrep preview) or not HTML is left alone.
    tests/crisiscentre/test_fragment_fallbacks.py walks every incident URL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "GET":
            return response
        patch_vary_headers(response, ["HX-Request"])  # the same URL answers htmx differently
        if getattr(request, "htmx", False):
            return response
        match = request.resolver_match
        if (
            response.status_code != 200
            or response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or match is None
            or "pk" not in match.kwargs
            or not request.path.startswith("/incidents/")
        ):
            return response
        fragment = response.content.decode(response.charset or "utf-8")
        if "<html" in fragment[:2000].lower():
            return response
        from django.shortcuts import render
        from django.utils.safestring import mark_safe

        from incidents.access import get_incident_for_user

        incident = get_incident_for_user(request.user, match.kwargs["pk"])
        page = render(
            request,
            "fragment_page.html",
            {"incident": incident, "fragment": mark_safe(fragment)},  # noqa: S308 - our own view's HTML
        )
        for header in ("Content-Type", "Content-Length"):
            del response[header]
        response.content = page.content
        response["Content-Type"] = page["Content-Type"]
        response["Content-Length"] = str(len(response.content))
        return response


class ContainerHealthzMiddleware:
    """Let the container's own healthcheck reach /healthz (issue 17, point 2).

    The healthcheck asks http://127.0.0.1:8000/healthz: with DEBUG off that Host is not in
    ALLOWED_HOSTS (400 DisallowedHost) and SECURE_SSL_REDIRECT would answer a redirect. Placed
    first, this answers that one path, for GET/HEAD from a loopback address only, and only when
    the normal route would refuse it; every other path and caller keeps the host check. The
    answer is the anonymous one (up or down, or the details with HEALTHZ_TOKEN).
    """

    PATH = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path_info == self.PATH
            and request.method in ("GET", "HEAD")
            and _is_loopback(request.META.get("REMOTE_ADDR", ""))
            and _normal_route_refuses(request)
        ):
            from crisiscentre.views import healthz

            request.user = AnonymousUser()
            return healthz(request)
        return self.get_response(request)


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def _normal_route_refuses(request) -> bool:
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return True
    try:
        request.get_host()
    except DisallowedHost:
        return True
    return False
