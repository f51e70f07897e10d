"""The benchmark cases. Each `setup(ctx)` does the untimed work and returns a `Timed` whose `run` is timed.

A case runs alone in a child process (bench.measure) so its peak memory is its own.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Ctx:
    """What a case needs: the data sets, upload files and sizes, as plain values (sent as JSON)."""

    pages_dir: str            # data set for ingest catalogue, pages and page queries
    yoy_dir: str              # data set for year-over-year
    export_rows: int = 100_000
    scratch: str = ""
    safety_dir: str = ""      # data set for the 平安指数 and the warnings (bench/safety.py)
    pg_pages: str = ""        # the pages data set copied into a private PostgreSQL cluster (bench/pgcluster.py)
    pg_yoy: str = ""          # the YoY data set there
    pg_admin: str = ""        # that cluster's postgres database (cases make databases of their own)

    def uploads(self, name: str) -> Path:
        """Path of an upload file of the pages data set."""
        return Path(self.pages_dir) / "uploads" / name


@dataclass
class Timed:
    """A prepared benchmark: `prepare()` (untimed, before each run) then `run(state)` (timed) -> units done.

    `run` may instead return (units, seconds) when it times itself; `peak` reports another process's memory;
    `series(runs)` gives further timed series measured by the same runs (case name -> the last `runs` seconds), each
    reported as a case of its own.
    """

    run: Callable[[object], int | tuple[int, float]]
    prepare: Callable[[], object] = field(default=lambda: None)
    check: Callable[[], str] = field(default=lambda: "")
    note: str = ""
    peak: Callable[[], float] | None = None
    series: Callable[[int], dict[str, list[float]]] | None = None


def use_data(folder: str, db: Path | str | None = None) -> None:
    """Point the core at a generated data set (catalogue folder and DuckDB file, or a server store's URL)."""
    os.environ["INDICATORS_DATA"] = str(Path(folder) / "data")
    os.environ["INDICATORS_DB"] = str(db or Path(folder) / "indicators.duckdb")


# ---------------------------------------------------------------- ingest

def _empty_db(ctx: Ctx) -> Path:
    """A migrated, seeded database with the generated catalogue and no generated observations."""
    from indicators.store import connect
    from indicators.store.seed import ensure_ready

    path = Path(ctx.scratch) / "template.duckdb"
    use_data(ctx.pages_dir, path)
    con = connect(path)
    ensure_ready(con)
    con.execute("CHECKPOINT")
    con.close()
    return path


def _ingest_into(ctx: Ctx, file_name: str, template: Path, what: str = "") -> Timed:
    """indicators.ingest end to end (bench/ingest.py's `ours`) into a fresh copy of template, each run."""
    from bench.ingest import ours
    from indicators.store import connect
    from indicators.store.catalog_sync import catalog_from_db

    con = connect(template, read_only=True)
    cat = catalog_from_db(con)
    con.close()
    path = ctx.uploads(file_name)
    out = {}

    def run(_state) -> tuple[int, float]:
        parse, commit, rows = ours(path, cat, template, Path(ctx.scratch))
        out["rows"], out["parse"], out["commit"] = rows, parse, commit
        return rows, parse + commit

    return Timed(run, check=lambda: f"{what}{out.get('rows', 0):,} rows committed (last run: parse+checks "
                                    f"{out.get('parse', 0):.2f} s, commit {out.get('commit', 0):.2f} s)")


def ingest_ours(ctx: Ctx, file_name: str) -> Timed:
    """An upload end to end into a seeded store: bytes -> checked rows -> one committed batch."""
    return _ingest_into(ctx, file_name, _empty_db(ctx))


def ingest_into_big_store(ctx: Ctx, file_name: str) -> Timed:
    """The same upload committed into a copy of the YoY data set's store (~10M observations, overlapping keys)."""
    from indicators.store import connect

    template = Path(ctx.yoy_dir) / "indicators.duckdb"
    use_data(ctx.yoy_dir, template)
    con = connect(template, read_only=True)
    n_obs = con.execute("SELECT count(*) FROM observation").fetchall()[0][0]
    con.close()
    return _ingest_into(ctx, file_name, template, f"into {n_obs:,} stored observations; ")


def ingest_naive_file(ctx: Ctx, file_name: str) -> Timed:
    """The naive way (bench/ingest.py's `naive`): pandas.read_excel(engine="openpyxl") or read_csv -> DuckDB."""
    from bench.ingest import naive

    path = ctx.uploads(file_name)

    def run(_state) -> tuple[int, float]:
        seconds, rows = naive(path, Path(ctx.scratch))
        return rows, seconds

    return Timed(run, note="no checks, no mapping to the catalogue")


def ingest_naive_csv(ctx: Ctx, file_name: str, encoding: str) -> Timed:
    """Reference: pandas.read_csv, then the DataFrame into a DuckDB table (no checks, no mapping)."""
    import duckdb
    import pandas as pd

    path = ctx.uploads(file_name)

    def run(_state) -> int:
        df = pd.read_csv(path, encoding=encoding)
        con = duckdb.connect(str(Path(ctx.scratch) / "naive.duckdb"))
        con.execute("CREATE OR REPLACE TABLE upload AS SELECT * FROM df")
        con.close()
        return len(df)

    return Timed(run, note="no checks, no mapping to the catalogue")


# ---------------------------------------------------------------- export

def _export_frame(ctx: Ctx):
    from bench.export import table

    return table(ctx.export_rows)


def export_ours(ctx: Ctx) -> Timed:
    """indicators.export.write_xlsx with number formats and a notes sheet (bench/export.py's `ours`)."""
    from bench.export import ours

    df = _export_frame(ctx)
    target = Path(ctx.scratch) / "ours.xlsx"
    return Timed(lambda _s: (ours(df, target), len(df))[1])


def export_naive(ctx: Ctx) -> Timed:
    """DataFrame.to_excel(engine='openpyxl') plus formats, freeze and filter (bench/export.py's naive way)."""
    from bench.export import pandas_openpyxl

    df = _export_frame(ctx)
    target = Path(ctx.scratch) / "naive.xlsx"
    return Timed(lambda _s: (pandas_openpyxl(df, target), len(df))[1])


# ---------------------------------------------------------------- pages

def page_rerun(ctx: Ctx, page: str, clear_cache: bool = False, store: str = "", how: str = "") -> Timed:
    """AppTest: open the app, switch to the page, then time reruns (warm: caches filled by the warm-up).

    store: a server store's URL instead of the data set's file. how: 'open' asks the store for the data version at
    every rerun (no file stamp), 'held' also keeps the connection open between reruns (the app before #15)."""
    use_data(ctx.pages_dir, store or None)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import indicators.web.data as data
    import indicators.web.shell as shell
    from tests.app.navigate import open_page

    if how in ("open", "held"):
        data.change_stamp = lambda _target=None: None
    if how == "held":                       # one connection for every run (each run is a new thread)
        kept: dict = {}
        real_open = data._open

        def held_open(target: str):
            if target not in kept:
                kept[target] = real_open(target)
            return kept[target]
        data._open = held_open
        shell.release = lambda: None

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
    at.run()
    open_page(at, page).run()
    _no_exception(at, page)

    def prepare() -> object:
        if clear_cache:
            st.cache_data.clear()
        return None

    def run(_state) -> int:
        at.run()
        return 1

    return Timed(run, prepare, check=lambda: _page_check(at, page))


def _no_exception(at, page: str) -> None:
    if at.exception:
        raise RuntimeError(f"{page} raised: {at.exception[0].message}")


def _page_check(at, page: str) -> str:
    _no_exception(at, page)
    return f"{len(at.markdown)} markdown, {len(at.get('plotly_chart'))} charts"


def _selection(con, cat):
    from indicators.selection import resolve
    from indicators.store import queries as q

    return resolve({}, cat, q.periods(con), q.regions_with_data(con))


def page_queries_duckdb(ctx: Ctx, domain: str) -> Timed:
    """The overview and one domain page's queries, uncached, against the DuckDB file."""
    use_data(ctx.pages_dir)
    from indicators.figures import figures
    from indicators.selection import resolve
    from indicators.store import connect
    from indicators.store import queries as q
    from indicators.store.catalog_sync import catalog_from_db

    con = connect(read_only=True)
    cat = catalog_from_db(con)

    def run(_state) -> int:
        sel = resolve({}, cat, q.periods(con), q.regions_with_data(con))
        figs = figures(con, cat, sel.period, sel.region, sel.compare)
        series = q.current(con, domain=domain, regions=[sel.region], measure="value")
        kids = [r.code for r in cat.children(sel.region)]
        sub = q.current(con, domain=domain, period=sel.period, regions=kids, measure="value")
        return len(figs) + len(series) + len(sub)

    return Timed(run)


def page_queries_pandas(ctx: Ctx, domain: str) -> Timed:
    """The same queries done in pandas over every current row held in memory (loaded untimed)."""
    use_data(ctx.pages_dir)
    import indicators.figures as figmod
    from indicators.selection import resolve
    from indicators.store import connect
    from indicators.store import queries as q
    from indicators.store.catalog_sync import catalog_from_db

    con = connect(read_only=True)
    cat = catalog_from_db(con)
    mem = q.current(con)
    con.close()

    def current(_con=None, *, period=None, regions=None, domain=None, indicators=None, measure=None, **_):
        m = mem
        if period is not None:
            m = m[m["period"] == period]
        if regions is not None:
            m = m[m["region"].isin([regions] if isinstance(regions, str) else list(regions))]
        if domain is not None:
            m = m[m["domain"] == domain]
        if indicators is not None:
            m = m[m["indicator"].isin(list(indicators))]
        if measure is not None:
            m = m[m["measure"] == measure]
        return m

    figmod.current = current  # figures() reads its rows through this name; the rest of figures() is unchanged

    def run(_state) -> int:
        sel = resolve({}, cat, list(mem["period"].unique()), list(mem["region"].unique()))
        figs = figmod.figures(None, cat, sel.period, sel.region, sel.compare)
        series = current(domain=domain, regions=[sel.region], measure="value")
        kids = [r.code for r in cat.children(sel.region)]
        sub = current(domain=domain, period=sel.period, regions=kids, measure="value")
        return len(figs) + len(series) + len(sub)

    return Timed(run, note=f"{len(mem):,} rows in memory")


# ---------------------------------------------------------------- year over year

def yoy(ctx: Ctx, engine: str) -> Timed:
    """YoY of every indicator and region for the latest month: DuckDB (the app's view) or pandas in memory."""
    import duckdb

    from bench.queries import latest_pair, load_frames, same_result, yoy_duckdb, yoy_pandas

    con = duckdb.connect(str(Path(ctx.yoy_dir) / "indicators.duckdb"), read_only=True)
    period, compare = latest_pair(con)
    n_obs = con.execute("SELECT count(*) FROM observation").fetchall()[0][0]
    if engine == "duckdb":
        return Timed(lambda _s: len(yoy_duckdb(con, period, compare)), note=f"{period} vs {compare}, {n_obs:,} obs")
    obs, inds = load_frames(con)
    agree = same_result(yoy_duckdb(con, period, compare), yoy_pandas(obs, inds, period, compare))
    con.close()
    note = f"{period} vs {compare}; {'same' if agree else 'DIFFERENT'} rows and numbers as DuckDB"
    return Timed(lambda _s: len(yoy_pandas(obs, inds, period, compare)), note=note)


def yoy_explore(ctx: Ctx) -> Timed:
    """The app's own YoY table (explore.query, the query page and export) for every indicator and region."""
    import duckdb

    from bench.queries import latest_pair
    from indicators.explore import parse_filters, query
    from indicators.store.catalog_sync import catalog_from_db

    use_data(ctx.yoy_dir)
    con = duckdb.connect(str(Path(ctx.yoy_dir) / "indicators.duckdb"), read_only=True)
    period, _ = latest_pair(con)
    filters = parse_filters(catalog_from_db(con), period_from=period, period_to=period, period_kind="month")
    return Timed(lambda _s: len(query(con, filters)), note=f"explore.query for {period}")


def yoy_server(ctx: Ctx) -> Timed:
    """The same YoY SQL as yoy_duckdb on the server store (PostgreSQL), through the store's connection."""
    from bench.queries import YOY_SQL, latest_pair
    from indicators.store import connect

    con = connect(ctx.pg_yoy)
    period, compare = latest_pair(con)
    n_obs = con.execute("SELECT count(*) FROM observation").fetchall()[0][0]
    return Timed(lambda _s: len(con.execute(YOY_SQL, [period, compare]).df()),
                 note=f"{period} vs {compare}, {n_obs:,} obs on PostgreSQL")


def migrate_round_trip(ctx: Ctx) -> Timed:
    """migrate-store's copy of the pages data set into a new server database and back into a new file, checked."""
    from bench.pgcluster import Cluster
    from indicators.store.copy import copy_store

    use_data(ctx.pages_dir)
    admin = Cluster()
    admin.port = int(ctx.pg_admin.rsplit(":", 1)[1].split("/")[0])
    src = str(Path(ctx.pages_dir) / "indicators.duckdb")
    out: dict = {}

    def prepare() -> tuple[str, str]:
        name = f"trip_{os.getpid()}_{len(out)}"
        out[name] = True
        return admin.create_database(name), str(Path(ctx.scratch) / f"{name}.duckdb")

    def run(state: tuple[str, str]) -> int:
        there = copy_store(src, state[0])
        back = copy_store(state[0], state[1])
        out["rows"] = sum(c.rows for c in back)
        out["obs"] = next(c.rows for c in there if c.table == "observation")
        return out["rows"]

    return Timed(run, prepare, check=lambda: f"{out.get('obs', 0):,} observations there and back, "
                                             f"{out.get('rows', 0):,} rows in all; counts and sums equal both ways")


def contention(ctx: Ctx, server: bool) -> Timed:
    """4 writers and 20 readers at once (bench/contention.py) on a copy of the seeded store: how long opens wait."""
    from bench.contention import run
    from bench.pgcluster import Cluster
    from indicators.store.db import opened
    from indicators.store.seed import ensure_ready

    out: dict = {}

    def prepare() -> str:
        if server:
            admin = Cluster()
            admin.port = int(ctx.pg_admin.rsplit(":", 1)[1].split("/")[0])
            store = admin.create_database(f"contention_{os.getpid()}_{len(out)}")
        else:
            store = str(Path(ctx.scratch) / f"contention_{len(out)}.duckdb")
        out[store] = True
        with opened(store) as con:
            ensure_ready(con)
        return store

    def run_once(store: str) -> tuple[int, float]:
        res = run(store, writers=4, readers=20, batches=3, rows=20, reads=5)
        bad = [r for r in res["reports"] if r["role"] == "failed" or r.get("torn")]
        out["last"] = res
        if bad:
            raise RuntimeError(f"{len(bad)} processes failed or saw a torn batch")
        return res["opens"], res["wait_median_ms"] / 1000

    def check() -> str:
        r = out.get("last", {})
        return (f"{r.get('opens', 0)} opens by 24 processes in {r.get('wall_s', 0):.0f} s; wait for the store: median "
                f"{r.get('wait_median_ms', 0):,.0f} ms, p95 {r.get('wait_p95_ms', 0):,.0f} ms, max "
                f"{r.get('wait_max_ms', 0):,.0f} ms; nothing lost, doubled or seen half-written")

    return Timed(run_once, prepare, check=check)


# ---------------------------------------------------------------- 平安指数 and 风险预警

def _safety(ctx: Ctx):
    """Connection, catalogue, index definition and latest month of the safety data set."""
    import duckdb

    from bench.safety import latest_month
    from indicators.safety.index_file import load_index
    from indicators.store.catalog_sync import catalog_from_db

    use_data(ctx.safety_dir)
    con = duckdb.connect(str(Path(ctx.safety_dir) / "indicators.duckdb"), read_only=True)
    cat = catalog_from_db(con)
    return con, cat, load_index(cat), latest_month(con)


def _in_memory(con):
    return con.execute("SELECT indicator_id, region_code, period, value FROM current_observation "
                       "WHERE measure = 'value'").df()


def safety_index(ctx: Ctx, engine: str) -> Timed:
    """平安指数 of every region for the latest month (and the month before): ours, or pandas in memory."""
    from bench.safety import index_pandas
    from indicators.safety.index import Rules, compute_index

    con, cat, spec, month = _safety(ctx)
    ours = compute_index(con, cat, spec, month, Rules())
    scored = int(ours.regions["score"].notna().sum())
    if engine == "ours":
        return Timed(lambda _s: len(compute_index(con, cat, spec, month, Rules()).regions),
                     note=f"{month}, {scored:,} regions scored")
    obs = _in_memory(con)
    naive = index_pandas(obs, cat, spec, month, Rules()).set_index("region")
    mine = ours.regions.set_index("region")
    same = np.allclose(naive.loc[mine.index, "score"], mine["score"], equal_nan=True) and np.allclose(
        naive.loc[mine.index, "previous_score"], mine["previous_score"], equal_nan=True)
    note = f"{month}; {'same' if same else 'DIFFERENT'} scores as ours; {len(obs):,} rows in memory"
    return Timed(lambda _s: len(index_pandas(obs, cat, spec, month, Rules())), note=note)


def safety_warnings(ctx: Ctx, engine: str) -> Timed:
    """风险预警 of every region and watched count for the latest month: ours, or pandas series by series."""
    from bench.safety import warnings_pandas
    from indicators.periods import parse_period
    from indicators.safety.early_warning import WarningRules, compute_warnings, month_codes, watched

    con, cat, _spec, month = _safety(ctx)
    rules = WarningRules()
    ours = compute_warnings(con, cat, month, rules)
    series = ours.attrs.get("series", 0)
    if engine == "ours":
        return Timed(lambda _s: len(compute_warnings(con, cat, month, rules)),
                     note=f"{month}, {series:,} series, {len(ours)} warnings")
    obs = _in_memory(con)
    months = month_codes(parse_period(month), rules)
    naive = warnings_pandas(obs, watched(cat), months, rules)
    fired = naive[naive["rule"] != ""]
    same = sorted(zip(fired["indicator_id"], fired["region_code"], fired["rule"], strict=True)) == sorted(
        zip(ours["indicator"], ours["region"], ours["rule"], strict=True))
    note = f"{month}; {'same' if same else 'DIFFERENT'} warnings as ours; {len(obs):,} rows in memory"
    return Timed(lambda _s: len(warnings_pandas(obs, watched(cat), months, rules)), note=note)


# ---------------------------------------------------------------- briefing

def report_pdf(ctx: Ctx) -> Timed:
    """A full monthly briefing as PDF for the district's latest month (bench/report.py), timing each step."""
    from bench.report import latest_month, one_report, open_store, shares

    con, cat = open_store(Path(ctx.pages_dir))
    period = latest_month(con)
    start = time.perf_counter()
    first = one_report(con, cat, period, "pdf")      # the process's first: starts the browser and LibreOffice
    cold = f"first report of the process {time.perf_counter() - start:.2f} s ({shares(first.timings)})"
    last: dict[str, object] = {}

    def run(_state) -> int:
        report = one_report(con, cat, period, "pdf")
        last["report"] = report
        return len(report.document.charts())

    def check() -> str:
        r = last["report"]
        return (f"{period}, {len(r.document.charts())} charts, {len(r.document.tables())} tables, "
                f"{len(r.data) / 1024:,.0f} KB (last run: {shares(r.timings)}); {cold}")

    return Timed(run, check=check)


# ---------------------------------------------------------------- registry

CASES: dict[str, Callable[[Ctx], Timed]] = {
    "ingest_xlsx_long": lambda c: ingest_ours(c, "long.xlsx"),
    "ingest_xlsx_long_naive": lambda c: ingest_naive_file(c, "long.xlsx"),
    "ingest_xlsx_wide": lambda c: ingest_ours(c, "wide.xlsx"),
    "ingest_xlsx_wide_naive": lambda c: ingest_naive_file(c, "wide.xlsx"),
    "ingest_csv_utf8": lambda c: ingest_ours(c, "long_utf8.csv"),
    "ingest_csv_utf8_naive": lambda c: ingest_naive_file(c, "long_utf8.csv"),
    "ingest_csv_gbk": lambda c: ingest_ours(c, "long_gbk.csv"),
    "ingest_csv_big_store": lambda c: ingest_into_big_store(c, "long_utf8.csv"),
    "ingest_csv_gbk_naive": lambda c: ingest_naive_csv(c, "long_gbk.csv", "gbk"),
    "export_xlsx": export_ours,
    "export_xlsx_naive": export_naive,
    "overview_warm": lambda c: page_rerun(c, "pages/overview.py"),
    "overview_warm_open": lambda c: page_rerun(c, "pages/overview.py", how="open"),
    "overview_warm_held": lambda c: page_rerun(c, "pages/overview.py", how="held"),
    "overview_warm_server": lambda c: page_rerun(c, "pages/overview.py", store=c.pg_pages),
    "overview_nocache_server": lambda c: page_rerun(c, "pages/overview.py", clear_cache=True, store=c.pg_pages),
    "yoy_server": yoy_server,
    "migrate_store": migrate_round_trip,
    "contention_file": lambda c: contention(c, server=False),
    "contention_server": lambda c: contention(c, server=True),
    "overview_nocache": lambda c: page_rerun(c, "pages/overview.py", clear_cache=True),
    "domain_warm": lambda c: page_rerun(c, "public_security"),
    "page_queries_duckdb": lambda c: page_queries_duckdb(c, "public_security"),
    "page_queries_pandas": lambda c: page_queries_pandas(c, "public_security"),
    "yoy_duckdb": lambda c: yoy(c, "duckdb"),
    "yoy_pandas": lambda c: yoy(c, "pandas"),
    "yoy_explore": yoy_explore,
    "report_pdf": report_pdf,
    "safety_index": lambda c: safety_index(c, "ours"),
    "safety_index_pandas": lambda c: safety_index(c, "pandas"),
    "safety_warnings": lambda c: safety_warnings(c, "ours"),
    "safety_warnings_pandas": lambda c: safety_warnings(c, "pandas"),
    "cold_start": lambda c: __import__("bench.browser", fromlist=["cold_start"]).cold_start(c),
    "first_paint_kpi": lambda c: __import__("bench.first_paint", fromlist=["first_paint"]).first_paint(c),
}


def scratch_dir() -> str:
    """A temporary folder for databases and files written by one case."""
    return tempfile.mkdtemp(prefix="bench-")
