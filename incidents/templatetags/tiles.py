"""``{% tile_body '<name>' %}``: a tile template puts its body here (the tile protocol).

On the dashboard the body comes from the shared cache (incidents/tile_cache.py); anywhere else
(a page that includes a tile template with a plain context) it renders in place.
``{% dashboard_tiles main side as dashboard %}`` renders the dashboard's tiles and lists the
ones shown, for the jump links above them.
"""

from types import SimpleNamespace

from django import template
from django.template.loader import render_to_string

from incidents import registry
from incidents.tile_cache import (
    RAW_BODIES,
    TileContext,
    body_template,
    tile_body_html,
    tile_section_html,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def tile_body(context, name: str):
    tile = registry.get_tile(name)
    if tile is None:
        raise template.TemplateSyntaxError(f"no tile named {name!r} is registered")
    request = context.get("request")
    current = context.get("tile")
    if isinstance(current, TileContext) and request is not None:
        raw = bool(context.get(RAW_BODIES))
        return tile_body_html(tile, request, current.incident, lazy=current, raw=raw)
    return render_to_string(body_template(tile), context.flatten(), request=request)


@register.simple_tag(takes_context=True)
def dashboard_tiles(context, main, side):
    """``{% dashboard_tiles main_tiles side_tiles as dashboard %}``: every tile of the
    dashboard, whole, from the cache shared by readers who see the same (incidents/tile_cache.py
    tile_section_html), rendered before the page shows them: ``.main`` and ``.side`` are the
    sections' HTML per column, ``.shown`` the tiles that rendered a section, main column first,
    for the jump links above them (a tile that shows this reader nothing gets no link)."""
    request = context["request"]
    columns = {
        column: [(tile, tile_section_html(tile, request, lazy)) for tile, lazy in items]
        for column, items in (("main", main), ("side", side))
    }
    return SimpleNamespace(
        main=[html for _tile, html in columns["main"]],
        side=[html for _tile, html in columns["side"]],
        shown=[tile for tile, html in [*columns["main"], *columns["side"]] if html.strip()],
    )
