"""`{{ value|moment }}`: every date and time on screen, in mail and in sitreps, one format.

A builtin (settings.TEMPLATES), so templates need no {% load %}. The format lives in
crisiscentre/formats/nl/formats.py (FORMAT_MODULE_PATH); "s" adds seconds.
"""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

from crisiscentre.formats.nl import formats

register = template.Library()


def moment_text(value: datetime | None, precision: str = "") -> str:
    """The same text as the template filter, for Python code (mails, audit lines)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    pattern = formats.DATETIME_SECONDS_FORMAT if precision == "s" else formats.DATETIME_FORMAT
    return date_format(value, pattern)


@register.filter
def moment(value, precision: str = "") -> str:
    return moment_text(value, precision)
