"""Copying a whole store into another (the embedded file into a PostgreSQL server): every table, then a check.

`copy_store` migrates both stores to the same schema, refuses a target that already holds data, copies every table
(batches, observations, users, audit rows, region aliases, recipes, publications, meta) in one transaction of the
target, moves the sequences past the copied ids, and compares each table's row count and, column by column, its
non-null count and its sum (numbers) or total text length (text) in both stores. Any difference rolls it all back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

import duckdb
import pyarrow as pa

from ..errors import UserError
from . import pg
from .db import dialect, opened, transaction
from .schema import migrate

SEQUENCES = {"batch_seq": ("batch", "id"), "audit_seq": ("audit", "id"), "publication_seq": ("index_publication", "id"),
             "recipe_seq": ("recipe", "id")}
SKIP_META = ("current_view_sha256",)      # each engine keeps the digest of its own rendering of the view
CHUNK = 200_000
_NUMBERS = ("INTEGER", "BIGINT", "SMALLINT", "DOUBLE", "FLOAT", "REAL", "DECIMAL", "HUGEINT", "TINYINT")
_TEXTS = ("VARCHAR", "TEXT", "CHARACTER")


@dataclass(frozen=True)
class TableCheck:
    """One table's figures in the source and in the target after the copy."""

    table: str
    source: tuple
    target: tuple

    @property
    def rows(self) -> int:
        """Rows copied."""
        return int(self.source[0])

    @property
    def equal(self) -> bool:
        """Whether every count and sum agrees (sums of floating-point columns to 1e-9 relative)."""
        return len(self.source) == len(self.target) and all(
            _same(a, b) for a, b in zip(self.source, self.target, strict=True))


def _same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-6)
    return int(a) == int(b)


def tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """The store's tables (not views, not schema_version) and their (column, type) in order."""
    rows = con.execute("""SELECT c.table_name, c.column_name, upper(c.data_type) FROM information_schema.columns c
                          JOIN information_schema.tables t ON t.table_name = c.table_name
                               AND t.table_schema = c.table_schema
                          WHERE t.table_type = 'BASE TABLE' AND c.table_schema = current_schema()
                            AND c.table_name <> 'schema_version'
                          ORDER BY c.table_name, c.ordinal_position""").fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        out.setdefault(table, []).append((column, kind))
    return out


def figures(con: duckdb.DuckDBPyConnection, table: str, columns: list[tuple[str, str]]) -> tuple:
    """Row count, then per column its non-null count and its sum (numbers) or total length (text)."""
    parts = ["count(*)"]
    for name, kind in columns:
        parts.append(f"count({name})")
        if kind.startswith(_NUMBERS):
            parts.append(f"sum({name})")
        elif kind.startswith(_TEXTS):
            parts.append(f"sum(length({name}))")
    row = con.execute(f"SELECT {', '.join(parts)} FROM {table}").fetchall()[0]  # noqa: S608 - catalog names
    return tuple(float(x) if isinstance(x, Decimal) else x for x in row)   # PostgreSQL sums integers as numeric


def _chunks(src: duckdb.DuckDBPyConnection, table: str, names: list[str]):
    where = f" WHERE key NOT IN ({', '.join(repr(k) for k in SKIP_META)})" if table == "meta" else ""
    reader = src.sql(f"SELECT {', '.join(names)} FROM {table}{where}").to_arrow_reader(CHUNK)  # noqa: S608
    for batch in reader:
        yield pa.Table.from_batches([batch])


def _copy_table(src: duckdb.DuckDBPyConnection, dst: duckdb.DuckDBPyConnection, table: str, names: list[str]) -> None:
    for chunk in _chunks(src, table, names):
        if pg.is_pg(dst):
            with dst.raw.cursor() as cur:
                pg.PgConnection.copy_in(cur, table, chunk)
        else:
            dst.register("copied_rows", chunk)
            try:
                dst.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(names)} FROM copied_rows")  # noqa: S608
            finally:
                dst.unregister("copied_rows")


def _move_sequences(dst: duckdb.DuckDBPyConnection, src: duckdb.DuckDBPyConnection) -> None:
    for seq, (table, column) in SEQUENCES.items():
        top = src.execute(f"SELECT max({column}) FROM {table}").fetchall()[0][0]  # noqa: S608 - the code's names
        if top is None:
            continue
        if dialect(dst) == "postgres":
            dst.execute(f"SELECT setval('{seq}', {int(top)})")
        else:                               # DuckDB cannot set a sequence: draw it past the copied ids
            dst.execute(f"SELECT max(nextval('{seq}')) FROM range({int(top)})")  # noqa: S608 - code's names


def copy_store(source: str, target: str) -> list[TableCheck]:
    """Copy every table of store `source` into the empty store `target` and check it (UserError when refused)."""
    with opened(source) as src:
        with transaction(src):
            migrate(src)
        with opened(target) as dst, transaction(dst):
            migrate(dst)
            layout = tables(src)
            missing = sorted(set(layout) - set(tables(dst)))
            if missing:
                raise UserError("store.copy_schema_differs", tables=", ".join(missing))
            full = [t for t in layout if t != "meta" and dst.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]]  # noqa: S608
            if full:
                raise UserError("store.copy_target_not_empty", target=pg.shown(target), tables=", ".join(full))
            dst.execute(f"DELETE FROM meta WHERE key NOT IN ({', '.join(repr(k) for k in SKIP_META)})")  # noqa: S608
            checks = []
            for table, columns in layout.items():
                _copy_table(src, dst, table, [c for c, _ in columns])
                if table != "meta":
                    checks.append(TableCheck(table, figures(src, table, columns), figures(dst, table, columns)))
            _move_sequences(dst, src)
            wrong = [c.table for c in checks if not c.equal]
            if wrong:
                raise UserError("store.copy_mismatch", tables=", ".join(wrong))
    return checks
