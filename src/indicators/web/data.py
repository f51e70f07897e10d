"""Store access for pages: a connection per script run, query results cached by data version.

The app holds the store only while a script run uses it (opened at the first query, closed when the run ends: see
`release`), so the command line and other app processes can use it in between (README 「多机部署」). Results are
cached by `data_version()`, which notices batches committed by any process: on a DuckDB file, a stamp of the file
tells without opening it that nothing changed; otherwise the store is asked.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import duckdb
import pandas as pd
import streamlit as st

from ..catalog import Catalog
from ..figures import IndicatorFigure, figures
from ..paths import db_target
from ..store import queries as q
from ..store.catalog_sync import catalog_from_db
from ..store.db import change_stamp, connect, opened
from ..store.seed import ensure_ready

_run = threading.local()          # this script run's connection (a run is one thread)
_ready: set[str] = set()          # stores migrated and seeded by this process
_ready_lock = threading.Lock()
_versions: dict[tuple, str] = {}  # file stamp -> data version, so an unchanged file is not opened
_answers: dict[str, tuple[tuple, object]] = {}  # question -> (file stamp, answer): see while_unchanged


def _open(target: str) -> duckdb.DuckDBPyConnection:
    con = connect(target)
    _make_ready(con, target)
    return con


def _make_ready(con: duckdb.DuckDBPyConnection, target: str) -> None:
    """Migrate and seed the store once per process."""
    with _ready_lock:
        if target not in _ready:
            ensure_ready(con)
            _ready.add(target)


def connection() -> duckdb.DuckDBPyConnection:
    """A cursor on this script run's connection, opened on first use (waits while another process holds the store)."""
    target = db_target()
    held = getattr(_run, "held", None)
    if held is None or held[0] != target:
        release()
        _run.held = (target, _open(target))
    return _run.held[1].cursor()


def release() -> None:
    """Close this run's connection, if any: the shell calls it when a script run ends."""
    held = getattr(_run, "held", None)
    _run.held = None
    if held is not None:
        held[1].close()


@contextmanager
def own_connection() -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection of its own, closed after the block: for work outside a script run (a file built on click)."""
    target = db_target()
    with opened(target) as con:
        _make_ready(con, target)
        yield con


def data_version() -> str:
    """Changes whenever a batch is committed or rolled back, or the catalogue changes: the cache key."""
    target = db_target()
    stamp = change_stamp(target)
    if stamp is not None and stamp in _versions:
        return _versions[stamp]
    version = f"{target}-{q.data_version(connection())}"  # the store too: two files can share the counts
    if stamp is not None:
        _versions.clear()
        _versions[stamp] = version
    return version


def while_unchanged(question: str, ask: Callable[[duckdb.DuckDBPyConnection], object]) -> object:
    """The store's answer to a question outside the data version (accounts, say), asked again only after the file
    changed (any write by any process, as data_version), so a run that needs nothing else does not open the store;
    a server store is asked every time."""
    stamp = change_stamp(db_target())
    kept = _answers.get(question)
    if stamp is not None and kept is not None and kept[0] == stamp:
        return kept[1]
    answer = ask(connection())
    if stamp is not None:
        _answers[question] = (stamp, answer)
    return answer


@st.cache_data(show_spinner=False, max_entries=8)
def _catalog(version: str) -> Catalog:
    return catalog_from_db(connection())


def catalog() -> Catalog:
    """The catalogue as stored (cached until data change)."""
    return _catalog(data_version())


@st.cache_data(show_spinner=False, max_entries=64)
def _figures(version: str, period: str, region: str, compare: str | None) -> list[IndicatorFigure]:
    return figures(connection(), _catalog(version), period, region, compare)


def cached_figures(period: str, region: str, compare: str | None = None) -> list[IndicatorFigure]:
    """Figures of every indicator for a region and period (cached until data change)."""
    return _figures(data_version(), period, region, compare)


@st.cache_data(show_spinner=False, max_entries=16)
def _periods(version: str) -> list[str]:
    return q.periods(connection())


def available_periods() -> list[str]:
    """Periods holding data (cached)."""
    return _periods(data_version())


@st.cache_data(show_spinner=False, max_entries=32)
def _coverage(version: str, region: str) -> pd.DataFrame:
    return q.coverage(connection(), region)


def coverage_rows(region: str) -> pd.DataFrame:
    """Indicators holding figures per stored period and domain of a region (cached; coverage.py reads it)."""
    return _coverage(data_version(), region)


@st.cache_data(show_spinner=False, max_entries=16)
def _regions_with_data(version: str) -> list[str]:
    return q.regions_with_data(connection())


def regions_holding_data() -> list[str]:
    """Region codes that hold current data (cached)."""
    return _regions_with_data(data_version())


@st.cache_data(show_spinner=False, max_entries=64)
def _current(version: str, **filters: object) -> pd.DataFrame:
    return q.current(connection(), **filters)


def current_rows(**filters: object) -> pd.DataFrame:
    """Current observations filtered like store.queries.current (cached)."""
    return _current(data_version(), **filters)


@st.cache_data(show_spinner=False, max_entries=64)
def _history(version: str, indicator: str, region: str | None) -> pd.DataFrame:
    return q.history(connection(), indicator, region)


def history(indicator: str, region: str | None = None) -> pd.DataFrame:
    """All stored rows of an indicator (cached)."""
    return _history(data_version(), indicator, region)


@st.cache_data(show_spinner=False, max_entries=4)
def _data_counts(version: str) -> dict[str, tuple[int, int]]:
    return q.data_counts(connection())


def indicator_data_counts() -> dict[str, tuple[int, int]]:
    """Indicator id → (current figures, stored rows in any batch) (cached until data change)."""
    return _data_counts(data_version())

