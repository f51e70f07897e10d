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
    """Rows of the series whose period has the same kind as the selected one, oldest first; for a year-to-date
    period every period running from January (1月, 1-2月, 第一季度 = 1-3月, …), whatever its code."""
    if series.empty:
        return series
    parsed = series["period"].map(parse_period)
    if period.kind == "ytd":
        out = series[parsed.map(lambda p: p.cumulative)].copy()
    else:
        out = series[parsed.map(lambda p: p.kind == period.kind)].copy()
    out["_p"] = out["period"].map(parse_period)
    out["_k"] = out["_p"].map(lambda p: (p.year, p.months()[1], p.months()[0]))
    return out.sort_values("_k").drop(columns="_k")


def has_trend(series: pd.DataFrame, period: Period) -> bool:
    """Enough points for a line: 3+ years, or 2+ sub-year periods in the selected year."""
    rows = same_kind(series, period)
    if period.kind == "year":
        return len(rows) >= MIN_POINTS
    return int((rows["_p"].map(lambda p: p.year) == period.year).sum()) >= 2 if not rows.empty else False


def _month(m: int, lang: str) -> str:
    return f"{m}月" if lang == "zh" else pd.Timestamp(2000, m, 1).strftime("%b")


def _slot(p: Period, lang: str, cumulative: bool = False) -> str:
    """The x position of a period within its year: 3月, Q2, or 1-3月 on a year-to-date line."""
    last = p.months()[1]
    if cumulative or p.kind == "ytd":
        if last == 1:
            return _month(1, lang)
        return f"1-{last}月" if lang == "zh" else f"Jan–{_month(last, lang)}"
    if p.kind == "month":
        return _month(p.index, lang)
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


def trend_lines(series: pd.DataFrame, ind: Indicator, period: Period, compare: Period, lang: str,
                title: str | None = None) -> go.Figure:
    """Line of the indicator over time, the comparison year dashed, the target as a red line."""
    rows = same_kind(series, period)
    fig = go.Figure()
    if period.kind == "year":
        fig.add_trace(_line(rows, [str(p.year) for p in rows["_p"]], ind.name(lang), BLUE, "solid", lang))
    else:
        for year, color, dash in ((compare.year, GREY, "dash"), (period.year, BLUE, "solid")):
            mine = rows[rows["_p"].map(lambda p, y=year: p.year == y)]
            if not mine.empty:
                x = [_slot(p, lang, period.kind == "ytd") for p in mine["_p"]]
                fig.add_trace(_line(mine, x, str(year), color, dash, lang))
    if ind.target is not None:
        fig.add_hline(y=ind.target, line={"color": RED, "dash": "dot"},
                      annotation_text=t("pages.target", lang, value=ind.target), annotation_position="top left")
    unit_on_y(fig, ind.unit, lang)
    title = title or t("pages.chart_trend", lang, name=ind.name(lang), unit=unit_name(ind.unit, lang))
    return layout(fig, title, lang)


def latest_of_kind(series: pd.DataFrame, kind: str) -> Period | None:
    """The latest month (kind "month") or the latest span from January short of a year (kind "ytd": 1-5月, 上半年)
    among the series' periods, as a Period of that kind; None when there is none."""
    periods = [parse_period(c) for c in series["period"].unique()] if not series.empty else []
    if kind == "month":
        found = [p for p in periods if p.kind == "month"]
    else:
        found = [p for p in periods if p.cumulative and p.kind != "year" and p.months()[1] > 1]
    if not found:
        return None
    last = max(found, key=lambda p: (p.year, p.months()[1]))
    return last if kind == "month" else Period(last.year, "ytd", last.months()[1])


def within_year(series: pd.DataFrame, ind: Indicator, lang: str) -> list[tuple[str, go.Figure]]:
    """The indicator month by month and year to date, each against the same months of the year before, where the
    series holds two or more points of the latest year: (kind, figure) pairs."""
    out = []
    for kind in ("month", "ytd"):
        period = latest_of_kind(series, kind)
        if period is None or not has_trend(series, period):
            continue
        title = t(f"pages.chart_trend_{kind}", lang, name=ind.name(lang), unit=unit_name(ind.unit, lang),
                  year=period.year, compare=period.year - 1)
        out.append((kind, trend_lines(series, ind, period, period.previous_year(), lang, title)))
    return out
