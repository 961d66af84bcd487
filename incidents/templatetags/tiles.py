"""``{% tile_body '<name>' %}``: a tile template puts its body here (the tile protocol).

On the dashboard the body comes from the shared cache (incidents/tile_cache.py); anywhere else
(a page that includes a tile template with a plain context) it renders in place.
"""

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
def tile_section(context, tile, lazy):
    """``{% tile_section tile tile_context %}``: a whole tile on the dashboard, from the cache
    shared by readers who see the same (incidents/tile_cache.py)."""
    return tile_section_html(tile, context["request"], lazy)
