"""Turn an incident into the sitrep document: collect the registered sections, render the
HTML template, and (lazily) hand it to WeasyPrint.

WeasyPrint needs Pango/HarfBuzz system libraries; it is imported only when a PDF is made, so
the rest of the app keeps working and PDF pages can say plainly what to install.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from incidents.registry import SitrepSection, sitrep_sections
from incidents.tlp import COLOURS, TLP, tlp_max

logger = logging.getLogger(__name__)

# WeasyPrint logs every parsing and layout step at INFO (even on import); that drowns the
# worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"


@lru_cache(maxsize=1)
def weasyprint_problem() -> str | None:
    """None when WeasyPrint can render, else a plain explanation of what to install."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        logger.warning("WeasyPrint is unavailable: %s", exc)
        return _(
            "PDF-sitreps kunnen op deze server niet worden gemaakt: de systeembibliotheken "
            "van WeasyPrint ontbreken. Vraag de beheerder de Debian-pakketten %(packages)s "
            "te installeren (apt-get install %(packages)s)."
        ) % {"packages": DEBIAN_PACKAGES}
    return None


class PdfUnavailable(RuntimeError):
    pass


@dataclass
class BuiltSection:
    section: SitrepSection
    data: dict

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def title(self) -> str:
        return str(self.section.title)

    @property
    def template(self) -> str:
        return self.section.template or "sitreps/sections/_generic.html"

    @property
    def tlp(self) -> str:
        return self.data.get("tlp") or TLP.CLEAR

    @property
    def is_empty(self) -> bool:
        return bool(self.data.get("is_empty"))

    @property
    def placeholders(self) -> list[str]:
        return [str(p) for p in self.data.get("placeholders") or []]


@dataclass
class Document:
    """Everything the sitrep template needs, plus what is stored on the Sitrep row."""

    sections: list[BuiltSection]
    audience_tlp: str
    since: datetime | None
    max_tlp: str = TLP.CLEAR
    summary: dict = field(default_factory=dict)

    @property
    def empty_sections(self) -> list[str]:
        return [built.title for built in self.sections if built.is_empty]

    @property
    def placeholders(self) -> list[str]:
        return [f"{built.title}: {p}" for built in self.sections for p in built.placeholders]

    @property
    def changes_since(self) -> list[tuple[str, int]]:
        """(section title, how much is new or changed) for sections that report it: one line
        per section, so it stays short however long the incident runs."""
        return [
            (built.title, built.data["changed_count"])
            for built in self.sections
            if built.data.get("changed_count")
        ]


def build_sections(incident, *, audience_tlp: str, since: datetime | None) -> Document:
    """Run every registered section's build in order; None leaves a section out.

    A section that raises is printed as a failed section rather than losing the whole sitrep:
    on paper in a crisis, eleven sections beat none.
    """
    built = []
    for section in sitrep_sections():
        try:
            data = section.build(incident, audience_tlp=audience_tlp, since=since)
        except Exception:
            logger.exception("Sitrep section %s failed for %s", section.key, incident.reference)
            data = {
                "is_empty": True,
                "failed": True,
                "placeholders": [_("deze sectie kon niet worden opgebouwd")],
            }
            section = SitrepSection(section.key, section.title, section.order, section.build, "")
        if data is None:
            continue
        built.append(BuiltSection(section=section, data=data))
    return Document(
        sections=built,
        audience_tlp=audience_tlp,
        since=since,
        max_tlp=tlp_max(b.tlp for b in built),
        summary={b.key: b.data["snapshot"] for b in built if "snapshot" in b.data},
    )


def css_string(text: str) -> str:
    """A CSS string literal (for @page content), safe for any text."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;-_+/()" else f"\\{ord(ch):06x}" for ch in str(text)
    )
    return f'"{escaped}"'


def page_counter_css() -> str:
    """'pagina X van Y' as CSS content, from one translatable sentence."""
    sentence = _("pagina %(page)s van %(pages)s")
    parts = []
    rest = sentence
    while rest:
        positions = [(rest.find(m), m) for m in ("%(page)s", "%(pages)s") if m in rest]
        if not positions:
            parts.append(css_string(rest))
            break
        index, marker = min(positions)
        if index:
            parts.append(css_string(rest[:index]))
        parts.append("counter(page)" if marker == "%(page)s" else "counter(pages)")
        rest = rest[index + len(marker) :]
    return " ".join(parts)


def tlp_label_css() -> str:
    """The one TLP label style of the sitrep (incidents/_tlp.html: `tlp tlp-<level>`): FIRST
    TLP 2.0 colours on black, from incidents.tlp.COLOURS so screen and paper agree."""
    rules = [
        '.tlp { font-family: "DejaVu Sans", sans-serif; font-weight: bold; background: #000;'
        " padding: 0 1mm; white-space: nowrap; overflow-wrap: normal; }"
    ]
    rules += [
        f".tlp-{level.value.lower().replace('+', '')} {{ color: {colour}; }}"
        for level, colour in COLOURS.items()
    ]
    return "\n".join(rules)


def render_document(
    *, incident, sitrep, document: Document, previous=None, preview: bool = False
) -> str:
    return render_to_string(
        "sitreps/document.html",
        {
            "incident": incident,
            "sitrep": sitrep,
            "previous": previous,
            "document": document,
            "sections": document.sections,
            "since": document.since,
            "audience_tlp": document.audience_tlp,
            "max_tlp": document.max_tlp,
            "tlp_label_css": tlp_label_css(),
            "page_counter_css": page_counter_css(),
            "REGION_NAME": settings.REGION_NAME,
            "preview": preview,
            # Marked so an approval can replace them in the stored HTML (approved_html).
            "approval": {
                place: mark_safe(approval_mark(sitrep=sitrep, place=place))  # noqa: S308 - rendered by a template
                for place in ("header", "title", "footer")
            },
        },
    )


# The approval marks in document.html: `<!--approval:PLACE-->...<!--/approval-->`. User text
# is autoescaped, so it can never contain the marker.
APPROVAL_MARK = re.compile(r"<!--approval:(\w+)-->.*?<!--/approval-->", re.DOTALL)


def approval_mark(*, sitrep, place: str) -> str:
    """CONCEPT, or "Vastgesteld door X op T", for one place of the document."""
    html = render_to_string("sitreps/_approval.html", {"sitrep": sitrep, "place": place})
    return f"<!--approval:{place}-->{html.strip()}<!--/approval-->"


def approved_html(html: str, *, sitrep) -> str:
    """The stored concept document with its approval marks saying who approved it when."""
    return APPROVAL_MARK.sub(lambda match: approval_mark(sitrep=sitrep, place=match[1]), html)


_FONT_CONFIG = None


def font_config():
    """One FontConfiguration per process: fontconfig scans the fonts once, not per sitrep."""
    global _FONT_CONFIG  # noqa: PLW0603 - a per-process cache
    if _FONT_CONFIG is None:
        from weasyprint.text.fonts import FontConfiguration

        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


def warm_up() -> None:
    """Import WeasyPrint and load the fonts once (a worker process calls this at start)."""
    if weasyprint_problem() is None:
        font_config()


def html_to_pdf(html: str) -> bytes:
    problem = weasyprint_problem()
    if problem:
        raise PdfUnavailable(problem)
    import weasyprint
    from weasyprint.urls import URLFetcher

    # The sitrep is self-contained: user text must never make the renderer fetch anything.
    fetcher = URLFetcher(allowed_protocols=["data"])
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(font_config=font_config())
