"""Published 平安指数 versions read back, and how the current data differ from them.

A publication stores every region's score, grade, rank and components as computed at that moment, the index file
and settings used, and the batches the inputs came from (actions/safety.publish writes it, audited). Scores shown
as published are read from the snapshot, so later uploads never move them; `differences` lists what re-publishing
would change, and a re-publication is a new version while the old one stays readable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import duckdb
import numpy as np
import pandas as pd

from ..store.publications import publication_rows, snapshot_frames
from .index import COMPONENT_COLUMNS, REGION_COLUMNS, IndexResult

TOLERANCE = 0.05     # scores are shown with one decimal: a smaller difference is no difference


@dataclass(frozen=True)
class Publication:
    """One published version of a period's scores."""

    id: int
    period: str
    version: int
    published_at: datetime
    published_by: str | None
    index_sha256: str
    batches: tuple[int, ...]
    rules: dict


def publications(con: duckdb.DuckDBPyConnection, period: str | None = None) -> list[Publication]:
    """Publications, newest version last (of one period, or all)."""
    return [Publication(r[0], r[1], r[2], r[3], r[4], r[5], tuple(json.loads(r[6] or "[]")), json.loads(r[7] or "{}"))
            for r in publication_rows(con, period)]


def latest(con: duckdb.DuckDBPyConnection, period: str) -> Publication | None:
    """The newest publication of the period, or None."""
    pubs = publications(con, period)
    return pubs[-1] if pubs else None


def published_result(con: duckdb.DuckDBPyConnection, pub: Publication) -> IndexResult:
    """The scores exactly as published."""
    regions, comps, doms = snapshot_frames(con, pub.id)
    regions["rank"] = regions["rank"].astype("Int64")
    previous = str(regions["previous_period"].iloc[0]) if len(regions) else ""
    return IndexResult(pub.period, previous, regions[REGION_COLUMNS], comps[COMPONENT_COLUMNS],
                       doms[["region", "domain", "score", "previous_score"]])


def differences(published: IndexResult, live: IndexResult) -> pd.DataFrame:
    """Regions whose score or grade would change: published and current side by side."""
    cols = ["region_zh", "region_en", "level", "score", "grade"]
    both = published.regions.set_index("region")[cols].join(live.regions.set_index("region")[cols], how="outer",
                                                            suffixes=("_published", "_current"))
    sp, sc = both["score_published"], both["score_current"]
    moved = (sp - sc).abs() >= TOLERANCE
    status = sp.isna() != sc.isna()
    graded = both["grade_published"].fillna("") != both["grade_current"].fillna("")
    out = both[moved | status | graded].copy()
    for col in ("region_zh", "region_en", "level"):
        out[col] = out[f"{col}_published"].fillna(out[f"{col}_current"])
    out["difference"] = out["score_current"] - out["score_published"]
    return out.reset_index()[["region", "region_zh", "region_en", "level", "score_published", "grade_published",
                              "score_current", "grade_current", "difference"]]


def scores_of(result: IndexResult) -> dict[str, float | None]:
    """Region -> score (None when 数据不足)."""
    return {r: (None if np.isnan(s) else float(s)) for r, s in zip(result.regions["region"],
                                                                  result.regions["score"], strict=True)}
