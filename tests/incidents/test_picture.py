"""The picture per discipline (issue 14): deelbeelden, the totaalbeeld, their page, tile and
sitrep section, and who may set what."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from incidents import picture, registry
from incidents.bounded import TILE_ROWS
from incidents.models import (
    AuditEvent,
    Discipline,
    LogEntry,
    Membership,
    OverallPicture,
    PartialPicture,
    Role,
)
from incidents.tlp import TLP
from tests.helpers import HTMX, make_user

pytestmark = pytest.mark.django_db

ALL = TLP.values


def discipline(slug: str) -> Discipline:
    return Discipline.objects.get(slug=slug)


def set_partial(incident, actor, slug="ghor", text="Twee gewonden", tlp=TLP.AMBER, **extra):
    return picture.partial_picture_set(
        incident=incident, actor=actor, discipline=discipline(slug), text=text, tlp=tlp, **extra
    )


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def amber_member(incident, crisis_user):
    Membership.objects.filter(incident=incident, user=crisis_user).update(clearance=TLP.AMBER)
    return crisis_user


@pytest.fixture
def partner(incident, django_user_model):
    guest = make_user(django_user_model, "gast", Role.PARTNER)
    Membership.objects.create(
        incident=incident,
        user=guest,
        is_partner=True,
        organisation="Regionaal Ziekenhuis",
        clearance=TLP.AMBER,
    )
    return guest


@pytest.fixture
def last_meeting():
    """Set the last meeting's time through the registry hook (as a meetings app would)."""
    moments = {}
    previous = list(registry._last_meeting)  # the meetings app's own hook
    registry.register_last_meeting(lambda incident: moments.get("at"))
    yield moments
    registry._last_meeting[:] = previous


# --- Disciplines ------------------------------------------------------------------------------


def test_the_disciplines_are_seeded_as_editable_data():
    names = list(Discipline.objects.values_list("name", flat=True))
    assert names == [
        "Brandweer",
        "Politie",
        "GHOR",
        "Bevolkingszorg",
        "Communicatie",
        "Informatiemanagement",
        "Getroffen organisatie(s)",
        "NCSC/CERT",
        "CISO",
    ]
    assert discipline("ncsc-cert").kind == Discipline.Kind.TECHNICAL
    assert discipline("getroffen-organisaties").kind == Discipline.Kind.AFFECTED


def test_an_administrator_edits_disciplines_in_the_admin(client_for, admin_user):
    client = client_for(admin_user)
    url = reverse("admin:incidents_discipline_change", args=[discipline("ciso").pk])
    response = client.post(
        url, {"slug": "ciso", "name": "CISO ziekenhuis", "kind": "technisch", "order": 5}
    )
    assert response.status_code == 302
    changed = discipline("ciso")
    assert (changed.name, changed.is_active) == ("CISO ziekenhuis", False)


# --- Services ---------------------------------------------------------------------------------


def test_a_new_deelbeeld_keeps_the_old_one_as_history_and_becomes_current(incident, vic_user):
    first = set_partial(incident, vic_user, text="Eerste beeld GHOR")
    second = set_partial(incident, vic_user, text="Tweede beeld GHOR")
    set_partial(incident, vic_user, slug="politie", text="Politie sluit af")
    history = picture.partial_picture_history(incident, discipline("ghor"), visible=ALL)
    assert list(history) == [second, first]
    current = picture.current_partial_pictures(incident, visible=ALL)
    assert [(p.discipline.slug, p.text) for p in current] == [
        ("politie", "Politie sluit af"),
        ("ghor", "Tweede beeld GHOR"),
    ]


def test_setting_a_picture_is_audited_and_refreshes_the_picture_tile(incident, vic_user):
    partial = set_partial(incident, vic_user)
    incident.refresh_from_db()
    assert incident.part_versions["picture"] == incident.version
    overall = picture.overall_picture_set(
        incident=incident, actor=vic_user, text="Totaal", tlp=TLP.AMBER, based_on=[partial]
    )
    incident.refresh_from_db()
    assert incident.part_versions["picture"] == incident.version
    events = AuditEvent.objects.filter(incident=incident, action__contains="picture")
    assert {e.action: e.after for e in events} == {
        "incidents.partial_picture.set": {
            "discipline": "ghor",
            "text": "Twee gewonden",
            "tlp": "AMBER",
            "occurred_at": partial.occurred_at.isoformat(),
            "organisation": "",
        },
        "incidents.overall_picture.set": {
            "text": "Totaal",
            "tlp": "AMBER",
            "occurred_at": overall.occurred_at.isoformat(),
            "based_on": [partial.pk],
        },
    }


def test_the_newest_totaalbeeld_is_current_and_shows_what_it_rests_on(incident, vic_user):
    ghor, politie = set_partial(incident, vic_user), set_partial(incident, vic_user, "politie")
    picture.overall_picture_set(
        incident=incident, actor=vic_user, text="Oud", tlp=TLP.AMBER, based_on=[ghor]
    )
    picture.overall_picture_set(
        incident=incident, actor=vic_user, text="Nieuw", tlp=TLP.AMBER, based_on=[ghor, politie]
    )
    current = picture.current_overall_picture(incident, visible=ALL)
    assert current.text == "Nieuw"
    assert {p.pk for p in current.based_on_visible} == {ghor.pk, politie.pk}
    assert OverallPicture.objects.filter(incident=incident).count() == 2


def test_pictures_are_append_only(incident, vic_user):
    partial = set_partial(incident, vic_user)
    partial.text = "Herschreven"
    with pytest.raises(ValueError, match="append-only"):
        partial.save()
    with pytest.raises(ValueError, match="append-only"):
        partial.delete()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"text": "   "}, "text"),
        ({"occurred_at": timezone.now().replace(year=1900)}, "occurred_at"),
        ({"occurred_at": timezone.now() + timedelta(hours=2)}, "occurred_at"),
        ({"tlp": "ROOD"}, "tlp"),
    ],
)
def test_the_service_refuses_bad_input(incident, vic_user, changes, field):
    with pytest.raises(ValidationError) as refused:
        set_partial(incident, vic_user, **changes)
    assert field in refused.value.error_dict
    assert not PartialPicture.objects.exists()


def test_nobody_writes_a_deelbeeld_above_their_own_clearance(incident, amber_member):
    with pytest.raises(ValidationError) as refused:
        set_partial(incident, amber_member, tlp=TLP.RED)
    assert "rubricering" in str(refused.value)


def test_a_totaalbeeld_rests_only_on_deelbeelden_of_its_own_incident(incident, vic_user):
    from incidents import services

    other = services.incident_open(actor=vic_user, title="Ander incident")
    foreign = set_partial(other, vic_user)
    with pytest.raises(ValidationError):
        picture.overall_picture_set(
            incident=incident, actor=vic_user, text="Totaal", tlp=TLP.AMBER, based_on=[foreign]
        )
    assert not OverallPicture.objects.exists()


# --- The page ---------------------------------------------------------------------------------


def page(client, incident):
    response = client.get(reverse("incidents:picture", args=[incident.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_each_discipline_with_its_current_deelbeeld(client_for, incident, vic_user):
    set_partial(incident, vic_user, text="Oud GHOR-beeld")
    set_partial(incident, vic_user, text="Nieuw GHOR-beeld")
    html = page(client_for(vic_user), incident)
    assert "Nieuw GHOR-beeld" in html
    assert "Oud GHOR-beeld" not in html  # history is on its own page
    for name in ("Brandweer", "Bevolkingszorg", "NCSC/CERT"):
        assert name in html
    assert "Nog geen totaalbeeld vastgelegd." in html
    assert html.count("Deelbeeld vastleggen") == Discipline.objects.count()
    assert "Totaalbeeld vastleggen" in html


def test_an_inactive_discipline_is_left_out(client_for, incident, vic_user):
    Discipline.objects.filter(slug="brandweer").update(is_active=False)
    html = page(client_for(vic_user), incident)
    assert "Brandweer" not in html
    response = client_for(vic_user).post(
        reverse("incidents:partial_picture_set", args=[incident.pk, discipline("brandweer").pk]),
        {"text": "x", "tlp": "AMBER"},
    )
    assert response.status_code == 404


def test_a_writer_sets_a_deelbeeld_by_plain_post_and_is_sent_back(client_for, incident, vic_user):
    url = reverse("incidents:partial_picture_set", args=[incident.pk, discipline("ghor").pk])
    response = client_for(vic_user).post(url, {"text": "GHOR: 3 gewonden", "tlp": "AMBER"})
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:picture", args=[incident.pk])
    assert PartialPicture.objects.get().text == "GHOR: 3 gewonden"


def test_an_htmx_post_answers_with_the_discipline_and_tells_the_tiles(
    client_for, incident, vic_user
):
    url = reverse("incidents:partial_picture_set", args=[incident.pk, discipline("ghor").pk])
    response = client_for(vic_user).post(
        url, {"text": "GHOR: 3 gewonden", "tlp": "AMBER"}, headers=HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<article class="discipline" id="discipline-ghor"')
    assert "GHOR: 3 gewonden" in html
    assert '"picture"' in response["HX-Trigger"]


def test_a_writer_sets_the_totaalbeeld_resting_on_the_ticked_deelbeelden(
    client_for, incident, vic_user
):
    ghor, politie = set_partial(incident, vic_user), set_partial(incident, vic_user, "politie")
    html = page(client_for(vic_user), incident)
    assert html.count("checked") >= 2  # the current deelbeelden are ticked at first
    response = client_for(vic_user).post(
        reverse("incidents:overall_picture_set", args=[incident.pk]),
        {"text": "Het totaalbeeld", "tlp": "AMBER", "based_on": [ghor.pk]},
    )
    assert response.status_code == 302
    overall = OverallPicture.objects.get()
    assert list(overall.based_on.all()) == [ghor]
    assert politie not in overall.based_on.all()
    html = page(client_for(vic_user), incident)
    assert "Het totaalbeeld" in html and "Rust op:" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "een leeg beeld kan niet worden vastgelegd"),
        ({"occurred_at": "1900-03-14T09:30"}, "controleer het jaartal"),
        ({"occurred_at": "2026-99-99T09:30"}, "Vul een geldige datum en tijd in"),
    ],
)
def test_bad_input_keeps_the_typed_text_with_a_dutch_message(
    client_for, incident, vic_user, data, message
):
    typed = {"text": "Wat ik typte over de GHOR", "tlp": "AMBER", **data}
    for url in (
        reverse("incidents:partial_picture_set", args=[incident.pk, discipline("ghor").pk]),
        reverse("incidents:overall_picture_set", args=[incident.pk]),
    ):
        response = client_for(vic_user).post(url, typed, headers=HTMX)
        assert response.status_code == 422, url
        html = response.content.decode()
        assert message in html
        if typed["text"]:
            assert typed["text"] in html
    assert not PartialPicture.objects.exists() and not OverallPicture.objects.exists()


def test_a_future_stand_van_is_refused(client_for, incident, vic_user):
    ahead = local(timezone.now() + timedelta(hours=1))
    response = client_for(vic_user).post(
        reverse("incidents:partial_picture_set", args=[incident.pk, discipline("ghor").pk]),
        {"text": "Uit de toekomst", "tlp": "AMBER", "occurred_at": ahead},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "ligt in de toekomst" in response.content.decode()


def test_a_superseded_ticked_deelbeeld_is_explained_not_lost(client_for, incident, vic_user):
    old = set_partial(incident, vic_user, text="Oud")
    set_partial(incident, vic_user, text="Nieuw")
    response = client_for(vic_user).post(
        reverse("incidents:overall_picture_set", args=[incident.pk]),
        {"text": "Mijn totaalbeeld", "tlp": "AMBER", "based_on": [old.pk]},
        headers=HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "intussen vervangen door een nieuwer" in html and "Mijn totaalbeeld" in html


def test_a_partner_guest_sets_a_deelbeeld_with_their_organisation_but_no_totaalbeeld(
    client_for, incident, partner
):
    client = client_for(partner)
    html = page(client, incident)
    assert "Deelbeeld vastleggen" in html and "Totaalbeeld vastleggen" not in html
    response = client.post(
        reverse("incidents:partial_picture_set", args=[incident.pk, discipline("ciso").pk]),
        {"text": "Back-ups intact", "tlp": "GREEN"},
    )
    assert response.status_code == 302
    partial = PartialPicture.objects.get()
    assert (partial.organisation, partial.created_by) == ("Regionaal Ziekenhuis", partner)
    assert "Regionaal Ziekenhuis" in page(client, incident)
    response = client.post(
        reverse("incidents:overall_picture_set", args=[incident.pk]),
        {"text": "Totaal van de gast", "tlp": "GREEN", "based_on": [partial.pk]},
    )
    assert response.status_code == 403
    assert not OverallPicture.objects.exists()


def test_a_bestuurder_reads_but_cannot_set_anything(client_for, incident, vic_user, bestuurder):
    partial = set_partial(incident, vic_user, text="GHOR-beeld", tlp=TLP.GREEN)
    client = client_for(bestuurder)
    html = page(client, incident)
    assert "GHOR-beeld" in html
    assert "hx-post" not in html and '<form method="post" action="/incidents' not in html
    for url, data in (
        (
            reverse("incidents:partial_picture_set", args=[incident.pk, discipline("ghor").pk]),
            {"text": "x", "tlp": "GREEN"},
        ),
        (
            reverse("incidents:overall_picture_set", args=[incident.pk]),
            {"text": "x", "tlp": "GREEN", "based_on": [partial.pk]},
        ),
    ):
        assert client.post(url, data).status_code == 403
    assert PartialPicture.objects.count() == 1 and not OverallPicture.objects.exists()


def test_an_outsider_gets_404(client_for, incident, outsider):
    client = client_for(outsider)
    assert client.get(reverse("incidents:picture", args=[incident.pk])).status_code == 404
    url = reverse("incidents:partial_picture_set", args=[incident.pk, discipline("ghor").pk])
    assert client.post(url, {"text": "x", "tlp": "AMBER"}).status_code == 404


# --- TLP ----------------------------------------------------------------------------------


@pytest.fixture
def red_pictures(incident, vic_user):
    """A RED deelbeeld newest for GHOR over an AMBER one, and a RED totaalbeeld over an AMBER."""
    amber = set_partial(incident, vic_user, text="Gewoon GHOR-beeld")
    red = set_partial(incident, vic_user, text="Geheim GHOR-beeld", tlp=TLP.RED)
    picture.overall_picture_set(
        incident=incident,
        actor=vic_user,
        text="Gewoon totaalbeeld",
        tlp=TLP.AMBER,
        based_on=[amber],
    )
    picture.overall_picture_set(
        incident=incident, actor=vic_user, text="Geheim totaalbeeld", tlp=TLP.RED, based_on=[red]
    )
    return ["Geheim GHOR-beeld", "Geheim totaalbeeld"]


def everything(client, incident) -> str:
    urls = [
        reverse("incidents:picture", args=[incident.pk]),
        reverse("incidents:tile", args=[incident.pk, "picture"]),
        reverse("incidents:picture_history", args=[incident.pk, discipline("ghor").pk]),
        reverse("incidents:overall_history", args=[incident.pk]) + "?alle=1",
        incident.get_absolute_url(),
    ]
    responses = [client.get(url) for url in urls]
    assert [r.status_code for r in responses] == [200] * len(urls)
    return "\n".join(r.content.decode() for r in responses)


def test_a_red_picture_never_reaches_an_amber_member(
    red_pictures, client_for, incident, amber_member
):
    seen = everything(client_for(amber_member), incident)
    assert [text for text in red_pictures if text in seen] == []
    assert "Gewoon GHOR-beeld" in seen and "Gewoon totaalbeeld" in seen
    assert "gefilterd" in page(client_for(amber_member), incident)


def test_a_member_holding_red_sees_them(red_pictures, client_for, incident, vic_user):
    seen = everything(client_for(vic_user), incident)
    assert [text for text in red_pictures if text not in seen] == []


def test_the_sitrep_section_shows_what_the_audience_may_see(red_pictures, incident):
    from incidents.sitrep import picture_section
    from sitreps.services import sitrep_preview_html

    amber = picture_section(incident, audience_tlp=TLP.AMBER, since=None)
    assert amber["overall"].text == "Gewoon totaalbeeld"
    assert [p.text for p in amber["partials"]] == ["Gewoon GHOR-beeld"]
    assert amber["tlp"] == TLP.AMBER
    html = sitrep_preview_html(incident=incident, audience_tlp=TLP.AMBER)
    assert "Gewoon totaalbeeld" in html and "Gewoon GHOR-beeld" in html
    assert "Geheim" not in html
    red = sitrep_preview_html(incident=incident, audience_tlp=TLP.RED)
    assert "Geheim totaalbeeld" in red and "Geheim GHOR-beeld" in red


def test_the_sitrep_leaves_the_section_out_while_there_is_no_picture(incident):
    from incidents.sitrep import picture_section

    assert picture_section(incident, audience_tlp=TLP.AMBER, since=None) is None


def test_a_partner_guest_chooses_only_labels_up_to_their_clearance(client_for, incident, partner):
    html = page(client_for(partner), incident)
    assert 'value="RED"' not in html and 'value="AMBER"' in html
    response = client_for(partner).post(
        reverse("incidents:partial_picture_set", args=[incident.pk, discipline("ciso").pk]),
        {"text": "Rood van de gast", "tlp": "RED"},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "Rood van de gast" in response.content.decode()


# --- Verouderd --------------------------------------------------------------------------------


def test_a_deelbeeld_from_before_the_last_meeting_is_marked_verouderd(
    client_for, incident, vic_user, last_meeting
):
    now = timezone.now()
    old = set_partial(
        incident, vic_user, text="Van voor het ROT", occurred_at=now - timedelta(hours=2)
    )
    fresh = set_partial(incident, vic_user, "politie", text="Van na het ROT")
    picture.overall_picture_set(
        incident=incident, actor=vic_user, text="Totaal", tlp=TLP.AMBER, based_on=[old, fresh]
    )
    client = client_for(vic_user)
    assert "verouderd" not in page(client, incident)  # no meeting held yet
    last_meeting["at"] = now - timedelta(hours=1)
    html = page(client, incident)
    ghor = html[html.index('id="discipline-ghor-current"') :]
    assert "verouderd" in ghor[: ghor.index("</div>")]
    politie = html[html.index('id="discipline-politie-current"') :]
    assert "verouderd" not in politie[: politie.index("</div>")]
    assert "rust op een deelbeeld dat verouderd is" in html
    tile = client.get(reverse("incidents:tile", args=[incident.pk, "picture"])).content.decode()
    assert "verouderd" in tile


def test_a_totaalbeeld_says_when_a_newer_deelbeeld_replaced_one_it_rests_on(
    client_for, incident, vic_user
):
    old = set_partial(incident, vic_user, text="Eerste GHOR")
    picture.overall_picture_set(
        incident=incident, actor=vic_user, text="Totaal", tlp=TLP.AMBER, based_on=[old]
    )
    html = page(client_for(vic_user), incident)
    assert "er is een nieuwer deelbeeld" not in html
    set_partial(incident, vic_user, text="Tweede GHOR")
    html = page(client_for(vic_user), incident)
    assert "er is een nieuwer deelbeeld" in html
    assert "nieuwer dan het totaalbeeld" in html


# --- History ----------------------------------------------------------------------------------


def test_the_history_shows_twenty_and_then_all(client_for, incident, vic_user):
    start = timezone.now() - timedelta(hours=3)
    for n in range(25):
        set_partial(
            incident,
            vic_user,
            text=f"Beeld nummer {n:02d}",
            occurred_at=start + timedelta(minutes=n),
        )
    client = client_for(vic_user)
    url = reverse("incidents:picture_history", args=[incident.pk, discipline("ghor").pk])
    html = client.get(url, headers=HTMX).content.decode()
    assert html.count("Beeld nummer") == 20
    assert "Beeld nummer 24" in html and "Beeld nummer 04" not in html
    assert "toon alle" in html
    full = client.get(url + "?alle=1").content.decode()
    assert full.count("Beeld nummer") == 25


# --- Bounded, constant queries ------------------------------------------------------------


def _extra_disciplines(count: int) -> list[Discipline]:
    return [
        Discipline.objects.create(slug=f"extra-{n}", name=f"Extra discipline {n}", order=100 + n)
        for n in range(count)
    ]


def _fill(incident, actor, disciplines) -> list[PartialPicture]:
    partials = [
        picture.partial_picture_set(
            incident=incident, actor=actor, discipline=d, text=f"Deelbeeld {d.name}", tlp="AMBER"
        )
        for d in disciplines
    ]
    picture.overall_picture_set(
        incident=incident, actor=actor, text="Totaal", tlp=TLP.AMBER, based_on=partials
    )
    return partials


def _queries(client, url, headers=None) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return len(queries), len(response.content)


def test_the_page_costs_the_same_queries_at_3_and_9_disciplines(
    client_for, vic_user, django_assert_max_num_queries
):
    from incidents import services

    client = client_for(vic_user)
    counts = []
    for size in (3, 9):
        incident = services.incident_open(actor=vic_user, title=f"Storing {size}")
        _fill(incident, vic_user, list(Discipline.objects.all()[:size]))
        url = reverse("incidents:picture", args=[incident.pk])
        client.get(url)  # session and caches warm
        counts.append(_queries(client, url)[0])
        with django_assert_max_num_queries(16):
            client.get(url)
    assert counts[0] == counts[1]


def test_the_tile_body_stays_bounded_at_1_and_30_deelbeelden(client_for, vic_user, no_tile_cache):
    from incidents import services

    client = client_for(vic_user)
    extra = _extra_disciplines(30)
    measured = {}
    for size in (1, 30):
        incident = services.incident_open(actor=vic_user, title=f"Storing {size}")
        _fill(incident, vic_user, extra[:size])
        url = reverse("incidents:tile", args=[incident.pk, "picture"])
        client.get(url, headers=HTMX)
        measured[size] = (*_queries(client, url, headers=HTMX), client.get(url, headers=HTMX))
    (few_queries, few_bytes, _), (many_queries, many_bytes, many) = measured[1], measured[30]
    many = many.content.decode()
    assert few_queries == many_queries
    # TILE_ROWS current deelbeelden, and TILE_ROWS of the 30 the totaalbeeld rests on
    assert many.count("<strong>Extra discipline") == 2 * TILE_ROWS
    assert many.count("Deelbeeld Extra discipline") == TILE_ROWS  # texts of the current only
    assert "en nog 20 deelbeelden" in many and "alle deelbeelden" in many
    assert many_bytes < 12 * few_bytes


def test_the_tile_falls_back_to_beeld_log_lines_until_there_is_a_totaalbeeld(
    client_for, incident, vic_user
):
    from incidents import services

    services.log_entry_add(
        incident=incident, actor=vic_user, category=LogEntry.Category.PICTURE, text="Logbeeld"
    )
    url = reverse("incidents:tile", args=[incident.pk, "picture"])
    client = client_for(vic_user)
    assert "Logbeeld" in client.get(url).content.decode()
    partial = set_partial(incident, vic_user, text="GHOR-deelbeeld")
    picture.overall_picture_set(
        incident=incident,
        actor=vic_user,
        text="Eerste totaalbeeld",
        tlp=TLP.AMBER,
        based_on=[partial],
    )
    html = client.get(url).content.decode()
    assert "Eerste totaalbeeld" in html and "GHOR-deelbeeld" in html
    assert "Logbeeld" not in html
    assert reverse("incidents:picture", args=[incident.pk]) in html


# --- Demo -------------------------------------------------------------------------------------


def test_seed_demo_gives_the_demo_incident_deelbeelden_and_a_totaalbeeld():
    from incidents.demo import PARTNER_ORGANISATION
    from incidents.management.commands.seed_demo import DEMO_TITLE
    from incidents.models import Incident

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    incident = Incident.objects.get(title=DEMO_TITLE)
    partials = list(incident.partial_pictures.select_related("discipline"))
    assert len({p.discipline.slug for p in partials}) == len(partials) == 4
    assert [p.organisation for p in partials if p.discipline.slug == "ciso"] == [
        PARTNER_ORGANISATION
    ]
    overall = incident.overall_pictures.get()
    assert set(overall.based_on.all()) == set(partials)
