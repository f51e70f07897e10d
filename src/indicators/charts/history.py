"""Full history of one indicator in one region: a line per span kind (Period.span_kind), derived points hollow."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..catalog import Indicator
from ..compute.sentences import derivation_text
from ..errors import UserError
from ..i18n import t
from ..periods import Period, parse_period, sort_key
from .theme import PALETTE, layout, plain, unit_name, unit_on_y, wrap

KIND_ORDER = ("year", "half", "quarter", "month")
MAX_TICKS = 8   # labels on the period axis: more overlap at desktop width and far more on a phone
LEGEND_ENTRY = {True: 76, False: 128}   # px of a legend entry's text: Chinese, English ("Jan–Sep cumulative")
# each line its own colour and marker shape, far apart: a half-year beside the years must not read as the next year
LINE_COLOURS = (PALETTE[0], PALETTE[3], PALETTE[4], PALETTE[5], PALETTE[2], PALETTE[6], PALETTE[1])
SYMBOLS = ("circle", "diamond", "square", "triangle-up", "triangle-down", "hexagon", "star")


def span_name(kind: str, lang: str) -> str:
    """What a line of one span kind holds, as people say it (年度, 半年, 1-9月累计)."""
    if kind.startswith("ytd"):
        return t("pages.span_ytd", lang, months=Period(2000, "ytd", int(kind[3:])).months_text(lang))
    return t(f"pages.kind_{kind}", lang)


def _kind(code: str) -> str | None:
    try:
        return parse_period(code).span_kind
    except UserError:
        return None           # a stored code periods.py cannot read has no place on the period axis


def _kinds(codes: pd.Series) -> pd.Series:
    """Each period's span kind (computed once per distinct code)."""
    return codes.map({c: _kind(c) for c in codes.unique()})


def _symbol(line: int, origin: str) -> str:
    """The marker of a point: the line's shape, hollow when the value is derived."""
    shape = SYMBOLS[line % len(SYMBOLS)]
    return f"{shape}-open" if origin == "derived" else shape


def history_chart(rows: pd.DataFrame, ind: Indicator, lang: str) -> go.Figure | None:
    """Current values over every period, one line per span kind, so a line joins only comparable periods (a year-to-
    date of six months is the half-year); rows hold one code per period (period_rows.one_code_per_period). None when
    there are none."""
    vals = rows[rows["measure"] == "value"] if not rows.empty else rows
    if vals.empty:
        return None
    vals = vals.assign(_s=_kinds(vals["period"])).dropna(subset=["_s"])
    if vals.empty:
        return None
    vals = vals.assign(_k=vals["period"].map(sort_key)).sort_values("_k")
    label = {c: parse_period(c).canonical().label(lang) for c in vals["period"].unique()}
    order = list(dict.fromkeys(vals["period"].map(label)))
    kinds = [k for k in KIND_ORDER if k in set(vals["_s"])] + sorted(k for k in set(vals["_s"]) if k.startswith("ytd"))
    fig = go.Figure()
    for n, kind in enumerate(kinds):
        part = vals[vals["_s"] == kind]
        hover = [t(f"common.{o}", lang) + "<br>" + wrap(
                     str((derivation_text(d, lang) if o == "derived" and isinstance(d, str) else s) or ""), 36)
                 for o, s, d in zip(part["origin"], part["source"], part["derivation"], strict=True)]
        fig.add_trace(go.Scatter(
            x=part["period"].map(label).tolist(), y=part["value"].tolist(),
            name=plain(span_name(kind, lang)), mode="lines+markers",
            line={"color": LINE_COLOURS[n % len(LINE_COLOURS)]}, customdata=hover,
            marker={"size": 10, "symbol": [_symbol(n, o) for o in part["origin"]]},
            hovertemplate="%{x}: %{y}<br>%{customdata}<extra></extra>"))
    if ind.target is not None:
        fig.add_hline(y=ind.target, line={"color": "#c0392b", "dash": "dot"},
                      annotation_text=t("pages.target", lang, value=ind.target))
    fig.update_xaxes(categoryorder="array", categoryarray=order, type="category")
    if len(order) > MAX_TICKS:   # years, months and spans together: every k-th label, so none overlaps another
        step = -(-len(order) // MAX_TICKS)
        fig.update_xaxes(tickmode="array", tickvals=order[::step], ticktext=order[::step])
    unit_on_y(fig, ind.unit, lang)
    fig = layout(fig, t("pages.chart_history", lang, name=ind.name(lang), unit=unit_name(ind.unit, lang)), lang)
    # every legend entry as wide as the longest name (1-4月累计): Plotly measured CJK names short and, wrapping the
    # entries on a phone, pushed the last one past the right edge
    return fig.update_layout(legend={"entrywidth": LEGEND_ENTRY[lang == "zh"], "entrywidthmode": "pixels"})
