"""Rates against their target (or 100 %) as bullet charts: grey band, value bar, black target mark."""

from __future__ import annotations

import plotly.graph_objects as go

from ..figures import IndicatorFigure
from ..i18n import t
from .theme import BLUE, GREEN, LIGHT, RED, STANDOFF, layout, num, plain, provenance, row_height, wrap


def rate_reference(f: IndicatorFigure) -> float | None:
    """The line a rate is read against: the catalogue target for the figure's year, else none (no line is drawn
    where no target is set: 100 % is not a target)."""
    ind = f.indicator
    if ind.target is None or (ind.target_year is not None and ind.target_year != f.period.year):
        return None
    return ind.target


def _axis_max(figs: list[IndicatorFigure]) -> float:
    tops = [max(f.current.value, rate_reference(f) or 0, f.indicator.warn_above or 0) for f in figs]
    return max(100.0, *tops)


def _bar_color(f: IndicatorFigure) -> str:
    ref, v, pol = rate_reference(f), f.current.value, f.indicator.polarity
    if pol == 0 or ref is None:
        return BLUE
    return GREEN if (v >= ref if pol > 0 else v <= ref) else RED


def rate_bullets(figs: list[IndicatorFigure], lang: str) -> go.Figure:
    """One bullet per rate: the band is 0–100 %, the bar the value, a black mark the target where one is set."""
    tag = t("pages.derived_tag", lang)
    # the value sits under its name, as on the change chart: a label beside the bar was cut at phone width (93.42)
    names = [wrap(f.indicator.name(lang), 10 if lang == "zh" else 22) + (tag if f.current.origin == "derived" else "")
             + "<br><b>" + num(f.current.value, f.current.decimals) + "%</b>" for f in figs]
    top = _axis_max(figs)
    fig = go.Figure([
        go.Bar(orientation="h", y=names, x=[100.0] * len(figs), marker={"color": LIGHT}, width=0.7,
               hoverinfo="skip", showlegend=False),
        go.Bar(orientation="h", y=names, x=[f.current.value for f in figs], width=0.32, showlegend=False,
               marker={"color": [_bar_color(f) for f in figs]}, customdata=[provenance(f.current, lang) for f in figs],
               hovertemplate="%{y}: %{x}%<br>%{customdata}<extra></extra>"),
    ])
    targets = [(name, rate_reference(f)) for name, f in zip(names, figs, strict=True) if rate_reference(f) is not None]
    if targets:
        fig.add_trace(go.Scatter(
            y=[n for n, _ in targets], x=[v for _, v in targets], mode="markers", showlegend=False,
            marker={"symbol": "line-ns", "size": 34, "line": {"width": 3, "color": "#1c2833"}},
            hovertemplate="%{y}: " + plain(t("pages.target_mark", lang)) + " %{x}%<extra></extra>"))
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(range=[0, top * 1.04], ticksuffix="%", title_text=t("pages.unit_axis", lang, unit="%"))
    fig.update_yaxes(autorange="reversed", ticklabelstandoff=STANDOFF)   # names clear of the bars
    return layout(fig, t("pages.chart_rates", lang), lang, height=max(200, 110 + row_height(names, 62) * len(figs)))
