"""A domain dashboard: filters, KPI cards, charts chosen for the data, and the full table with provenance."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..charts import ChartSpec
from ..coverage import domain_periods
from ..figures import IndicatorFigure
from ..periods import parse_period
from ..selection import Selection
from ..summary import carded
from ..units import value_unit
from ..verdicts import verdict_label
from ..views import domain_specs
from .data import cached_figures, catalog, connection, coverage_rows, data_version
from .filters import filter_bar
from .lang import current_lang, tr
from .report_button import report_button
from .session import demo_banner
from .tables import show_table
from .widgets import chart_grid, delta_text, kpi_grid, md_escape, table_value, verdict_legend


def figure_rows(figs: list[IndicatorFigure], lang: str) -> pd.DataFrame:
    """One display row per figure that has data: value with unit (a rank as 第N名, nothing for a change-only figure),
    change in % or percentage points, assessment with 'within normal variation', origin, source, link."""
    rows = []
    for f in figs:
        if not f.has_data:
            continue
        v = f.current or f.reported_change or f.rank
        rows.append({
            tr("common.indicator"): f.indicator.name(lang),
            tr("common.value"): table_value(f, lang),
            tr("common.unit"): value_unit(f.indicator.unit, lang) if f.current else "",
            tr("common.change"): delta_text(f) or "",
            tr("common.assessment"): verdict_label(f.assessment, f.noise, lang),
            tr("common.origin"): tr(f"common.{v.origin}"),
            tr("common.source"): v.how(lang),
            tr("pages.detail"): f"indicator_detail?indicator={f.indicator.id}",
        })
    return pd.DataFrame(rows)


@st.cache_resource(show_spinner=False, max_entries=128)  # shared, read-only: no unpickling per rerun
def domain_charts(version: str, domain: str, period: str, region: str, compare: str, lang: str) -> list[ChartSpec]:
    """The domain's charts, built once per data version and filter (Plotly layout validation is slow)."""
    figs = cached_figures(period, region, compare)
    return domain_specs(connection(), catalog(), figs, Selection(period, compare, region), domain, lang)


def empty_message(sel: Selection, lang: str) -> str:
    """No data for this domain, region and period."""
    return tr("pages.no_data_domain", region=catalog().regions[sel.region].name(lang),
              period=_label(sel.period, lang))


def _label(code: str, lang: str) -> str:
    return parse_period(code).label(lang)


def render(domain: str) -> None:
    """Render the page of one domain for the selected period, comparison and region (the navigation runs it)."""
    demo_banner()
    lang, cat = current_lang(), catalog()
    dom = cat.domains[domain]
    st.title(dom.name(lang))
    st.caption(md_escape(dom.description_zh if lang == "zh" else dom.description_en))
    sel = filter_bar()
    if sel is None:
        st.info(tr("common.no_data"))
        return
    figs = [f for f in cached_figures(sel.period, sel.region, sel.compare) if f.indicator.domain == domain]
    with_data = [f for f in figs if f.has_data]
    if not with_data:
        latest = domain_periods(coverage_rows(sel.region), sel.period, [domain])[domain]
        text = empty_message(sel, lang) if latest is None else tr(
            "pages.showing_latest", period=_label(sel.period, lang), latest=_label(latest, lang))
        st.info(text, icon=":material/info:")
        if latest is None:
            return
        sel = Selection(latest, parse_period(latest).previous_year().code, sel.region)
        figs = [f for f in cached_figures(sel.period, sel.region, sel.compare) if f.indicator.domain == domain]
        with_data = [f for f in figs if f.has_data]
    report_button(sel, domain)
    st.subheader(tr("pages.kpis"))
    kpi_grid(carded(with_data), per_row=3)
    verdict_legend(lang)
    specs = domain_charts(data_version(), domain, sel.period, sel.region, sel.compare, lang)
    st.subheader(tr("pages.charts"))
    if specs:
        chart_grid(specs)
    else:
        st.info(tr("pages.no_charts"))
    st.subheader(tr("pages.table"))
    show_table(figure_rows(with_data, lang), hide_index=True, column_config={
        tr("pages.detail"): st.column_config.LinkColumn(display_text=tr("pages.open_detail"))})
    missing = [f.indicator.name(lang) for f in figs if not f.has_data]
    if missing:
        st.caption(md_escape(tr("pages.missing", names=tr("pages.list_sep").join(missing))))
