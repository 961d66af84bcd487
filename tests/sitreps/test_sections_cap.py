import pytest

from incidents import services
from sitreps.sitrep import LOG_EXCERPT_LIMIT, build_logbook

pytestmark = pytest.mark.django_db


def test_the_logbook_excerpt_keeps_the_newest_lines_and_says_how_many_were_left_out(
    incident, vic_user
):
    for i in range(LOG_EXCERPT_LIMIT + 5):
        services.log_entry_add(
            incident=incident, actor=vic_user, category="informatie", text=f"Regel {i}"
        )
    section = build_logbook(incident, audience_tlp="RED", since=None)
    texts = [entry.text for entry in section["entries"]]
    assert len(texts) == LOG_EXCERPT_LIMIT
    assert section["omitted"] == 5
    assert texts[-1] == f"Regel {LOG_EXCERPT_LIMIT + 4}"  # newest last, in time order
    assert "Regel 0" not in texts


def test_the_picture_section_keeps_the_newest_entries_and_says_how_many_were_left_out(
    incident, vic_user
):
    from sitreps.sitrep import PICTURE_LIMIT, build_picture

    for i in range(PICTURE_LIMIT + 7):
        services.log_entry_add(incident=incident, actor=vic_user, category="beeld", text=f"B {i}")
    section = build_picture(incident, audience_tlp="RED", since=None)
    texts = [entry.text for entry in section["entries"]]
    assert len(texts) == PICTURE_LIMIT
    assert section["more"] == 7
    assert texts[0] == f"B {PICTURE_LIMIT + 6}"  # newest first
    assert "B 0" not in texts


def test_a_sitrep_of_ten_thousand_log_entries_stays_under_fifteen_pages(incident, vic_user):
    """With decisions, actions, organisations, messages and stakeholders in proportion."""
    from sitreps import services as sitrep_services

    from .conftest import pdf_of
    from .scale import fill

    fill(incident, vic_user, 10_000)
    sitrep = sitrep_services.sitrep_issue_now(
        incident=incident, actor=vic_user, audience_tlp="AMBER"
    )
    pages = pdf_of(sitrep)
    assert len(pages) < 15
    text = "\n".join(pages)
    # Every capped section says what it left out.
    assert text.count("meer, zie het incident") >= 6


def test_the_font_configuration_is_loaded_once_per_process():
    from sitreps import rendering

    if rendering.weasyprint_problem():
        pytest.skip("WeasyPrint not available")
    rendering.warm_up()
    assert rendering.font_config() is rendering.font_config()
