"""The generated summary in official style, and the choice of headline figures (pure, built on figures).

「全区110刑事治安总警情1052起，同比下降24.21%，其中八类暴力案件、“两盗”案件分别同比下降75.0%、63.89%。」
"""

from __future__ import annotations

from itertools import groupby

from .catalog import Catalog
from .compute import sentences, value_en, value_zh
from .compute.sentences import cn_number
from .figures import IndicatorFigure
from .periods import parse_period


def is_rank_only(f: IndicatorFigure) -> bool:
    """A figure known only as a rank (e.g. 1st in the city in H1)."""
    return f.rank is not None and f.current is None and f.change is None


def change_zh(f: IndicatorFigure) -> str:
    """同比下降24.21% / 同比上升1.20个百分点 / 同比持平 / '' for a figure (compute.sentences.change_zh)."""
    return sentences.change_zh(f.change, f.change_unit, f.change_decimals)


def change_en(f: IndicatorFigure) -> str:
    """down 24.21% year on year / … for a figure (compute.sentences.change_en)."""
    return sentences.change_en(f.change, f.change_unit, f.change_decimals)


def _value_zh(f: IndicatorFigure) -> str:
    v = f.current
    return value_zh(v.value, f.indicator.unit, v.decimals, v.qualifier) if v else ""


def part_zh(f: IndicatorFigure) -> str:
    """名称+数值，同比变化 (no region prefix)."""
    ch = change_zh(f)
    if f.current is None:
        return f.indicator.name_zh + ch
    return f.indicator.name_zh + _value_zh(f) + (f"，{ch}" if ch else "")


def _children_zh(kids: list[IndicatorFigure]) -> str:
    names = "、".join(k.indicator.name_zh for k in kids)
    several = len(kids) > 1
    if all(k.current is None and k.change is not None for k in kids):
        dirs = {sentences.direction_zh(k.change, k.change_decimals) for k in kids}
        if len(dirs) == 1 and "持平" not in dirs:
            amounts = "、".join(sentences.amount_zh(k.change, k.change_unit, k.change_decimals) for k in kids)
            return f"其中{names}{'分别' if several else ''}同比{dirs.pop()}{amounts}"
    if all(k.current is not None and k.change is None for k in kids):
        return f"其中{names}{'分别' if several else ''}为{'、'.join(_value_zh(k) for k in kids)}"
    return "其中" + "，".join(part_zh(k) for k in kids)


def _ranks_zh(ranks: list[IndicatorFigure]) -> list[str]:
    out = []
    key = lambda f: (f.rank.period, int(f.rank.value))  # noqa: E731
    for (period, rank), group in groupby(sorted(ranks, key=key), key=key):
        g = list(group)
        names = "、".join(f.indicator.name_zh for f in g)
        out.append(f"{parse_period(period).label('zh')}{names}{'均' if len(g) > 1 else ''}为全市第{cn_number(rank)}")
    return out


def _derived_only(f: IndicatorFigure) -> bool:
    """A value the source never stated (e.g. a base computed from a rate): left out of official text."""
    return f.current is not None and f.current.origin == "derived" and f.change is None


def _tree(figs: list[IndicatorFigure]) -> list[tuple[IndicatorFigure, list[IndicatorFigure]]]:
    """Top-level figures with data, each with its parts (children via the catalogue's `parent`)."""
    with_data = {f.indicator.id: f for f in figs if f.has_data and not is_rank_only(f) and not _derived_only(f)}
    kids: dict[str, list[IndicatorFigure]] = {}
    top = []
    for f in with_data.values():
        parent = f.indicator.parent
        if parent and parent in with_data:
            kids.setdefault(parent, []).append(f)
        else:
            top.append(f)
    return [(f, kids.get(f.indicator.id, [])) for f in top]


def paragraph_zh(figs: list[IndicatorFigure]) -> str:
    """One official-style paragraph for the figures (e.g. one domain); '' when nothing is known."""
    parts = []
    for f, kids in _tree(figs):
        text = part_zh(f)
        parts.append(f"{text}，{_children_zh(kids)}" if kids else text)
    parts += _ranks_zh([f for f in figs if f.has_data and is_rank_only(f)])
    if not parts:
        return ""
    first = figs[0].region
    return sentences.region_prefix_zh(first.level, first.name_zh) + "；".join(parts) + "。"


def part_en(f: IndicatorFigure) -> str:
    """Name value, change (no region prefix)."""
    v = f.current
    text = f.indicator.name_en
    if v:
        text += " " + value_en(v.value, f.indicator.unit, v.decimals, v.qualifier)
    ch = change_en(f)
    return f"{text}{',' if v and ch else ''} {ch}".strip()


def paragraph_en(figs: list[IndicatorFigure]) -> str:
    """The English paragraph for the figures; '' when nothing is known."""
    parts = []
    for f, kids in _tree(figs):
        text = part_en(f)
        parts.append(f"{text}, of which {'; '.join(part_en(k) for k in kids)}" if kids else text)
    for f in figs:
        if f.has_data and is_rank_only(f):
                parts.append(f"{f.indicator.name_en} ranked no. {int(f.rank.value)} in the city "
                         f"({parse_period(f.rank.period).label('en')})")
    if not parts:
        return ""
    return f"{figs[0].region.name_en}: " + "; ".join(parts) + "."


def summary(figs: list[IndicatorFigure], catalog: Catalog, lang: str) -> list[tuple[str, str]]:
    """(domain id, paragraph) for every domain with data, in domain order."""
    out = []
    for dom in sorted(catalog.domains.values(), key=lambda d: d.order):
        mine = [f for f in figs if f.indicator.domain == dom.id]
        text = paragraph_zh(mine) if lang == "zh" else paragraph_en(mine)
        if text:
            out.append((dom.id, text))
    return out


def card_kind(f: IndicatorFigure) -> str | None:
    """What a key-figure card shows big: the reported `value`, else the reported `change` (a figure known only as a
    change: 同比下降75.0%), else the `rank`; None when only derived values are known (a derived value is never
    the big number of a card: it stays in the tables, marked)."""
    if f.current is not None and f.current.origin == "reported":
        return "value"
    if f.reported_change is not None and f.change_origin == "reported":
        return "change"
    if f.rank is not None:
        return "rank"
    return None


def headline_tier(f: IndicatorFigure) -> int:
    """How prominent a figure is: 0 has a change, 1 rank only, 2 rate with a value, 3 other value with a polarity,
    4 the rest (5: no card at all)."""
    if card_kind(f) is None:
        return 5
    if f.change is not None:
        return 0
    if is_rank_only(f):
        return 1
    if f.indicator.is_rate and f.current:
        return 2
    return 3 if f.current and f.indicator.polarity else 4


def headline(figs: list[IndicatorFigure], limit: int = 8, selected: str | None = None) -> list[IndicatorFigure]:
    """Headline figures: changes first, then ranks, then rates, then other counts with a polarity; figures of the
    `selected` period before those of a domain shown at its latest period."""
    ranked = sorted((f for f in figs if f.has_data), key=lambda f: (bool(selected) and f.period.code != selected,
                                                                    headline_tier(f)))
    return [f for f in ranked if headline_tier(f) < 4][:limit]


def carded(figs: list[IndicatorFigure]) -> list[IndicatorFigure]:
    """The figures that get a key-figure card (card_kind), in catalogue order."""
    return [f for f in figs if f.has_data and card_kind(f) is not None]
