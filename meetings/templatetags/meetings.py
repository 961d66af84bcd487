"""``{% tabling incident dilemma=... %}`` / ``{% tabling incident key_decision=... %}``: on the
playbook's dilemma and key-decision pages, whether the item is *geagendeerd* and, for writers,
a form to table it for a team's next meeting. One query per page (kept on the request)."""

from django import template
from django.urls import reverse

from incidents.access import can_write

from ..forms import TEAMS
from ..models import TabledItem

register = template.Library()


def _open_items(request, incident) -> list[TabledItem]:
    cache = getattr(request, "_tabled_items", None)
    if cache is None or cache[0] != incident.pk:
        items = list(TabledItem.objects.waiting().filter(incident=incident))
        cache = request._tabled_items = (incident.pk, items)
    return cache[1]


@register.inclusion_tag("meetings/_tabling.html", takes_context=True)
def tabling(context, incident, dilemma=None, key_decision=None):
    request = context["request"]
    items = _open_items(request, incident)
    if dilemma is not None:
        teams = [item.get_team_display() for item in items if item.dilemma_id == dilemma.pk]
    else:
        teams = [
            item.get_team_display() for item in items if item.key_decision_id == key_decision.pk
        ]
    return {
        "incident": incident,
        "dilemma": dilemma,
        "key_decision": key_decision,
        "teams": teams,
        "choices": TEAMS,
        "default_team": "GBT" if dilemma is not None else "ROT",
        "can_write": can_write(request.user),
        "field_id": f"table-team-d{dilemma.pk}"
        if dilemma is not None
        else f"table-team-k{key_decision.pk}",
        # Back to the page (not to a fragment's URL: the partial may answer a POST).
        "next": reverse("playbook:dilemmas", args=[incident.pk]) + f"#dilemma-{dilemma.pk}"
        if dilemma is not None
        else reverse("playbook:key_decisions", args=[incident.pk]) + f"#kd-{key_decision.pk}",
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("meetings/_my_agenda.html", takes_context=True)
def my_agenda(context, incident):
    """On "mijn taken": my part in the next meeting (notulist, what I tabled, my open actions
    that its agenda lists). A fixed three queries."""
    from incidents.access import is_partner
    from incidents.models import Action

    from ..models import Meeting

    user = context["request"].user
    if is_partner(user, incident):
        return {"hidden": True}
    meeting = (
        Meeting.objects.filter(
            incident=incident, status__in=[Meeting.Status.PLANNED, Meeting.Status.OPEN]
        )
        .order_by("starts_at", "pk")
        .first()
    )
    tabled = list(
        TabledItem.objects.waiting()
        .filter(incident=incident, tabled_by=user)
        .select_related("dilemma", "key_decision__key_decision")
        .order_by("tabled_at", "pk")[:10]
    )
    actions = Action.objects.filter(
        incident=incident, owner_user=user, status__in=Action.OPEN_STATUSES
    ).count()
    return {
        "incident": incident,
        "meeting": meeting,
        "is_minute_taker": meeting is not None and meeting.minute_taker_id == user.pk,
        "tabled": tabled,
        "actions": actions,
    }
