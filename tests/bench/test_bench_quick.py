"""The benchmark command runs end to end at the smallest sizes and writes a well-formed table.

Benchmarks are not tests: nothing here checks a speed. It checks that `python -m bench --tiny` (the quick
preset at the smallest sizes, no browser) generates its data, runs every case in its own process and reports.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
COLUMNS = ["Benchmark", "Size", "Ours (median)", "Ours CPU", "Naive way", "Naive (median)", "Ratio", "Target", "Met",
           "Peak RSS ours", "Peak RSS naive", "Notes"]


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def test_tiny_run_writes_a_well_formed_table(tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.md"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "bench", "--tiny", "--out", str(out)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks")
    assert "- Machine:" in text and "duckdb" in text
    rows = [ln for ln in text.splitlines() if ln.startswith("|")]
    assert _cells(rows[0]) == COLUMNS
    body = [_cells(r) for r in rows[2:]]
    assert all(len(r) == len(COLUMNS) for r in body)
    labels = {r[0] for r in body}
    assert {"Ingest xlsx (long), end to end", "Export formatted xlsx", "Overview, warm rerun (AppTest)",
            "YoY, all indicators × regions (SQL over the store's view)",
            "YoY, all indicators × regions (explore.query, the query page)"} <= labels
    for r in body:
        assert r[2].endswith((" s", " ms", "rows/s)")), r
        assert r[9].endswith(" MB"), r
        assert "failed" not in r[11], r
    compared = [r for r in body if r[4] != "—"]
    assert compared and all(r[6].endswith("×") for r in compared)
    assert "same rows and numbers as DuckDB" in text and "DIFFERENT" not in text  # pandas YoY agrees
    assert "Benchmark" in proc.stdout  # the table is printed too
