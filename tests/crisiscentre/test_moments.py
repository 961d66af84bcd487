"""Every moment on a page is written one way, 02-12-2026 14:59, in Dutch and English alike."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation

from incidents.management.commands.seed_demo import DEMO_TITLE
from incidents.models import Incident

pytestmark = pytest.mark.django_db

MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
# "2 Dec", "Dec. 2" (not the name "Jan de Vries")
ENGLISH_MONTHS = re.compile(rf"\b\d{{1,2}} (?:{MONTHS})\b|\b(?:{MONTHS})\.? \d{{1,2}}\b")
DUTCH_MONTH_NAMES = re.compile(
    r"\b\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)\.?\b", re.IGNORECASE
)
DAY_MONTH_TIME = re.compile(r"\d{1,2}-\d{1,2}(?:-\d{2,4})? \d{2}:\d{2}")
ONE_FORMAT = re.compile(r"^\d{2}-\d{2}-\d{4} \d{2}:\d{2}$")


def render(value, precision=""):
    argument = f':"{precision}"' if precision else ""
    return Template("{{ value|moment" + argument + " }}").render(Context({"value": value}))


def test_the_filter_writes_local_time_in_one_numeric_format():
    moment = datetime(2026, 12, 2, 13, 59, 7, tzinfo=UTC)
    assert render(moment) == "02-12-2026 14:59"  # Europe/Amsterdam
    assert render(moment, "s") == "02-12-2026 14:59:07"
    assert render(None) == ""
    with translation.override("en"):
        assert render(moment) == "02-12-2026 14:59"


def test_the_demo_dashboard_in_dutch_shows_one_date_format_and_no_english_months(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - quiet
    incident = Incident.objects.get(title=DEMO_TITLE)
    client.force_login(get_user_model().objects.get(username="vic"))
    html = client.get(incident.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    text = re.sub(r"<[^>]+>", " ", html)  # attributes (ISO datetime="…") are not shown
    assert not ENGLISH_MONTHS.findall(text)
    assert not DUTCH_MONTH_NAMES.findall(text)
    moments = DAY_MONTH_TIME.findall(text)
    assert len(moments) >= 5
    assert all(ONE_FORMAT.match(moment) for moment in moments), sorted(set(moments))
