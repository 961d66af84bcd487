import pytest

from incidents import services
from sitreps.sections import LOG_EXCERPT_LIMIT, build_logbook

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
