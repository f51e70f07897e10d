"""The key-figures table of a domain: 本期、上年同期、同比、评估, derived values marked (the page's figures)."""

from __future__ import annotations

from ..compute import value_en, value_zh
from ..compute.sentences import cn_number
from ..figures import IndicatorFigure, Value
from ..i18n import t
from ..periods import parse_period
from ..summary import change_en, change_zh, headline_tier, is_rank_only
from ..verdicts import verdict_label
from .model import Table

DASH = "—"
KEY_LIMIT = 12  # rows of a domain's table (and bars of its chart); the rest stay on the domain page
WIDTHS = (3.2, 2.4, 2.2, 2.4, 1.5)


def value_text(v: Value | None, unit: str, lang: str) -> str:
    """1052起 / 1,052 incidents / 10万余份, marked when derived; a dash when missing."""
    if v is None:
        return DASH
    text = value_zh(v.value, unit, v.decimals, v.qualifier) if lang == "zh" else value_en(
        v.value, unit, v.decimals, v.qualifier)
    return text + (t("report.derived_mark", lang) if v.origin == "derived" else "")


def change_text(f: IndicatorFigure, lang: str) -> str:
    """下降24.21% / 上升1.20个百分点 / 持平 (the summary's words without 同比), marked when computed."""
    words = change_zh(f).removeprefix("同比") if lang == "zh" else change_en(f).removesuffix(" year on year")
    if not words:
        return DASH
    return words + (t("report.derived_mark", lang) if f.change_origin == "derived" else "")


def current_text(f: IndicatorFigure, lang: str) -> str:
    """The value, else the rank (全市第一（2021年上半年）), else a dash for a figure known only by its change."""
    if is_rank_only(f):
        rank = int(f.rank.value)
        return t("report.rank_value", lang, rank=cn_number(rank) if lang == "zh" else rank,
                 period=parse_period(f.rank.period).label(lang))
    return value_text(f.current, f.indicator.unit, lang)


def header(f0: IndicatorFigure, lang: str) -> tuple[str, ...]:
    """Column titles; 上年同期/同比 only when the comparison is the same period a year earlier."""
    default = f0.compare == f0.period.previous_year()
    prev = t("report.col_previous", lang) if default else t("report.col_previous_other", lang,
                                                               period=f0.compare.label(lang))
    change = t("report.col_change" if default else "report.col_change_other", lang)
    return (t("report.col_indicator", lang), t("report.col_current", lang), prev, change,
            t("report.col_assessment", lang))


def key_figures(figs: list[IndicatorFigure], limit: int = KEY_LIMIT) -> list[IndicatorFigure]:
    """The domain's most telling figures with data (changes, ranks, rates, then other values), in catalogue order."""
    with_data = [f for f in figs if f.has_data]
    order = {id(f): n for n, f in enumerate(with_data)}
    chosen = sorted(with_data, key=lambda f: (headline_tier(f), order[id(f)]))[:limit]
    return sorted(chosen, key=lambda f: order[id(f)])


def key_table(figs: list[IndicatorFigure], caption: str, lang: str) -> Table:
    """One row per figure with data, in catalogue order."""
    rows = tuple((f.indicator.name(lang), current_text(f, lang), value_text(f.previous, f.indicator.unit, lang),
                  change_text(f, lang), verdict_label(f.assessment, f.noise, lang)) for f in figs if f.has_data)
    return Table(caption, header(figs[0], lang), rows, WIDTHS)
