"""The 平安指数 publication tables: plain writes and reads of snapshots (the action is actions/safety.publish)."""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
import pandas as pd

from .db import scalar

SNAPSHOT_TABLES = ("index_published_region", "index_published_component", "index_published_domain")


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, pub_id: int, frame: pd.DataFrame) -> None:
    data = frame.reset_index(drop=True).reset_index(names="row_no")
    data.insert(0, "publication_id", pub_id)
    names = ", ".join(data.columns)            # the frame's columns are the table's (safety/snapshots.py)
    con.register("snapshot_rows", data)
    try:
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM snapshot_rows")  # noqa: S608 - code's names
    finally:
        con.unregister("snapshot_rows")


def insert_publication(con: duckdb.DuckDBPyConnection, *, period: str, user: str | None, index_text: str,
                       index_sha256: str, rules: dict, batches: list[int], note: str,
                       frames: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> tuple[int, int, datetime]:
    """A new version of the period's snapshot (caller's transaction): its id, version and time."""
    version = int(scalar(con, "SELECT coalesce(max(version), 0) + 1 FROM index_publication "
                         "WHERE period = $period", {"period": period}))
    pub_id = int(scalar(con, "SELECT nextval('publication_seq')"))
    now = datetime.now()
    con.execute("""INSERT INTO index_publication (id, period, version, published_at, published_by, index_sha256,
                       index_text, rules, batches, note)
                   VALUES ($id, $period, $version, $at, $user, $sha, $text, $rules, $batches, $note)""",
                {"id": pub_id, "period": period, "version": version, "at": now, "user": user, "sha": index_sha256,
                 "text": index_text, "rules": json.dumps(rules), "batches": json.dumps(batches), "note": note})
    for table, frame in zip(SNAPSHOT_TABLES, frames, strict=True):
        _insert_frame(con, table, pub_id, frame)
    return pub_id, version, now


def publication_rows(con: duckdb.DuckDBPyConnection, period: str | None = None) -> list[tuple]:
    """(id, period, version, published_at, published_by, index_sha256, batches json, rules json), oldest first."""
    return con.execute("""SELECT id, period, version, published_at, published_by, index_sha256, batches, rules
                          FROM index_publication WHERE $period::VARCHAR IS NULL OR period = $period
                          ORDER BY period, version""", {"period": period}).fetchall()


def snapshot_frames(con: duckdb.DuckDBPyConnection, pub_id: int) -> tuple[pd.DataFrame, ...]:
    """The regions, components and domains of one publication, in their stored order."""
    return tuple(con.execute(f"SELECT * FROM {table} WHERE publication_id = $id ORDER BY row_no",  # noqa: S608 - fixed
                             {"id": pub_id}).df().drop(columns=["publication_id", "row_no"])
                 for table in SNAPSHOT_TABLES)
