"""The members page: who is in the incident, with which function and clearance; adding a
member through a bounded user search (htmx autocomplete); changing and removing members."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import members, services
from .access import can_write, get_incident_for_user, is_partner, reader_clearance
from .forms import MemberAddForm, MembershipChangeForm, function_choices
from .htmx import save_form
from .models import Membership
from .tlp import TLP, visible_at


def _members_incident(request, pk, *, write: bool = False):
    """The member list is the crisis organisation's: a partner guest gets 404 (no hint)."""
    incident = get_incident_for_user(request.user, pk)
    if is_partner(request.user, incident):
        raise Http404
    if write and not can_write(request.user):
        raise PermissionDenied
    return incident


def _clearance_choices(user, incident) -> list:
    own = reader_clearance(user, incident)
    return [(value, label) for value, label in TLP.choices if visible_at(value, own)]


def _add_form(request, incident, data=None) -> MemberAddForm:
    return MemberAddForm(
        data,
        clearance_choices=_clearance_choices(request.user, incident),
        initial={"clearance": services.default_clearance(incident, request.user)},
    )


@require_http_methods(["GET", "POST"])
def incident_members(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _members_incident(request, pk, write=request.method == "POST")
    form = _add_form(request, incident, request.POST or None)
    if request.method == "GET":
        return _members_page(request, incident, form)
    candidates = []  # the users the typed name fits, when it does not say which one

    def save(data):
        user, found = members.resolve_user(incident, data["username"], data["user"])
        candidates.extend(found)
        if user is None:
            raise ValidationError({"username": _no_such_user(data["username"], found)})
        services.membership_add(
            incident=incident,
            actor=request.user,
            user=user,
            clearance=data["clearance"] or None,
            function=data["function"],
        )
        return user

    result = save_form(form, save)
    if result.saved:
        messages.success(
            request, _("%(user)s is toegevoegd.") % {"user": result.value.get_username()}
        )
        return redirect("incidents:members", pk=incident.pk)
    return _members_page(request, incident, form, candidates=candidates, status=result.status)


def _no_such_user(text: str, candidates: list) -> str:
    """Why the typed name adds nobody: it fits no one, or more than one (``candidates``)."""
    if candidates:
        message = _("Meerdere gebruikers passen bij “%(text)s”: kies er één uit de lijst.")
    else:
        message = _(
            "Er is geen actieve gebruiker die past bij “%(text)s”. Controleer de "
            "spelling, of nodig iemand van een andere organisatie uit als partner."
        )
    return message % {"text": text}


def _members_page(
    request, incident, form, *, status: int = 200, remove_error: str = "", candidates=()
):
    writer = can_write(request.user)
    rows = list(members.member_list(incident))
    if writer:
        clearances = _clearance_choices(request.user, incident)
        functions = function_choices()
        for row in rows:
            row.change_form = MembershipChangeForm(
                initial={"function": row.function_id, "clearance": row.clearance},
                auto_id=f"m{row.pk}-%s",
                function_choices=functions,
                clearance_choices=clearances,
            )
    return render(
        request,
        "incidents/members.html",
        {
            "incident": incident,
            "rows": rows,
            "form": form,
            "candidates": candidates,
            "remove_error": remove_error,
            "can_write": writer,
        },
        status=status,
    )


def _refused(request, incident, message: str) -> HttpResponse:
    """A member change or removal the service refused: the page, with why at the top."""
    form = _add_form(request, incident)
    return _members_page(request, incident, form, status=422, remove_error=message)


@require_GET
def member_search(request: HttpRequest, pk: int) -> HttpResponse:
    """The autocomplete's suggestions (at most SEARCH_LIMIT): writers only, never partners."""
    incident = _members_incident(request, pk, write=True)
    text = request.GET.get("username", "").strip()[:150]
    found = list(members.user_search(incident, text)[: members.SEARCH_LIMIT + 1]) if text else []
    return render(
        request,
        "incidents/members.html#member-suggestions",
        {
            "incident": incident,
            "candidates": found[: members.SEARCH_LIMIT],
            "more": len(found) > members.SEARCH_LIMIT,
            "searched": text,
        },
    )


@require_POST
def member_change(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    incident = _members_incident(request, pk, write=True)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "function"), pk=membership_pk, incident=incident
    )
    # Every level is a valid choice here: the service says what this member may not grant.
    form = MembershipChangeForm(request.POST, function_choices=function_choices())
    result = save_form(
        form,
        lambda data: services.membership_change(
            membership=membership,
            actor=request.user,
            clearance=data["clearance"],
            function=data["function"],
        ),
    )
    if not result.saved:
        # One line above the list (the row's selects are shown afresh); both may say the same.
        said = dict.fromkeys(error for errors in form.errors.values() for error in errors)
        return _refused(request, incident, " ".join(said))
    messages.success(
        request, _("%(user)s is bijgewerkt.") % {"user": membership.user.get_username()}
    )
    return redirect("incidents:members", pk=incident.pk)


@require_POST
def incident_member_remove(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    incident = _members_incident(request, pk, write=True)
    user = get_object_or_404(incident.members, pk=user_pk)
    try:
        services.membership_remove(incident=incident, actor=request.user, user=user)
    except ValidationError as exc:
        return _refused(request, incident, exc.messages[0])
    messages.success(request, _("%(user)s is verwijderd.") % {"user": user.get_username()})
    if user == request.user and not request.user.is_superuser:
        return redirect("incidents:list")  # no longer a member: the incident page would be 404
    return redirect("incidents:members", pk=incident.pk)
