"""Period, comparison-period and region filters kept in the URL (st.query_params) and the session.

A shared link such as `?period=2021&region=440300DP01` restores the filters; values are checked against the
catalogue and the data (selection.resolve), never evaluated, and an unusable value falls back with a message.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ..coverage import by_period
from ..periods import parse_period
from ..selection import (
    PARAMS,
    Problem,
    Selection,
    compare_options,
    period_options,
    region_options,
    resolve,
    resolve_indicator,
)
from . import first_screen
from .data import available_periods, catalog, coverage_rows, regions_holding_data
from .lang import current_lang, tr
from .widgets import md_escape

STATE = "filters"
WIDGET = {p: f"flt_{p}" for p in PARAMS}


def problem_text(p: Problem) -> str:
    """The message for a filter value that could not be used (user text escaped)."""
    return tr(f"pages.bad_{p.param}_{p.reason}", value=md_escape(p.value[:60]))


def _raw() -> dict[str, str | None]:
    saved = st.session_state.get(STATE, {})
    return {p: st.query_params.get(p) or saved.get(p) for p in PARAMS}


def _store(sel: Selection) -> None:
    """Remember the selection in the session and write it to the URL (only what changed)."""
    params = sel.as_params()
    st.session_state[STATE] = params
    for k in PARAMS:
        if k in params and st.query_params.get(k) != params[k]:
            st.query_params[k] = params[k]
        elif k not in params and k in st.query_params:
            del st.query_params[k]


def _changed(param: str) -> None:
    """Widget callback: copy the new value to session and URL; a new period resets the comparison."""
    saved = dict(st.session_state.get(STATE, {}))
    saved[param] = st.session_state[WIDGET[param]]
    if param == "period":
        saved.pop("compare", None)
        if "compare" in st.query_params:
            del st.query_params["compare"]
    st.session_state[STATE] = saved
    st.query_params[param] = saved[param]


def current_selection() -> Selection | None:
    """Resolved filters for this run (warning about unusable URL values); None when there is no data. The default
    period is the latest, the widest among those ending together (coverage of the district)."""
    cat = catalog()
    cov = by_period(coverage_rows(cat.default_region().code))
    sel = resolve(_raw(), cat, available_periods(), regions_holding_data(), cov)
    if sel is None:
        return None
    for p in sel.problems:
        st.warning(problem_text(p), icon=":material/link_off:")
    _store(sel)
    return sel


def filter_bar() -> Selection | None:
    """The three filter widgets in a row (drawn after a new session's first screen); returns the selection they
    show."""
    sel = current_selection()
    if sel is None:
        return None
    for p in PARAMS:
        st.session_state[WIDGET[p]] = getattr(sel, p)
    # one row on a phone too; its height kept while a new session's first screen goes out first (web/style.py)
    first_screen.place(st.container(key="filters"), lambda box: _filter_widgets(box, sel), room="dp-space-filters")
    return sel


def _filter_widgets(box: DeltaGenerator, sel: Selection) -> None:
    """The period, comparison period and region boxes in three columns of box."""
    lang, cat = current_lang(), catalog()
    periods = period_options(available_periods())
    compares = compare_options(sel.period, available_periods())
    if sel.compare not in compares:
        compares.append(sel.compare)
    regions = [r.code for r in region_options(cat, regions_holding_data())]
    label = lambda code: parse_period(code).label(lang)  # noqa: E731
    c1, c2, c3 = box.columns(3)
    c1.selectbox(tr("common.period"), periods, key=WIDGET["period"], format_func=label,
                 on_change=_changed, args=("period",))
    c2.selectbox(tr("common.compare_period"), compares, key=WIDGET["compare"], format_func=label,
                 on_change=_changed, args=("compare",))
    c3.selectbox(tr("common.region"), regions, key=WIDGET["region"],
                 format_func=lambda c: cat.regions[c].name(lang), on_change=_changed, args=("region",))


IND_KEY, IND_STATE = "flt_indicator", "detail_indicator"


def _indicator_changed() -> None:
    st.session_state[IND_STATE] = st.session_state[IND_KEY]
    st.query_params["indicator"] = st.session_state[IND_KEY]


def indicator_picker() -> str:
    """Indicator chosen in the URL (?indicator=id, name or alias) or the picker; unknown values fall back."""
    cat, lang = catalog(), current_lang()
    ind, problem = resolve_indicator(st.query_params.get("indicator") or st.session_state.get(IND_STATE), cat)
    if problem:
        st.warning(problem_text(problem), icon=":material/link_off:")
    st.session_state[IND_STATE] = st.session_state[IND_KEY] = ind
    if st.query_params.get("indicator") != ind:
        st.query_params["indicator"] = ind
    ids = list(cat.indicators)
    st.selectbox(tr("pages.pick_indicator"), ids, key=IND_KEY, on_change=_indicator_changed,
                 format_func=lambda i: f"{cat.domains[cat.indicators[i].domain].name(lang)} · "
                                       f"{cat.indicators[i].name(lang)}")
    return ind
