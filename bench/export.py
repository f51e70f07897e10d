"""Benchmark: 100k rows × 10 columns to a formatted xlsx, our writer vs pandas+openpyxl (and xlsxwriter).

Run: .venv/bin/python bench/export.py [--rows N] [--skip-slow]
Prints each writer's median time and the ratio to DataFrame.to_excel(engine='openpyxl').
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from indicators.explore import parse_filters, query
from indicators.export import write_csv, write_xlsx
from indicators.export.query_export import render
from indicators.store import connect
from indicators.store.batches import insert_batch
from indicators.store.catalog_sync import catalog_from_db
from indicators.store.db import transaction
from indicators.store.seed import ensure_ready

REGIONS = ["大鹏新区", "葵涌办事处", "大鹏办事处", "南澳办事处"]
INDICATORS = ["110刑事治安总警情", "八类暴力案件", "“两盗”案件", "政法工作满意度", "矛盾纠纷调解成功率"]


def table(rows: int, seed: int = 7) -> pd.DataFrame:
    """A query-shaped table: 5 text and 5 numeric columns."""
    rng = np.random.default_rng(seed)
    ind = rng.integers(0, len(INDICATORS), rows)
    return pd.DataFrame({
        "指标": np.array(INDICATORS)[ind],
        "地区": np.array(REGIONS)[rng.integers(0, len(REGIONS), rows)],
        "期间": pd.Series(rng.integers(2015, 2025, rows)).astype(str) + "-" +
        pd.Series(rng.integers(1, 13, rows)).map("{:02d}".format),
        "数值": rng.integers(0, 200_000, rows).astype(float),
        "单位": np.where(ind >= 3, "%", "起"),
        "上年同期": rng.integers(0, 200_000, rows).astype(float),
        "同比变化": np.round(rng.normal(0, 20, rows), 2),
        "评估": rng.choice(["向好", "变差", "平稳"], rows),
        "比率": np.round(rng.uniform(0, 100, rows), 1),
        "来源": "上传 batch " + pd.Series(rng.integers(1, 500, rows)).astype(str) + " 表1!C" +
        pd.Series(rng.integers(2, 9999, rows)).astype(str),
    })


FORMATS = {"数值": "#,##0", "上年同期": "#,##0", "同比变化": '0.00"%"', "比率": '0.0"%"'}


def ours(df: pd.DataFrame, path: Path) -> None:
    """indicators.export.write_xlsx with formats and a notes sheet."""
    write_xlsx(df, path, sheet_name="大鹏新区_数据", formats=FORMATS, notes={"筛选": "全部", "行数": len(df)})


def pandas_openpyxl(df: pd.DataFrame, path: Path) -> None:
    """The naive way: DataFrame.to_excel with openpyxl, then number formats, freeze and filter."""
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        df.to_excel(xw, index=False, sheet_name="数据")
        ws = xw.sheets["数据"]
        for j, col in enumerate(df.columns, start=1):
            if col in FORMATS:
                for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    cell.number_format = FORMATS[col]
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions


def pandas_xlsxwriter(df: pd.DataFrame, path: Path) -> None:
    """DataFrame.to_excel with xlsxwriter and column formats."""
    with pd.ExcelWriter(path, engine="xlsxwriter") as xw:
        df.to_excel(xw, index=False, sheet_name="数据")
        book, ws = xw.book, xw.sheets["数据"]
        for j, col in enumerate(df.columns):
            if col in FORMATS:
                ws.set_column(j, j, 12, book.add_format({"num_format": FORMATS[col]}))
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, len(df), len(df.columns) - 1)


def csv(df: pd.DataFrame, path: Path) -> None:
    """indicators.export.write_csv (UTF-8 with BOM, guarded)."""
    write_csv(df, path.with_suffix(".csv"))


def timed(fn: Callable[[pd.DataFrame, Path], None], df: pd.DataFrame, folder: Path,
          repeat: int) -> tuple[float, float]:
    """Median wall time of repeat runs; the best wall time and the median CPU time are printed too.

    CPU time is what the run itself costs: on a machine busy with other work wall time grows, CPU time much less."""
    wall, cpu = [], []
    for i in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn(df, folder / f"{fn.__name__}_{i}.xlsx")
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(f"  ({fn.__name__}: wall best {min(wall):.2f} s, median {statistics.median(wall):.2f} s; "
          f"CPU median {statistics.median(cpu):.2f} s; {repeat} runs)")
    return statistics.median(wall), statistics.median(cpu)


def observations(catalog, rows: int, seed: int = 5) -> pd.DataFrame:
    """About `rows` monthly observations of every count and rate indicator in the subdistricts."""
    rng = np.random.default_rng(seed)
    inds = [i.id for i in catalog.indicators.values() if i.kind in ("count", "rate")]
    regs = [r.code for r in catalog.regions.values() if r.level == "subdistrict"]
    years = range(2021 - rows // (len(inds) * len(regs) * 12), 2022)
    periods = [f"{y}-{m:02d}" for y in years for m in range(1, 13)]
    df = pd.MultiIndex.from_product([inds, regs, periods], names=["indicator_id", "region_code", "period"]
                                    ).to_frame(index=False).head(rows)
    rate = df["indicator_id"].map(lambda i: catalog.indicators[i].is_rate).to_numpy()
    df["value"] = np.where(rate, np.round(rng.uniform(50, 100, len(df)), 1), rng.integers(0, 5000, len(df)) * 1.0)
    df["source"] = "bench 表1!C" + pd.Series(np.arange(len(df)) + 2).astype(str)
    return df


def end_to_end(rows: int, folder: Path, repeat: int) -> None:
    """The real path on a DuckDB file: query (change, assessment) then the formatted workbook with notes."""
    con = connect(folder / "bench.duckdb")
    ensure_ready(con)
    catalog = catalog_from_db(con)
    with transaction(con):
        insert_batch(con, observations(catalog, rows), kind="upload", file_name="bench.xlsx", sha256="bench",
                     user="bench")
    filters = parse_filters(catalog, period_kind="month")
    t_query = _medians([_time(lambda: query(con, filters)) for _ in range(repeat)])
    table = query(con, filters)
    t_render = _medians([_time(lambda: render(catalog, filters, table, "xlsx", user="bench", lang="zh"))
                         for _ in range(repeat)])
    con.close()
    print(f"end to end, {len(table):,} explore rows × 14 columns (per-row formats, notes sheet)")
    print(f"  explore.query (SQL + vectorised change/assessment)  {t_query[0]:5.2f} s / {t_query[1]:5.2f} s CPU")
    print(f"  query_export.render xlsx                            {t_render[0]:5.2f} s / {t_render[1]:5.2f} s CPU")


def _time(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one call."""
    start, start_cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - start_cpu


def _medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """Median wall and median CPU time."""
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> None:
    """Run the writers and print times and ratios."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--skip-slow", action="store_true", help="skip pandas+openpyxl and xlsxwriter")
    args = ap.parse_args()
    df = table(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ours(df, folder / "warmup.xlsx")
        (t_ours, c_ours), (t_csv, c_csv) = timed(ours, df, folder, args.repeat), timed(csv, df, folder, args.repeat)
        size = (folder / "ours_0.xlsx").stat().st_size / 1e6
        print(f"{args.rows:,} rows × {len(df.columns)} columns; load average {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} cores (wall / CPU, medians)")
        print(f"  indicators.export.write_xlsx  {t_ours:6.2f} s / {c_ours:5.2f} s  ({size:.1f} MB)")
        print(f"  indicators.export.write_csv   {t_csv:6.2f} s / {c_csv:5.2f} s")
        end_to_end(args.rows, folder, args.repeat)
        if args.skip_slow:
            return
        (t_xw, c_xw), (t_opx, c_opx) = timed(pandas_xlsxwriter, df, folder, 1), timed(pandas_openpyxl, df, folder, 1)
        print(f"  pandas + xlsxwriter           {t_xw:6.2f} s / {c_xw:5.2f} s")
        print(f"  pandas + openpyxl             {t_opx:6.2f} s / {c_opx:5.2f} s")
        print(f"ratio pandas+openpyxl / ours: {t_opx / t_ours:.1f}× by wall time, {c_opx / c_ours:.1f}× by CPU time; "
              f"pandas+xlsxwriter / ours: {t_xw / t_ours:.1f}× wall, {c_xw / c_ours:.1f}× CPU")

if __name__ == "__main__":
    main()
