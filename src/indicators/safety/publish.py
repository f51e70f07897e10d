"""Publishing the 平安指数 of a period: a versioned snapshot with its inputs' batches; later data never move it.

A publication stores every region's score, grade, rank and components as computed at that moment, the index file
and settings used, and the batches the inputs came from. Scores shown as published are read from the snapshot.
When the current data would give different scores, `differences` lists them; a re-publication is a new version
and the old one stays readable. Each publication is audited.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

import duckdb
import numpy as np
import pandas as pd

from ..catalog import Catalog
from ..errors import UserError
from ..store import audit
from ..store.db import scalar, transaction
from .index import COMPONENT_COLUMNS, REGION_COLUMNS, IndexResult, Rules, compute_index, rules_from_settings
from .index_file import IndexSpec

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
    rows = con.execute("""SELECT id, period, version, published_at, published_by, index_sha256, batches, rules
                          FROM index_publication WHERE $period::VARCHAR IS NULL OR period = $period
                          ORDER BY period, version""", {"period": period}).fetchall()
    return [Publication(r[0], r[1], r[2], r[3], r[4], r[5], tuple(json.loads(r[6] or "[]")), json.loads(r[7] or "{}"))
            for r in rows]


def latest(con: duckdb.DuckDBPyConnection, period: str) -> Publication | None:
    """The newest publication of the period, or None."""
    pubs = publications(con, period)
    return pubs[-1] if pubs else None


def published_result(con: duckdb.DuckDBPyConnection, pub: Publication) -> IndexResult:
    """The scores exactly as published."""
    regions = con.execute("SELECT * EXCLUDE (publication_id) FROM index_published_region "
                          "WHERE publication_id = ? ORDER BY row_no", [pub.id]).df().drop(columns="row_no")
    comps = con.execute("SELECT * EXCLUDE (publication_id) FROM index_published_component "
                        "WHERE publication_id = ? ORDER BY row_no", [pub.id]).df().drop(columns="row_no")
    doms = con.execute("SELECT region, domain, score, previous_score FROM index_published_domain "
                       "WHERE publication_id = ? ORDER BY row_no", [pub.id]).df()
    regions["rank"] = regions["rank"].astype("Int64")
    previous = str(regions["previous_period"].iloc[0]) if len(regions) else ""
    return IndexResult(pub.period, previous, regions[REGION_COLUMNS], comps[COMPONENT_COLUMNS], doms)


def differences(published: IndexResult, live: IndexResult) -> pd.DataFrame:
    """Regions whose score or grade would change: published and current side by side."""
    a = published.regions.set_index("region")[["region_zh", "region_en", "level", "score", "grade"]]
    b = live.regions.set_index("region")[["region_zh", "region_en", "level", "score", "grade"]]
    both = a.join(b, how="outer", suffixes=("_published", "_current"))
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


def _insert(con: duckdb.DuckDBPyConnection, table: str, pub_id: int, frame: pd.DataFrame) -> None:
    data = frame.reset_index(drop=True).reset_index(names="row_no")
    data.insert(0, "publication_id", pub_id)
    con.register("snapshot_rows", data)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM snapshot_rows")  # noqa: S608 - fixed table names
    finally:
        con.unregister("snapshot_rows")


def publish(con: duckdb.DuckDBPyConnection, cat: Catalog, spec: IndexSpec, period: str, user: str,
            rules: Rules | None = None, note: str = "") -> Publication:
    """Snapshot the period's current scores as a new version (one transaction, audited)."""
    rules = rules or rules_from_settings()
    result = compute_index(con, cat, spec, period, rules)
    if result.regions["score"].isna().all():
        raise UserError(f"{period} 没有任何地区有足够数据，无可发布 no region has enough data to publish")
    batches = sorted({int(b) for b in result.components["batch"] if b is not None and b >= 0})
    with transaction(con):
        version = int(scalar(con, "SELECT coalesce(max(version), 0) + 1 FROM index_publication WHERE period = ?",
                             [result.period]))
        pub_id = int(scalar(con, "SELECT nextval('publication_seq')"))
        now = datetime.now()
        con.execute("""INSERT INTO index_publication (id, period, version, published_at, published_by,
                           index_sha256, index_text, rules, batches, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    [pub_id, result.period, version, now, user, spec.sha256, spec.text, json.dumps(asdict(rules)),
                     json.dumps(batches), note])
        _insert(con, "index_published_region", pub_id, result.regions.assign(previous_period=result.previous))
        _insert(con, "index_published_component", pub_id, result.components)
        _insert(con, "index_published_domain", pub_id, result.domains)
        scored = result.regions.dropna(subset=["score"])
        audit.log(con, user, "index_publish", {"period": result.period, "version": version, "publication": pub_id,
                                               "regions": len(scored), "batches": batches,
                                               "index_sha256": spec.sha256})
    return Publication(pub_id, result.period, version, now, user, spec.sha256, tuple(batches), asdict(rules))


def scores_of(result: IndexResult) -> dict[str, float | None]:
    """Region -> score (None when 数据不足), for tests and the CLI."""
    return {r: (None if np.isnan(s) else float(s)) for r, s in zip(result.regions["region"],
                                                                  result.regions["score"], strict=True)}
