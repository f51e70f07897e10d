"""Ingest speed: a 100k-row xlsx and a 1M-row CSV end to end (parse, checks, commit) against the naive way.

    .venv/bin/python -m bench.ingest [--rows 100000] [--csv-rows 1000000] [--repeat 3]

The files are generated once into bench/out/ingest/ from the real catalogue (seed database), with figures
that pass every check (parts ≤ totals, numerators ≤ denominators, rates equal to their counts), so the
timing covers a full commit. Naive: pandas.read_excel(engine='openpyxl') / pandas.read_csv, then the
DataFrame into a DuckDB table, without any checks or mapping.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parent / "out" / "ingest"
HEADERS = ["指标", "地区", "期间", "数值", "单位"]
STAGES: list[dict[str, float]] = []


def _catalog():
    from indicators.store import connect
    from indicators.store.catalog_sync import catalog_from_db
    from indicators.store.seed import ensure_ready

    db = Path(tempfile.mkdtemp()) / "cat.duckdb"
    con = connect(db)
    ensure_ready(con)
    cat = catalog_from_db(con)
    con.close()
    return cat


def consistent_values(cat, n_periods: int, rng: np.random.Generator) -> np.ndarray:
    """values[period, region, indicator] that pass every check of the pipeline."""
    inds, regs = list(cat.indicators.values()), list(cat.regions)
    pos = {i.id: k for k, i in enumerate(inds)}
    v = rng.integers(0, 60, size=(n_periods, len(regs), len(inds))).astype(float)
    subs = [regs.index(r.code) for r in cat.regions.values() if r.level == "subdistrict"]
    district = regs.index(cat.default_region().code)
    city = regs.index(cat.default_region().parent)
    for i in inds:
        kids = [pos[c.id] for c in inds if c.parent == i.id]
        if kids:
            v[:, :, pos[i.id]] = v[:, :, kids].sum(axis=2) + v[:, :, pos[i.id]]
    for i in inds:
        if i.numerator and i.denominator:
            num, den = pos[i.numerator], pos[i.denominator]
            v[:, :, den] = np.maximum(v[:, :, den], v[:, :, num] + 1)
    additive = [pos[i.id] for i in inds if i.kind in ("count", "amount")]
    v[:, district, additive] += v[:, subs][:, :, additive].sum(axis=1)
    v[:, city, additive] += v[:, district, additive]
    for i in inds:
        if i.numerator and i.denominator:
            v[:, :, pos[i.id]] = np.round(v[:, :, pos[i.numerator]] / v[:, :, pos[i.denominator]] * 100, i.decimals)
        elif i.is_rate:
            v[:, :, pos[i.id]] = np.round(rng.uniform(50, 100, size=v.shape[:2]), i.decimals)
    return v


def long_frame(cat, rows: int, seed: int = 7) -> pd.DataFrame:
    """A long table (指标, 地区, 期间, 数值, 单位) of `rows` distinct monthly figures."""
    inds, regs = list(cat.indicators.values()), list(cat.regions.values())
    per_month = len(inds) * len(regs)
    months = -(-rows // per_month)
    v = consistent_values(cat, months, np.random.default_rng(seed))
    p, r, i = np.meshgrid(np.arange(months), np.arange(len(regs)), np.arange(len(inds)), indexing="ij")
    p, r, i = p.ravel()[:rows], r.ravel()[:rows], i.ravel()[:rows]
    labels = [f"{1900 + m // 12}年{m % 12 + 1}月" for m in range(months)]
    return pd.DataFrame({
        "指标": np.array([x.name_zh for x in inds], dtype=object)[i],
        "地区": np.array([x.name_zh for x in regs], dtype=object)[r],
        "期间": np.array(labels, dtype=object)[p],
        "数值": v[p, r, i],
        "单位": np.array([x.unit for x in inds], dtype=object)[i],
    })


def write_xlsx(df: pd.DataFrame, path: Path) -> None:
    """xlsxwriter in constant-memory mode, row by row (generation only, not timed)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("数据")
    ws.write_row(0, 0, HEADERS)
    for n, row in enumerate(df.itertuples(index=False), start=1):
        ws.write_row(n, 0, row)
    wb.close()


def files(rows: int, csv_rows: int) -> tuple[Path, Path, object]:
    """Generate (once) the xlsx and CSV files; return their paths and the catalogue."""
    OUT.mkdir(parents=True, exist_ok=True)
    cat = _catalog()
    xlsx, csv = OUT / f"long_{rows}.xlsx", OUT / f"long_{csv_rows}.csv"
    if not xlsx.exists():
        write_xlsx(long_frame(cat, rows), xlsx)
    if not csv.exists():
        long_frame(cat, csv_rows).to_csv(csv, index=False, encoding="utf-8")
    return xlsx, csv, cat


def fresh_db(tmp: Path, template: Path) -> Path:
    """A copy of a seeded database, so every run commits into the same starting state."""
    target = tmp / "run.duckdb"
    for p in (target, Path(str(target) + ".wal")):
        p.unlink(missing_ok=True)
    shutil.copy(template, target)
    return target


def ours(path: Path, cat, template: Path, tmp: Path) -> tuple[float, float, int]:
    """(ingest seconds, commit seconds, rows committed) the way the page and the CLI take: the file read in a
    capped worker process (indicators.ingest.sandbox, forked from this single-threaded process), then committed."""
    from indicators import actions
    from indicators.actions import upload
    from indicators.ingest import Limits
    from indicators.ingest.sandbox import ingest_isolated
    from indicators.store import connect

    con = connect(fresh_db(tmp, template))
    data = path.read_bytes()
    t0 = time.perf_counter()
    res = ingest_isolated(data, path.name, cat, limits=Limits(max_bytes=len(data) + 1))
    t1 = time.perf_counter()
    if res.errors:
        raise SystemExit(f"{path.name} refused: {[i.message for i in res.errors[:3]]}")
    batch = upload.commit(con, actions.shell("bench"), res, confirm_warnings=True)
    t2 = time.perf_counter()
    con.close()
    STAGES.append(res.timings)
    return t1 - t0, t2 - t1, batch.n_new + batch.n_changed + batch.n_unchanged


def naive(path: Path, tmp: Path) -> tuple[float, int]:
    """pandas reader, then the DataFrame into a DuckDB table: no checks, no mapping."""
    import duckdb

    t0 = time.perf_counter()
    df = pd.read_excel(path, engine="openpyxl") if path.suffix == ".xlsx" else pd.read_csv(path)
    con = duckdb.connect(str(tmp / "naive.duckdb"))
    con.execute("CREATE OR REPLACE TABLE upload AS SELECT * FROM df")
    con.close()
    return time.perf_counter() - t0, len(df)


def main() -> None:
    """Generate, run each way `repeat` times interleaved, print medians and ratios."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--csv-rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-naive-xlsx", action="store_true", help="openpyxl takes ~10 s per 100k rows")
    args = ap.parse_args()
    xlsx, csv, cat = files(args.rows, args.csv_rows)
    tmp = Path(tempfile.mkdtemp())
    from indicators.store import connect
    from indicators.store.seed import ensure_ready

    template = tmp / "template.duckdb"
    con = connect(template)
    ensure_ready(con)
    con.execute("CHECKPOINT")
    con.close()
    for path in (xlsx, csv):
        ing, com, nav = [], [], []
        rows = 0
        for _ in range(args.repeat):
            a, b, rows = ours(path, cat, template, tmp)
            ing.append(a)
            com.append(b)
            if not (path.suffix == ".xlsx" and args.skip_naive_xlsx):
                nav.append(naive(path, tmp)[0])
        total = [a + b for a, b in zip(ing, com, strict=True)]
        med = statistics.median
        print(f"{path.name}: {rows:,} rows committed, {path.stat().st_size / 1e6:.1f} MB")
        stages = {k: med([s[k] for s in STAGES[-args.repeat:]]) for k in ("read", "analyse", "checks")}
        print("  stages " + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()))
        print(f"  ours   parse+checks {med(ing):.2f} s + commit {med(com):.2f} s = {med(total):.2f} s "
              f"({rows / med(total):,.0f} rows/s end to end, {rows / med(ing):,.0f} rows/s parse+checks)")
        if nav:
            print(f"  naive  {'read_excel(openpyxl)' if path.suffix == '.xlsx' else 'read_csv'} + DuckDB "
                  f"{med(nav):.2f} s (no checks, no mapping)  → ours is {med(nav) / med(total):.1f}× the speed")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
