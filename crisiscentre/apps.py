from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrisiscentreConfig(AppConfig):
    name = "crisiscentre"
    verbose_name = _("Crisiscentre")

    def ready(self) -> None:
        from . import dbsafety

        dbsafety.install()
