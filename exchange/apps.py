from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """Search, exports, "Kopieer voor LCMS" and message import: information into and out of
    the crisis room. Reads incidents and communication; nothing imports it."""

    name = "exchange"
    verbose_name = _("Zoeken en uitwisselen")

    def ready(self):
        from incidents.registry import register_demo

        from . import demo

        register_demo("exchange", 90, demo.seed)
