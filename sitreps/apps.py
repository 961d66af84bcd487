from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitrepsConfig(AppConfig):
    name = "sitreps"
    verbose_name = _("Situatierapporten")
