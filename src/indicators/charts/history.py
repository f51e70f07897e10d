"""Full history of one indicator in one region: a line per period kind, derived points hollow."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..catalog import Indicator
from ..compute.sentences import derivation_text
from ..i18n import t
from ..periods import parse_period, sort_key
from .theme import PALETTE, layout, plain, unit_name, unit_on_y, wrap

KIND_ORDER = ("year", "half", "quarter", "ytd", "month")
MAX_TICKS = 8   # labels on the period axis: more overlap at desktop width and far more on a phone


def history_chart(rows: pd.DataFrame, ind: Indicator, lang: str) -> go.Figure | None:
    """Current values over every period (one trace per period kind); None when there are none."""
    vals = rows[rows["measure"] == "value"] if not rows.empty else rows
    if vals.empty:
        return None
    vals = vals.assign(_k=vals["period"].map(sort_key)).sort_values("_k")
    order = [parse_period(p).label(lang) for p in dict.fromkeys(vals["period"])]
    fig = go.Figure()
    for n, kind in enumerate(KIND_ORDER):
        part = vals[vals["period"].map(lambda p, k=kind: parse_period(p).kind == k)]
        if part.empty:
            continue
        hover = [t(f"common.{o}", lang) + "<br>" + wrap(
                     str((derivation_text(d, lang) if o == "derived" and isinstance(d, str) else s) or ""), 36)
                 for o, s, d in zip(part["origin"], part["source"], part["derivation"], strict=True)]
        fig.add_trace(go.Scatter(
            x=[parse_period(p).label(lang) for p in part["period"]], y=part["value"].tolist(),
            name=plain(t(f"pages.kind_{kind}", lang)), mode="lines+markers",
            line={"color": PALETTE[n % len(PALETTE)]}, customdata=hover,
            marker={"size": 10, "symbol": ["circle-open" if o == "derived" else "circle" for o in part["origin"]]},
            hovertemplate="%{x}: %{y}<br>%{customdata}<extra></extra>"))
    if ind.target is not None:
        fig.add_hline(y=ind.target, line={"color": "#c0392b", "dash": "dot"},
                      annotation_text=t("pages.target", lang, value=ind.target))
    fig.update_xaxes(categoryorder="array", categoryarray=order, type="category")
    if len(order) > MAX_TICKS:   # years, months and spans together: every k-th label, so none overlaps another
        step = -(-len(order) // MAX_TICKS)
        fig.update_xaxes(tickmode="array", tickvals=order[::step], ticktext=order[::step])
    unit_on_y(fig, ind.unit, lang)
    return layout(fig, t("pages.chart_history", lang, name=ind.name(lang), unit=unit_name(ind.unit, lang)), lang)
