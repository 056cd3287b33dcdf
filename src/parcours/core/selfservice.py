"""The tiles of an employee's self-service home page (on their phone or at a kiosk).

Each app that has something for the employee registers a tile from its `ready()`:

    from parcours.core.selfservice import Tile, register_tile

    register_tile(Tile(code="objectives", label=_("My objectives"), icon="◎",
                       url_name="objectives:mine", order=30,
                       badge=lambda employee: open_objectives_count(employee)))

The self-service home lists the tiles in `order`; `badge` (optional) returns a short text
or number shown on the tile (how many things wait), or None; `visible` (optional) says
whether the tile applies to this employee at all. Each callable gets the `Employee`.
Callables should run one query at most, so the home page keeps a fixed query count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

_TILES: dict[str, Tile] = {}


@dataclass(frozen=True)
class Tile:
    code: str
    label: Any
    url_name: str
    icon: str = ""
    order: int = 100
    description: Any = ""
    badge: Callable[[Any], Any] | None = None
    visible: Callable[[Any], bool] | None = None


def register_tile(tile: Tile) -> None:
    """Add a tile to the self-service home (once per code)."""
    existing = _TILES.get(tile.code)
    if existing is not None and existing != tile:
        raise ValueError(f"Another tile is already registered as {tile.code!r}.")
    _TILES[tile.code] = tile


def tiles() -> list[Tile]:
    return sorted(_TILES.values(), key=lambda tile: (tile.order, tile.code))


def tiles_for(employee) -> list[dict]:
    """The tiles this employee sees, each with its address and badge, ready for a page."""
    shown = []
    for tile in tiles():
        if tile.visible is not None and not tile.visible(employee):
            continue
        try:
            url = reverse(tile.url_name)
        except NoReverseMatch:
            continue
        badge = tile.badge(employee) if tile.badge is not None else None
        shown.append({"tile": tile, "url": url, "badge": badge})
    return shown
