"""Run every benchmark, print the table (figures and ratios against the naive way) and write docs/benchmarks.md.

    python -m bench             # full: 1.5M observations for pages, 10M for YoY, 100k-row xlsx, 1M-row CSV
    python -m bench --quick     # reduced sizes, under two minutes; writes bench/out/benchmarks-quick.md
    python -m bench --tiny --out FILE   # smallest sizes, no browser, no domain page: what the test suite runs

Each case runs in its own child process (bench.measure): one warm-up, then the median of several runs, with the
child's peak resident memory. Data are generated once per size into bench/out/ (git-ignored) and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from bench.cases import REPO, Ctx
from bench.generate import Spec, ensure
from bench.safety import ensure as ensure_safety

DOC = REPO / "docs" / "benchmarks.md"
NOTES = Path(__file__).with_name("notes.md")
PACKAGES = ["streamlit", "pandas", "duckdb", "pyarrow", "numpy", "plotly", "openpyxl", "python-calamine",
            "fastexcel", "xlsxwriter", "playwright"]


@dataclass(frozen=True)
class Row:
    """One line of the table: our case, the naive case it is compared with, and the target."""

    label: str
    ours: str
    naive: str | None = None
    unit: str = "s"               # s | ms | rows/s
    max_s: float | None = None    # target: at most this many seconds
    min_ratio: float | None = None  # target: at least this many times faster than naive
    min_rate: float | None = None   # target: at least this many units per second
    max_vs_naive: float | None = None  # target: at most this many times the naive (reference) case's time
    size: str = ""                # which size field of Plan the row uses
    slow: bool = False            # naive or ours is slow: fewer runs
    server: bool = False          # needs the data sets copied into a private PostgreSQL cluster


ROWS = [
    Row("Ingest xlsx (long), end to end", "ingest_xlsx_long", "ingest_xlsx_long_naive", "s", 1.0, 10, size="xlsx",
        slow=True),
    Row("Ingest xlsx (wide), end to end", "ingest_xlsx_wide", "ingest_xlsx_wide_naive", "s", size="xlsx", slow=True),
    Row("Ingest CSV UTF-8, end to end", "ingest_csv_utf8", "ingest_csv_utf8_naive", "rows/s", min_rate=1e6,
        size="csv", slow=True),
    Row("Ingest CSV GBK, end to end", "ingest_csv_gbk", "ingest_csv_gbk_naive", "rows/s", min_rate=1e6, size="csv",
        slow=True),
    Row("Ingest CSV UTF-8 into the YoY store, end to end", "ingest_csv_big_store", None, "rows/s", size="csv",
        slow=True),
    Row("Export formatted xlsx", "export_xlsx", "export_xlsx_naive", "s", 1.5, 10, size="export", slow=True),
    Row("Overview, warm rerun (AppTest)", "overview_warm", None, "ms", 0.150, size="pages"),
    Row("Overview, warm rerun, store opened at every rerun", "overview_warm_open", "overview_warm_held", "ms",
        size="pages"),
    Row("Overview, warm rerun, server store (PostgreSQL)", "overview_warm_server", "overview_warm", "ms", 0.150,
        size="pages", server=True),
    Row("Domain page (public security), warm rerun", "domain_warm", None, "ms", size="pages"),
    Row("Overview rerun, caches cleared", "overview_nocache", None, "ms", size="pages"),
    Row("Overview rerun, caches cleared, server store (PostgreSQL)", "overview_nocache_server", "overview_nocache",
        "ms", size="pages", server=True),
    Row("Overview + domain page queries", "page_queries_duckdb", "page_queries_pandas", "ms", size="pages"),
    Row("YoY, all indicators × regions (SQL over the store's view)", "yoy_duckdb", "yoy_pandas", "ms", 0.200,
        size="yoy"),
    Row("YoY, all indicators × regions (explore.query, the query page)", "yoy_explore", "yoy_pandas", "ms", 0.200,
        size="yoy", slow=True),
    Row("YoY, all indicators × regions (the same SQL), server store (PostgreSQL)", "yoy_server", "yoy_duckdb", "ms",
        size="yoy", slow=True, server=True),
    Row("migrate-store: file → PostgreSQL → new file, checked", "migrate_store", None, "s", size="pages", slow=True,
        server=True),
    Row("4 writers + 20 readers at once, embedded file: wait to open (median)", "contention_file", None, "ms",
        size="contention", slow=True),
    Row("4 writers + 20 readers at once, server store: wait to open (median)", "contention_server", None, "ms",
        size="contention", slow=True, server=True),
    Row("Briefing, full monthly report as PDF (data, charts, docx, pdf)", "report_pdf", None, "s", 5.0,
        size="pages", slow=True),
    Row("平安指数, every region (latest month and the one before)", "safety_index", "safety_index_pandas", "ms", 1.0,
        size="safety"),
    Row("风险预警, every region × watched count (latest month)", "safety_warnings", "safety_warnings_pandas", "ms", 1.0,
        size="safety", slow=True),
    Row("Cold start to first page (Chromium)", "cold_start", None, "s", size="pages", slow=True),
    Row("New session on a running server: first key figure (Chromium)", "first_paint_kpi", "first_paint_kpi_min",
        "s", max_vs_naive=1.3, size="seeded"),
    Row("New session on a running server: first chart drawn (Chromium)", "first_paint_chart", "first_paint_chart_min",
        "s", max_vs_naive=1.2, size="seeded"),
]
MEASURED_BY = {"first_paint_chart": "first_paint_kpi", "first_paint_kpi_min": "first_paint_kpi",
               "first_paint_chart_min": "first_paint_kpi"}   # series measured by another case's runs
SEEDED = "seeded store (2021 work summary)"
NAIVE_LABEL = {"ingest_xlsx_long_naive": "pandas read_excel(openpyxl) → DuckDB",
               "ingest_xlsx_wide_naive": "pandas read_excel(openpyxl) → DuckDB",
               "ingest_csv_utf8_naive": "pandas read_csv → DuckDB (reference, no checks)",
               "ingest_csv_gbk_naive": "pandas read_csv → DuckDB (reference, no checks)",
               "export_xlsx_naive": "DataFrame.to_excel(openpyxl) + formats",
               "page_queries_pandas": "pandas, all current rows in memory",
               "yoy_pandas": "pandas, all current rows in memory",
               "safety_index_pandas": "pandas merges and groupbys, all current rows in memory",
               "safety_warnings_pandas": "pandas groupby per series, the same model one series at a time",
               "overview_warm_held": "connection held by the process between reruns (the app before #15)",
               "overview_warm": "the same on the embedded file",
               "overview_nocache": "the same on the embedded file",
               "yoy_duckdb": "the same SQL on the embedded file",
               "first_paint_kpi_min": "minimal page (one st.metric, one Plotly chart), same run, side by side",
               "first_paint_chart_min": "minimal page (one st.metric, one Plotly chart), same run, side by side"}


@dataclass
class Plan:
    """Sizes and repetitions of one preset."""

    name: str
    pages: Spec
    yoy: Spec
    export_rows: int
    runs: int
    slow_runs: int
    warmup: int = 1
    skip: tuple[str, ...] = ()
    write_doc: Path = field(default=DOC)


TINY = Spec(obs=20_000, indicators=60, districts=3, subdistricts=8, communities=30, xlsx_rows=1_000,
            csv_rows=5_000)
PLANS = {
    "full": Plan("full", Spec(), Spec(obs=10_000_000), 100_000, runs=7, slow_runs=3),
    "quick": Plan("quick", Spec(obs=150_000, xlsx_rows=10_000, csv_rows=100_000), Spec(obs=1_000_000), 10_000,
                  runs=3, slow_runs=1, write_doc=REPO / "bench" / "out" / "benchmarks-quick.md"),
    "tiny": Plan("tiny", TINY, TINY, 1_000, runs=1, slow_runs=1,
                 skip=("cold_start", "first_paint_kpi", "first_paint_chart", "domain_warm", "report_pdf",
                       "contention_file", "overview_warm_open",
                       *(r.ours for r in ROWS if r.server)),
                 write_doc=REPO / "bench" / "out" / "benchmarks-tiny.md"),
}


def child(case: str, ctx: Ctx, runs: int, warmup: int, timeout: float = 3600) -> dict:
    """Run one case in a fresh Python process and parse its result line."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    cmd = [sys.executable, "-m", "bench.measure", case, json.dumps(asdict(ctx)), str(runs), str(warmup)]
    try:
        proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"case": case, "ok": False, "error": f"timed out after {timeout:.0f} s"}
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH-RESULT "):
            return json.loads(line.removeprefix("BENCH-RESULT "))
    return {"case": case, "ok": False, "error": f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}"}


def median(res: dict | None) -> float | None:
    """Median seconds of a successful result."""
    return statistics.median(res["times"]) if res and res.get("ok") and res["times"] else None


def run_all(plan: Plan, log=print) -> tuple[dict[str, dict], dict[str, str]]:
    """Generate the data the plan's cases need, then run them one after another."""
    sizes_used = {r.size for r in ROWS if r.ours not in plan.skip}
    if sizes_used <= {"seeded"}:                 # only cases on the seeded store: no data set to generate
        return _run_rows(plan, Ctx("", ""), log), {"seeded": SEEDED}
    uploads = bool(sizes_used & {"xlsx", "csv", "export"})
    pages = ensure(plan.pages, uploads=uploads, log=log)
    needs_yoy = "yoy" in sizes_used or "ingest_csv_big_store" not in plan.skip
    yoy = pages if plan.yoy == plan.pages or not needs_yoy else ensure(plan.yoy, uploads=False, log=log)
    safety = ensure_safety(plan.pages, log=log)
    ctx = Ctx(str(pages), str(yoy), plan.export_rows, safety_dir=str(safety))
    cluster = _server_stores(plan, ctx, log)
    try:
        results = _run_rows(plan, ctx, log)
    finally:
        if cluster is not None:
            cluster.stop()
    sizes = {"pages": f"{_obs(pages):,} obs", "yoy": f"{_obs(yoy):,} obs",
             "xlsx": f"{plan.pages.xlsx_rows:,} rows", "csv": f"{plan.pages.csv_rows:,} rows",
             "export": f"{plan.export_rows:,} rows", "contention": "24 processes, seeded store",
             "safety": f"{_obs(safety):,} obs, {plan.pages.communities} communities", "seeded": SEEDED}
    return results, sizes


def _server_stores(plan: Plan, ctx: Ctx, log) -> object | None:
    """A private PostgreSQL cluster holding copies of the pages and YoY data sets (when a server row runs)."""
    from bench.pgcluster import Cluster, bin_dir
    from indicators.store.copy import copy_store

    rows = [r for r in ROWS if r.server and r.ours not in plan.skip]
    if not rows or bin_dir() is None:
        return None
    cluster = Cluster()
    ctx.pg_admin = cluster.start()
    for attr, folder, wanted in (("pg_pages", ctx.pages_dir, any(r.size == "pages" for r in rows)),
                                  ("pg_yoy", ctx.yoy_dir, any(r.size == "yoy" for r in rows))):
        if not wanted:
            continue
        start = time.perf_counter()
        url = cluster.create_database(attr)
        os.environ["INDICATORS_DATA"] = str(Path(folder) / "data")
        copy_store(str(Path(folder) / "indicators.duckdb"), url)
        setattr(ctx, attr, url)
        log(f"  copied {folder} into PostgreSQL in {time.perf_counter() - start:.0f} s (migrate-store)")
    return cluster


def _run_rows(plan: Plan, ctx: Ctx, log) -> dict[str, dict]:
    results: dict[str, dict] = {}
    for row in ROWS:
        for case in (row.ours, row.naive):
            if not case or case in plan.skip or row.ours in plan.skip or case in results:
                continue
            if row.server and not ctx.pg_admin:
                results[case] = {"case": case, "ok": False, "error": "PostgreSQL is not installed"}
                continue
            runs = plan.slow_runs if row.slow else plan.runs
            run = MEASURED_BY.get(case, case)
            if run not in results:
                start = time.perf_counter()
                results[run] = child(run, ctx, runs, plan.warmup)
                status = "ok" if results[run].get("ok") else "FAILED: " + results[run].get("error", "")
                log(f"  {run:<24} {time.perf_counter() - start:6.1f} s  {status}")
                for name, res in results[run].pop("also", {}).items():
                    results.setdefault(name, res)
            results.setdefault(case, {"case": case, "ok": False, "error": f"not measured by {run}: "
                                                                         f"{results[run].get('error', '')}"})
    return results


def _obs(folder: Path) -> int:
    import duckdb

    con = duckdb.connect(str(folder / "indicators.duckdb"), read_only=True)
    try:
        return int(con.execute("SELECT count(*) FROM observation").fetchall()[0][0])
    finally:
        con.close()


# ---------------------------------------------------------------- the table

def fmt(seconds: float | None, unit: str, units: int = 0) -> str:
    """A median in the row's unit."""
    if seconds is None:
        return "—"
    if unit == "ms":
        return f"{seconds * 1000:,.0f} ms"
    if unit == "rows/s":
        return f"{seconds:.2f} s ({units / seconds / 1e6:.2f}M rows/s)"
    return f"{seconds:.2f} s"


def target_text(row: Row) -> str:
    """The row's target in words."""
    parts = []
    if row.max_s is not None:
        parts.append(f"≤ {row.max_s * 1000:.0f} ms" if row.unit == "ms" else f"≤ {row.max_s:g} s")
    if row.min_ratio is not None:
        parts.append(f"≥ {row.min_ratio:g}× naive")
    if row.min_rate is not None:
        parts.append(f"≥ {row.min_rate / 1e6:g}M rows/s")
    if row.max_vs_naive is not None:
        parts.append(f"≤ {row.max_vs_naive:g}× naive's time")
    return ", ".join(parts)


def verdict(row: Row, ours: dict | None, naive: dict | None, full: bool) -> str:
    """yes / NO against the target (only at the full sizes the targets are stated for)."""
    t = median(ours)
    if not target_text(row) or t is None:
        return ""
    if not full and row.size != "seeded":      # the seeded store is the same in every preset
        return "n/a (reduced size)"
    ok = True
    if row.max_s is not None:
        ok &= t <= row.max_s
    if row.min_ratio is not None:
        tn = median(naive)
        ok &= tn is not None and tn / t >= row.min_ratio
    if row.min_rate is not None:
        ok &= ours["units"] / t >= row.min_rate
    if row.max_vs_naive is not None:
        tn = median(naive)
        ok &= tn is not None and t / tn <= row.max_vs_naive
    return "yes" if ok else "**NO**"


def table(results: dict[str, dict], sizes: dict[str, str], full: bool) -> list[str]:
    """The results as markdown table lines."""
    lines = ["| Benchmark | Size | Ours (median) | Ours CPU | Naive way | Naive (median) | Ratio | Target | Met | "
             "Peak RSS ours | Peak RSS naive | Notes |",
             "|---|---|---:|---:|---|---:|---:|---|---|---:|---:|---|"]
    for row in ROWS:
        ours = results.get(row.ours)
        if ours is None:
            continue
        naive = results.get(row.naive) if row.naive else None
        t, tn = median(ours), median(naive)
        ratio = f"{tn / t:.1f}×" if t and tn else "—"
        naive_note = f"naive: {naive['note']}" if naive and naive.get("note") else ""
        notes = "; ".join(x for x in (_runs(ours), ours.get("check"), ours.get("note"), naive_note,
                                      _err(ours), _err(naive)) if x)
        lines.append(" | ".join([
            f"| {row.label}", sizes.get(row.size, ""), fmt(t, row.unit, ours.get("units", 0)), _cpu(ours, row),
            NAIVE_LABEL.get(row.naive or "", "—"), fmt(tn, row.unit, (naive or {}).get("units", 0)), ratio,
            target_text(row) or "—", verdict(row, ours, naive, full), _mb(ours), _mb(naive), notes]) + " |")
    return lines


def _cpu(res: dict, row: Row) -> str:
    """Median CPU seconds of this process over the timed runs (all its threads; the server's not counted)."""
    if not res.get("ok") or not res.get("cpu") or row.ours == "cold_start" or row.ours.startswith("first_paint"):
        return "—"
    return fmt(statistics.median(res["cpu"]), "ms" if row.unit == "ms" else "s")


def _runs(res: dict) -> str:
    return f"median of {len(res['times'])}" if res.get("ok") else ""


def _err(res: dict | None) -> str:
    return f"failed: {res['error']}" if res and not res.get("ok") else ""


def _mb(res: dict | None) -> str:
    return f"{res['peak_mb']:,.0f} MB" if res and res.get("peak_mb") else "—"


# ---------------------------------------------------------------- the document

def machine() -> list[str]:
    """Machine, OS, Python and package versions."""
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor() or "?")
    mem = next((int(ln.split()[1]) / 2**20 for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal")), 0)
    versions = ", ".join(f"{p} {_version(p)}" for p in PACKAGES)
    return [f"- Machine: {cpu}, {os.cpu_count()} cores, {mem:.0f} GB RAM; {platform.platform()}",
            f"- Python {platform.python_version()}; {versions}; {_chromium()}"]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def _chromium() -> str:
    try:
        out = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=20)
        return out.stdout.strip() or "chromium ?"
    except (OSError, subprocess.TimeoutExpired):
        return "chromium absent"


def document(plan: Plan, lines: list[str], elapsed: float, load: tuple[float, float]) -> str:
    """docs/benchmarks.md: how it was run, where, the table, and the notes."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    head = ["# Benchmarks", "",
            f"Written by `python -m bench{'' if plan.name == 'full' else ' --' + plan.name}` on {now} "
            f"(preset `{plan.name}`, {elapsed / 60:.1f} min). Do not edit by hand: run the command again.", "",
            *machine(),
            f"- Load average (1 min) when the run started / ended: {load[0]:.1f} / {load[1]:.1f} "
            "(other work on the machine inflates absolute times; ratios measured in the same run hold better)",
            f"- Data: seeded generator `bench/generate.py` (seed {plan.pages.seed}): 1 city, "
            f"{plan.pages.districts} districts, {plan.pages.subdistricts} subdistricts, "
            f"{plan.pages.communities} communities, {plan.pages.indicators} indicators, {plan.pages.years} years "
            "of monthly figures plus yearly totals.",
            f"- Method: each case in its own process; {plan.warmup} warm-up run, then the median of "
            f"{plan.runs} runs ({plan.slow_runs} for slow cases); peak RSS is the process's high-water mark "
            "(the server's for the cold start). Ratio = naive median / ours (higher is better for us). "
            "Ours CPU is the process's CPU time (all threads) per run: above the wall time when DuckDB works in "
            "parallel, a steadier figure than wall time on a shared machine.", ""]
    notes = NOTES.read_text(encoding="utf-8") if NOTES.exists() and plan.name == "full" else ""
    return "\n".join([*head, *lines, "", notes]).rstrip() + "\n"


def merged(doc: str, lines: list[str], only: str, elapsed: float, load: tuple[float, float]) -> str:
    """The report doc with this run's rows in place of (or beside) its own, in ROWS order, and a line naming the run."""
    def label(line: str) -> str:
        return line.split(" | ", 1)[0][2:]

    kept = {r.label for r in ROWS if r.ours in only.split(",")}    # not the rows run only as another's naive
    new = {label(ln): ln for ln in lines[2:] if label(ln) in kept}
    old_lines = doc.splitlines()
    table_at = [i for i, ln in enumerate(old_lines) if ln.startswith("| ")]
    old = {label(old_lines[i]): old_lines[i] for i in table_at[1:]}   # [0] is the header; "|---" is not "| "
    body = [new.get(r.label) or old.get(r.label) for r in ROWS if r.label in new or r.label in old]
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    rows = f"- Rows {', '.join(f'“{k}”' for k in new)} (and their naive columns) measured by "
    note = (f"{rows}`python -m bench --only {only} --merge` on {now} ({elapsed / 60:.1f} min, load {load[0]:.1f} / "
            f"{load[1]:.1f}); the other rows by the run above.")
    first, last = table_at[0], table_at[-1]
    head = [ln for ln in old_lines[:first] if not ln.startswith(rows)]   # an earlier merge of the same rows
    at = next((i + 1 for i, ln in enumerate(head) if ln.startswith("- Method:")), len(head))
    head = [*head[:at], note, *head[at:]]
    tail = ["", NOTES.read_text(encoding="utf-8")] if NOTES.exists() else old_lines[last + 1:]
    return "\n".join([*head, *old_lines[first:first + 2], *body, *tail]).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="reduced sizes, under two minutes")
    ap.add_argument("--tiny", action="store_true", help="smallest sizes, no browser (used by the test suite)")
    ap.add_argument("--out", type=Path, help="write the report here instead of the preset's default")
    ap.add_argument("--only", help="comma-separated case names to run (default: all)")
    ap.add_argument("--merge", action="store_true",
                    help="with --only: replace or add only these rows in the existing report, keeping the others")
    a = ap.parse_args(argv)
    plan = PLANS["tiny" if a.tiny else "quick" if a.quick else "full"]
    if a.only:
        keep = set(a.only.split(","))
        keep |= {r.naive for r in ROWS if r.ours in keep and r.naive}   # a kept row's naive column, same run
        plan.skip = tuple({c for r in ROWS for c in (r.ours, r.naive) if c and c not in keep})
    start, load0 = time.perf_counter(), os.getloadavg()[0]
    print(f"benchmarks, preset {plan.name} …", flush=True)
    results, sizes = run_all(plan, log=lambda m: print(m, flush=True))
    lines = table(results, sizes, full=plan.name == "full")
    print("\n".join(lines))
    out = a.out or plan.write_doc
    out.parent.mkdir(parents=True, exist_ok=True)
    elapsed, load = time.perf_counter() - start, (load0, os.getloadavg()[0])
    if a.merge and out.exists():
        text = merged(out.read_text(encoding="utf-8"), lines, a.only, elapsed, load)
    else:
        text = document(plan, lines, elapsed, load)
    out.write_text(text, encoding="utf-8")
    print(f"written {out}")
    return 0 if all(r.get("ok") for r in results.values()) else 1
