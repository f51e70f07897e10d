"""Indicator detail: definition (口径), unit, polarity, full history as chart and table, provenance, reconciliation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..catalog import Catalog, Indicator
from ..charts import ChartSpec
from ..charts.history import history_chart
from ..charts.trend import within_year
from ..compute import fmt_number
from ..compute.sentences import derivation_text
from ..figures import IndicatorFigure
from ..i18n import t
from ..naming import batch_name, when_text
from ..period_rows import one_code_per_period
from ..periods import parse_period
from ..summary import card_kind
from ..units import measure_label, unit_name
from .data import cached_figures, catalog, data_version, history
from .filters import filter_bar, indicator_picker
from .lang import current_lang, tr
from .tables import show_table
from .widgets import chart, kpi, md_escape, table_value

FREQS = ("yearly", "half-yearly", "quarterly", "monthly")


def bounds_text(ind: Indicator) -> str:
    """0 – 100, ≥ 0, ≤ 100 or ''."""
    low, high = ind.min_value, ind.max_value
    if low is not None and high is not None:
        return f"{low:g} – {high:g}"
    if low is not None:
        return f"≥ {low:g}"
    return f"≤ {high:g}" if high is not None else ""


def definition_rows(ind: Indicator, cat: Catalog, lang: str) -> list[tuple[str, str]]:
    """(label, text) pairs describing the indicator as catalogued."""
    name = lambda i: cat.indicators[i].name(lang) if i in cat.indicators else i  # noqa: E731
    none = tr("pages.none")
    rows = [(tr("pages.definition"), ind.definition or none), (tr("common.unit"), unit_name(ind.unit, lang)),
            (tr("pages.kind"), tr(f"pages.kind_{ind.kind}")),
            (tr("pages.polarity"), tr(f"pages.polarity_{ind.polarity}")),
            (tr("pages.frequency"), tr(f"pages.freq_{ind.frequency}") if ind.frequency in FREQS else ind.frequency),
            (tr("pages.department"), ind.source_department or none)]
    if ind.numerator and ind.denominator:
        rows.append((tr("pages.formula"), f"{name(ind.numerator)} ÷ {name(ind.denominator)} × 100%"))
    if ind.parent:
        rows.append((tr("pages.parent"), name(ind.parent)))
    rows.append((tr("pages.bounds"), bounds_text(ind) or none))
    target = f"{ind.target:g} ({ind.target_year})" if ind.target is not None and ind.target_year else (
        f"{ind.target:g}" if ind.target is not None else none)
    rows += [(tr("pages.target_field"), target), (tr("pages.aliases"), "、".join(ind.aliases) or none)]
    return rows


def reconciliation_notes(f: IndicatorFigure) -> list[tuple[bool, str]]:
    """(agrees, message) for every reconciliation of the figure, plus a warn_above note."""
    out = []
    for name, r in f.reconciliations.items():
        if r.agrees is None:
            continue
        suffix = "%" if name == "rate" or f.change_unit == "pct" else tr("pages.pp")
        key = f"pages.recon_{name}_{'ok' if r.agrees else 'bad'}"
        out.append((bool(r.agrees), tr(key, reported=f"{r.reported:g}{suffix}",
                                       computed=f"{fmt_number(r.computed, 2)}{suffix}")))
    w = f.indicator.warn_above
    if w is not None and f.current and f.current.value > w:
        out.append((False, tr("pages.warn_above", value=f"{f.current.value:g}", limit=f"{w:g}")))
    return out


def history_table(rows: pd.DataFrame, cat: Catalog, lang: str) -> pd.DataFrame:
    """Every stored row with its provenance, newest batch first within a period."""
    return pd.DataFrame({
        tr("pages.col_period"): rows["period"].map(lambda p: parse_period(p).canonical().label(lang)),
        tr("common.region"): rows["region"].map(lambda c: cat.regions[c].name(lang) if c in cat.regions else c),
        tr("pages.col_measure"): rows["measure"].map(lambda m: measure_label(m, lang)),
        tr("common.value"): rows["value"],
        tr("pages.col_qualifier"): rows["qualifier"].map(lambda q: tr("common.at_least") if q == "at_least" else ""),
        tr("common.origin"): rows["origin"].map(lambda o: tr(f"common.{o}")),
        tr("common.source"): rows["source"],
        tr("pages.col_derivation"): rows["derivation"].map(lambda d: derivation_text(d, lang) if isinstance(d, str)
                                                            else ""),
        tr("pages.col_batch"): rows["batch_id"],
        tr("pages.col_file"): [batch_name(k, f, lang) for k, f in zip(rows["batch_kind"], rows["batch_file"],
                                                                      strict=True)],
        tr("pages.col_time"): rows["batch_time"].map(when_text),
        tr("pages.col_status"): rows["batch_status"].map(lambda s: t(f"upload.status_{s}", lang)),
        tr("pages.col_current"): rows["is_current"].map(lambda c: t("upload.yes" if c else "upload.no", lang)),
    })


def render() -> None:
    """The indicator detail page."""
    lang, cat = current_lang(), catalog()
    st.title(tr("nav.indicator_detail"))
    ind = cat.indicators[indicator_picker()]
    sel = filter_bar()
    st.header(md_escape(ind.name(lang)))
    left, right = st.columns([2, 3], gap="large")
    with right:
        for label, text in definition_rows(ind, cat, lang):
            st.markdown(f"**{md_escape(label)}**{'：' if lang == 'zh' else ': '}{md_escape(text)}")
        if lang != "zh":
            st.caption(tr("pages.catalogue_zh_only"))   # said once: the catalogue's texts have no English form
    if sel is None:
        st.info(tr("common.no_data"))
        return
    f = next(x for x in cached_figures(sel.period, sel.region, sel.compare) if x.indicator.id == ind.id)
    with left:
        st.caption(tr("pages.this_period"))
        if card_kind(f):
            kpi(f)
        elif f.has_data:       # only derived values: said plainly, never a card's big number
            st.info(md_escape(tr("pages.only_derived", value=table_value(f, lang))))
        else:
            st.info(tr("common.no_data"))
        st.caption(tr("pages.reconciliation"))
        notes = reconciliation_notes(f)
        for ok, text in notes:
            (st.success if ok else st.warning)(md_escape(text))
        if not notes:
            st.caption(tr("pages.recon_none"))
    _history(ind, sel.region, lang)


def _current_values(indicator: str, region: str) -> pd.DataFrame:
    """The current value rows of the history, one code per period as people name it (2021YTD06 is 2021H1)."""
    rows = history(indicator, region)
    if rows.empty:
        return rows
    return one_code_per_period(rows[rows["is_current"] & (rows["measure"] == "value")].assign(indicator=indicator))


@st.cache_resource(show_spinner=False, max_entries=64)  # shared, read-only: no unpickling per rerun
def cached_history_chart(version: str, indicator: str, region: str, lang: str) -> ChartSpec | None:
    """The history chart, built once per data version."""
    fig = history_chart(_current_values(indicator, region), catalog().indicators[indicator], lang)
    return None if fig is None else ChartSpec(f"history_{indicator}", "history", fig, t("pages.cap_history", lang))


@st.cache_resource(show_spinner=False, max_entries=64)  # shared, read-only: no unpickling per rerun
def cached_trend_charts(version: str, indicator: str, region: str, lang: str) -> list[ChartSpec]:
    """Month by month and year to date against the year before, where the data allow (charts.trend.within_year)."""
    rows = _current_values(indicator, region)
    return [ChartSpec(f"trend_{kind}_{indicator}", "trend", fig, t("pages.cap_trend", lang))
            for kind, fig in within_year(rows, catalog().indicators[indicator], lang)]


def _history(ind: Indicator, region: str, lang: str) -> None:
    st.subheader(tr("pages.history_title"))
    rows = history(ind.id, region)
    spec = cached_history_chart(data_version(), ind.id, region, lang)
    if spec is None:
        st.info(tr("pages.no_history"))
        return
    chart(spec)
    for trend in cached_trend_charts(data_version(), ind.id, region, lang):
        chart(trend)
    st.caption(tr("pages.history_table"))
    show_table(history_table(rows, catalog(), lang), hide_index=True)
