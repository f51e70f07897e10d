"""Hostile uploads: time and peak memory of `indicators ingest FILE --dry-run --json` on each (issue #17).

    .venv/bin/python -m bench.hostile [--only NAME …] [--timeout 300] [--max-rss-gb 6] [--out FILE.json]

Each file comes from tests/hostile.py (generated, nothing committed) and goes through the command line, the same
path as the upload page. The command runs in its own process; a watchdog kills it when it runs past --timeout or
when its process tree holds more than --max-rss-gb resident (so measuring today's behaviour cannot take the
machine down). Peak memory is the process tree's high-water mark as the kernel reports it to wait4 (the command
and every worker it waited for). A tiny valid CSV is measured first: its time is the command's own start-up.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def cases() -> dict[str, tuple[str, object]]:
    """name → (file name, generator) of every hostile file, plus a small valid baseline."""
    from tests import hostile as h

    good = "指标,地区,期间,数值\n两盗案件,葵涌,2021年,5\n".encode()
    return {
        "baseline (2-row CSV)": ("good.csv", lambda: good),
        "xlsx A1 + XFD1048576": ("far.xlsx", h.far_cell_xlsx),
        "xlsx A1 + XFD3000": ("far3000.xlsx", lambda: h.far_cell_xlsx("XFD3000")),
        "xlsx far cell, lying <dimension>": ("liar.xlsx", lambda: h.far_cell_xlsx("XFD3000", "A1:B2")),
        "xlsx 1M implicit rows x 16384 cols": ("implicit.xlsx", lambda: h.implicit_xlsx(1_048_576, 16_384)),
        "CSV 20,000 columns (40 KB)": ("wide.csv", h.wide_csv),
        "CSV 5 MB on one line": ("line5.csv", lambda: h.one_line_csv(5)),
        "CSV 50 MB on one line": ("line50.csv", lambda: h.one_line_csv(49.9)),
        "CSV one 5 MB field": ("field5.csv", lambda: h.one_field_csv(5)),
        "xlsx 1,048,576 rows": ("rows.xlsx", h.rows_xlsx),
        "CSV 1,048,576 rows": ("rows.csv", h.rows_csv),
    }


@dataclass
class Outcome:
    """What happened to one file."""

    case: str
    size_kb: float
    seconds: float
    peak_mb: float
    end: str            # "exit N", "signal NAME", "timeout", "memory cap"
    message: str


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in kB (from /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next((int(ln.split()[1]) for ln in f if ln.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return total


def run_one(case: str, path: Path, env: dict[str, str], timeout: float, max_rss_kb: int) -> Outcome:
    """Run the command on one file under the watchdog; peak memory from wait4 (process and its waited children)."""
    cmd = [sys.executable, "-m", "indicators", "ingest", str(path), "--dry-run", "--json"]
    out = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    end = ""
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - t0 > timeout:
            end = "timeout"
        elif _tree_rss_kb(proc.pid) > max_rss_kb:
            end = "memory cap"
        if end:
            os.killpg(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.05)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if not end:
        end = f"exit {proc.returncode}" if proc.returncode >= 0 else f"signal {signal.Signals(-proc.returncode).name}"
    out.seek(0)
    text = out.read().decode("utf-8", errors="replace")
    return Outcome(case, round(path.stat().st_size / 1024, 1), round(seconds, 2), round(usage.ru_maxrss / 1024),
                   end, _message(text))


def _message(text: str) -> str:
    """The first error of the JSON answer, else the last line of what the command printed."""
    start = text.find("{")
    try:
        doc = json.loads(text[start:]) if start >= 0 else {}
        errors = [i["message"] for i in doc.get("issues", []) if i.get("level") == "error"]
        return (errors[0] if errors else doc.get("message") or doc.get("status") or "")[:160]
    except json.JSONDecodeError:
        lines = [ln for ln in text.strip().splitlines() if ln.strip()]
        return lines[-1][:160] if lines else ""


def main(argv: list[str] | None = None) -> int:
    """Generate each file, run it, print a table (and optionally write JSON)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", help="substrings of case names to run")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--max-rss-gb", type=float, default=6)
    ap.add_argument("--out", help="write the outcomes as JSON here")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO))
    tmp = Path(tempfile.mkdtemp(prefix="hostile-"))
    env = {**os.environ, "INDICATORS_DB": str(tmp / "h.duckdb"), "PYTHONPATH": str(REPO / "src"),
           "INDICATORS_UPLOAD_MAX_MB": "50"}
    subprocess.run([sys.executable, "-m", "indicators", "init"], cwd=REPO, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    results = []
    for case, (name, make) in cases().items():
        if args.only and not any(s in case for s in args.only):
            continue
        path = tmp / name
        path.write_bytes(make())
        r = run_one(case, path, env, args.timeout, int(args.max_rss_gb * 1024 * 1024))
        path.unlink()
        results.append(r)
        print(f"{r.case:38} {r.size_kb:>9,.0f} KB {r.seconds:>8.2f} s {r.peak_mb:>7,.0f} MB  {r.end:14} {r.message}",
              flush=True)
    if args.out:
        Path(args.out).write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
