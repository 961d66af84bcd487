"""How other apps add to incident pages without `incidents` importing them.

An app registers, in its AppConfig.ready():
- a dashboard tile: register_tile(Tile(name, template, order, context, title=_("..."),
  parts=...)). This is the tile protocol; adding a tile is one entry here plus one template:
  - ``title``: the text of the tile's ``<h2>``; the dashboard links to each tile it shows
    with it (the jump links above the tiles, incidents/templates/incidents/detail.html);
  - ``context(request, incident) -> dict`` lives in the app's ``tiles.py``; the template sees it
    as ``tile`` (with ``incident`` and ``can_write``). It may only show what
    ``access.reader_clearance`` allows and must not depend on who the reader is beyond that
    and ``can_write`` (bodies are shared, see incidents/tile_cache.py);
  - ``parts``: the incident parts it shows (incidents.services.PARTS); it refreshes, and its
    cached body is renewed, only when one of them changes ("incident" and "*" always);
  - ``params``: the GET parameters the context reads (e.g. the log's ``category``);
  - ``outside(request, incident) -> dict``: optional, the keys the template uses outside its
    body (forms, filters), so a cached body needs no full context;
  - the template renders one ``<section id="tile-<name>">`` with a
    ``{% partialdef <name>-body %}`` whose root is ``<div id="<name>-body"
    hx-get="{% url 'incidents:tile' incident.pk '<name>' %}" hx-trigger="tileRefresh">``,
    placed with ``{% tile_body %}`` (``{% load tiles %}``). Forms being typed in stay outside
    the body, so a refresh never replaces them;
  - every body is served by one view, ``/incidents/<pk>/tegel/<name>/`` (incidents.views
    .tile_body): access checked, unknown names 404, the body from the shared cache.
- a sitrep section, in the app's ``sitrep.py``:
  register_sitrep_section(SitrepSection(key, title, order, build, template))
  where build is `build(incident, *, audience_tlp, since) -> dict | None` (None leaves it out).
  The dict may carry `tlp` (highest label included), `is_empty`, `placeholders` and `snapshot`
  (stored with the sitrep and handed back to compare what is new next time). The sitreps app
  prints the section title as a heading, so section templates start at <h3>;
- demo data: register_demo(name, order, seed) where seed is `seed(*, incident, users, stdout)`;
- a close check: register_close_check(name, check) where check is `check(incident) -> list[str]`,
  Dutch sentences saying why the incident cannot be closed yet (empty: no objection);
  incidents.services.incident_update refuses the status *gesloten* while any check objects;
- the last meeting: register_last_meeting(fn) where fn is `fn(incident) -> datetime | None`,
  when the incident's latest team meeting (ROT/GBT/RBT) took place. A deelbeeld whose *stand
  van* lies before it is *verouderd* (incidents/picture.py). One function (the meetings app);
  it touches the part "picture" when that time changes, so the picture refreshes.
- open work: register_open_work(name, fn) where fn is `fn(incident, *, visible, limit) ->
  WorkList`, the rows (at most `limit`, only labels in `visible`) and their total of a kind of
  open work another app keeps: open key decisions and stakeholders not informed (playbook),
  tabled items (meetings). incidents.selectors.open_work adds them to its own (decisions due,
  open actions), so the handover brief, the dashboard, the sitrep and the meeting agenda
  answer "what is still open" the same way.
Sitrep sections follow BOB (beeld, oordeel, besluit); their orders:
  1-9    beeld: summary 1, core message 3, NCP-D classification 5, cirkel 7, totaalbeeld and
         deelbeelden 8, current picture (beeld lines) 9;
  20-29  oordeel: expectations and scenarios 20 (meetings);
  30-39  besluiten: every decision in force 30, key decisions 32, of affected parties 34;
  40-49  ter besluitvorming: open questions for the administrators (dilemmas 40);
  50-59  actions 50;  60-69 meldpunten 60;  70-79 communication 70;
  80-99  the rest: stakeholders 80, logbook 90, partner contributions 95.
tests/sitreps/test_approval.py holds this order.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Tile:
    name: str
    template: str
    order: int
    context: Callable
    # The tile's heading (its <h2>), lazily translated: the dashboard's jump link to it.
    title: str = ""
    # The incident parts this tile shows (incidents.services.PARTS); empty: refresh on any change.
    parts: frozenset = frozenset()
    # GET parameters the context reads; part of the cache key of its body.
    params: tuple = ()
    # outside(request, incident) -> dict: what the template shows outside the body (forms).
    outside: Callable | None = None
    # Its rows are cut off with "toon alle" (incidents/bounded.py): it has a full page.
    bounded: bool = False
    # Parts the blank forms outside its body show besides its own parts (the decision form's
    # picture lines: "log"; the action form's owners: "members"); its cached dashboard section
    # follows those too (incidents/tile_cache.py, section_key).
    outside_parts: frozenset = frozenset()


@dataclass(frozen=True)
class WorkList:
    """Bounded rows of one kind of open work and how many there are in all."""

    rows: list
    total: int
    # Other totals over every row, not only the ones in `rows` (e.g. "overdue").
    counts: dict = field(default_factory=dict)

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.rows))

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def __bool__(self):
        return bool(self.rows)


@dataclass(frozen=True)
class SitrepSection:
    key: str
    title: str
    order: int
    build: Callable
    template: str = ""


_tiles: dict[str, Tile] = {}
_sitrep_sections: dict[str, SitrepSection] = {}
_demo_seeders: dict[str, tuple[int, Callable]] = {}
_close_checks: dict[str, Callable] = {}
_last_meeting: list[Callable] = []
_open_work: dict[str, Callable] = {}


def register_tile(tile: Tile) -> None:
    _tiles[tile.name] = tile


# Parts of tiles whose apps did not declare them (kept here so one file shows the protocol).
TILE_PARTS = {
    "log": {"log"},
    "picture": {"picture"},
    "decisions": {"decisions", "key_decisions"},
    "actions": {"actions"},
    "classification": {"classification"},
    "organisations": {"organisations"},
    "grip": {"grip", "classification", "checklist"},
    "advice": {"grip", "classification", "vital", "organisations"},
    "vital": {"vital"},
    "reporting": {"reporting", "classification", "grip"},
    "notifications": {"notifications"},
    "communication": {"communication"},
    "sitreps": {"sitreps"},
    "key_decisions": {"key_decisions", "decisions"},
    "dilemmas": {"dilemmas"},
    "relief": {"relief"},
    "stakeholders": {"stakeholders"},
}


def tile_parts(tile: Tile) -> frozenset:
    """The parts a tile refreshes on ("incident" and "*" always refresh it)."""
    return frozenset(tile.parts or TILE_PARTS.get(tile.name, ()))


def tile_parts_attr() -> str:
    """``name=part,part;name=...`` for the dashboard's data-tile-parts (static/js/behaviour.js)."""
    return ";".join(f"{t.name}={','.join(sorted(tile_parts(t)))}" for t in tiles() if tile_parts(t))


# Tile names before the escalation tiles got English ones (issue #13): a dashboard left open
# across that deploy still asks for its bodies by the old name; the body it swaps in carries
# the new one. Only for open pages, nothing stores tile names.
_RENAMED_TILES = {"advies": "advice", "vitaal": "vital", "meldpunten": "reporting"}


def get_tile(name: str) -> Tile | None:
    return _tiles.get(name) or _tiles.get(_RENAMED_TILES.get(name, ""))


def unregister_tile(name: str) -> None:
    """For tests that register a throwaway tile."""
    _tiles.pop(name, None)


def tiles() -> list[Tile]:
    return sorted(_tiles.values(), key=lambda tile: tile.order)


def register_sitrep_section(section: SitrepSection) -> None:
    _sitrep_sections[section.key] = section


def sitrep_sections() -> list[SitrepSection]:
    return sorted(_sitrep_sections.values(), key=lambda section: section.order)


def register_demo(name: str, order: int, seed: Callable) -> None:
    _demo_seeders[name] = (order, seed)


def demo_seeders() -> list[tuple[str, Callable]]:
    return [
        (name, seed) for name, (order, seed) in sorted(_demo_seeders.items(), key=lambda i: i[1][0])
    ]


def register_close_check(name: str, check: Callable) -> None:
    _close_checks[name] = check


def close_refusals(incident) -> list[str]:
    """Every registered check's reasons why the incident cannot be closed yet, in name order."""
    reasons: list[str] = []
    for name in sorted(_close_checks):
        reasons += [str(reason) for reason in _close_checks[name](incident)]
    return reasons


def register_last_meeting(fn: Callable) -> None:
    """The one function that says when the incident's last meeting was (replaces any earlier)."""
    _last_meeting[:] = [fn]


def unregister_last_meeting() -> None:
    """For tests that register a throwaway hook."""
    _last_meeting.clear()


def last_meeting_at(incident):
    """When the incident's last meeting took place, or None (no meetings app, or none held)."""
    return _last_meeting[0](incident) if _last_meeting else None


def register_open_work(name: str, fn: Callable) -> None:
    _open_work[name] = fn


def open_work_parts() -> list[tuple[str, Callable]]:
    """The registered kinds of open work, in name order."""
    return sorted(_open_work.items())
