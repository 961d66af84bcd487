"""Bounded tile rows: a tile shows at most a few rows, "toon alle" opens the rest on a page.

Nothing on the dashboard may grow with the size of the incident (issue 20). A tile context asks
``bounded(request, rows)`` for its list: on the dashboard the first ``TILE_ROWS`` (and the total
when there are more), on the tile's "toon alle" page (``incidents:tile_all``, which sets
``request.tile_all``) one page of ``PAGE_ROWS`` at a time. Templates show the link or the page
navigation with ``{% include "incidents/_bounded.html" with rows=tile.<rows> %}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

TILE_ROWS = 10
PAGE_ROWS = 100


@dataclass
class Bounded:
    rows: list
    total: int
    tile_name: str = ""
    page: Page | None = None
    extra: dict = field(default_factory=dict)

    @property
    def more(self) -> int:
        """Rows left out of the tile (0 on the full page: it pages instead)."""
        return 0 if self.page is not None else self.total - len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def __bool__(self):
        return bool(self.rows)


def is_full_page(request) -> bool:
    return bool(getattr(request, "tile_all", False))


def bounded(request, rows: QuerySet | list, *, tile: str, limit: int = TILE_ROWS) -> Bounded:
    """At most ``limit`` rows and the total (two queries)."""
    if is_full_page(request):
        page = Paginator(rows, PAGE_ROWS).get_page(request.GET.get("pagina"))
        return Bounded(list(page.object_list), page.paginator.count, tile, page)
    if isinstance(rows, list):
        return Bounded(rows[:limit], len(rows), tile)
    # Always the count (an index scan), so a tile costs the same queries however full it is.
    return Bounded(list(rows[:limit]), rows.count(), tile)
