from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Main navigation next to "Incidenten": the reading pages everyone uses.
NAV_ITEMS = [
    ("playbook:index", _("Draaiboek")),
    ("escalation:reporting_tree", _("Beslisboom meldpunten")),
    ("escalation:cirkel", _("Cyber-Crisis-Cirkel")),
    ("exchange:search", _("Zoeken")),
]


def site(request):
    context = {"REGION_NAME": settings.REGION_NAME}
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        context["nav_items"] = [{"url": reverse(name), "label": label} for name, label in NAV_ITEMS]
    return context
