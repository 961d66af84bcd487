"""Reads about the people of an incident: the member list and the user search behind the
"lid toevoegen" autocomplete (bounded, active users who are not members yet)."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from .models import Incident, Membership

SEARCH_LIMIT = 10  # suggestions shown; "typ verder" when there are more


def member_list(incident: Incident) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(incident=incident)
        .select_related("user", "function", "user__affiliation")
        .prefetch_related("user__groups")
        .order_by("is_partner", "function__order", "user__username")
    )


def user_search(incident: Incident, text: str) -> QuerySet:
    """Active users not yet in the incident whose name, username, e-mail or organisation
    contains every typed word (case-insensitive)."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(membership__incident=incident)
        .select_related("affiliation")
    )
    words = text.split()[:5]
    if not words:
        return users.none()
    for word in words:
        users = users.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(affiliation__organisation__icontains=word)
        )
    return users.order_by("last_name", "first_name", "username")


def resolve_user(incident: Incident, text: str, picked: int | None):
    """(user, candidates): the one user the form means, or None with the candidates (0 or
    more than one) so the view can say why."""
    users = user_search(incident, text)
    if picked:
        user = (
            get_user_model()
            .objects.filter(pk=picked, is_active=True)
            .exclude(membership__incident=incident)
            .first()
        )
        if user is not None:
            return user, []
    exact = users.filter(username__iexact=text.strip()).first()
    if exact is not None:
        return exact, []
    candidates = list(users[: SEARCH_LIMIT + 1])
    if len(candidates) == 1:
        return candidates[0], []
    return None, candidates
