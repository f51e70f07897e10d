"""Opening the DuckDB file and running transactions."""

from __future__ import annotations

import errno
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ..errors import UserError
from ..paths import db_path


def connect(path: Path | str | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database (default from INDICATORS_DB); a lock held elsewhere becomes a UserError."""
    target = Path(path) if path else db_path()
    if not read_only:
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(target), read_only=read_only)
    except duckdb.IOException as e:
        if disk_full(e):
            raise UserError("errors.disk_full", path=str(target.parent)) from e
        raise UserError("errors.db_busy", path=str(target), detail=str(e)) from e


def disk_full(e: BaseException) -> bool:
    """Whether an error says the disk is full (an OSError's ENOSPC, or DuckDB's message for it)."""
    return getattr(e, "errno", None) == errno.ENOSPC or "No space left on device" in str(e)


def _where(con: duckdb.DuckDBPyConnection) -> str:
    """The folder of the database file a connection writes (for the disk-full message)."""
    if not isinstance(con, duckdb.DuckDBPyConnection):
        return ""
    try:
        path = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
        return str(Path(path[0]).parent) if path and path[0] else ""
    except duckdb.Error:                      # only a message's detail: never let it hide the disk-full error itself
        return ""


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN … COMMIT, rolling back on any exception."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException as e:
        con.execute("ROLLBACK")
        if disk_full(e):
            raise UserError("errors.disk_full", path=_where(con)) from e
        raise
    try:
        con.execute("COMMIT")
    except duckdb.Error as e:                 # a full disk shows here, when the write-ahead log is written
        if not disk_full(e):
            raise
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass                              # the failed commit already ended the transaction
        raise UserError("errors.disk_full", path=_where(con)) from e


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None) -> object:
    """First column of the first row, or None (params: a list for ?, a dict for $name)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def insert_sql(table: str, columns: Sequence[str]) -> str:
    """INSERT of the named columns with named parameters ($column); table and columns are the code's, never data."""
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('$' + c for c in columns)})"  # noqa: S608


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Write one key of the meta table (caller's transaction)."""
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])
