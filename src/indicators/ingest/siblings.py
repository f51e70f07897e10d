"""Short region names among their siblings (大鹏 beside 葵涌 and 南澳 is 大鹏办事处)."""

from __future__ import annotations

from ..catalog import Catalog
from ..normalize import norm_label


def sibling_region(text: str, catalog: Catalog, level: str) -> str | None:
    """The one region of this level whose name or alias starts with the text, else None."""
    key = norm_label(text)
    if len(key) < 2:
        return None
    hits = {r.code for r in catalog.regions.values() if r.level == level
            and any(norm_label(n).startswith(key) for n in (r.name_zh, *r.aliases))}
    return hits.pop() if len(hits) == 1 else None


def siblings_level(codes: list[str | None], catalog: Catalog) -> str | None:
    """The level most of the found regions share, when at least two were found."""
    levels = [catalog.regions[c].level for c in codes if c and c in catalog.regions]
    if len(levels) < 2:
        return None
    top = max(set(levels), key=levels.count)
    return top if levels.count(top) >= 2 else None
