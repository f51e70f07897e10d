"""The server store: PostgreSQL through psycopg 3, behind the calls the code makes on a DuckDB connection.

PgConnection answers execute / sql / executemany / register / cursor / close like a DuckDB connection and returns
results with fetchall, fetchone, df and to_arrow_table, so the store's SQL (written for DuckDB, named $parameters)
runs on either engine. `translate` turns it into PostgreSQL's: $name and ? become psycopg placeholders, a literal %
is doubled, DOUBLE becomes DOUBLE PRECISION; list_contains is a SQL function the server schema defines
(store/schema.py). Frames given to `register` become temporary tables filled with COPY. Results come back as Arrow
columns typed from the server's column types, and as pandas through DuckDB's own conversion, so a page gets the same
dtypes from either store.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from urllib.parse import urlsplit, urlunsplit

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from ..errors import UserError

try:
    import psycopg
    from psycopg import sql as pgsql
except ImportError:  # pragma: no cover - psycopg is pinned in requirements.txt; only a server store needs it
    psycopg = None

ERRORS: tuple[type[Exception], ...] = (psycopg.Error,) if psycopg else ()
WRITE_LOCK = 7_155_150_015    # the advisory lock every write transaction takes: writers queue, readers never wait
_TOKENS = re.compile(r"('(?:[^']|'')*')|\$([A-Za-z_][A-Za-z0-9_]*)|(\?)|(%)|\b(DOUBLE)\b(?!\s+PRECISION)", re.I)
_TYPES = {16: pa.bool_(), 20: pa.int64(), 21: pa.int16(), 23: pa.int32(), 700: pa.float64(), 701: pa.float64(),
          1700: pa.float64(), 25: pa.string(), 1043: pa.string(), 1042: pa.string(), 19: pa.string(),
          1114: pa.timestamp("us"), 1184: pa.timestamp("us", tz="UTC"), 1082: pa.date32(),
          1009: pa.list_(pa.string()), 1015: pa.list_(pa.string()), 1007: pa.list_(pa.int32()),
          1016: pa.list_(pa.int64())}
_DUCK: list[duckdb.DuckDBPyConnection] = []   # converts Arrow results to pandas as a DuckDB result would be
_DUCK_LOCK = threading.Lock()


def is_url(target: str) -> bool:
    """Whether a store name is a PostgreSQL URL."""
    return target.startswith(("postgresql://", "postgres://"))


def shown(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def translate(query: str) -> str:
    """DuckDB-flavoured SQL of this project as PostgreSQL SQL with psycopg placeholders."""
    def sub(m: re.Match) -> str:
        if m.group(1):
            return m.group(1).replace("%", "%%")
        if m.group(2):
            return f"%({m.group(2)})s"
        if m.group(3):
            return "%s"
        if m.group(4):
            return "%%"
        return "DOUBLE PRECISION"
    return _TOKENS.sub(sub, query)


def _plain(value: object) -> object:
    """A parameter psycopg adapts: numpy scalars and arrays as Python values and lists."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (np.ndarray, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _params(params: Sequence | Mapping | None) -> Sequence | Mapping:
    if params is None:
        return ()
    if isinstance(params, Mapping):
        return {k: _plain(v) for k, v in params.items()}
    return [_plain(v) for v in params]


class PgResult:
    """The rows of one statement: fetchall / fetchone / df / to_arrow_table, like a DuckDB result."""

    def __init__(self, cursor: psycopg.Cursor):
        desc = cursor.description
        self.description = [(d.name, d.type_code) for d in desc] if desc else None
        self._rows = cursor.fetchall() if desc else []
        self._next = 0

    def fetchall(self) -> list[tuple]:
        """Every row not yet fetched."""
        rows, self._next = self._rows[self._next:], len(self._rows)
        return [tuple(r) for r in rows]

    def fetchone(self) -> tuple | None:
        """The next row, or None."""
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return tuple(self._rows[self._next - 1])

    def to_arrow_table(self) -> pa.Table:
        """The rows as an Arrow table, each column typed from the server's column type."""
        names = [name for name, _ in self.description or []]
        cols = list(zip(*self._rows, strict=True)) if self._rows else [() for _ in names]
        arrays = [_array(col, oid) for col, (_, oid) in zip(cols, self.description or [], strict=True)]
        return pa.table(arrays, names=names)

    arrow = fetch_arrow_table = to_arrow_table

    def to_arrow_reader(self, batch_size: int = 1_000_000) -> pa.RecordBatchReader:
        """The rows as Arrow record batches (of at most batch_size rows)."""
        return pa.RecordBatchReader.from_batches(*_batches(self.to_arrow_table(), batch_size))

    def df(self) -> pd.DataFrame:
        """The rows as pandas, converted by DuckDB as its own results are."""
        table = self.to_arrow_table()
        with _DUCK_LOCK:
            if not _DUCK:                     # opened on first use: 50 ms that a file store never pays
                _DUCK.append(duckdb.connect(":memory:"))
            cur = _DUCK[0].cursor()
        try:
            return cur.from_arrow(table).df()
        finally:
            cur.close()

    fetchdf = df


def _batches(table: pa.Table, size: int) -> tuple[pa.Schema, list[pa.RecordBatch]]:
    return table.schema, table.to_batches(max_chunksize=size)


def _array(values: Sequence, oid: int) -> pa.Array:
    kind = _TYPES.get(oid, pa.string())
    if oid == 1700:
        values = [None if v is None else float(v) for v in values]
    elif kind == pa.string() and oid not in _TYPES:
        values = [None if v is None else str(v) for v in values]
    elif any(isinstance(v, Decimal) for v in values[:1]):
        values = [None if v is None else float(v) for v in values]
    return pa.array(values, type=kind)


def _pg_type(kind: pa.DataType) -> str:
    if pa.types.is_dictionary(kind):
        return _pg_type(kind.value_type)
    if pa.types.is_floating(kind):
        return "DOUBLE PRECISION"
    if pa.types.is_int64(kind) or pa.types.is_uint32(kind):
        return "BIGINT"
    if pa.types.is_integer(kind):
        return "INTEGER"
    if pa.types.is_boolean(kind):
        return "BOOLEAN"
    if pa.types.is_timestamp(kind):
        return "TIMESTAMP"
    if pa.types.is_date(kind):
        return "DATE"
    return "VARCHAR"


def _as_arrow(data: object) -> pa.Table:
    if isinstance(data, pa.Table):
        table = data
    elif isinstance(data, pd.DataFrame):
        table = pa.Table.from_pandas(data, preserve_index=False)
    else:
        raise TypeError(f"cannot register {type(data).__name__}")
    columns = []
    for col in table.columns:
        kind = col.type
        if pa.types.is_dictionary(kind):
            col = col.cast(kind.value_type)
        elif pa.types.is_null(kind):
            col = col.cast(pa.string())
        elif pa.types.is_large_string(kind) or pa.types.is_string_view(kind):
            col = col.cast(pa.string())
        columns.append(col)
    return pa.table(columns, names=table.column_names)


class PgConnection:
    """A psycopg connection answering the DuckDB connection calls this project makes."""

    def __init__(self, raw: psycopg.Connection, url: str):
        self.raw = raw
        self.url = url

    def execute(self, query: str, params: Sequence | Mapping | None = None) -> PgResult:
        """Run one statement; its rows come back as a PgResult."""
        with self.raw.cursor() as cur:
            cur.execute(translate(query), _params(params))
            return PgResult(cur)

    def sql(self, query: str, params: Sequence | Mapping | None = None) -> PgResult:
        """As execute (DuckDB's relational sql() is used only to fetch results)."""
        return self.execute(query, params)

    def executemany(self, query: str, rows: Iterable[Sequence | Mapping]) -> None:
        """Run one statement for each parameter set."""
        with self.raw.cursor() as cur:
            cur.executemany(translate(query), [_params(r) for r in rows])

    def register(self, name: str, data: object) -> None:
        """A frame or Arrow table as a temporary table of this session (filled with COPY)."""
        table = _as_arrow(data)
        ident = pgsql.Identifier(name)
        cols = pgsql.SQL(", ").join(pgsql.SQL("{} {}").format(pgsql.Identifier(f.name), pgsql.SQL(_pg_type(f.type)))
                                    for f in table.schema)
        with self.raw.cursor() as cur:
            cur.execute(pgsql.SQL("DROP TABLE IF EXISTS {}").format(ident))
            cur.execute(pgsql.SQL("CREATE TEMP TABLE {} ({})").format(ident, cols))
            if table.num_rows:
                self.copy_in(cur, name, table)

    @staticmethod
    def copy_in(cur: psycopg.Cursor, name: str, table: pa.Table) -> None:
        """COPY an Arrow table's rows into table `name` (same column names), as CSV: strings quoted, NULL unquoted."""
        buf = io.BytesIO()
        pacsv.write_csv(table, buf, pacsv.WriteOptions(include_header=False, quoting_style="needed"))
        names = pgsql.SQL(", ").join(pgsql.Identifier(c) for c in table.column_names)
        with cur.copy(pgsql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(pgsql.Identifier(name), names)) as cp:
            view = buf.getbuffer()
            for start in range(0, len(view), 1 << 20):
                cp.write(view[start:start + (1 << 20)])

    def unregister(self, name: str) -> None:
        """Drop a registered table (nothing to do after a failed statement: the rollback drops it)."""
        if self.raw.info.transaction_status == psycopg.pq.TransactionStatus.INERROR:
            return
        with self.raw.cursor() as cur:
            cur.execute(pgsql.SQL("DROP TABLE IF EXISTS {}").format(pgsql.Identifier(name)))

    def cursor(self) -> PgConnection:
        """The same session (DuckDB cursors are separate connections; here nothing needs them apart)."""
        return self

    def close(self) -> None:
        """Close the session."""
        self.raw.close()


def is_pg(con: object) -> bool:
    """Whether a connection is a server store's."""
    return isinstance(con, PgConnection)


def connect(url: str, wait: float) -> PgConnection:
    """A session on the server store, in autocommit mode (store.db.transaction issues BEGIN and COMMIT)."""
    if psycopg is None:
        raise UserError("errors.db_server", target=shown(url), detail="psycopg is not installed")
    try:
        raw = psycopg.connect(url, autocommit=True, connect_timeout=max(1, int(min(wait, 30))))
    except psycopg.Error as e:
        raise UserError("errors.db_server", target=shown(url), detail=str(e).strip().splitlines()[0]) from e
    # The analytical queries join sets whose sizes PostgreSQL underestimates (a CTE of current rows: 632 estimated,
    # 6,264 actual), and its nested loops then took 24 s for the query page's month table where hash joins take 0.6 s.
    raw.execute("SET enable_nestloop = off")
    return PgConnection(raw, url)


def lock_writers(con: PgConnection, wait: float) -> None:
    """Take the store's write lock for this transaction, waiting at most `wait` seconds for another writer."""
    try:
        con.execute(f"SET LOCAL lock_timeout = '{int(wait * 1000)}ms'")
        con.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
    except psycopg.errors.LockNotAvailable as e:
        raise UserError("errors.db_locked_server", target=shown(con.url), seconds=wait) from e
