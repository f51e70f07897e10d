"""Benchmark: a full monthly briefing as PDF, end to end, with the share of each step (data, charts, docx, pdf).

Run: .venv/bin/python bench/report.py [--data DIR] [--period P] [--format pdf|docx] [--repeat N]
Default data: the bench's pages data set (bench/out/…, made by `python -m bench.generate`: 10 years of monthly
figures for 200 indicators), the latest month, the default district. `python -m bench` runs it as the row
"Briefing, full monthly report as PDF" (bench/cases.py: report_pdf).
"""

from __future__ import annotations

import argparse
import os
import statistics
from pathlib import Path

STEPS = ("data", "charts", "docx", "pdf")


def latest_month(con) -> str:
    """The newest month holding data."""
    from indicators.periods import parse_period, sort_key
    from indicators.store import queries as q

    months = [p for p in q.periods(con) if parse_period(p).kind == "month"]
    return max(months, key=sort_key)


def open_store(folder: Path):
    """A read-only connection to a generated data set and its catalogue."""
    os.environ["INDICATORS_DATA"] = str(folder / "data")
    os.environ["INDICATORS_DB"] = str(folder / "indicators.duckdb")
    from indicators.store import connect
    from indicators.store.catalog_sync import catalog_from_db

    con = connect(folder / "indicators.duckdb", read_only=True)
    return con, catalog_from_db(con)


def one_report(con, cat, period: str, fmt: str = "pdf"):
    """Build the briefing once (the web action's path without its audit row); refuse a run without chart images."""
    from indicators.report import build, parse_request
    from indicators.report.pdf import keep_a_spare

    keep_a_spare()                     # as the app's server does (web/report_button.py)
    report = build(con, cat, parse_request(con, cat, period=period, fmt=fmt))
    if report.chart_problem:
        raise RuntimeError(report.chart_problem)
    return report


def shares(timings: dict[str, float]) -> str:
    """data 10%, charts 50%, … of the total."""
    total = sum(timings.values()) or 1.0
    return ", ".join(f"{k} {timings[k]:.2f} s ({timings[k] / total:.0%})" for k in STEPS if k in timings)


def main() -> None:
    """Build the report repeatedly and print the median total and the median of each step."""
    from bench.generate import Spec, ensure

    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, help="a generated data set folder (default: the pages data set)")
    ap.add_argument("--period", help="default: the latest month")
    ap.add_argument("--format", default="pdf", choices=["pdf", "docx"])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    con, cat = open_store(args.data or ensure(Spec(), uploads=False))
    period = args.period or latest_month(con)
    one_report(con, cat, period, args.format)  # warm-up
    runs = [one_report(con, cat, period, args.format) for _ in range(args.repeat)]
    med = {k: statistics.median(r.timings[k] for r in runs) for k in runs[0].timings}
    last = runs[-1]
    print(f"{last.name}: {len(last.data) / 1024:.0f} KB, {len(last.document.charts())} charts, "
          f"{len(last.document.tables())} tables; load average {os.getloadavg()[0]:.1f}")
    print(f"median of {args.repeat}: {sum(med.values()):.2f} s = {shares(med)}")


if __name__ == "__main__":
    main()
