"""The evaluation report PDF: the sitrep's renderer (sitreps.rendering: WeasyPrint, fonts, TLP
label style, page counter) and its rules: content filtered on an audience TLP, never above the
reader's clearance; the highest label included and OEFENING in the running header and footer
of every page."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from escalation import selectors as escalation_selectors
from incidents.tlp import TLP, tlp_max, tlp_rank

from . import selectors


def audience_for(requested: str, *, clearance: str, default: str) -> str:
    """The audience TLP asked for, lowered to the reader's clearance."""
    audience = requested if requested in TLP.values else default
    return audience if tlp_rank(audience) <= tlp_rank(clearance) else clearance


def report_html(incident, *, audience_tlp: str, author=None) -> str:
    from sitreps.rendering import page_counter_css, tlp_label_css

    data = selectors.evaluation_page(incident, clearance=audience_tlp, show_all=True)
    chronology = selectors.report_timeline(incident, audience_tlp=audience_tlp)
    measures = list(escalation_selectors.measures(incident)[:100])
    recovery = list(escalation_selectors.recovery_items(incident)[:100])
    max_tlp = tlp_max([data.get("tlp", TLP.CLEAR), *(event.tlp for event in chronology["events"])])
    return render_to_string(
        "aftermath/report.html",
        {
            "incident": incident,
            **data,
            "timeline": chronology,
            "measures": measures,
            "recovery": recovery,
            "audience_tlp": audience_tlp,
            "max_tlp": max_tlp,
            "made_at": timezone.now(),
            "author": author,
            "tlp_label_css": tlp_label_css(),
            "page_counter_css": page_counter_css(),
            "REGION_NAME": settings.REGION_NAME,
        },
    )


def report_pdf(incident, *, audience_tlp: str, author=None, language: str | None = None) -> bytes:
    from sitreps.rendering import html_to_pdf

    with translation.override(language or translation.get_language()):
        html = report_html(incident, audience_tlp=audience_tlp, author=author)
    return html_to_pdf(html)
