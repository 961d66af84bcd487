"""The log tile: a search box and keyset pages by (event time, id) instead of a 500 cap."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents import services
from incidents.tiles import LOG_TILE_LIMIT
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


def _ids(body: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr id="log-(\d+)" class="log-entry"', body)]


def _older(body: str) -> str | None:
    match = re.search(r'hx-get="[^"]*\?([^"]*voor=\d+)"[^>]*>Oudere regels<', body)
    return match.group(1).replace("&amp;", "&") if match else None


@pytest.fixture
def long_log(incident, vic_user):
    """70 lines, many sharing one event time (the tie the id breaks)."""
    moment = timezone.now() - timedelta(hours=1)
    for n in range(70):
        services.log_entry_add(
            incident=incident,
            actor=vic_user,
            category="melding" if n % 2 else "informatie",
            text=f"Regel {n}",
            occurred_at=moment + timedelta(minutes=n // 10),
        )
    return incident


def test_paging_shows_every_line_once_in_order(
    client_for, long_log, vic_user, django_assert_max_num_queries
):
    client = client_for(vic_user)
    url = reverse("incidents:tile", args=[long_log.pk, "log"])
    seen, query, pages = [], "", 0
    while pages < 10:
        with django_assert_max_num_queries(8):  # the same on every page
            body = client.get(f"{url}?{query}", headers=HTMX).content.decode()
        seen += _ids(body)
        pages += 1
        query = _older(body)
        if not query:
            break
    expected = list(
        long_log.log_entries.order_by("-occurred_at", "-pk").values_list("pk", flat=True)
    )
    assert seen == expected  # no duplicates, no gaps
    assert pages == -(-len(expected) // LOG_TILE_LIMIT)


def test_a_line_added_meanwhile_does_not_shift_the_older_page(client_for, long_log, vic_user):
    client = client_for(vic_user)
    url = reverse("incidents:tile", args=[long_log.pk, "log"])
    first = client.get(url, headers=HTMX).content.decode()
    query = _older(first)
    before = _ids(client.get(f"{url}?{query}", headers=HTMX).content.decode())
    services.log_entry_add(incident=long_log, actor=vic_user, category="melding", text="Nieuw")
    after = _ids(client.get(f"{url}?{query}", headers=HTMX).content.decode())
    assert before == after


def test_the_search_box_filters_the_lines_and_pages_keep_it(client_for, long_log, vic_user):
    client = client_for(vic_user)
    url = reverse("incidents:tile", args=[long_log.pk, "log"])
    body = client.get(url, {"q": "Regel 1"}, headers=HTMX).content.decode()
    assert "Regels met “Regel 1”" in body
    assert 'hx-get="/incidents/' in body and "q=Regel+1" in body  # the refresh keeps the query


def test_the_category_and_the_pages_combine(client_for, long_log, vic_user):
    client = client_for(vic_user)
    url = reverse("incidents:tile", args=[long_log.pk, "log"])
    first = client.get(url, {"category": "melding"}, headers=HTMX).content.decode()
    query = _older(first)
    assert "category=melding" in query
    older = client.get(f"{url}?{query}", headers=HTMX).content.decode()
    assert "Regel 0<" not in older  # an informatie line
    assert len(_ids(first)) + len(_ids(older)) == 35


def test_vanaf_opens_the_page_at_a_line(client_for, long_log, vic_user):
    entry = long_log.log_entries.get(text="Regel 12")
    body = (
        client_for(vic_user)
        .get(
            reverse("incidents:tile", args=[long_log.pk, "log"]), {"vanaf": entry.pk}, headers=HTMX
        )
        .content.decode()
    )
    assert _ids(body)[0] == entry.pk
    assert "Nieuwste regels" in body


def test_a_garbled_cursor_shows_the_newest_lines(client_for, long_log, vic_user):
    response = client_for(vic_user).get(
        reverse("incidents:tile", args=[long_log.pk, "log"]), {"voor": "x'; drop"}, headers=HTMX
    )
    assert response.status_code == 200
    assert len(_ids(response.content.decode())) == LOG_TILE_LIMIT


def test_the_tile_hides_lines_above_the_readers_clearance(
    client_for, incident, vic_user, green_reader
):
    services.log_entry_add(
        incident=incident, actor=vic_user, category="melding", text="Geheim", tlp="RED"
    )
    services.log_entry_add(
        incident=incident, actor=vic_user, category="melding", text="Openbaar", tlp="GREEN"
    )
    body = (
        client_for(vic_user)
        .get(reverse("incidents:tile", args=[incident.pk, "log"]), headers=HTMX)
        .content.decode()
    )
    assert "Openbaar" in body and "Geheim" not in body
    assert "U ziet regels tot en met TLP:GREEN" in body
