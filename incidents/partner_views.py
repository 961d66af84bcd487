"""Partner guests: the inviting page (crisis organisation only) and the one-time link."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import partners
from .forms import PartnerInviteForm
from .htmx import button_answer, save_form
from .member_views import _clearance_choices, _members_incident
from .models import Membership, PartnerInvitation
from .tlp import TLP


def _page(request, incident, form, *, status=200, link=""):
    return render(
        request,
        "incidents/partners.html",
        {
            "incident": incident,
            "form": form,
            "link": link,
            "guests": Membership.objects.filter(incident=incident, is_partner=True)
            .select_related("user")
            .order_by("organisation", "pk"),
            "invitations": PartnerInvitation.objects.filter(
                incident=incident, used_at__isnull=True, link_expires_at__gt=timezone.now()
            ).order_by("-created_at")[:50],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def partner_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite a partner guest; the crisis organisation's writers only (a guest gets 404)."""
    incident = _members_incident(request, pk, write=True)
    form = PartnerInviteForm(
        request.POST or None,
        clearance_choices=_clearance_choices(request.user, incident),
        initial={
            "clearance": TLP.GREEN,
            "access_until": timezone.localtime() + timedelta(days=7),
        },
    )
    if request.method == "GET":
        return _page(request, incident, form)
    result = save_form(
        form,
        lambda data: partners.partner_invite(
            incident=incident,
            actor=request.user,
            base_url=request.build_absolute_uri("/")[:-1],
            **data,
        ),
    )
    if not result.saved:
        return _page(request, incident, form, status=result.status)
    invitation, _link = result.value
    messages.success(
        request, _("De uitnodiging is naar %(email)s gestuurd.") % {"email": invitation.email}
    )
    return redirect("incidents:partners", pk=incident.pk)


@require_POST
def partner_revoke(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    incident = _members_incident(request, pk, write=True)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_pk, incident=incident
    )
    return button_answer(
        request,
        incident,
        lambda: partners.partner_revoke(membership=membership, actor=request.user),
        redirect_to=reverse("incidents:partners", args=[incident.pk]),
        done=_("De toegang van %(organisation)s is ingetrokken.")
        % {"organisation": membership.organisation},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def partner_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time link: choose a password, then straight into the incident."""
    invitation = partners.invitation_for_token(token)
    if invitation is None:
        return render(request, "incidents/partner_accept.html", {"invalid": True}, status=410)
    form = SetPasswordForm(None, request.POST or None)
    context = {"invitation": invitation, "form": form}
    if request.method == "GET":
        return render(request, "incidents/partner_accept.html", context)
    result = save_form(
        form,
        lambda data: partners.partner_accept(token=token, password=data["new_password1"]),
    )
    if not result.saved:
        return render(request, "incidents/partner_accept.html", context, status=result.status)
    user, incident = result.value
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Welkom. U werkt mee als partner aan dit incident."))
    return redirect(incident)
