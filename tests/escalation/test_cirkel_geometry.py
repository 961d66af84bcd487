"""Every label of the Cyber-Crisis-Cirkel fits its box and the picture, on screen and on paper."""

import subprocess

import pytest
from django.template.loader import render_to_string

from escalation.advice import Facts
from escalation.cirkel import picture
from incidents.models import Area, Domain

pytestmark = pytest.mark.django_db

# Everything active: the bold "✓ " labels are the widest.
ALL_ACTIVE = Facts(domain=Domain.VITAL, area=Area.SEVERAL_COUNTRIES, grip_rank=6)

# For each team: its text's box against its rect and the SVG's viewBox, in SVG units.
MEASURE = """() => {
  const svg = document.querySelector('svg');
  const view = svg.viewBox.baseVal;
  return [...svg.querySelectorAll('g.esc-team')].map((g) => {
    const text = g.querySelector('text').getBBox();
    const rect = g.querySelector('rect').getBBox();
    return {
      label: g.querySelector('text').textContent.trim(),
      inBox: text.x >= rect.x && text.x + text.width <= rect.x + rect.width,
      inView: rect.x >= view.x && rect.x + rect.width <= view.x + view.width,
    };
  });
}"""


def svg(facts) -> str:
    return render_to_string("escalation/_cirkel_svg.html", {"picture": picture(facts)})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # like every browser test (see tests/conftest.py)
@pytest.mark.parametrize("facts", [ALL_ACTIVE, None], ids=["all-active", "blank"])
def test_every_team_label_fits_inside_its_box_and_the_viewbox(page, facts):
    page.set_content(f'<html><body style="width:760px">{svg(facts)}</body></html>')
    teams = page.evaluate(MEASURE)
    assert any("NCC / LOCC" in team["label"] for team in teams)
    assert [t["label"] for t in teams if not (t["inBox"] and t["inView"])] == []


def test_the_pdf_carries_the_full_ncc_locc_label(tmp_path):
    import weasyprint

    pdf = tmp_path / "cirkel.pdf"
    weasyprint.HTML(string=f"<html><body>{svg(ALL_ACTIVE)}</body></html>").write_pdf(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "✓ NCC / LOCC" in text
