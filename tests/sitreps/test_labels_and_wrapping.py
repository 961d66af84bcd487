"""Every TLP label in the sitrep shares one style with the FIRST TLP 2.0 colours, on paper too;
long unbroken strings wrap instead of being cut off at the page edge."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from communication import services as communication_services
from incidents import services as incident_services
from incidents.tlp import TLP
from sitreps import services
from sitreps.models import Sitrep

pytestmark = pytest.mark.django_db

FIRST = {"CLEAR": "#FFFFFF", "GREEN": "#33FF00", "AMBER": "#FFC000", "RED": "#FF2B2B"}
LABEL = re.compile(r"<span([^>]*)>\s*TLP:([A-Z+]+)\s*</span>")
# The 227-character indicator URL from the exercise: 180 hex characters in one token.
HEX = "".join(f"{n:02x}" for n in range(90))
URL = f"https://cdn.update-check.example/pl/{HEX}/stage2.bin"


def _css_class(level: str) -> str:
    return "tlp-" + level.lower().replace("+", "")


def _approved_message(incident, writer, approver, tlp):
    message = communication_services.message_create(
        incident=incident,
        actor=writer,
        title=f"Bericht {tlp}",
        text="Door een digitale verstoring is de website van de gemeente niet bereikbaar.",
        action_perspective="Bel voor vragen 14 030.",
        audience="inwoners",
        channel="website",
        tlp=tlp,
    )
    message = communication_services.message_submit(message=message, actor=writer)
    communication_services.message_approve(
        message=message,
        actor=approver,
        expected_revision=message.revision,
        acknowledge_findings=True,
    )


def test_every_tlp_label_in_the_sitrep_carries_the_shared_class_per_level(
    incident, vic_user, crisis_user
):
    for level in TLP.values:
        _approved_message(incident, crisis_user, vic_user, level)
    html = services.sitrep_preview_html(incident=incident, audience_tlp="RED")
    labels = LABEL.findall(html)
    assert {level for _attrs, level in labels} >= set(TLP.values)
    for attrs, level in labels:
        assert f'class="tlp {_css_class(level)}"' in attrs, (attrs, level)
        assert "style=" not in attrs  # no one-off colour next to the shared style
    for level, colour in FIRST.items():
        assert f".{_css_class(level)} {{ color: {colour}; }}" in html
    assert re.search(r"\.tlp \{[^}]*background: #000;", html)


def test_printed_pages_keep_the_tlp_colours_on_black():
    css = (Path(settings.BASE_DIR) / "static/css/print.css").read_text()
    rule = re.search(r"^\.tlp \{([^}]*)\}", css, re.MULTILINE).group(1)
    assert "background: #000" in rule and "print-color-adjust: exact" in rule
    assert "color: #000" not in rule


def _joined(sitrep) -> str:
    """The text pdftotext finds inside the pages (what is cut off at the edge is not there),
    with line breaks and spaces removed so a wrapped token reads as one."""
    with sitrep.pdf.open("rb") as handle:
        data = handle.read()
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return "".join(text.split())


def test_a_long_indicator_url_and_log_line_are_printed_in_full(incident, vic_user):
    assert len(URL) == 227
    long_line = "Versleuteld:" + "".join(f"\\\\srv{n:03d}\\share" for n in range(25))
    incident_services.log_entry_add(
        incident=incident, actor=vic_user, category="beeld", text=f"Indicator: {URL}", tlp="AMBER"
    )
    incident_services.log_entry_add(
        incident=incident, actor=vic_user, category="informatie", text=long_line, tlp="AMBER"
    )
    sitrep = services.sitrep_issue_now(incident=incident, actor=vic_user, audience_tlp="AMBER")
    assert sitrep.state == Sitrep.State.DONE, sitrep.error
    text = _joined(sitrep)
    assert text.count(URL) == 2  # the picture and the logbook
    assert long_line in text
