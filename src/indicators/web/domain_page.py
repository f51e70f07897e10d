"""A domain dashboard: every indicator of the domain with value, unit, change and provenance."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..figures import IndicatorFigure
from .data import available_periods, cached_figures, catalog
from .lang import current_lang, tr


def figure_rows(figs: list[IndicatorFigure], lang: str) -> pd.DataFrame:
    """One display row per figure that has data."""
    rows = []
    for f in figs:
        if not f.has_data:
            continue
        rows.append({
            tr("common.indicator"): f.indicator.name(lang),
            tr("common.value"): f.current.value if f.current else None,
            tr("common.unit"): f.indicator.unit,
            tr("common.change"): f.change,
            tr("common.assessment"): tr(f"common.{f.assessment}"),
            tr("common.origin"): tr(f"common.{f.current.origin}") if f.current else "",
            tr("common.source"): (f.current or f.reported_change or f.rank).source,
        })
    return pd.DataFrame(rows)


def render(domain: str) -> None:
    """Render the page of one domain for the latest year with data."""
    lang = current_lang()
    cat = catalog()
    st.title(cat.domains[domain].name(lang))
    years = sorted({p[:4] for p in available_periods()}, reverse=True)
    if not years:
        st.info(tr("common.no_data"))
        return
    region = cat.default_region().code
    figs = [f for f in cached_figures(years[0], region) if f.indicator.domain == domain]
    table = figure_rows(figs, lang)
    if table.empty:
        st.info(tr("common.no_data"))
        return
    st.dataframe(table, hide_index=True)
