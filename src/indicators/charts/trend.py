"""Trend lines: the selected year against the comparison year (sub-year periods), or years in a row."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..catalog import Indicator
from ..compute.sentences import derivation_text
from ..i18n import t
from ..periods import Period, parse_period
from .theme import BLUE, GREY, RED, layout, plain, unit_name, unit_on_y, wrap

MIN_POINTS = 3


def same_kind(series: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Rows of the series whose period has the same kind as the selected one, oldest first."""
    if series.empty:
        return series
    parsed = series["period"].map(parse_period)
    out = series[parsed.map(lambda p: p.kind == period.kind)].copy()
    out["_p"] = out["period"].map(parse_period)
    return out.sort_values("_p")


def has_trend(series: pd.DataFrame, period: Period) -> bool:
    """Enough points for a line: 3+ years, or 2+ sub-year periods in the selected year."""
    rows = same_kind(series, period)
    if period.kind == "year":
        return len(rows) >= MIN_POINTS
    return int((rows["_p"].map(lambda p: p.year) == period.year).sum()) >= 2 if not rows.empty else False


def _slot(p: Period, lang: str) -> str:
    if p.kind == "month":
        return f"{p.index}月" if lang == "zh" else pd.Timestamp(2000, p.index, 1).strftime("%b")
    if p.kind == "ytd":
        return f"1-{p.index}月" if lang == "zh" else f"Jan–{pd.Timestamp(2000, p.index, 1):%b}"
    return f"{p.kind[0].upper()}{p.index}"


def _hover(rows: pd.DataFrame, lang: str) -> list[str]:
    out = []
    for r in rows.itertuples():
        origin = t(f"common.{r.origin}", lang) if r.origin in ("reported", "derived") else plain(r.origin)
        derived = r.origin == "derived" and isinstance(r.derivation, str)
        src = derivation_text(r.derivation, lang) if derived else r.source
        out.append(origin + ("<br>" + wrap(str(src), 36) if isinstance(src, str) and src else ""))
    return out


def _line(rows: pd.DataFrame, x: list[str], name: str, color: str, dash: str, lang: str) -> go.Scatter:
    symbols = ["circle-open" if o == "derived" else "circle" for o in rows["origin"]]
    return go.Scatter(x=x, y=rows["value"].tolist(), name=plain(name), mode="lines+markers",
                      line={"color": color, "dash": dash, "width": 3 if dash == "solid" else 2},
                      marker={"size": 9, "symbol": symbols}, customdata=_hover(rows, lang),
                      hovertemplate="%{x}: %{y}<br>%{customdata}<extra>" + plain(name) + "</extra>")


def trend_lines(series: pd.DataFrame, ind: Indicator, period: Period, compare: Period, lang: str) -> go.Figure:
    """Line of the indicator over time, the comparison year dashed, the target as a red line."""
    rows = same_kind(series, period)
    fig = go.Figure()
    if period.kind == "year":
        fig.add_trace(_line(rows, [str(p.year) for p in rows["_p"]], ind.name(lang), BLUE, "solid", lang))
    else:
        for year, color, dash in ((compare.year, GREY, "dash"), (period.year, BLUE, "solid")):
            mine = rows[rows["_p"].map(lambda p, y=year: p.year == y)]
            if not mine.empty:
                fig.add_trace(_line(mine, [_slot(p, lang) for p in mine["_p"]], str(year), color, dash, lang))
    if ind.target is not None:
        fig.add_hline(y=ind.target, line={"color": RED, "dash": "dot"},
                      annotation_text=t("pages.target", lang, value=ind.target), annotation_position="top left")
    unit_on_y(fig, ind.unit, lang)
    title = t("pages.chart_trend", lang, name=ind.name(lang), unit=unit_name(ind.unit, lang))
    return layout(fig, title, lang)
