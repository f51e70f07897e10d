"""Synthetic monthly observations committed as a real batch (for paging, size and speed cases)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.store.batches import insert_batch
from indicators.store.db import transaction


def monthly_rows(catalog, years: range, indicators: list[str] | None = None, seed: int = 3) -> pd.DataFrame:
    """Counts and rates for every subdistrict, month and indicator given (default: all count/rate ones)."""
    rng = np.random.default_rng(seed)
    inds = indicators or [i.id for i in catalog.indicators.values() if i.kind in ("count", "rate")]
    regs = [r.code for r in catalog.regions.values() if r.level == "subdistrict"]
    periods = [f"{y}-{m:02d}" for y in years for m in range(1, 13)]
    idx = pd.MultiIndex.from_product([inds, regs, periods], names=["indicator_id", "region_code", "period"])
    df = idx.to_frame(index=False)
    is_rate = df["indicator_id"].map(lambda i: catalog.indicators[i].is_rate).to_numpy()
    df["value"] = np.where(is_rate, np.round(rng.uniform(50, 100, len(df)), 1),
                           rng.integers(0, 5000, len(df)).astype(float))
    df["decimals"] = np.where(is_rate, 1, 0)
    df["source"] = "synthetic 表1!C" + pd.Series(np.arange(len(df)) + 2).astype(str)
    return df


def commit(con, rows: pd.DataFrame, name: str = "synthetic.xlsx") -> int:
    """Commit rows as one upload batch; its id."""
    with transaction(con):
        return insert_batch(con, rows, kind="upload", file_name=name, sha256=name, user="tester").batch_id
