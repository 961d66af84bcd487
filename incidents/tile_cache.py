"""Tile bodies rendered once and shared by every viewer who would see the same bytes.

A tile body (the ``<name>-body`` partial of a registered tile's template) depends on: the tile,
the incident, the versions of the incident parts the tile shows, how far the reader may see
(``access.reader_clearance``), the language, whether the reader may write (buttons and forms
differ) and the GET parameters the tile declares (``Tile.params``, e.g. the log's category).
That tuple is the cache key (``body_key``); nothing else about the user may reach the cached
bytes. The one per-user thing a body holds, the CSRF token of its inline forms, is rendered as
a placeholder and put in per response (``_CSRF_PLACEHOLDER``).

Only callers that have passed ``access.get_incident_for_user`` get here (the tile view, the
dashboard, saving views), so a non-member never reaches the cache. A change bumps the part's
version (``services.incident_touch``), so the next viewer's key is new: nothing needs deleting.
Entries expire after ``TILE_CACHE_SECONDS`` so that time-dependent marks ("te laat") follow.
docs/architecture.md, "The tile protocol", has the whole story.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping

from django.core.cache import caches
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from .access import can_write, partner_organisation, reader_clearance
from .bounded import is_full_page
from .registry import Tile, tile_parts
from .services import ALL_PARTS

logger = logging.getLogger(__name__)

TILE_CACHE_SECONDS = 60
_KEY_SAFE = re.compile(r"[A-Za-z0-9=&_.-]*")
CACHE_ALIAS = "default"
# Rendered where {% csrf_token %} puts the reader's token; replaced per response.
_CSRF_PLACEHOLDER = "__cc_csrf_placeholder__"


class TileContext(Mapping):
    """The ``tile`` a tile template sees: the tile's context, computed on first use only.

    When the body comes from the cache the body's rows are never asked for, so the tile's
    context function (its queries) does not run. Keys of ``Tile.outside`` (forms and filters
    shown outside the body) are answered without running it.
    """

    def __init__(self, tile: Tile, request, incident):
        self.tile = tile
        self.request = request
        self.incident = incident
        self._data = None
        self._outside = None

    def _outside_data(self) -> dict:
        if self._outside is None:
            outside = self.tile.outside
            self._outside = outside(self.request, self.incident) if outside is not None else {}
        return self._outside

    def data(self) -> dict:
        if self._data is None:
            self._data = self.tile.context(self.request, self.incident)
        return self._data

    def __getitem__(self, key):
        if self._data is not None:  # the body was rendered here: its context first
            if key in self._data:
                return self._data[key]
            return self._outside_data()[key]
        outside = self._outside_data()  # the body came from the cache
        if key in outside:
            return outside[key]
        return self.data()[key]

    def __iter__(self):
        return iter(self.data())

    def __len__(self):
        return len(self.data())


def tile_version(tile: Tile, incident) -> int:
    """The version of what the tile shows: the latest change to one of its parts (or to the
    whole incident); tiles without declared parts follow every change."""
    parts = tile_parts(tile)
    if not parts:
        return incident.version
    versions = incident.part_versions or {}
    return max(versions.get(part, 0) for part in (*parts, "incident", ALL_PARTS))


def body_key(tile: Tile, incident, request, *, may_write: bool | None = None) -> str:
    return _key("tile", tile, incident, request, tile_version(tile, incident), may_write)


def section_key(tile: Tile, incident, request) -> str:
    """The whole tile on the dashboard (body and the blank forms around it): it follows the
    tile's parts and the parts its forms show (``Tile.outside_parts``)."""
    return _key("section", tile, incident, request, section_version(tile, incident), None)


def section_version(tile: Tile, incident) -> int:
    if not tile_parts(tile):
        return incident.version
    versions = incident.part_versions or {}
    return max([tile_version(tile, incident), *(versions.get(p, 0) for p in tile.outside_parts)])


def _key(kind: str, tile: Tile, incident, request, version: int, may_write: bool | None) -> str:
    params = "&".join(f"{name}={request.GET.get(name, '')}" for name in tile.params)
    if len(params) > 64 or not _KEY_SAFE.fullmatch(params):  # a search text: short, plain keys
        params = hashlib.sha256(params.encode()).hexdigest()
    created = int(incident.created_at.timestamp() * 1e6) if incident.created_at else 0
    return ":".join(
        str(bit)
        for bit in (
            kind,
            tile.name,
            incident.pk,
            created,  # a reused primary key (restored database) never meets an old body
            version,
            reader_clearance(request.user, incident),
            translation.get_language() or "",
            "w" if (can_write(request.user) if may_write is None else may_write) else "r",
            "p" if partner_organisation(request.user, incident) else "m",  # guests see less
            params,
        )
    )


def body_context(tile: Tile, request, incident) -> dict:
    return {
        "incident": incident,
        "tile": TileContext(tile, request, incident),
        "tile_name": tile.name,
        "can_write": can_write(request.user),
    }


def body_template(tile: Tile) -> str:
    return f"{tile.template}#{tile.name}-body"


def render_body_uncached(tile: Tile, request, incident, *, lazy: TileContext | None = None) -> str:
    """The tile body with the CSRF placeholder in its forms (the one place bodies render)."""
    context = body_context(tile, request, incident)
    if lazy is not None:
        context["tile"] = lazy
    context["tile"].data()  # the body's own context, before anything outside it
    context["csrf_token"] = _CSRF_PLACEHOLDER
    return render_to_string(body_template(tile), context, request=request)


def cached_body(tile: Tile, request, incident, *, may_write: bool) -> SafeString | None:
    """The body from the cache, or None; ``incident`` may carry only pk, versions and
    created_at (access.incident_versions_for_user): nothing here reads the incident."""
    html = _cache_get(body_key(tile, incident, request, may_write=may_write))
    return None if html is None else _for_this_reader(html, request)


# The cache is an optimisation: with Redis down a crisis room must keep its dashboard, so an
# error counts as a miss (and a failed store as nothing stored), logged for the operator.
def _cache_get(key: str) -> str | None:
    try:
        return caches[CACHE_ALIAS].get(key)
    except Exception:
        logger.warning("tile cache unavailable, rendering %s uncached", key, exc_info=True)
        return None


def _cache_set(key: str, html: str) -> None:
    try:
        caches[CACHE_ALIAS].set(key, html, TILE_CACHE_SECONDS)
    except Exception:
        logger.warning("tile cache unavailable, %s not stored", key, exc_info=True)


def _for_this_reader(html: str, request) -> SafeString:
    if _CSRF_PLACEHOLDER in html:
        html = html.replace(_CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # noqa: S308 - rendered by our own template, autoescaped


def tile_body_html(
    tile: Tile, request, incident, *, lazy: TileContext | None = None, raw: bool = False
) -> SafeString:
    """The tile body for this reader: from the cache, or rendered once and stored. ``raw``:
    with the CSRF placeholder left in (the body goes into a cached dashboard section)."""
    if is_full_page(request):  # a "toon alle" page holds every row: never the tile's body
        return _for_this_reader(render_body_uncached(tile, request, incident, lazy=lazy), request)
    key = body_key(tile, incident, request)
    html = _cache_get(key)
    if html is None:
        html = render_body_uncached(tile, request, incident, lazy=lazy)
        _cache_set(key, html)
    return mark_safe(html) if raw else _for_this_reader(html, request)  # noqa: S308 - ours


RAW_BODIES = "_cc_raw_tile_bodies"  # context flag: {% tile_body %} keeps the CSRF placeholder


def tile_section_html(tile: Tile, request, lazy: TileContext) -> SafeString:
    """The whole tile as the dashboard shows it, shared like the bodies: 100 viewers opening
    the dashboard after a change render each tile's forms once, not 100 times."""
    key = section_key(tile, lazy.incident, request)
    html = _cache_get(key)
    if html is None:
        context = {
            "incident": lazy.incident,
            "tile": lazy,
            "can_write": can_write(request.user),
            "csrf_token": _CSRF_PLACEHOLDER,
            RAW_BODIES: True,
        }
        html = render_to_string(tile.template, context, request=request)
        _cache_set(key, html)
    return _for_this_reader(html, request)
