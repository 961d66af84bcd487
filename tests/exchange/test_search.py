"""Search over the log, decisions, actions and messages (SQLite fallback; PostgreSQL in
test_search_postgres.py)."""

import pytest
from django.urls import reverse

from communication import services as communication
from exchange.search import Filters, search
from incidents import services

pytestmark = pytest.mark.django_db


def test_it_finds_a_word_in_every_kind(logged, vic_user):
    communication.message_create(
        incident=logged,
        actor=vic_user,
        title="Gemaal Zuidsluis buiten werking",
        text="Bewoners merken niets van de storing.",
    )
    results = search(vic_user, Filters(q="gemaal"), incident=logged)
    kinds = {hit.kind.key for hit in results.hits}
    assert {"logboek", "acties", "berichten"} <= kinds


def test_every_word_must_match(logged, vic_user):
    hits = search(vic_user, Filters(q="gemaal zuidsluis"), incident=logged).hits
    assert hits and all("zuidsluis" in str(hit.headline).lower() for hit in hits)


def test_the_hit_is_highlighted_and_escaped(incident, vic_user):
    services.log_entry_add(
        incident=incident, actor=vic_user, category="melding", text="<script>x</script> Gemaal"
    )
    hit = search(vic_user, Filters(q="gemaal"), incident=incident).hits[0]
    assert "<mark>Gemaal</mark>" in hit.headline
    assert "<script>" not in hit.headline  # escaped (SQLite) or dropped by ts_headline


def test_filters_narrow_the_results(logged, vic_user, crisis_user):
    services.log_entry_add(
        incident=logged, actor=crisis_user, category="informatie", text="Gemaal draait weer"
    )
    by_category = search(vic_user, Filters(q="gemaal", category="melding"), incident=logged).hits
    assert [hit.obj.text for hit in by_category] == ["Het gemaal bij de Zuidsluis is uitgevallen"]
    by_author = search(vic_user, Filters(q="gemaal", author="chris"), incident=logged).hits
    assert [hit.obj.text for hit in by_author] == ["Gemaal draait weer"]
    by_kind = search(vic_user, Filters(q="gemaal", kind="acties"), incident=logged).hits
    assert [hit.kind.key for hit in by_kind] == ["acties"]


def test_a_time_range_filters_on_the_event_time(logged, vic_user):
    from datetime import timedelta

    from django.utils import timezone

    past = timezone.now() - timedelta(days=2)
    services.log_entry_add(
        incident=logged, actor=vic_user, category="melding", text="Oud gemaal", occurred_at=past
    )
    hits = search(
        vic_user,
        Filters(q="gemaal", until=past + timedelta(hours=1)),
        incident=logged,
    ).hits
    assert [hit.obj.text for hit in hits] == ["Oud gemaal"]


def test_tlp_above_the_readers_clearance_is_never_found(logged, vic_user, green_reader):
    hits = search(vic_user, Filters(q="gemalen"), incident=logged).hits
    texts = [str(hit.headline) for hit in hits]
    assert not any("Ransomware" in text for text in texts)
    # the action inherits its decision's AMBER and is hidden too
    assert all(hit.tlp in ("CLEAR", "GREEN") for hit in hits)
    assert search(vic_user, Filters(q="monteurs"), incident=logged).hits == []


def test_search_across_incidents_shows_only_the_users_incidents(logged, vic_user, outsider):
    other = services.incident_open(actor=outsider, title="Ander incident")
    services.log_entry_add(incident=other, actor=outsider, category="melding", text="Gemaal elders")
    mine = search(vic_user, Filters(q="gemaal")).hits
    assert {hit.incident.pk for hit in mine} == {logged.pk}
    theirs = search(outsider, Filters(q="gemaal")).hits
    assert {hit.incident.pk for hit in theirs} == {other.pk}


def test_results_are_paged(incident, vic_user):
    from exchange.search import PAGE_SIZE

    for n in range(PAGE_SIZE + 3):
        services.log_entry_add(
            incident=incident, actor=vic_user, category="melding", text=f"Gemaal {n}"
        )
    first = search(vic_user, Filters(q="gemaal"), incident=incident)
    second = search(vic_user, Filters(q="gemaal"), incident=incident, page=2)
    assert len(first.hits) == PAGE_SIZE and first.has_next
    assert len(second.hits) == 3 and not second.has_next
    assert not {h.obj.pk for h in first.hits} & {h.obj.pk for h in second.hits}


def test_the_search_page_shows_ranked_hits(
    client_for, logged, vic_user, django_assert_max_num_queries
):
    client = client_for(vic_user)
    url = reverse("exchange:incident_search", args=[logged.pk])
    with django_assert_max_num_queries(12):
        response = client.get(url, {"q": "gemaal"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<mark>" in body and "Zuidsluis" in body


def test_the_search_page_across_incidents(client_for, logged, vic_user):
    body = client_for(vic_user).get(reverse("exchange:search"), {"q": "gemaal"}).content.decode()
    assert logged.reference in body


def test_an_empty_query_shows_the_form_only(client_for, logged, vic_user):
    response = client_for(vic_user).get(reverse("exchange:search"))
    assert response.status_code == 200
    assert "Resultaten" not in response.content.decode()


def test_a_bad_period_gets_a_dutch_error(client_for, logged, vic_user):
    response = client_for(vic_user).get(
        reverse("exchange:search"),
        {"q": "gemaal", "van": "2026-03-02T10:00", "tot": "2026-03-01T10:00"},
    )
    assert response.status_code == 422
    assert "Het einde ligt vóór het begin" in response.content.decode()


def test_the_search_page_says_it_is_filtered(client_for, logged, vic_user, green_reader):
    body = (
        client_for(vic_user)
        .get(reverse("exchange:incident_search", args=[logged.pk]), {"q": "gemaal"})
        .content.decode()
    )
    assert "U ziet informatie tot en met TLP:GREEN" in body


def test_an_outsider_searching_all_incidents_finds_nothing_of_them(client_for, logged, outsider):
    body = client_for(outsider).get(reverse("exchange:search"), {"q": "gemaal"}).content.decode()
    assert logged.reference not in body
    assert "Zuidsluis" not in body
