"""Stores for briefing tests: the seed (2021 district) and generated monthly figures, each in a real DuckDB file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from indicators.store import connect
from indicators.store.catalog_sync import catalog_from_db
from indicators.store.seed import ensure_ready
from tests.export.synthetic import commit, monthly_rows


def _store(path: Path):
    con = connect(path)
    ensure_ready(con)
    return con, catalog_from_db(con)


def district_rows(catalog, rows: pd.DataFrame) -> pd.DataFrame:
    """The district's figures from its subdistricts' (counts summed, rates averaged), as a real upload would hold."""
    rate = rows["indicator_id"].map(lambda i: catalog.indicators[i].is_rate)
    sums = rows[~rate].groupby(["indicator_id", "period"], as_index=False)["value"].sum()
    means = rows[rate].groupby(["indicator_id", "period"], as_index=False)["value"].mean().round(1)
    out = pd.concat([sums.assign(decimals=0), means.assign(decimals=1)], ignore_index=True)
    out["region_code"] = catalog.default_region().code
    out["source"] = "synthetic 合计!C" + pd.Series(range(len(out))).astype(str)
    return out[rows.columns]


def ytd_rows(catalog, rows: pd.DataFrame, month: int) -> pd.DataFrame:
    """Year-to-date figures (1–month) of the rows, as offices report them (e.g. 2024年1-6月 → 2024YTD06)."""
    year = rows["period"].str[:4]
    inside = rows[rows["period"].str[5:7].astype(int) <= month].assign(year=year)
    rate = inside["indicator_id"].map(lambda i: catalog.indicators[i].is_rate)
    keys = ["indicator_id", "region_code", "year"]
    sums = inside[~rate].groupby(keys, as_index=False).agg(value=("value", "sum"), decimals=("decimals", "first"))
    means = inside[rate].groupby(keys, as_index=False).agg(value=("value", "mean"), decimals=("decimals", "first"))
    out = pd.concat([sums, means.assign(value=means["value"].round(1))], ignore_index=True)
    out["period"] = out["year"] + f"YTD{month:02d}"
    out["source"] = "synthetic 累计!C" + pd.Series(range(len(out))).astype(str)
    return out[rows.columns]


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    """The seeded store (the work summary's 2021 figures)."""
    con, cat = _store(tmp_path_factory.mktemp("seed") / "indicators.duckdb")
    yield con, cat
    con.close()


@pytest.fixture(scope="module")
def monthly_store(tmp_path_factory):
    """The seed plus two years of generated monthly figures (and Jan–Jun totals) for the subdistricts and district."""
    con, cat = _store(tmp_path_factory.mktemp("monthly") / "indicators.duckdb")
    subs = monthly_rows(cat, range(2023, 2025), seed=14)
    months = pd.concat([subs, district_rows(cat, subs)], ignore_index=True)
    commit(con, pd.concat([months, ytd_rows(cat, months, 6)], ignore_index=True), "综治月报2023-2024.xlsx")
    yield con, cat
    con.close()
