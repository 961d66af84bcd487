from urllib.parse import unquote_to_bytes

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
