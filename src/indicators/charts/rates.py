"""Rates against their target (or 100 %) as bullet gauges, one row per indicator."""

from __future__ import annotations

import plotly.graph_objects as go

from ..figures import IndicatorFigure
from ..i18n import t
from .theme import BLUE, GREEN, LIGHT, RED, layout, plain


def rate_reference(f: IndicatorFigure) -> float:
    """The line a rate is read against: the catalogue target, else 100 (0 for lower-is-better rates)."""
    if f.indicator.target is not None:
        return f.indicator.target
    return 0.0 if f.indicator.polarity < 0 else 100.0


def _axis_max(f: IndicatorFigure) -> float:
    top = max(100.0, f.current.value, rate_reference(f))
    return top if f.indicator.warn_above is None else max(top, f.indicator.warn_above)


def _bar_color(f: IndicatorFigure) -> str:
    ref, v, pol = rate_reference(f), f.current.value, f.indicator.polarity
    if pol == 0:
        return BLUE
    return GREEN if (v >= ref if pol > 0 else v <= ref) else (RED if f.indicator.target is not None else BLUE)


def rate_bullets(figs: list[IndicatorFigure], lang: str) -> go.Figure:
    """Bullet gauges: value bar, grey band to 100, a dark line at target (or 100)."""
    n = len(figs)
    fig = go.Figure()
    for i, f in enumerate(figs):
        top = 1 - i / n
        name = plain(f.indicator.name(lang))
        tag = t("pages.derived_tag", lang) if f.current.origin == "derived" else ""
        fig.add_trace(go.Indicator(
            mode="number+gauge", value=f.current.value,
            number={"suffix": "%", "valueformat": f".{f.current.decimals}f", "font": {"size": 20}},
            domain={"x": [0.38, 0.92], "y": [top - 1 / n + 0.08 / n, top - 0.08 / n]},
            title={"text": f"{name}{tag}", "font": {"size": 13}, "align": "right"},
            gauge={"shape": "bullet", "axis": {"range": [0, _axis_max(f)], "ticksuffix": "%"},
                   "bar": {"color": _bar_color(f), "thickness": 0.55},
                   "steps": [{"range": [0, 100], "color": LIGHT}],
                   "threshold": {"line": {"color": "#1c2833", "width": 3}, "thickness": 0.9,
                                 "value": rate_reference(f)}}))
    return layout(fig, t("pages.chart_rates", lang), lang, height=max(160, 60 + 70 * n))
