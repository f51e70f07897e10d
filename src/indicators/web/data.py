"""Cached database access for pages: one connection per process, query results cached by data version."""

from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st

from ..catalog import Catalog
from ..figures import IndicatorFigure, figures
from ..paths import db_path
from ..store import connect
from ..store import queries as q
from ..store.catalog_sync import catalog_from_db
from ..store.seed import ensure_ready


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    con = connect(path)
    ensure_ready(con)
    return con


def connection() -> duckdb.DuckDBPyConnection:
    """A cursor on the process-wide connection (safe to use from this session's thread)."""
    return _connection(str(db_path())).cursor()


def data_version() -> str:
    """Changes whenever a batch is committed or rolled back, or the catalogue changes: the cache key."""
    con = connection()
    row = con.execute("""SELECT coalesce(max(id), 0), count(*) FILTER (WHERE status <> 'committed'),
                                (SELECT count(*) FROM indicator), (SELECT count(*) FROM indicator_alias),
                                (SELECT count(*) FROM region), (SELECT count(*) FROM region_alias),
                                (SELECT value FROM meta WHERE key = 'catalog_rev')
                         FROM batch""").fetchall()[0]
    return "-".join(str(x) for x in (db_path(), *row))  # the path too: two files can share the counts


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

