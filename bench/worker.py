"""What reading an upload in a worker process costs (issue #17): the same files read in this process, in a forked
worker (the command line's path) and through the fork server (the app server's path), interleaved run by run.

    .venv/bin/python -m bench.worker [--repeat 7] [--files long.xlsx wide.xlsx long_utf8.csv]

Files come from the benchmark data set (bench/generate.py, made once into bench/out/), plus a typical office table
of 200 cells. Times are each way's median wall time, and CPU time of this process and the children it reaped (the
fork server's children are not ours to reap, so that path shows wall time only). Interleaving keeps the comparison
fair on a shared machine: a busy moment slows all three ways alike.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

WAYS = ("here", "fork", "fork server")


def _catalog(folder: Path):
    from bench.cases import use_data
    from indicators.store import connect
    from indicators.store.catalog_sync import catalog_from_db
    from indicators.store.seed import ensure_ready

    db = Path(tempfile.mkdtemp()) / "w.duckdb"
    use_data(str(folder), db)
    con = connect(db)
    ensure_ready(con)
    cat = catalog_from_db(con)
    con.close()
    return cat


def office_table(cat) -> bytes:
    """A typical office upload: 20 indicators × 9 years for one region, 200 cells with the labels."""
    from tests.ingest.helpers import xlsx

    names = [i.name_zh for i in cat.indicators.values() if i.kind == "count" and not i.parent][:20]
    head = ["指标", "地区"] + [f"{y}年" for y in range(2012, 2021)]
    return xlsx([head] + [[n, cat.default_region().name_zh] + [10 + k for k in range(9)] for n in names])


def _cpu() -> float:
    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


def _once(way: str, name: str, data: bytes, cat) -> tuple[float, float, str]:
    from indicators.ingest import Limits, ingest
    from indicators.ingest import sandbox as sb

    limits = Limits(max_bytes=len(data) + 1)
    t0, c0 = time.perf_counter(), _cpu()
    if way == "here":
        res = ingest(data, name, cat, limits=limits)
    else:
        sb._single_threaded = (lambda: True) if way == "fork" else (lambda: False)
        res = sb.ingest_isolated(data, name, cat, limits=limits)
    return time.perf_counter() - t0, _cpu() - c0, f"{res.status}, {len(res.observations):,} figures"


def main(argv: list[str] | None = None) -> int:
    """Run every file each way, interleaved; print medians and the worker's overhead."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--files", nargs="*", default=["long.xlsx", "wide.xlsx", "long_utf8.csv"])
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bench.generate import Spec, ensure
    from indicators.ingest import sandbox as sb

    folder = ensure(Spec())
    cat = _catalog(folder)
    files = {"office table (200 cells)": office_table(cat)}
    files.update({f: (folder / "uploads" / f).read_bytes() for f in args.files})
    sb.warm_up()
    time.sleep(3)                                   # the fork server imports once; not part of any upload
    print(f"load average {os.getloadavg()[0]:.1f}; {args.repeat} interleaved runs after one warm-up each")
    for name, data in files.items():
        runs: dict[str, list[tuple[float, float]]] = {w: [] for w in WAYS}
        note = ""
        for k in range(args.repeat + 1):
            for way in WAYS:
                wall, cpu, note = _once(way, name, data, cat)
                if k:
                    runs[way].append((wall, cpu))
        med = {w: (statistics.median(x[0] for x in r), statistics.median(x[1] for x in r)) for w, r in runs.items()}
        here = med["here"][0]
        cells = "  ".join(f"{w} {m[0] * 1000:7.0f} ms (+{(m[0] - here) * 1000:5.0f})" +
                          (f" cpu {m[1] * 1000:5.0f} ms" if w != "fork server" else "") for w, m in med.items())
        print(f"{name:26} {len(data) / 1e6:6.1f} MB  {cells}  [{note}]", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    threading.Event().wait(0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
