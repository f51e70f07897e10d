"""Cached reads for the 平安指数 and 风险预警 pages and the overview (keyed by the data and the publications)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ..demo.build import is_demo
from ..errors import UserError
from ..periods import parse_period
from ..safety import early_warning as ew
from ..safety import snapshots as pub
from ..safety.index import INDEX_KINDS, IndexResult, compute_index, rules_from_settings
from ..safety.index_file import IndexSpec, index_path, load_index
from ..selection import period_options
from .data import available_periods, catalog, connection, data_version


def version() -> str:
    """The data version (publications included) plus the index file: what the cached results depend on."""
    path = index_path()
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    return f"{data_version()}-{stamp}"


@st.cache_data(show_spinner=False, max_entries=4)
def _demo(v: str) -> bool:
    return is_demo(connection())


def demo_in_use() -> bool:
    """Whether the database is the demo's synthetic one."""
    return _demo(data_version())


@st.cache_resource(show_spinner=False, max_entries=4)
def _spec(v: str) -> IndexSpec:
    return load_index(catalog())


def index_spec() -> IndexSpec:
    """The index definition (data/safety_index.toml), validated."""
    return _spec(version())


def index_periods() -> list[str]:
    """Periods the index can be computed for, as people name them (selection.period_options: data stored under
    2022YTD06 is 2022H1's, one entry), newest first (months before quarters of the same end)."""
    return [c for c in period_options(available_periods()) if _kind(c) in INDEX_KINDS]


def warning_months() -> list[str]:
    """Months holding data as people name them (a January stored as 1-1月 is that month, once), newest first."""
    return [c for c in period_options(available_periods()) if _kind(c) == "month"]


def _kind(code: str) -> str:
    try:
        return parse_period(code).kind
    except UserError:  # a stored period code the parser refuses is simply not offered
        return ""


@st.cache_resource(show_spinner=False, max_entries=32)   # shared, read-only frames
def _live(v: str, period: str, levels: tuple[str, ...] | None) -> IndexResult:
    return compute_index(connection(), catalog(), index_spec(), period, rules_from_settings(),
                         list(levels) if levels else None)


def live_index(period: str, levels: tuple[str, ...] | None = None) -> IndexResult:
    """The index computed from the current data (cached)."""
    return _live(version(), period, levels)


@st.cache_resource(show_spinner=False, max_entries=32)
def _published(v: str, period: str, number: int | None) -> tuple[pub.Publication | None, IndexResult | None]:
    pubs = pub.publications(connection(), period)
    chosen = [p for p in pubs if number is None or p.version == number]
    if not chosen:
        return None, None
    return chosen[-1], pub.published_result(connection(), chosen[-1])


def published(period: str, number: int | None = None) -> tuple[pub.Publication | None, IndexResult | None]:
    """The newest (or a given) published version of the period and its scores, or (None, None)."""
    return _published(version(), period, number)


def publication_list(period: str) -> list[pub.Publication]:
    """Every published version of the period."""
    return pub.publications(connection(), period)


@st.cache_resource(show_spinner=False, max_entries=16)
def _warnings(v: str, period: str, regions: tuple[str, ...] | None) -> pd.DataFrame:
    return ew.compute_warnings(connection(), catalog(), period, ew.rules_from_settings(),
                               list(regions) if regions else None)


def month_warnings(period: str, regions: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The month's warnings (cached; red first)."""
    return _warnings(version(), period, regions)


def subtree(code: str) -> tuple[str, ...]:
    """A region and every region below it."""
    cat = catalog()
    out, todo = [], [code]
    while todo:
        cur = todo.pop()
        out.append(cur)
        todo += [r.code for r in cat.children(cur)]
    return tuple(out)


def keep_in_url(key: str, param: str) -> None:
    """Widget callback: the widget's new value into the URL, so a shared link opens the same view."""
    st.query_params[param] = st.session_state[key]


@dataclass(frozen=True)
class OverviewFacts:
    """What the overview's two tiles show: the region's grade and the latest month's warning counts."""

    index_period: str | None      # None when the overview's period is not one the index is computed for
    score: float | None
    grade: str
    month: str | None             # the latest month with data up to the end of the period, if any
    red: int = 0
    orange: int = 0


def _facts_now(period: str, region: str) -> OverviewFacts:
    p = parse_period(period).canonical()
    score, grade, index_period = None, "insufficient", None
    if p.kind in INDEX_KINDS:
        index_period = p.code
        reg = catalog().regions.get(region)
        result = published(p.code)[1] or live_index(p.code, (reg.level,) if reg else None)
        row = result.regions[result.regions["region"] == region]
        if not row.empty:
            grade = str(row["grade"].iloc[0])
            score = None if pd.isna(row["score"].iloc[0]) else float(row["score"].iloc[0])
    last = p.months()[1]
    months = [m for m in warning_months() if (int(m[:4]), int(m[5:7])) <= (p.year, last)]
    if not months:
        return OverviewFacts(index_period, score, grade, None)
    found = month_warnings(months[0], subtree(region))
    return OverviewFacts(index_period, score, grade, months[0], int((found["severity"] == "red").sum()),
                         int((found["severity"] == "orange").sum()))


@st.cache_data(show_spinner=False, max_entries=64)
def _facts(v: str, period: str, region: str) -> OverviewFacts:
    return _facts_now(period, region)


def overview_facts(period: str, region: str) -> OverviewFacts:
    """The overview tiles' facts for the selected period and region (cached until data or publications change)."""
    return _facts(version(), period, region)
