from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language as django_set_language

from incidents.access import can_write, incidents_for_user
from incidents.models import Incident

from . import health
from .security import bearer_token_matches


def home(request: HttpRequest) -> HttpResponse:
    incidents = (
        incidents_for_user(request.user)
        .filter(status__in=Incident.OPEN_STATUSES)
        .order_by("-last_activity_at")[:20]
    )
    return render(
        request,
        "crisiscentre/home.html",
        {"incidents": incidents, "can_write": can_write(request.user)},
    )


@never_cache
def session_ping(request: HttpRequest) -> HttpResponse:
    """204 while the session is valid; lets a laptop check it is still logged in. Also the
    framework floor in bench/load.py: the same middleware, no work."""
    return HttpResponse(status=204)


def _may_see_health_details(request: HttpRequest) -> bool:
    if request.user.is_authenticated and request.user.is_staff:
        return True
    return bearer_token_matches(request, settings.HEALTHZ_TOKEN)


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Up or down for anyone (a load balancer); the parts and counts for staff or the token.

    The details (queued and failed notifications, the number of workers, error texts) tell an
    outsider how busy the crisis room is, so they need HEALTHZ_TOKEN or a staff login.
    """
    report = health.report()
    status = 200 if report["database"]["ok"] else 503
    if not _may_see_health_details(request):
        return JsonResponse({"ok": report["ok"]}, status=status)
    return JsonResponse(report, status=status)


# The language switch must work on the login page too.
set_language = login_not_required(django_set_language)
