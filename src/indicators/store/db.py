"""Opening the store (the embedded DuckDB file, or a PostgreSQL server) and running transactions.

INDICATORS_DB names the store: a file path (the default, data/indicators.duckdb) or a postgresql:// URL. Only this
package knows which engine is behind a connection; the rest of the code runs the same SQL on either (store/pg.py
translates it for PostgreSQL).

Several processes share one DuckDB file by holding it only while they work: DuckDB lets one process at a time open a
file for writing, so `connect` waits (setting db_wait_seconds) for the holder to close it, then says plainly who holds
it. On PostgreSQL every write transaction takes one advisory lock, so writers queue there the same way.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb

from .. import settings
from ..errors import UserError
from ..paths import db_target
from . import pg

DB_ERRORS: tuple[type[Exception], ...] = (duckdb.Error, *pg.ERRORS)
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.*?) \(PID (\d+)\)")


def is_server(target: str) -> bool:
    """Whether a store name is a server URL (postgresql://…) rather than a DuckDB file."""
    return pg.is_url(target)


def connect(path: Path | str | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store (default from INDICATORS_DB), waiting up to db_wait_seconds for another process's lock."""
    target = str(path) if path else db_target()
    if is_server(target):
        return pg.connect(target, wait_seconds())  # type: ignore[return-value] - the same calls as a DuckDB connection
    if not read_only:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds()
    with _queue(target, deadline):
        return _open_file(target, read_only, deadline)


def _open_file(target: str, read_only: bool, deadline: float) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, tried again every 5 ms until the deadline while another process holds the file."""
    while True:
        try:
            return duckdb.connect(target, read_only=read_only)
        except duckdb.IOException as e:
            holder = _LOCK_HOLDER.search(str(e))
            if holder is None and disk_full(e):
                raise UserError("errors.disk_full", path=str(Path(target).parent)) from e
            if holder is None:
                raise UserError("errors.db_busy", path=target, detail=str(e)) from e
            if time.monotonic() >= deadline:
                raise UserError("errors.db_locked", path=target, seconds=wait_seconds(),
                                program=Path(holder.group(1)).name, pid=holder.group(2)) from e
            time.sleep(0.005)


@contextmanager
def _queue(target: str, deadline: float) -> Iterator[None]:
    """Let one waiting process at a time try DuckDB's lock (a flock on FILE.lock, polled cheaply), the others queue.

    Without it every waiter retries duckdb.connect (27 ms a failed try) and, with 24 processes on 2 cores, some waited
    past 30 s while others went first again and again (bench/multiproc.py). The queue is released as soon as the
    file is open, so it needs no hook on close."""
    try:
        fd = os.open(target + ".lock", os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:                  # a read-only folder: no queue, DuckDB's own lock still protects the file
        yield
        return
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    break            # the holder's name comes from DuckDB's own refusal, after one more try
                time.sleep(0.002)
        yield
    finally:
        os.close(fd)                 # closing the descriptor releases the flock


def wait_seconds() -> float:
    """How long opening the store waits for another process (setting db_wait_seconds)."""
    return float(settings.get("db_wait_seconds"))


@contextmanager
def opened(path: Path | str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """The store, open for the block only: other processes may use it before and after.

    On a DuckDB file the queue (FILE.lock) is held until the file is closed, so processes waiting for it sleep on
    the queue instead of trying DuckDB's lock (each failed try slows the holder: bench/multiproc.py)."""
    target = str(path) if path else db_target()
    if is_server(target):
        con = connect(target)
        try:
            yield con
        finally:
            con.close()
        return
    deadline = time.monotonic() + wait_seconds()
    with _queue(target, deadline):
        con = _open_file(target, False, deadline)
        try:
            yield con
        finally:
            con.close()


def change_stamp(path: Path | str | None = None) -> tuple | None:
    """A cheap stamp that changes whenever another process commits to a DuckDB file (None: ask the store).

    The file's and its write-ahead log's size and modification time, taken without opening the file; None for a server
    store and while the last change is under a second old (file times are coarser than commits)."""
    target = str(path) if path else db_target()
    if is_server(target):
        return None
    stamp = []
    for name in (target, target + ".wal"):
        try:
            st = os.stat(name)
        except FileNotFoundError:
            stamp.append(None)
            continue
        if time.time() - st.st_mtime < 1.0:
            return None
        stamp.append((st.st_size, st.st_mtime_ns, st.st_ino))
    return (target, *stamp)


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
    """BEGIN … COMMIT, rolling back on any exception; on a server, writers queue on one lock until COMMIT."""
    con.execute("BEGIN TRANSACTION")
    try:
        if pg.is_pg(con):
            pg.lock_writers(con, wait_seconds())
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
    """First column of the first row, or None (params: a dict for $name)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def insert_sql(table: str, columns: Sequence[str]) -> str:
    """INSERT of the named columns with named parameters ($column); table and columns are the code's, never data."""
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('$' + c for c in columns)})"  # noqa: S608


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Write one key of the meta table (caller's transaction)."""
    con.execute("INSERT INTO meta (key, value) VALUES ($key, $value) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value", {"key": key, "value": value})


def dialect(con: duckdb.DuckDBPyConnection) -> str:
    """'postgres' or 'duckdb': which SQL a connection speaks (for the few statements written per engine)."""
    return "postgres" if pg.is_pg(con) else "duckdb"


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Write DuckDB's log into the file (nothing to do on a server)."""
    if not pg.is_pg(con):
        con.execute("CHECKPOINT")
