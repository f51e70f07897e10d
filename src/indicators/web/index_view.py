"""The 平安指数 page: period and region, publication status, the score and why, radar, trend, contributions and
the ranked sub-regions one can drill into (district → subdistrict → community → grid)."""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import streamlit as st

from ..catalog import Catalog
from ..charts.safety import GRADE_COLOR, contribution_bars, domain_radar, score_trend
from ..errors import UserError
from ..periods import canonical_code, parse_period
from ..safety.index import IndexResult, rules_from_settings
from ..safety.text import change_reason
from .data import catalog
from .index_publication import publication_panel, score_text
from .lang import current_lang, tr
from .safety_data import index_periods, index_spec, keep_in_url, live_index, published
from .tables import show_table, styled
from .widgets import PLOTLY_CONFIG, md_escape

PERIOD, REGION = "idx_period", "idx_region"
PARAM_PERIOD, PARAM_REGION = "index_period", "index_region"
BADGE = {"green": "green", "blue": "blue", "orange": "orange", "red": "red", "insufficient": "gray"}
TREND_POINTS = 12


def grade_text(grade: str) -> str:
    """优秀 / 良好 / 提醒 / 警示 / 数据不足 in the page's language."""
    return tr(f"safety.grade_{grade}")


def _picked(key: str, param: str, options: list[str], default: str, name: Callable[[str], str] = str) -> str:
    """The value for a select box: the URL's, else the session's, else the default (always one of the options);
    `name` reads a value as the options name it (an old link's 2022YTD06 is the 2022H1 offered)."""
    for candidate in (st.query_params.get(param), st.session_state.get(key)):
        if candidate is not None and name(candidate) in options:
            value = name(candidate)
            break
    else:
        value = default
    st.session_state[key] = value
    if st.query_params.get(param) != value:
        st.query_params[param] = value
    return value


def _default_period(periods: list[str]) -> str:
    months = [p for p in periods if parse_period(p).kind == "month"]
    return months[0] if months else periods[0]


def _tree_order(cat: Catalog, codes: set[str]) -> list[str]:
    """Regions depth-first from the top, each followed by the regions below it."""
    out: list[str] = []

    def walk(code: str) -> None:
        if code in codes:
            out.append(code)
        for kid in cat.children(code):
            walk(kid.code)

    for root in [r.code for r in cat.regions.values() if not r.parent or r.parent not in cat.regions]:
        walk(root)
    return out + sorted(codes - set(out))


def _depth(cat: Catalog, code: str) -> int:
    n, cur = 0, cat.regions[code].parent if code in cat.regions else None
    while cur and cur in cat.regions:
        n, cur = n + 1, cat.regions[cur].parent
    return n


def _region_label(cat: Catalog, code: str, lang: str) -> str:
    reg = cat.regions.get(code)
    name = reg.name(lang) if reg else code
    level = tr(f"safety.level_{reg.level}") if reg else ""
    return "\u3000" * max(0, _depth(cat, code) - 1) + f"{name} · {level}"


def _pickers(cat: Catalog, periods: list[str], lang: str) -> tuple[str, str]:
    c1, c2 = st.columns([1, 2])
    period = _picked(PERIOD, PARAM_PERIOD, periods, _default_period(periods), canonical_code)
    c1.selectbox(tr("common.period"), periods, key=PERIOD, format_func=lambda p: parse_period(p).label(lang),
                 on_change=keep_in_url, args=(PERIOD, PARAM_PERIOD))
    regions = _tree_order(cat, set(live_index(st.session_state[PERIOD]).regions["region"]))
    if not regions:
        return period, ""
    home = cat.default_region().code
    region = _picked(REGION, PARAM_REGION, regions, home if home in regions else regions[0])
    c2.selectbox(tr("safety.focus_region"), regions, key=REGION, format_func=lambda c: _region_label(cat, c, lang),
                 on_change=keep_in_url, args=(REGION, PARAM_REGION))
    return period, region


# ---------------------------------------------------------------- the focus region

def headline(row: pd.Series, cat: Catalog, lang: str) -> None:
    """Score with grade, rank among its level, change since the previous period, coverage."""
    reg = cat.regions.get(row["region"])
    name = reg.name(lang) if reg else row["region"]
    st.subheader(md_escape(tr("safety.headline", region=name, period=parse_period(row["period"]).label(lang))))
    st.badge(grade_text(row["grade"]), color=BADGE[row["grade"]], icon=":material/shield:")
    c1, c2, c3, c4 = st.columns(4)
    change = row["change"]
    moved = change is not None and not math.isnan(change)
    c1.metric(tr("safety.score"), score_text(row["score"], lang), f"{change:+.1f}" if moved else None, border=True,
              delta_description=tr("safety.vs_previous") if moved else None, help=tr("safety.score_help"))
    rank, n, level = row["rank"], int(row["n_ranked"]), tr(f"safety.level_{row['level']}")
    rank_text = tr("safety.not_ranked") if pd.isna(rank) else tr("safety.rank_value", rank=int(rank), n=n)
    label = tr("safety.rank_of_level", n=n, level=level) if n else tr("safety.rank_of_level_none", level=level)
    c2.metric(label, rank_text, border=True, help=tr("safety.rank_help"))
    c3.metric(tr("safety.previous"), score_text(row["previous_score"], lang), border=True,
              help=tr("safety.previous_help"))
    c4.metric(tr("safety.coverage"), f"{row['coverage']:.0%}", border=True, help=tr("safety.coverage_help"))
    notes = [] if moved or pd.isna(row["score"]) else [tr("safety.no_change")]
    if pd.isna(rank):
        notes.append(tr("safety.none_ranked", level=level) if not n else tr("safety.self_not_ranked"))
    if notes:
        st.caption(" ".join(notes))


def _domain_names(lang: str) -> list[str]:
    return [d.name(lang) for d in index_spec().domains]


def radar(result: IndexResult, code: str, lang: str) -> None:
    """Domain scores of this period and the previous one."""
    doms = result.domains[result.domains["region"] == code].set_index("domain")
    ids = [d.id for d in index_spec().domains]
    now = [_none(doms["score"].get(i)) for i in ids]
    before = [_none(doms["previous_score"].get(i)) for i in ids]
    fig = domain_radar(_domain_names(lang), now, before, (tr("safety.this_period"), tr("safety.previous_period")),
                       tr("safety.chart_radar"), lang)
    st.plotly_chart(fig, key="idx_radar", config=PLOTLY_CONFIG, theme=None)
    st.caption(tr("safety.cap_radar"))


def _none(x: object) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def _trend_periods(period: str, periods: list[str]) -> list[str]:
    kind = parse_period(period).kind
    same = sorted([p for p in periods if parse_period(p).kind == kind and parse_period(p) <= parse_period(period)],
                  key=parse_period)
    return same[-TREND_POINTS:]


def trend(period: str, periods: list[str], code: str, lang: str) -> None:
    """The region's score over recent periods of the same kind (published where published)."""
    shown = _trend_periods(period, periods)
    level = catalog().regions[code].level if code in catalog().regions else None
    scores, grades = [], []
    for p in shown:
        res = published(p)[1] or live_index(p, (level,) if level else None)
        row = res.regions[res.regions["region"] == code]
        scores.append(None if row.empty or math.isnan(row["score"].iloc[0]) else float(row["score"].iloc[0]))
        grades.append("insufficient" if row.empty else str(row["grade"].iloc[0]))
    bands = rules_from_settings().bands
    fig = score_trend(shown, scores, grades, bands, tr("safety.chart_trend"), lang)
    st.plotly_chart(fig, key="idx_trend", config=PLOTLY_CONFIG, theme=None)
    st.caption(tr("safety.cap_trend", green=f"{bands[0]:g}", blue=f"{bands[1]:g}", orange=f"{bands[2]:g}"))


def contributions(result: IndexResult, code: str, cat: Catalog, lang: str) -> None:
    """What moved the score: each component's contribution to the change, and the full breakdown."""
    comps = result.components[result.components["region"] == code]
    moved = comps.dropna(subset=["change_contribution"])
    if not moved.empty:
        names = [cat.indicators[i].name(lang) for i in moved["indicator"]]
        fig = contribution_bars(names, moved["change_contribution"].tolist(), tr("safety.chart_contrib"), lang)
        st.plotly_chart(fig, key="idx_contrib", config=PLOTLY_CONFIG, theme=None)
        st.caption(tr("safety.cap_contrib"))
    with st.expander(tr("safety.breakdown"), expanded=moved.empty):
        show_table(breakdown_table(comps, cat, lang), hide_index=True)
        st.caption(tr("safety.cap_breakdown"))


def breakdown_table(comps: pd.DataFrame, cat: Catalog, lang: str) -> pd.DataFrame:
    """One row per component: domain, indicator, value, baseline, rule, score, weight, contributions."""
    spec = index_spec()
    dom = {d.id: d.name(lang) for d in spec.domains}

    def num(x: float, fmt: str) -> str:
        return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else format(x, fmt)

    return pd.DataFrame({
        tr("safety.col_domain"): [dom[d] for d in comps["domain"]],
        tr("common.indicator"): [cat.indicators[i].name(lang) for i in comps["indicator"]],
        tr("common.value"): [num(v, ",.4g") for v in comps["value"]],
        tr("safety.col_baseline"): [num(v, ",.4g") for v in comps["baseline"]],
        tr("safety.col_rule"): [tr(f"safety.rule_{r}") for r in comps["rule"]],
        tr("safety.col_score"): [num(v, ".1f") for v in comps["score"]],
        tr("safety.col_weight"): [num(v * 100 if v == v else v, ".1f") for v in comps["weight"]],
        tr("safety.col_contribution"): [num(v, ".2f") for v in comps["contribution"]],
        tr("safety.col_change_contribution"): [num(v, "+.2f") for v in comps["change_contribution"]],
        tr("safety.col_source"): [_source(r, lang) for r in comps.itertuples()]})


def _source(r: object, lang: str) -> str:
    if not r.how:
        return tr("safety.how_missing")
    return tr(f"safety.how_{r.how}", period=parse_period(r.source_period).label(lang) if r.source_period else "")


# ---------------------------------------------------------------- drill-down

def _drill(codes_key: str, table_key: str) -> Callable[[], None]:
    """Callback: selecting a row of the ranked table makes that region the focus (drill-down)."""
    def pick() -> None:
        rows = st.session_state[table_key].selection.rows
        if rows:
            code = st.session_state[codes_key][rows[0]]
            st.session_state[REGION] = code
            st.query_params[PARAM_REGION] = code
    return pick


def ranked_table(result: IndexResult, code: str, cat: Catalog, lang: str) -> None:
    """The regions just below the focus (or its peers when it has none), ranked, with their grades."""
    regions = result.regions
    kids = regions[regions["parent"] == code]
    title = "safety.children"
    if kids.empty:
        level = regions.loc[regions["region"] == code, "level"]
        kids = regions[regions["level"] == level.iloc[0]] if not level.empty else kids
        title = "safety.peers"
    if kids.empty:
        return
    kids = kids.sort_values(["rank", "region"], na_position="last")
    level_name = tr(f"safety.level_{kids['level'].iloc[0]}")
    st.subheader(tr(title, level=level_name))
    name = "region_zh" if lang == "zh" else "region_en"
    table = pd.DataFrame({
        tr("safety.rank"): [None if pd.isna(r) else int(r) for r in kids["rank"]],
        tr("common.region"): kids[name].tolist(),
        tr("safety.score"): [None if math.isnan(s) else round(s, 1) for s in kids["score"]],
        tr("safety.grade"): [grade_text(g) for g in kids["grade"]],
        tr("safety.change"): [None if math.isnan(c) else round(c, 1) for c in kids["change"]],
        tr("safety.coverage"): [round(c * 100) for c in kids["coverage"]]})
    colours = {grade_text(g): GRADE_COLOR[g] for g in GRADE_COLOR}
    shown = styled(table, precision=1).map(lambda v: f"color: {colours.get(v, '#1c2833')}; font-weight: 600",
                                           subset=[tr("safety.grade")])
    codes_key, table_key = "idx_codes", f"idx_table_{code}"
    st.session_state[codes_key] = kids["region"].tolist()
    show_table(shown, hide_index=True, key=table_key, on_select=_drill(codes_key, table_key),
               selection_mode="single-row", column_config={
                     tr("safety.coverage"): st.column_config.NumberColumn(format="%d%%"),
                     tr("safety.change"): st.column_config.NumberColumn(format="%+.1f")})
    st.caption(tr("safety.cap_ranked"))


# ---------------------------------------------------------------- the page

def render() -> None:
    """Render the 平安指数 page."""
    lang, cat = current_lang(), catalog()
    st.title(tr("nav.safety_index"))
    st.caption(tr("safety.index_caption"))
    try:
        index_spec()
        periods = index_periods()
        if not periods:
            st.info(tr("common.no_data"))
            return
        period, code = _pickers(cat, periods, lang)
        result = publication_panel(period, lang)
    except UserError as e:
        st.error(str(e), icon=":material/error:")
        return
    row = result.regions[result.regions["region"] == code]
    if not code or row.empty:
        st.info(tr("safety.no_index_data"), icon=":material/info:")
        return
    row = row.iloc[0]
    headline(row, cat, lang)
    st.markdown(md_escape(change_reason(row, result.components[result.components["region"] == code], cat, lang)))
    left, right = st.columns(2, gap="large")
    with left:
        radar(result, code, lang)
    with right:
        trend(period, periods, code, lang)
    contributions(result, code, cat, lang)
    ranked_table(result, code, cat, lang)
