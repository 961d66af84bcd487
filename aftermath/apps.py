from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftermathConfig(AppConfig):
    name = "aftermath"
    verbose_name = _("Nafase en evaluatie")

    def ready(self) -> None:
        from incidents.registry import register_close_check, register_demo

        from . import demo, services

        register_close_check("aftermath.evaluation", services.close_check)
        register_demo("aftermath", 90, demo.seed)
