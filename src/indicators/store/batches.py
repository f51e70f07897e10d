"""Batches: diff against current values, atomic commit, duplicate detection and roll-back."""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass
from datetime import datetime

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from ..errors import UserError
from . import current
from .db import DB_ERRORS, dialect, insert_sql, scalar

OBS_COLUMNS = ["indicator_id", "region_code", "period", "measure", "value", "qualifier", "origin", "decimals",
               "source", "derivation"]
KEY = list(current.KEY)
BATCH_COLUMNS = ("id", "kind", "file_name", "sha256", "sheets", "user_name", "created_at", "n_rows", "n_new",
                 "n_changed", "n_unchanged", "status", "rolled_back_at", "rolled_back_by", "note")
_INSERT_BATCH = insert_sql("batch", [c for c in BATCH_COLUMNS if not c.startswith("rolled_back")])
_INSERT_OBSERVATIONS = (  # {source}: incoming_rows or the diff's new and changed rows; source gets the file prefix
    f"INSERT INTO observation (batch_id, {', '.join(OBS_COLUMNS)}, row_no) "  # noqa: S608 - the code's columns
    f"SELECT $batch, {', '.join('$prefix || source' if c == 'source' else c for c in OBS_COLUMNS)}, _pos "
    "FROM {source}")


@dataclass(frozen=True)
class BatchResult:
    """What a commit did."""

    batch_id: int | None
    n_new: int
    n_changed: int
    n_unchanged: int
    duplicate_of: tuple[int, datetime] | None = None


def normalise_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Observation frame with exactly OBS_COLUMNS, defaults filled."""
    df = rows.copy(deep=False)              # copy-on-write: new columns never touch the caller's frame
    defaults = {"measure": "value", "qualifier": "exact", "origin": "reported", "decimals": None,
                "source": None, "derivation": None}
    for col, default in defaults.items():
        if col not in df.columns:
            df[col] = default
    missing = [c for c in KEY[:3] + ["value"] if c not in df.columns]
    if missing:
        raise ValueError(f"observation rows lack columns {missing}")
    return df[OBS_COLUMNS]


def _arrow_rows(rows: pd.DataFrame) -> object:
    """Incoming rows as an Arrow table with a _pos column (DuckDB scans Arrow far faster than object columns)."""
    frame = normalise_rows(rows).reset_index(drop=True)
    try:
        arrays = [_arrow_column(frame[f.name], f.type) for f in _ARROW_SCHEMA]
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
        return frame.reset_index(names="_pos")
    return pa.table([pa.array(np.arange(len(frame), dtype=np.int64)), *arrays], names=["_pos", *OBS_COLUMNS])


def _arrow_column(col: pd.Series, kind: pa.DataType) -> pa.Array | pa.ChunkedArray:
    """One column as Arrow: a categorical stays dictionary-encoded, an Arrow-backed column is passed as is."""
    if isinstance(col.dtype, pd.CategoricalDtype) and pa.types.is_string(kind):
        codes = col.cat.codes.to_numpy()
        return pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0),
                                              pa.array(col.cat.categories.to_numpy(dtype=object), type=kind))
    arr = pa.array(col, from_pandas=True)
    return arr if arr.type == kind else arr.cast(kind)


def _schema() -> pa.Schema:
    text = {"indicator_id", "region_code", "period", "measure", "qualifier", "origin", "source", "derivation"}
    return pa.schema([(c, pa.string() if c in text else pa.int32() if c == "decimals" else pa.float64())
                      for c in OBS_COLUMNS])


_ARROW_SCHEMA = _schema()


@functools.cache
def _current_of_incoming(dialect: str) -> str:
    """The current rows of the incoming keys only: the one definition of store/current.py, given the keys (why not the
    view: see current.current). tests/unit/test_store.py checks the diff across history and roll-back."""
    return current.current("o.indicator_id, o.region_code, o.period, o.measure, o.value, o.qualifier, o.batch_id",
                           f"EXISTS (SELECT 1 FROM incoming_rows i WHERE {current.same_key('i', 'o')})",  # noqa: S608
                           dialect)


_DIFF_SQL = """
        SELECT i.*, c.value AS old_value, c.batch_id AS old_batch,
               CASE WHEN c.batch_id IS NULL THEN 'new'
                    WHEN c.value IS NOT DISTINCT FROM i.value AND c.qualifier = i.qualifier THEN 'unchanged'
                    ELSE 'changed' END AS status
        FROM incoming_rows i LEFT JOIN {current} c ON {same_key}"""


def diff(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> pd.DataFrame:
    """Status (new / changed / unchanged) and current (old) value and batch of each incoming row, in row order."""
    con.register("incoming_rows", _arrow_rows(rows))
    try:
        sql = _DIFF_SQL.format(current=f"({_current_of_incoming(dialect(con))})", same_key=current.same_key("c", "i"))
        out = con.sql(f"SELECT status, old_value, old_batch FROM ({sql}) AS d ORDER BY _pos").to_arrow_table()  # noqa: S608
    finally:
        con.unregister("incoming_rows")
    return pd.DataFrame({"status": out.column("status").dictionary_encode().to_pandas().array,   # categorical
                         "old_value": out.column("old_value").to_numpy(),
                         "old_batch": out.column("old_batch").to_numpy()}, index=rows.index)


def find_by_sha(con: duckdb.DuckDBPyConnection, sha256: str) -> tuple[int, datetime] | None:
    """The committed batch that already holds this file, if any."""
    rows = con.execute("SELECT id, created_at FROM batch WHERE sha256 = $sha AND status = 'committed' "
                       "ORDER BY id LIMIT 1", {"sha": sha256}).fetchall()
    return (rows[0][0], rows[0][1]) if rows else None


def insert_batch(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame, *, kind: str, file_name: str,
                 sha256: str, user: str | None, sheets: str = "", note: str = "",
                 source_prefix: str = "") -> BatchResult:
    """Insert batch and observations in the caller's transaction; unchanged rows are not stored again.

    source_prefix is put before each row's source as it is stored ('file!' before 'sheet!cell').
    """
    con.register("incoming_rows", _arrow_rows(rows))
    try:
        con.execute("DROP TABLE IF EXISTS incoming_current")
        con.execute(f"CREATE TEMP TABLE incoming_current AS {_current_of_incoming(dialect(con))}")  # noqa: S608
        diff_sql = _DIFF_SQL.format(current="incoming_current", same_key=current.same_key("c", "i"))
        if scalar(con, "SELECT count(*) FROM incoming_current"):
            counts = dict(con.execute(f"SELECT status, count(*) FROM ({diff_sql}) AS d GROUP BY status").fetchall())  # noqa: S608
        else:                                  # nothing stored under these keys: every row is new
            counts = {"new": len(rows)}
        n_new, n_changed, n_unch = (int(counts.get(s, 0)) for s in ("new", "changed", "unchanged"))
        batch_id = int(scalar(con, "SELECT nextval('batch_seq')"))
        con.execute(_INSERT_BATCH, {"id": batch_id, "kind": kind, "file_name": file_name, "sha256": sha256,
                                    "sheets": sheets, "user_name": user, "created_at": datetime.now(),
                                    "n_rows": n_new + n_changed + n_unch, "n_new": n_new, "n_changed": n_changed,
                                    "n_unchanged": n_unch, "status": "committed", "note": note})
        # row_no is the row's position in the upload: it orders a batch's rows (unchanged ones, not stored, leave gaps)
        source = "incoming_rows" if n_new == len(rows) else f"({diff_sql}) AS d WHERE status <> 'unchanged'"
        con.execute(_INSERT_OBSERVATIONS.format(source=source), {"batch": batch_id, "prefix": source_prefix})
    finally:
        with contextlib.suppress(*DB_ERRORS):     # after a failed statement the rollback removes it anyway
            con.execute("DROP TABLE IF EXISTS incoming_current")
        con.unregister("incoming_rows")
    return BatchResult(batch_id, n_new, n_changed, n_unch)


def shown_rows(con: duckdb.DuckDBPyConnection, batch_id: int) -> int:
    """How many keys show this batch's value now (0 when later batches superseded all it wrote)."""
    keys = ", ".join(f"o.{k}" for k in current.KEY)
    mine = f"({keys}) IN (SELECT {', '.join(current.KEY)} FROM observation WHERE batch_id = $b)"  # noqa: S608 - column names
    sql = f"SELECT count(*) FROM ({current.current('o.batch_id', mine)}) WHERE batch_id = $b"  # noqa: S608
    return int(scalar(con, sql, {"b": batch_id}))


def batch_status(con: duckdb.DuckDBPyConnection, batch_id: int) -> str | None:
    """committed | rolled_back, or None for no such batch."""
    return scalar(con, "SELECT status FROM batch WHERE id = $id", {"id": batch_id})


def mark_rolled_back(con: duckdb.DuckDBPyConnection, batch_id: int, user: str | None) -> None:
    """Mark a committed batch rolled back (caller's transaction) so the values it superseded become current again."""
    status = batch_status(con, batch_id)
    if status is None:
        raise UserError("errors.no_such_batch", batch=batch_id)
    if status != "committed":
        raise UserError("errors.batch_rolled_back", batch=batch_id)
    con.execute("UPDATE batch SET status = 'rolled_back', rolled_back_at = $now, rolled_back_by = $user WHERE id = $id",
                {"now": datetime.now(), "user": user, "id": batch_id})


def list_batches(con: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    """Batches newest first with their counts and status."""
    return con.execute(f"SELECT {', '.join(BATCH_COLUMNS)} FROM batch ORDER BY id DESC LIMIT $limit",  # noqa: S608
                       {"limit": limit}).df()
