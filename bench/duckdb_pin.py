"""What pinning DuckDB 1.5.5 (for its postgres / quack extension wheels) would cost against 2.0.1 (issue #15).

Run with each DuckDB on the same Parquet copy of a store (README 「多机部署」 quotes the figures):

    python3.11 -m venv /tmp/duck155 && /tmp/duck155/bin/pip install duckdb==1.5.5 \\
        duckdb-extension-postgres-scanner==1.5.5 'psycopg[binary]'
    .venv/bin/python -m bench.duckdb_pin export bench/out/obs10000000-…/indicators.duckdb /tmp/pin
    .venv/bin/python -m bench.duckdb_pin time /tmp/pin          # DuckDB 2.0.1
    /tmp/duck155/bin/python bench/duckdb_pin.py time /tmp/pin   # DuckDB 1.5.5: can it open a 2.0.1 file? same SQL
    /tmp/duck155/bin/python bench/duckdb_pin.py scan /tmp/pin postgresql://postgres@127.0.0.1:PORT/pg_yoy

`scan` runs the YoY in DuckDB over the postgres scanner (loaded from its wheel's path) and in PostgreSQL itself.
"""

from __future__ import annotations

import importlib
import os
import statistics
import sys
import time
from pathlib import Path

import duckdb

TABLES = ("observation", "batch", "indicator")


def export(db: str, folder: Path) -> None:
    """The tables the YoY reads as Parquet, plus the app's view and YoY SQL as text (run with 2.0.1)."""
    sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[1] / "src")]
    from bench.queries import YOY_SQL
    from indicators.store import current

    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(db, read_only=True)
    for table in TABLES:
        con.execute(f"COPY (SELECT * FROM {table}) TO '{folder / table}.parquet' (FORMAT parquet)")  # noqa: S608 (our table names)
    (folder / "view.sql").write_text(current.view("duckdb"))
    (folder / "yoy.sql").write_text(YOY_SQL)
    (folder / "written_by_2.duckdb").unlink(missing_ok=True)
    duckdb.connect(str(folder / "written_by_2.duckdb")).close()


def _median_s(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:] if runs > 2 else times)


def timed(folder: Path) -> None:
    """Open cost, the YoY and every current row, with this interpreter's DuckDB, on a file it writes itself."""
    try:
        duckdb.connect(str(folder / "written_by_2.duckdb"), read_only=True).close()
        print("opens a file written by DuckDB 2.0.1")
    except duckdb.Error as err:
        print("a file written by DuckDB 2.0.1:", str(err).splitlines()[0])
    db = folder / f"v{duckdb.__version__}.duckdb"
    for f in (db, Path(f"{db}.wal")):
        f.unlink(missing_ok=True)
    con = duckdb.connect(str(db))
    for table in TABLES:
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM '{folder / table}.parquet'")  # noqa: S608 (our names)
    con.execute((folder / "view.sql").read_text())
    con.close()
    opened = _median_s(lambda: duckdb.connect(str(db)).close(), 10)
    con = duckdb.connect(str(db))
    yoy = (folder / "yoy.sql").read_text()
    period = con.execute("SELECT max(period) FROM observation WHERE period LIKE '____-__'").fetchall()[0][0]
    pair = [period, f"{int(period[:4]) - 1}{period[4:]}"]
    yoy_s = _median_s(lambda: con.execute(yoy, pair).fetchall(), 6)
    every_s = _median_s(lambda: con.execute("SELECT count(*) FROM current_observation").fetchall(), 3)
    print(f"DuckDB {duckdb.__version__}: open {opened * 1000:.0f} ms; YoY {pair[0]} vs {pair[1]} "
          f"{yoy_s * 1000:.0f} ms; every current row {every_s:.1f} s")


def scan(folder: Path, url: str) -> None:
    """The YoY in DuckDB over the postgres scanner, and in PostgreSQL itself (psycopg), on a server store."""
    import psycopg

    # Installed only in the DuckDB 1.5.5 environment of the module docstring, never pinned by the project.
    wheel = importlib.import_module("duckdb_extension_postgres_scanner")

    ext = Path(wheel.__file__).parent / "extensions" / f"v{duckdb.__version__}" / "postgres_scanner.duckdb_extension"
    con = duckdb.connect()
    print(f"LOAD from the wheel's path {_median_s(lambda: con.execute(f'LOAD {str(ext)!r}'), 1) * 1000:.0f} ms")
    con.execute(f"ATTACH '{url}' AS pg (TYPE postgres, READ_ONLY)")
    view = (folder / "view.sql").read_text().split(" AS\n", 1)[1]
    view = view.replace("observation o", "pg.public.observation o").replace("batch b", "pg.public.batch b")
    yoy = (folder / "yoy.sql").read_text().strip()
    over = f"WITH cur_obs AS ({view})" + yoy.replace("WITH cur AS", ", cur AS", 1).replace(
        "FROM current_observation", "FROM cur_obs").replace("JOIN indicator i", "JOIN pg.public.indicator i")
    pair = ["2025-12", "2024-12"]
    print(f"YoY in DuckDB over the scanner {_median_s(lambda: con.execute(over, pair).fetchall(), 3):.2f} s")
    with psycopg.connect(url) as pg:
        pg.execute("SET enable_nestloop = off")
        sql = yoy.replace("%", "%%").replace("?", "%s")
        print(f"YoY in PostgreSQL {_median_s(lambda: pg.execute(sql, pair).fetchall(), 4):.2f} s")


if __name__ == "__main__":
    what, args = sys.argv[1], sys.argv[2:]
    if what == "export":
        export(args[0], Path(args[1]))
    elif what == "time":
        timed(Path(args[0]))
    else:
        scan(Path(args[0]), args[1] if len(args) > 1 else os.environ["INDICATORS_DB"])
