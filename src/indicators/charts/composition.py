"""Composition of a total by its parts (catalogue `parent`), e.g. 18 organisations = 8 weak + 10 lagging."""

from __future__ import annotations

import plotly.graph_objects as go

from ..figures import IndicatorFigure
from ..i18n import t
from .theme import PALETTE, layout, num, plain, provenance, unit_name


def parts_gap(total: IndicatorFigure, parts: list[IndicatorFigure]) -> float:
    """Total minus the sum of its parts (0 when they add up)."""
    return total.current.value - sum(p.current.value for p in parts)


def composition_donut(total: IndicatorFigure, parts: list[IndicatorFigure], lang: str) -> go.Figure:
    """Donut of the parts (which add up to the total) with the total in the middle."""
    labels = [plain(p.indicator.name(lang)) for p in parts]
    values = [p.current.value for p in parts]
    hover = [provenance(p.current, lang) for p in parts]
    colors = PALETTE[: len(parts)]
    unit = plain(total.indicator.unit) if lang == "zh" else ""  # the title names the unit in English
    fig = go.Figure(go.Pie(
        labels=labels, values=values, hole=0.55, sort=False, direction="clockwise", marker={"colors": colors},
        texttemplate="%{value}" + unit + "<br>%{percent}", customdata=hover,
        hovertemplate="%{label}<br>%{value}" + unit + "<br>%{customdata}<extra></extra>"))
    fig.add_annotation(text=f"{num(total.current.value, total.current.decimals)}{unit}", showarrow=False,
                       font={"size": 22})
    title = t("pages.chart_composition", lang, name=total.indicator.name(lang),
              unit=unit_name(total.indicator.unit, lang))
    return layout(fig, title, lang)
