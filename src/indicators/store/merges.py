"""Merging one indicator into another: which figures move, which keys both hold, and the merge's own record.

A merge copies the merged indicator's current figures to the survivor as one batch (kind 'merge'), only under keys
(region, period, measure) where the survivor has no figure: where both have one, the survivor's stays current and
the merged one's stays readable in its own history. The batch rolls back like any other; its record here says which
indicator it merged and which references to it were re-pointed, so a restore can undo exactly that.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from .batches import OBS_COLUMNS

_PLAN = """
WITH a AS (SELECT * FROM current_observation WHERE indicator_id = $src),
     b AS (SELECT * FROM current_observation WHERE indicator_id = $dst)
SELECT a.region_code, a.period, a.measure, a.value, a.qualifier, a.origin, a.decimals, a.source, a.derivation,
       a.batch_id, b.value AS into_value, b.qualifier AS into_qualifier, b.batch_id AS into_batch
FROM a LEFT JOIN b ON b.region_code = a.region_code AND b.period = a.period AND b.measure = a.measure
ORDER BY a.period, a.region_code, a.measure
"""


@dataclass(frozen=True)
class MergePlan:
    """What merging `source` into `into` would do: figures to copy, keys held alike, keys held differently."""

    source: str
    into: str
    copy: pd.DataFrame        # observation rows for the survivor (OBS_COLUMNS), from the merged one's current rows
    same: int                 # keys where both hold the same figure: nothing to do
    conflicts: pd.DataFrame   # region_code, period, measure, value (merged), into_value (kept)


def merge_plan(con: duckdb.DuckDBPyConnection, source: str, into: str) -> MergePlan:
    """The figures a merge of source into `into` moves, and the keys both indicators hold."""
    d = con.execute(_PLAN, {"src": source, "dst": into}).df()
    free = d["into_batch"].isna()
    alike = ~free & (d["value"] == d["into_value"]) & (d["qualifier"] == d["into_qualifier"])
    copy = d[free].assign(indicator_id=into)[OBS_COLUMNS].reset_index(drop=True)
    conflicts = d[~free & ~alike][["region_code", "period", "measure", "value", "into_value"]].reset_index(drop=True)
    return MergePlan(source, into, copy, int(alike.sum()), conflicts)


def record_merge(con: duckdb.DuckDBPyConnection, source: str, into: str, batch_id: int | None,
                 refs: dict[str, list[str]], user: str | None) -> None:
    """Remember a merge: its batch (None when nothing was copied) and the references re-pointed (caller's txn)."""
    con.execute("INSERT INTO indicator_merge (indicator_id, into_id, batch_id, refs, merged_by, merged_at) "
                "VALUES ($src, $dst, $batch, $refs, $user, $now)",
                {"src": source, "dst": into, "batch": batch_id, "refs": json.dumps(refs), "user": user,
                 "now": datetime.now()})


@dataclass(frozen=True)
class OpenMerge:
    """A merge in force: the merged indicator, its survivor, its batch and the re-pointed references."""

    source: str
    into: str
    batch_id: int | None
    refs: dict[str, list[str]]


def open_merge(con: duckdb.DuckDBPyConnection, *, source: str | None = None,
               batch_id: int | None = None) -> OpenMerge | None:
    """The merge in force of an indicator, or the one a batch made; None when there is none."""
    rows = con.execute("SELECT indicator_id, into_id, batch_id, refs FROM indicator_merge WHERE restored_at IS NULL "
                       "AND ($src::VARCHAR IS NULL OR indicator_id = $src) AND ($batch::INTEGER IS NULL "
                       "OR batch_id = $batch) ORDER BY merged_at DESC LIMIT 1",
                       {"src": source, "batch": batch_id}).fetchall()
    if not rows or (source is None and batch_id is None):
        return None
    src, dst, batch, refs = rows[0]
    return OpenMerge(src, dst, batch, json.loads(refs or "{}"))


def close_merge(con: duckdb.DuckDBPyConnection, source: str, user: str | None) -> None:
    """Mark an indicator's merge undone (caller's transaction)."""
    con.execute("UPDATE indicator_merge SET restored_by = $user, restored_at = $now "
                "WHERE indicator_id = $src AND restored_at IS NULL",
                {"user": user, "now": datetime.now(), "src": source})


def merges_copying(con: duckdb.DuckDBPyConnection, batch_id: int) -> list[tuple[int, str, str]]:
    """Later merges in force that copied figures of this batch's indicators: (merge batch, merged, survivor)."""
    return con.execute("""
        SELECT m.batch_id, m.indicator_id, m.into_id FROM indicator_merge m JOIN batch mb ON mb.id = m.batch_id
        WHERE m.restored_at IS NULL AND mb.status = 'committed' AND m.batch_id > $batch
          AND EXISTS (SELECT 1 FROM observation o WHERE o.batch_id = $batch AND o.indicator_id = m.indicator_id)
        ORDER BY m.batch_id""", {"batch": batch_id}).fetchall()
