"""The 数据查询 page's widgets: filters kept in the URL, a paged table, downloads built only on click."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import datetime

import pandas as pd
import streamlit as st

from ..actions import Actor
from ..actions.export import table_file
from ..catalog import MEASURES, Catalog
from ..charts import ChartSpec
from ..charts.history import history_chart
from ..compute import fmt_number
from ..errors import UserError
from ..explore import ALL_MEASURES, Filters, find_domain, parse_filters, query
from ..export.query_export import FORMATS, change_decimals, file_name, sheet_frame
from ..i18n import t
from ..normalize import norm_label
from ..periods import KINDS, canonical_code, parse_period, sort_key
from ..selection import period_options
from ..units import measure_label
from .data import available_periods, catalog, connection, data_version, own_connection
from .lang import current_lang, tr
from .nav import PAGES, allowed
from .session import actor, current_role
from .tables import show_table
from .widgets import chart, md_escape

PAGE_SIZE = 100
KEYS = {"domain": "qv_domain", "ind": "qv_ind", "reg": "qv_reg", "sub": "qv_sub", "from": "qv_from",
        "to": "qv_to", "type": "qv_type", "measure": "qv_measure"}
SEARCH, PAGE, LOADED = "qv_search", "qv_page", "qv_loaded"


def url_state(cat: Catalog, params: dict[str, list[str]], periods: list[str],
              lang: str = "zh") -> tuple[dict[str, object], list[str]]:
    """Widget values from URL parameters, each checked against the catalogue and the data; problems listed in lang."""
    state: dict[str, object] = {}
    problems: list[str] = []

    def _check(value: str, fn: Callable[[str], str | None]) -> tuple[str | None, str | None]:
        """fn(value) or the reason it is unusable."""
        try:
            return fn(value), None
        except UserError as e:
            return None, e.text(lang)

    def keep(key: str, value: object, problem: str | None) -> None:
        if problem:
            problems.append(problem)
        if value not in (None, []):
            state[key] = value

    for raw in params.get("domain", [])[:1]:
        keep("domain", *_check(raw, lambda v: find_domain(cat, v)))
    inds = [_check(v, lambda x: cat.indicator(x).id) for v in params.get("ind", [])]
    dom = state.get("domain")
    outside = [f"ind={i} ∉ {dom}" for i, _ in inds if i and dom and cat.indicators[i].domain != dom]
    keep("ind", [i for i, _ in inds if i and (not dom or cat.indicators[i].domain == dom)],
         "; ".join([p for _, p in inds if p] + outside) or None)
    regs = [_check(v, lambda x: cat.region(x).code) for v in params.get("reg", [])]
    keep("reg", list(dict.fromkeys(r for r, _ in regs if r)), "; ".join(p for _, p in regs if p) or None)
    for key in ("from", "to"):
        for raw in params.get(key, [])[:1]:
            code = canonical_code(raw)       # an old link's 2021YTD06 is the 2021H1 the selector offers
            keep(key, code if code in periods else None, None if code in periods else f"{key}={raw}")
    for raw in params.get("type", [])[:1]:
        keep("type", raw if raw in KINDS else None, None if raw in KINDS else f"type={raw}")
    for raw in params.get("measure", [])[:1]:
        ok = raw in (*MEASURES, ALL_MEASURES)
        keep("measure", raw if ok else None, None if ok else f"measure={raw}")
    if "1" in params.get("sub", []):
        state["sub"] = True
    return state, problems


def _load_url(cat: Catalog, periods: list[str]) -> None:
    """On the session's first run here, set the widgets from the URL and warn about unusable values."""
    if st.session_state.get(LOADED):
        return
    params = {k: st.query_params.get_all(k) for k in KEYS}
    state, problems = url_state(cat, params, periods, current_lang())
    for key, value in state.items():
        st.session_state[KEYS[key]] = value
    st.session_state[LOADED] = True
    for p in problems:
        st.warning(tr("export.bad_url", detail=md_escape(p[:120])), icon=":material/link_off:")


def _save_url() -> None:
    """Write the widgets' values to the URL (lists as repeated parameters)."""
    for key, widget in KEYS.items():
        value = st.session_state.get(widget)
        if key == "sub":
            value = "1" if value else None
        if key == "measure" and value == "value":
            value = None
        if value in (None, [], ""):
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get_all(key) != (value if isinstance(value, list) else [value]):
            st.query_params[key] = value


def region_tree(cat: Catalog) -> list[tuple[str, int]]:
    """Regions depth-first from the top, each with its depth."""
    out: list[tuple[str, int]] = []

    def walk(code: str, depth: int) -> None:
        out.append((code, depth))
        for child in cat.children(code):
            walk(child.code, depth + 1)

    for root in (r for r in cat.regions.values() if not r.parent or r.parent not in cat.regions):
        walk(root.code, 0)
    return out


def matches(cat: Catalog, search: str, ids: list[str]) -> list[str]:
    """Indicator ids whose id, Chinese or English name or any alias contains the search text."""
    needle = norm_label(search) if search and search.strip() else ""
    if not needle:
        return ids
    found = []
    for i in ids:
        ind = cat.indicators[i]
        if any(needle in norm_label(text) for text in (ind.id, ind.name_zh, ind.name_en, *ind.aliases)):
            found.append(i)
    return found


def _on_domain() -> None:
    """A new domain keeps only the chosen indicators that belong to it."""
    dom, cat = st.session_state.get(KEYS["domain"]), catalog()
    chosen = st.session_state.get(KEYS["ind"]) or []
    st.session_state[KEYS["ind"]] = [i for i in chosen if not dom or cat.indicators[i].domain == dom]


def _indicator_label(cat: Catalog, ident: str, lang: str) -> str:
    """An indicator's name, marked when it is retired or merged (its data stay readable here)."""
    ind = cat.indicators[ident]
    return ind.name(lang) if ind.active else tr("export.retired_indicator", name=ind.name(lang))


def _what_widgets(cat: Catalog, lang: str, every: str) -> None:
    """Domain, indicator search and multi-select (names and aliases), regions indented by level."""
    c1, c2 = st.columns([1, 2])
    domains = [None, *sorted(cat.domains, key=lambda d: cat.domains[d].order)]
    dom = c1.selectbox(tr("export.filter_domain"), domains, key=KEYS["domain"], on_change=_on_domain,
                       format_func=lambda d: cat.domains[d].name(lang) if d else every)
    search = c1.text_input(tr("export.filter_search"), key=SEARCH)
    in_domain = [i for i in cat.indicators if not dom or cat.indicators[i].domain == dom]
    chosen = [i for i in st.session_state.get(KEYS["ind"]) or [] if i in in_domain]
    st.session_state[KEYS["ind"]] = chosen
    options = list(dict.fromkeys([*chosen, *matches(cat, search, in_domain)]))
    c2.multiselect(tr("export.filter_indicators"), options, key=KEYS["ind"], help=tr("export.filter_indicators_help"),
                   format_func=lambda i: _indicator_label(cat, i, lang), placeholder=every)
    tree = region_tree(cat)
    depth = dict(tree)
    c2.multiselect(tr("export.filter_regions"), [c for c, _ in tree], key=KEYS["reg"], placeholder=every,
                   format_func=lambda c: "　" * depth.get(c, 0) + cat.regions[c].name(lang))


def query_periods(codes: list[str]) -> list[str]:
    """The range selectors' periods: each once, as people name it (2021YTD06 is 2021H1: selection.period_options),
    oldest first."""
    return sorted(period_options(codes), key=sort_key)


def _when_widgets(lang: str, periods: list[str], every: str) -> None:
    """Period range and type, measure, sub-regions."""
    c3, c4, c5, c6, c7 = st.columns(5)
    label = lambda p: parse_period(p).label(lang) if p else every  # noqa: E731
    for key in (KEYS["from"], KEYS["to"]):
        if st.session_state.get(key) not in (None, *periods):
            st.session_state[key] = None  # a period whose data were rolled back
    c3.selectbox(tr("export.filter_from"), [None, *periods], key=KEYS["from"], format_func=label)
    c4.selectbox(tr("export.filter_to"), [None, *periods], key=KEYS["to"], format_func=label)
    c5.selectbox(tr("export.filter_kind"), [None, *KINDS], key=KEYS["type"],
                 format_func=lambda k: tr(f"export.kind_{k}") if k else every)
    st.session_state.setdefault(KEYS["measure"], "value")
    c6.selectbox(tr("export.filter_measure"), [*MEASURES, ALL_MEASURES], key=KEYS["measure"],
                 format_func=lambda m: measure_label(m, lang))
    c7.checkbox(tr("export.filter_subregions"), key=KEYS["sub"])


def filter_widgets(cat: Catalog, lang: str, periods: list[str]) -> Filters:
    """All filter widgets (seeded from the URL once, written back to it); the checked filters they show."""
    _load_url(cat, periods)
    every = tr("export.any")
    _what_widgets(cat, lang, every)
    _when_widgets(lang, periods, every)
    _save_url()
    s = st.session_state
    return parse_filters(cat, domain=s.get(KEYS["domain"]), indicators=s.get(KEYS["ind"]) or [],
                         regions=s.get(KEYS["reg"]) or [], period_from=s.get(KEYS["from"]),
                         period_to=s.get(KEYS["to"]), period_kind=s.get(KEYS["type"]),
                         measure=s.get(KEYS["measure"]), include_subregions=bool(s.get(KEYS["sub"])))


@st.cache_resource(show_spinner=False, max_entries=4)
def _table(version: str, filters_json: str) -> pd.DataFrame:
    """Shared, read-only result (cache_resource: no per-rerun copy of a 100k-row frame)."""
    raw = json.loads(filters_json)
    filters = Filters(**{k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()})
    return query(connection(), filters)


def explore_table(filters: Filters) -> pd.DataFrame:
    """The explore table for the filters (cached until the data change)."""
    return _table(data_version(), json.dumps(filters.as_dict(), sort_keys=True, ensure_ascii=False))


def _number(value: float, decimals: int) -> str:
    return "" if pd.isna(value) else fmt_number(float(value), int(decimals), thousands=True)


def display_frame(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One page of the table as shown: numbers formatted with their decimals, change with % or points."""
    frame, _ = sheet_frame(rows, lang)
    col = lambda k: t(f"export.col_{k}", lang)  # noqa: E731
    dec = rows["decimals"].fillna(0).astype(int).tolist()
    frame[col("value")] = [_number(v, d) for v, d in zip(rows["value"], dec, strict=True)]
    frame[col("previous")] = [_number(v, d) for v, d in zip(rows["previous"], dec, strict=True)]
    pp = t("export.unit_pp", lang)
    frame[col("change")] = ["" if pd.isna(c) else f"{c:+.{d}f}" + ("%" if u == "pct" else pp)
                            for c, u, d in zip(rows["change"], rows["change_unit"], change_decimals(rows), strict=True)]
    return frame.drop(columns=[col("indicator_id"), col("batch")]).fillna("")  # blank, not "None", when missing


def paged(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of the current page; the page selector clamps to the result."""
    pages = max(1, math.ceil(len(table) / PAGE_SIZE))
    if st.session_state.get(PAGE, 1) > pages:
        st.session_state[PAGE] = 1
    c1, c2 = st.columns([1, 4])
    page = int(c1.number_input(tr("export.page_number"), min_value=1, max_value=pages, step=1, key=PAGE))
    c2.caption(tr("export.page_of", page=page, pages=pages, size=PAGE_SIZE))
    return table.iloc[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]


def _builder(cat: Catalog, filters: Filters, fmt: str, who: Actor, lang: str,
             table: pd.DataFrame) -> Callable[[], bytes]:
    """The file builder a download button calls on click (no Streamlit inside: it runs outside the script)."""
    def build() -> bytes:
        with own_connection() as con:
            return table_file(con, who, cat, filters, fmt, lang=lang, table=table).data
    return build


def download_buttons(cat: Catalog, filters: Filters, table: pd.DataFrame, lang: str) -> None:
    """Excel and CSV buttons; each file is built (and audited) only when its button is clicked."""
    who, now = actor(), datetime.now()
    cols = st.columns([1, 1, 2])
    for col, fmt in zip(cols, ("xlsx", "csv"), strict=False):
        col.download_button(tr(f"export.download_{fmt}"), _builder(cat, filters, fmt, who, lang, table),
                            file_name=file_name(cat, filters, table, fmt, lang, now), mime=FORMATS[fmt],
                            key=f"qv_download_{fmt}", help=tr(f"export.download_help_{fmt}"), on_click="ignore",
                            icon=":material/download:")


def render() -> None:
    """The whole page."""
    lang, cat = current_lang(), catalog().with_retired()   # retired indicators' data stay readable here
    st.title(tr("export.page_title"))
    if not allowed(next(p for p in PAGES if p.key == "query"), current_role()):
        st.warning(tr("export.login_needed"))
        return
    st.caption(tr("export.page_caption"))
    periods = query_periods(available_periods())
    try:
        filters = filter_widgets(cat, lang, periods)
    except UserError as e:
        st.error(tr("export.bad_filter", detail=md_escape(e.text(lang))))
        return
    table = explore_table(filters)
    st.subheader(tr("export.rows_found", n=f"{len(table):,}"))
    if table.empty:
        st.info(tr("export.no_rows"))
        return
    download_buttons(cat, filters, table, lang)
    show_table(display_frame(paged(table), lang), hide_index=True, width="stretch")
    history(cat, table, lang)


def one_series(table: pd.DataFrame) -> tuple[str, str] | None:
    """(indicator, region) when the table's values are those of one indicator in one region, else None."""
    values = table[table["measure"] == "value"]
    pairs = values[["indicator", "region"]].drop_duplicates()
    return (str(pairs.iloc[0, 0]), str(pairs.iloc[0, 1])) if len(pairs) == 1 else None


def history(cat: Catalog, table: pd.DataFrame, lang: str) -> None:
    """The history chart of the table's one indicator in one region (a line per span kind); else how to get it."""
    series = one_series(table)
    if series is None:
        st.caption(tr("export.chart_hint"))
        return
    ind, region = series
    fig = history_chart(table[table["measure"] == "value"], cat.indicators[ind], lang)
    if fig is not None:
        st.subheader(tr("export.chart_title", region=cat.regions[region].name(lang) if region in cat.regions
                        else region))
        chart(ChartSpec(f"qv_history_{ind}_{region}", "history", fig, t("pages.cap_history_query", lang)))
