"""Breakdown and ranking of one indicator by sub-region."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..catalog import Indicator
from ..i18n import t
from .theme import BLUE, GREEN, RED, STANDOFF, layout, num, plain, unit_label, unit_name, wrap

HEADROOM = 0.22     # share of the longest bar added beyond it, where its value label stands inside the plot


def value_room(values: list[float]) -> list[float]:
    """The value axis from zero (or the lowest value) to past the longest bar, so an outside value label ("200") stays
    inside the plot on a phone instead of at its edge."""
    values = [v for v in values if v == v]    # NaN never sets the range
    low, high = min([0.0, *values]), max([0.0, *values])
    span = (high - low) or 1.0
    return [low - (HEADROOM * span if low < 0 else 0.0), high + HEADROOM * span]


def ranked(rows: pd.DataFrame, ind: Indicator) -> pd.DataFrame:
    """Sub-region rows best first by the indicator's polarity (largest first when neutral)."""
    return rows.sort_values("value", ascending=ind.polarity < 0, kind="stable").reset_index(drop=True)


def region_bars(rows: pd.DataFrame, ind: Indicator, period_label: str, lang: str) -> go.Figure:
    """Horizontal bars of the sub-regions, ranked; best green and worst red when polarity says which is which."""
    r = ranked(rows, ind)
    names = r["region_zh"] if lang == "zh" else r["region_en"]
    colors = [BLUE] * len(r)
    if ind.polarity and len(r) > 1:
        colors[0], colors[-1] = GREEN, RED
    dec = int(r["decimals"].fillna(0).max()) if "decimals" in r else 0
    origins = [t(f"common.{o}", lang) if o in ("reported", "derived") else plain(o) for o in r["origin"]]
    fig = go.Figure(go.Bar(
        orientation="h", y=[f"{i + 1}. {wrap(str(n), 12)}" for i, n in enumerate(names)], x=r["value"].tolist(),
        text=[num(v, dec) for v in r["value"]], textposition="outside", marker={"color": colors},
        customdata=[[o, wrap(str(s or ""), 36)] for o, s in zip(origins, r["source"], strict=True)],
        cliponaxis=False, hovertemplate="%{y}: %{x}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", ticklabelstandoff=STANDOFF)   # names clear of the bars
    fig.update_xaxes(title_text=unit_label(ind.unit, lang), range=value_room(r["value"].tolist()))
    title = t("pages.chart_regions", lang, name=ind.name(lang), period=period_label, unit=unit_name(ind.unit, lang))
    return layout(fig, title, lang, height=max(220, 90 + 50 * len(r)))
