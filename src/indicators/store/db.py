"""Opening the DuckDB file and running transactions."""

from __future__ import annotations

from collections.abc import Iterator
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
        raise UserError(f"数据库正被其他程序使用或无法打开 database busy or unreadable: {target} ({e})") from e


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN … COMMIT, rolling back on any exception."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> object:
    """First column of the first row, or None."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None
