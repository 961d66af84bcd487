from django import template

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's full name, else username; a dash for a missing user (e.g. a system action)."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()


@register.inclusion_tag("incidents/_clearance.html", takes_context=True)
def clearance_notice(context, incident, filtered=None):
    """ "U ziet informatie tot en met TLP:X" for a reader below TLP:RED, with "gefilterd" when
    this incident holds items above their clearance (one EXISTS query, only for them)."""
    from incidents.access import reader_clearance
    from incidents.models import Decision, LogEntry
    from incidents.tlp import TLP, tlps_visible_at

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(incident, "pk", None):
        return {"show": False}
    clearance = reader_clearance(user, incident)
    if clearance == TLP.RED:
        return {"show": False}
    if filtered is None:
        visible = tlps_visible_at(clearance)
        filtered = (
            LogEntry.objects.filter(incident_id=incident.pk).exclude(tlp__in=visible).exists()
            or Decision.objects.filter(incident_id=incident.pk).exclude(tlp__in=visible).exists()
        )
    return {"show": True, "clearance": clearance, "filtered": filtered}
