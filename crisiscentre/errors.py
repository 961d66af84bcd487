"""Error pages in the base layout, Dutch first (issue 19.3), and the refusal of unreadable input.

Django's own pages are bare English ("Bad Request (400)"). Ours say what went wrong and what to
do. For an htmx request the answer is a short plain-text sentence: ``static/js/app.js`` shows
it in the flash area, so a tile is never replaced by a whole page.

Wired in ``crisiscentre/urls.py`` (handler400/403/404/500) and ``CSRF_FAILURE_VIEW``.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from incidents.validators import TEXT_MAX_LENGTH

logger = logging.getLogger(__name__)


def is_htmx(request: HttpRequest) -> bool:
    # The header, not request.htmx: these answers may be given before HtmxMiddleware ran.
    return request.headers.get("HX-Request") == "true"


def too_large_message() -> str:
    limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return _(
        "Wat u verstuurde is te groot (meer dan %(limit)s MB) en is niet opgeslagen. "
        "Een tekstveld mag hoogstens %(text_limit)s tekens bevatten: kort de tekst in of "
        "verdeel hem over meer regels. Uw invoer staat nog in het formulier."
    ) % {
        "limit": number_format(limit_mb, decimal_pos=1),
        "text_limit": number_format(TEXT_MAX_LENGTH, force_grouping=True),
    }


def not_utf8_message() -> str:
    return _(
        "Uw invoer kon niet worden gelezen: de tekst is niet als UTF-8 verstuurd en is niet "
        "opgeslagen. Verstuur het formulier opnieuw vanuit de browser."
    )


def message_response(
    request: HttpRequest, *, status: int, title: str, message: str, template: str
) -> HttpResponse:
    """Plain text for htmx (the flash shows it), otherwise the page in the base layout."""
    if is_htmx(request):
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    context = {"title": title, "message": message, "request_path": request.path}
    try:
        body = loader.render_to_string(template, context, request=request)
    except Exception:  # the page must answer even when the layout itself cannot render
        logger.exception("Error page %s could not be rendered", template)
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent):
        return message_response(
            request,
            status=413,
            title=_("Invoer te groot"),
            message=too_large_message(),
            template="400.html",
        )
    return message_response(
        request,
        status=400,
        title=_("Ongeldig verzoek"),
        message=_(
            "Het verzoek kon niet worden verwerkt. Herlaad de pagina en probeer het opnieuw."
        ),
        template="400.html",
    )


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return message_response(
        request,
        status=403,
        title=_("Geen toegang"),
        message=_(
            "U heeft geen rechten voor deze pagina of handeling. Denkt u dat dit niet klopt, "
            "vraag dan de beheerder of een lid van het crisisteam om u toe te voegen."
        ),
        template="403.html",
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return message_response(
        request,
        status=403,
        title=_("Formulier verlopen"),
        message=_(
            "Het formulier is verlopen of komt niet van deze site en is niet verwerkt. Herlaad "
            "de pagina, log zo nodig opnieuw in, en probeer het opnieuw."
        ),
        template="403.html",
    )


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return message_response(
        request,
        status=404,
        title=_("Pagina niet gevonden"),
        message=_(
            "Deze pagina bestaat niet, of u heeft er geen toegang toe. Controleer het adres of "
            "ga terug naar de lijst met incidenten."
        ),
        template="404.html",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without a request context: whatever failed may be what a context needs."""
    message = _(
        "Er ging iets mis op de server. De fout is vastgelegd. Probeer het over een ogenblik "
        "opnieuw; lukt het niet, meld het dan bij de beheerder."
    )
    if is_htmx(request):
        return HttpResponse(message, status=500, content_type="text/plain; charset=utf-8")
    try:
        body = loader.get_template("500.html").render({"message": message})
    except Exception:
        logger.exception("The 500 page could not be rendered")
        return HttpResponse(message, status=500, content_type="text/plain; charset=utf-8")
    return HttpResponse(body, status=500)
