"""The dashboard's jump links to its tiles come from the server (issue 13): one per tile the
reader is shown, in the order the tiles stand, with the tile's own heading. No JavaScript."""

from html.parser import HTMLParser

import pytest

from incidents import registry
from incidents.models import Membership, Role
from incidents.registry import Tile
from incidents.views import MAIN_TILES
from tests.helpers import make_user

pytestmark = pytest.mark.django_db


class Outline(HTMLParser):
    """The jump links (href, text) and the tiles (section id, h2 text), in document order."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.tiles: list[tuple[str, str]] = []
        self._nav = self._tiles = False
        self._text: list[str] | None = None
        self._href = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("id") == "tile-nav":
            self._nav = True
        elif attrs.get("id") == "tiles":
            self._tiles = True
        elif self._nav and tag == "a":
            self._href, self._text = attrs.get("href", ""), []
        elif self._tiles and tag == "section":
            self.tiles.append((attrs.get("id", ""), None))
        elif self._tiles and tag == "h2" and self.tiles and self.tiles[-1][1] is None:
            self._text = []

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "nav":
            self._nav = False
        elif tag == "a" and self._text is not None and self._nav:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._text = None
        elif tag == "h2" and self._text is not None:
            self.tiles[-1] = (self.tiles[-1][0], " ".join("".join(self._text).split()))
            self._text = None


def outline(client, incident) -> Outline:
    response = client.get(incident.get_absolute_url())
    assert response.status_code == 200
    parsed = Outline()
    parsed.feed(response.content.decode())
    return parsed


def shown_in_order() -> list[Tile]:
    """The dashboard's order: the main column (MAIN_TILES), then the side column."""
    tiles = registry.tiles()
    main = sorted(
        (t for t in tiles if t.name in MAIN_TILES), key=lambda t: MAIN_TILES.index(t.name)
    )
    return main + [t for t in tiles if t.name not in MAIN_TILES]


@pytest.fixture
def guest(incident, django_user_model):
    """A partner guest of this incident."""
    user = make_user(django_user_model, "gast", Role.PARTNER)
    Membership.objects.create(
        incident=incident, user=user, is_partner=True, organisation="Buurregio", clearance="GREEN"
    )
    return user


def test_every_tile_has_a_title():
    for tile in registry.tiles():
        assert str(tile.title).strip(), tile.name


@pytest.mark.parametrize("reader", ["vic_user", "crisis_user", "bestuurder", "guest"])
def test_the_dashboard_links_every_tile_shown_in_order_with_its_heading(
    request, client_for, incident, reader
):
    page = outline(client_for(request.getfixturevalue(reader)), incident)
    # Every tile stands on the dashboard, main column first; one link each, in that order.
    assert [section for section, _heading in page.tiles] == [
        f"tile-{tile.name}" for tile in shown_in_order()
    ]
    assert page.links == [(f"#{section}", heading) for section, heading in page.tiles]
    # The link says what the tile's heading says: Tile.title.
    assert [text for _href, text in page.links] == [str(t.title) for t in shown_in_order()]


def test_the_links_follow_the_language(client_for, vic_user, incident, settings):
    client = client_for(vic_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = outline(client, incident)
    assert ("#tile-log", "Logbook") in page.links
    assert page.links == [(f"#{section}", heading) for section, heading in page.tiles]


ONLY_FOR_WRITERS = """{% load tiles %}{% if can_write %}
<section class="card" id="tile-proef" aria-labelledby="tile-proef-h">
  <h2 id="tile-proef-h">Proeftegel</h2>
  {% partialdef proef-body %}<div id="proef-body">x</div>{% endpartialdef %}{% tile_body 'proef' %}
</section>{% endif %}
"""


@pytest.fixture
def writers_tile(add_tile):
    """A tile that shows readers (a Bestuurder) nothing."""
    return add_tile("proef", ONLY_FOR_WRITERS, lambda request, incident: {}, title="Proeftegel")


def test_a_tile_the_reader_is_not_shown_has_no_link(
    client_for, vic_user, bestuurder, incident, writers_tile
):
    writer = outline(client_for(vic_user), incident)
    assert writer.links[-1] == ("#tile-proef", "Proeftegel")
    reader = outline(client_for(bestuurder), incident)
    assert "tile-proef" not in [section for section, _heading in reader.tiles]
    assert "#tile-proef" not in [href for href, _text in reader.links]
    assert reader.links == [(f"#{section}", heading) for section, heading in reader.tiles]
