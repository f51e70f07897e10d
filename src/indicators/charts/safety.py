"""Charts of the 平安指数 and the warnings: domain radar, score trend with grade bands, contributions, a series."""

from __future__ import annotations

import math
from datetime import date

import plotly.graph_objects as go

from ..i18n import t
from ..periods import parse_period
from .theme import BLUE, GREY, RED, layout, plain, wrap

GRADE_COLOR = {"green": "#2e8b57", "blue": "#2471a3", "orange": "#e67e22", "red": "#c0392b",
               "insufficient": "#9aa5b1"}
GRADE_FILL = {"green": "rgba(46,139,87,0.08)", "blue": "rgba(36,113,163,0.08)", "orange": "rgba(230,126,34,0.10)",
              "red": "rgba(192,57,43,0.08)"}


def domain_radar(names: list[str], now: list[float | None], before: list[float | None], labels: tuple[str, str],
                 title: str, lang: str) -> go.Figure:
    """Domain scores (0-100) of this period and the previous one on a radar."""
    fig = go.Figure()
    width = 6 if lang == "zh" else 10
    theta = [wrap(n, width) for n in names] + [wrap(names[0], width)]
    for values, label, color, dash in ((before, labels[1], GREY, "dash"), (now, labels[0], BLUE, "solid")):
        r = [v if v is not None else None for v in values]
        fig.add_trace(go.Scatterpolar(r=r + r[:1], theta=theta, name=plain(label), mode="lines+markers",
                                      line={"color": color, "dash": dash, "width": 2},
                                      fill="toself" if dash == "solid" else None,
                                      fillcolor="rgba(31,78,156,0.12)", connectgaps=True,
                                      hovertemplate="%{theta}: %{r:.1f}<extra>" + plain(label) + "</extra>"))
    titled(fig, title, lang, height=400)
    fig.update_layout(polar={"radialaxis": {"range": [0, 100], "tickvals": [70, 80, 90, 100], "angle": 90,
                                            "tickfont": {"size": 10}},
                             "angularaxis": {"tickfont": {"size": 12}, "rotation": 90}},
                      legend={"orientation": "h", "yanchor": "top", "y": -0.05, "xanchor": "center", "x": 0.5},
                      margin={"l": 75, "r": 75, "b": 40})
    return fig


def axis_points(periods: list[str], lang: str) -> tuple[list, dict]:
    """x values and axis settings: months as dates with ticks as people write them (2023年1月, Jan 2023), other
    periods by their label."""
    parsed = [parse_period(p) for p in periods]
    if parsed and all(p.kind == "month" for p in parsed):
        fmt = "%Y年%-m月" if lang == "zh" else "%b %Y"
        return [date(p.year, p.index, 1) for p in parsed], {"type": "date", "tickformat": fmt, "hoverformat": fmt}
    return [p.label(lang) for p in parsed], {"type": "category"}


def score_trend(periods: list[str], scores: list[float | None], grades: list[str], bands: tuple[float, ...],
                title: str, lang: str) -> go.Figure:
    """The score over recent periods, markers coloured by grade, the grade bands shaded behind."""
    x, axis = axis_points(periods, lang)
    fig = go.Figure()
    edges = [100.0, *bands, 0.0]
    for name, hi, lo in zip(("green", "blue", "orange", "red"), edges[:-1], edges[1:], strict=True):
        fig.add_hrect(y0=lo, y1=hi, fillcolor=GRADE_FILL[name], line_width=0, layer="below")
    labels = [t(f"safety.grade_{g}", lang) for g in grades]
    fig.add_trace(go.Scatter(x=x, y=scores, mode="lines+markers", line={"color": BLUE, "width": 2},
                             marker={"size": 10, "color": [GRADE_COLOR[g] for g in grades]}, customdata=labels,
                             hovertemplate="%{x}: %{y:.1f} %{customdata}<extra></extra>", connectgaps=False,
                             showlegend=False))
    titled(fig, title, lang, height=340)
    fig.update_yaxes(**score_axis(scores, bands))
    fig.update_xaxes(**axis, ticklabelstandoff=6)
    return fig


def score_axis(scores: list[float | None], bands: tuple[float, ...]) -> dict:
    """Ticks every 10 points, the lowest a little above the x-axis so its label never meets the first period's."""
    low = min([s for s in scores if s is not None] + [bands[-1]]) - 5
    first = max(0, math.floor(low / 10) * 10)
    return {"range": [first - 0.08 * (102 - first), 102], "tick0": 0, "dtick": 10, "ticklabelstandoff": 4}


def titled(fig: go.Figure, title: str, lang: str, height: int) -> go.Figure:
    """The house layout with the title broken into lines that fit a phone (top margin grown to match)."""
    layout(fig, title, lang, height=height)
    text = wrap(title, 22 if lang == "zh" else 40)
    lines = text.count("<br>") + 1
    fig.update_layout(title={"text": text}, margin={"t": 40 + 22 * lines}, height=height + 22 * (lines - 1))
    return fig


def contribution_bars(names: list[str], values: list[float], title: str, lang: str) -> go.Figure:
    """Each component's contribution to the change of the score, largest first (green up, red down).

    Each bar's name and value sit on a line of their own above it, so long names never overlap at any width.
    """
    order = sorted([i for i in range(len(values)) if abs(values[i]) >= 0.05], key=lambda i: -abs(values[i]))
    ys = list(range(len(order)))[::-1]
    fig = go.Figure(go.Bar(
        x=[values[i] for i in order], y=ys, orientation="h", width=0.42,
        marker={"color": ["#2e8b57" if values[i] >= 0 else RED for i in order]},
        customdata=[plain(names[i]) for i in order], hovertemplate="%{customdata}: %{x:+.2f}<extra></extra>"))
    for y, i in zip(ys, order, strict=True):
        fig.add_annotation(x=0, xref="paper", y=y + 0.3, yref="y", xanchor="left", yanchor="bottom",
                           text=f"{plain(names[i])}  <b>{values[i]:+.1f}</b>", showarrow=False,
                           font={"size": 12, "color": "#1c2833"})
    titled(fig, title, lang, height=max(220, 46 * len(order) + 80))
    fig.update_yaxes(showticklabels=False, range=[-0.6, len(order) - 0.1], showgrid=False)
    fig.update_xaxes(zeroline=True, zerolinecolor="#566573", zerolinewidth=1)
    return fig


def warning_series(months: list[str], values: list[float | None], expected: list[float | None],
                   warn: list[float | None], action: list[float | None], names: tuple[str, ...], title: str,
                   lang: str) -> go.Figure:
    """A monthly count with its expected value and the warning and action limits."""
    x, axis = axis_points(months, lang)
    fig = go.Figure()
    for ys, name, color, dash in ((action, names[3], RED, "dot"), (warn, names[2], "#e67e22", "dot"),
                                  (expected, names[1], GREY, "dash")):
        fig.add_trace(go.Scatter(x=x, y=ys, name=plain(name), mode="lines", line={"color": color, "dash": dash},
                                 hovertemplate="%{x}: %{y:.1f}<extra>" + plain(name) + "</extra>"))
    fig.add_trace(go.Scatter(x=x, y=values, name=plain(names[0]), mode="lines+markers",
                             line={"color": BLUE, "width": 3}, marker={"size": 7},
                             hovertemplate="%{x}: %{y}<extra>" + plain(names[0]) + "</extra>"))
    titled(fig, title, lang, height=380)
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.12, "xanchor": "left", "x": 0.0})
    fig.update_yaxes(rangemode="tozero")
    fig.update_xaxes(**axis)
    return fig
