"""The 风险预警 page: the month's warnings by level with a small trend each, filters, and one warning's detail."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import streamlit as st

from ..catalog import LEVELS, Catalog
from ..charts.safety import warning_series
from ..charts.theme import unit_name
from ..errors import UserError
from ..periods import parse_period
from ..safety import early_warning as ew
from ..safety.count_model import expect, upper_limit, widened
from ..safety.text import warning_reason
from .data import catalog, connection
from .lang import current_lang, tr
from .safety_data import keep_in_url, month_warnings, warning_months
from .tables import show_table, styled
from .widgets import PLOTLY_CONFIG, md_escape

MONTH, LEVEL, DOMAIN, RULE, PICK = "warn_month", "warn_level", "warn_domain", "warn_rule", "warn_pick"
PARAM_MONTH, PARAM_PICK = "warning_month", "warning"
ALL = "__all__"
COLOUR = {"red": "#c0392b", "orange": "#d35400"}
DETAIL_MONTHS = 36


def warning_key(indicator: str, region: str) -> str:
    """The URL value naming one warning of the month: indicator:region."""
    return f"{indicator}:{region}"


def _month(months: list[str], lang: str) -> str:
    raw = st.query_params.get(PARAM_MONTH) or st.session_state.get(MONTH)
    st.session_state[MONTH] = raw if raw in months else months[0]
    st.query_params[PARAM_MONTH] = st.session_state[MONTH]
    st.selectbox(tr("safety.month"), months, key=MONTH, format_func=lambda m: parse_period(m).label(lang),
                 on_change=keep_in_url, args=(MONTH, PARAM_MONTH))
    return st.session_state[MONTH]


def _filters(found: pd.DataFrame, cat: Catalog, lang: str) -> pd.DataFrame:
    """Level, domain and rule filters (each 'all' by default)."""
    c1, c2, c3 = st.columns(3)
    levels = [ALL] + [lv for lv in LEVELS if lv in set(found["region_level"])]
    domains = [ALL] + [d for d in cat.domains if d in set(found["domain"])]
    rules = [ALL] + [r for r in ew.RULES if r in set(found["rule"])]
    for key, opts in ((LEVEL, levels), (DOMAIN, domains), (RULE, rules)):
        if st.session_state.get(key) not in opts:
            st.session_state[key] = ALL
    c1.selectbox(tr("safety.filter_level"), levels, key=LEVEL,
                 format_func=lambda v: tr("safety.all") if v == ALL else tr(f"safety.level_{v}"))
    c2.selectbox(tr("safety.filter_domain"), domains, key=DOMAIN,
                 format_func=lambda v: tr("safety.all") if v == ALL else cat.domains[v].name(lang))
    c3.selectbox(tr("safety.filter_rule"), rules, key=RULE,
                 format_func=lambda v: tr("safety.all") if v == ALL else tr(f"safety.rule_{v}"))
    out = found
    for key, col in ((LEVEL, "region_level"), (DOMAIN, "domain"), (RULE, "rule")):
        if st.session_state[key] != ALL:
            out = out[out[col] == st.session_state[key]]
    return out


def _counts(found: pd.DataFrame) -> None:
    c1, c2, c3 = st.columns(3)
    c1.metric(tr("safety.red_count"), int((found["severity"] == "red").sum()), border=True)
    c2.metric(tr("safety.orange_count"), int((found["severity"] == "orange").sum()), border=True)
    c3.metric(tr("safety.judged"), f"{found.attrs.get('judged', 0):,} / {found.attrs.get('series', 0):,}",
              border=True, help=tr("safety.judged_help"))


def warning_table(found: pd.DataFrame, cat: Catalog, lang: str) -> pd.DataFrame:
    """One display row per warning, with the last 24 months as a small line."""
    return pd.DataFrame({
        tr("safety.col_level"): [tr(f"safety.severity_{s}") for s in found["severity"]],
        tr("common.region"): [r.region_zh if lang == "zh" else r.region_en for r in found.itertuples()],
        tr("safety.col_region_level"): [tr(f"safety.level_{lv}") for lv in found["region_level"]],
        tr("common.indicator"): [cat.indicators[i].name(lang) for i in found["indicator"]],
        tr("common.value"): found["value"].round(0).astype(int).tolist(),
        tr("safety.col_expected"): found["expected"].round(1).tolist(),
        tr("safety.col_limit"): found["limit"].astype(int).tolist(),
        tr("safety.col_rule"): [tr(f"safety.rule_{r}") for r in found["rule"]],
        tr("safety.col_recent"): [[None if math.isnan(v) else v for v in r] for r in found["recent"]],
    })


def _pick(found: pd.DataFrame, cat: Catalog, lang: str) -> pd.Series | None:
    keys = [warning_key(i, r) for i, r in zip(found["indicator"], found["region"], strict=True)]
    if not keys:
        return None
    raw = st.query_params.get(PARAM_PICK) or st.session_state.get(PICK)
    st.session_state[PICK] = raw if raw in keys else keys[0]
    labels = dict(zip(keys, [f"{tr(f'safety.severity_{s}')} · {r} · {cat.indicators[i].name(lang)}" for s, r, i in zip(
        found["severity"], found["region_zh"] if lang == "zh" else found["region_en"], found["indicator"],
        strict=True)], strict=True))
    st.selectbox(tr("safety.pick_warning"), keys, key=PICK, format_func=labels.get,
                 on_change=keep_in_url, args=(PICK, PARAM_PICK))
    st.query_params[PARAM_PICK] = st.session_state[PICK]
    return found.iloc[keys.index(st.session_state[PICK])]


@st.cache_data(show_spinner=False, max_entries=64)
def _history(version: str, indicator: str, region: str, month: str) -> dict[str, list]:
    """The series' last DETAIL_MONTHS months, each with the expected value and limits its own check used."""
    rules = ew.rules_from_settings()
    months = ew.month_codes(parse_period(month), rules, extra=DETAIL_MONTHS)
    series = ew.load_series(connection(), [indicator], months, [region])
    if not len(series.counts):
        return {}
    first = ew.first_month(months)
    cols = range(len(months) - DETAIL_MONTHS, len(months))
    out: dict[str, list] = {"months": months[-DETAIL_MONTHS:], "expected": [], "warn": [], "action": []}
    for col in cols:
        exp = expect(series.counts[:, : col + 1], ew.run_targets(col, rules), rules.history_years, first)
        mu, var, phi, df, ok = (a[0, -1] for a in (exp.expected, exp.variance, exp.phi, exp.df, exp.ok))
        out["expected"].append(float(mu) if ok else None)
        for key, prob in (("warn", rules.orange_probability), ("action", rules.red_probability)):
            limit = upper_limit(np.array([mu]), widened(np.array([var]), np.array([phi]), np.array([df]), prob), prob)
            out[key].append(float(limit[0]) if ok else None)
    out["values"] = [None if math.isnan(v) else float(v) for v in series.counts[0, -DETAIL_MONTHS:]]
    out.update(phi=float(exp.phi[0, -1]), seasonal=bool(exp.seasonal[0, -1]), n_ref=int(exp.n_ref[0, -1]))
    return out


def detail(w: pd.Series, cat: Catalog, lang: str, version: str) -> None:
    """One warning: why it fired, its series against the expected value and limits, the model's facts."""
    ind = cat.indicators[w["indicator"]]
    box = st.error if w["severity"] == "red" else st.warning
    box(md_escape(warning_reason(w, cat, lang)), icon=":material/crisis_alert:")
    h = _history(version, w["indicator"], w["region"], w["period"])
    if h:
        region = w["region_zh"] if lang == "zh" else w["region_en"]
        title = tr("safety.chart_warning", indicator=ind.name(lang), region=region, unit=unit_name(ind.unit, lang))
        names = (tr("safety.series_value"), tr("safety.series_expected"), tr("safety.series_warn"),
                 tr("safety.series_action"))
        fig = warning_series(h["months"], h["values"], h["expected"], h["warn"], h["action"], names, title, lang)
        st.plotly_chart(fig, key="warn_detail_chart", config=PLOTLY_CONFIG, theme=None)
        st.caption(tr("safety.cap_warning_detail", n=h["n_ref"], phi=f"{h['phi']:.2f}",
                      model=tr("safety.model_seasonal") if h["seasonal"] else tr("safety.model_mean")))
    st.page_link("pages/indicator_detail.py", label=tr("safety.open_indicator", name=ind.name(lang)),
                 icon=":material/query_stats:", query_params={"indicator": ind.id, "lang": lang})


def render() -> None:
    """Render the 风险预警 page."""
    from .safety_data import version

    lang, cat = current_lang(), catalog()
    st.title(tr("nav.risk_warnings"))
    st.caption(tr("safety.warnings_caption"))
    months = warning_months()
    if not months:
        st.info(tr("safety.no_monthly_data"), icon=":material/info:")
        return
    month = _month(months, lang)
    try:
        found = month_warnings(month)
    except UserError as e:
        st.error(str(e), icon=":material/error:")
        return
    _counts(found)
    shown = _filters(found, cat, lang)
    if shown.empty:
        st.success(tr("safety.no_warnings", month=parse_period(month).label(lang)), icon=":material/check_circle:")
        st.caption(tr("safety.cap_rules"))
        return
    table = warning_table(shown, cat, lang)
    colour = {tr(f"safety.severity_{s}"): c for s, c in COLOUR.items()}
    grid = styled(table, precision=1).map(lambda v: f"color: {colour.get(v, '#1c2833')}; font-weight: 700",
                                          subset=[tr("safety.col_level")])
    show_table(grid, hide_index=True, column_config={
        tr("safety.col_level"): st.column_config.TextColumn(width="small"),
        tr("safety.col_region_level"): st.column_config.TextColumn(width="small"),
        tr("common.value"): st.column_config.NumberColumn(width="small"),
        tr("safety.col_expected"): st.column_config.NumberColumn(width="small", format="%.1f"),
        tr("safety.col_limit"): st.column_config.NumberColumn(width="small"),
        tr("safety.col_recent"): st.column_config.LineChartColumn(width="small", y_min=0)})
    st.caption(tr("safety.cap_rules"))
    st.subheader(tr("safety.detail"))
    w = _pick(shown, cat, lang)
    if w is not None:
        detail(w, cat, lang, version())
