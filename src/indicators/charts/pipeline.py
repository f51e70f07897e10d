"""The case pipeline (filed → solved → arrested → prosecuted) as a funnel."""

from __future__ import annotations

import plotly.graph_objects as go

from ..figures import IndicatorFigure
from ..i18n import t
from ..units import name_with_note
from .theme import PALETTE, layout, num, plain, provenance, unit_name, wrap


def pipeline_funnel(figs: list[IndicatorFigure], lang: str) -> go.Figure:
    """Funnel of pipeline steps that have a value and share a unit (charts.plan.stage_runs)."""
    steps = [f for f in figs if f.current is not None]
    width = 12 if lang == "zh" else 24
    units = [plain(unit_name(f.indicator.unit, lang)) for f in steps]
    labels = [name_with_note(wrap(f.indicator.name(lang), width), u, lang) for f, u in zip(steps, units, strict=True)]
    fig = go.Figure(go.Funnel(
        y=labels, x=[f.current.value for f in steps], textinfo="text",
        text=[f"{num(f.current.value, f.current.decimals)} {u}" for f, u in zip(steps, units, strict=True)],
        marker={"color": PALETTE[: len(steps)]}, connector={"line": {"color": "#c8d2dc"}},
        customdata=[provenance(f.current, lang) for f in steps],
        hovertemplate="%{y}<br>%{text}<br>%{customdata}<extra></extra>"))
    title = t("pages.chart_pipeline", lang, unit=unit_name(steps[0].indicator.unit, lang))
    return layout(fig, title, lang, height=max(220, 90 + 60 * len(steps)))
