"""Bar charts: current vs comparison period, and year-over-year changes (reported or derived)."""

from __future__ import annotations

import plotly.graph_objects as go

from ..figures import IndicatorFigure, Value
from ..i18n import t
from ..verdicts import verdict_label
from .theme import BLUE, GREY, layout, num, plain, provenance, row_height, unit_name, unit_on_y, verdict_color, wrap


def _value_label(v: Value | None, lang: str) -> str:
    """1,052 / 10余 / 10+ (qualifier 'at least' kept on the chart)."""
    if v is None:
        return ""
    more = ("余" if lang == "zh" else "+") if v.qualifier == "at_least" else ""
    return num(v.value, v.decimals) + more


def _bar(figs: list[IndicatorFigure], which: str, name: str, color: str, lang: str) -> go.Bar:
    vals = [getattr(f, which) for f in figs]
    return go.Bar(
        name=plain(name), x=[wrap(f.indicator.name(lang), 6 if lang == "zh" else 14) for f in figs],
        y=[v.value if v else None for v in vals], marker={"color": color,
                                                          "pattern": {"shape": ["/" if v and v.origin == "derived"
                                                                                else "" for v in vals]}},
        text=[_value_label(v, lang) for v in vals], textposition="outside",
        customdata=[provenance(v, lang) for v in vals], cliponaxis=False,
        hovertemplate="%{x}<br>%{y}<br>%{customdata}<extra>" + plain(name) + "</extra>")


def comparison_bars(figs: list[IndicatorFigure], lang: str) -> go.Figure:
    """Grouped bars: comparison period (grey) and current period (blue); derived bars hatched."""
    f0 = figs[0]
    fig = go.Figure([_bar(figs, "previous", f0.compare.label(lang), GREY, lang),
                     _bar(figs, "current", f0.period.label(lang), BLUE, lang)])
    fig.update_layout(barmode="group", bargap=0.35)
    fig.update_xaxes(tickangle=0)
    unit_on_y(fig, f0.indicator.unit, lang)
    title = t("pages.chart_compare", lang, period=f0.period.label(lang), compare=f0.compare.label(lang),
              unit=unit_name(f0.indicator.unit, lang))
    return layout(fig, title, lang)


def change_text(f: IndicatorFigure, lang: str) -> str:
    """−24.21% or +1.20 pp, with the indicator's decimals."""
    sign = "+" if f.change > 0 else ("−" if f.change < 0 else "")
    unit = "%" if f.change_unit == "pct" else t("pages.pp", lang)
    return f"{sign}{num(abs(f.change), f.change_decimals)}{unit}"


def _change_hover(f: IndicatorFigure, lang: str) -> str:
    origin = t(f"common.{f.change_origin}", lang) if f.change_origin else ""
    src = provenance(f.reported_change, lang) if f.change_origin == "reported" else t("pages.derived_change", lang)
    only = t("pages.change_only", lang) if f.current is None else ""
    return "<br>".join(x for x in (only, origin if f.change_origin == "derived" else "", src) if x)


def change_label(f: IndicatorFigure, lang: str) -> str:
    """A change bar's category: the indicator's name (wrapped) and, under it, the change: the number stays readable
    at any width, never overlapping a bar or another label."""
    return wrap(f.indicator.name(lang), 10 if lang == "zh" else 22) + "<br><b>" + plain(change_text(f, lang)) + "</b>"


def change_bars(figs: list[IndicatorFigure], lang: str) -> go.Figure:
    """Horizontal bars of year-over-year change, coloured by direction for the indicator (lighter within normal
    variation)."""
    figs = list(reversed(figs))
    labels = [change_label(f, lang) for f in figs]
    fig = go.Figure(go.Bar(
        orientation="h", y=labels, x=[f.change for f in figs],
        text=[change_text(f, lang) for f in figs], textposition="none",
        marker={"color": [verdict_color(f.assessment, f.noise) for f in figs],
                "pattern": {"shape": ["." if f.current is None else "" for f in figs]}},
        customdata=[[_change_hover(f, lang), verdict_label(f.assessment, f.noise, lang)] for f in figs],
        hovertemplate="%{text} (%{customdata[1]})<br>%{customdata[0]}<extra></extra>"))
    fig.update_layout(bargap=0.6 if len(figs) < 3 else 0.3)
    lim = max(abs(f.change) for f in figs) * 1.1 or 1
    fig.update_xaxes(range=[-lim, lim], title_text=t("pages.change_axis", lang), zeroline=True, zerolinewidth=2)
    title = t("pages.chart_change", lang, period=figs[0].period.label(lang), compare=figs[0].compare.label(lang))
    return layout(fig, title, lang, height=max(220, 80 + row_height(labels) * len(figs)))


def value_bars(figs: list[IndicatorFigure], lang: str) -> go.Figure:
    """Bars of current values only (no comparison period holds data), one unit per chart."""
    f0 = figs[0]
    fig = go.Figure(_bar(figs, "current", f0.period.label(lang), BLUE, lang))
    fig.update_layout(showlegend=False, bargap=0.45)
    fig.update_xaxes(tickangle=0)
    unit_on_y(fig, f0.indicator.unit, lang)
    title = t("pages.chart_values", lang, period=f0.period.label(lang), unit=unit_name(f0.indicator.unit, lang))
    return layout(fig, title, lang)
