"""The verslag PDF: the sitrep's renderer (sitreps.rendering) and its rules: never above the
reader's clearance, the highest label included and OEFENING on every page."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import selectors


def minutes_html(meeting, *, clearance: str) -> str:
    from sitreps.rendering import page_counter_css, tlp_label_css

    page = selectors.meeting_page(meeting, clearance=clearance)
    return render_to_string(
        "meetings/minutes_pdf.html",
        {
            "incident": meeting.incident,
            "meeting": meeting,
            "clearance": clearance,
            **page,
            "made_at": timezone.now(),
            "tlp_label_css": tlp_label_css(),
            "page_counter_css": page_counter_css(),
            "REGION_NAME": settings.REGION_NAME,
        },
    )


def minutes_pdf(meeting, *, clearance: str, language: str | None = None) -> bytes:
    from sitreps.rendering import html_to_pdf

    with translation.override(language or translation.get_language()):
        html = minutes_html(meeting, clearance=clearance)
    return html_to_pdf(html)
