from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
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
