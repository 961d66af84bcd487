from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrisiscentreConfig(AppConfig):
    name = "crisiscentre"
    verbose_name = _("Crisiscentre")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from incidents.registry import register_demo

        from . import dbsafety
        from .api import demo as api_demo
        from .security import log_failed_login

        dbsafety.install()
        register_demo("api_token", 900, api_demo.seed)
        user_login_failed.connect(log_failed_login, dispatch_uid="crisiscentre.failed_login")
