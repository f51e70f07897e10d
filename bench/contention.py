"""Many processes on one store: writers committing batches and readers checking what they see, each its own process.

    python -m bench.contention run STORE [--writers 4 --readers 20 --batches 3 --rows 20]   # prints a JSON summary

A writer commits `batches` batches of its own (distinct keys), then the one file every writer tries (only the first
may store it: the others must find it stored), each through the upload action in its own short connection. A reader
opens the store again and again, and checks in one statement that every committed batch holds exactly the rows it
says (no half-written batch), until the writers are done. Used by tests/store/test_many_processes.py (counts must
add up: nothing lost, nothing doubled) and by bench/multiproc.py (how long processes wait for each other).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_SHA = "shared-file-every-writer-tries"
_TORN = """SELECT b.id FROM batch b LEFT JOIN observation o ON o.batch_id = b.id
           GROUP BY b.id, b.n_new, b.n_changed HAVING count(o.batch_id) <> b.n_new + b.n_changed"""


def batch_rows(indicators: list[str], writer: int, batch: int, rows: int):
    """A writer's batch: `rows` figures of its own year (2100 + writer) and month (batch), distinct keys."""
    import pandas as pd

    ids = [indicators[i % len(indicators)] for i in range(rows)]
    regions = [f"R{writer:02d}{i // len(indicators):03d}" for i in range(rows)]
    return pd.DataFrame({"indicator_id": ids, "region_code": regions, "period": f"{2100 + writer}-{batch + 1:02d}",
                         "value": [float(writer * 1000 + batch)] * rows})


def writer(store: str, number: int, batches: int, rows: int) -> dict:
    """Commit this writer's batches, then try the shared file; what happened and how long opening waited."""
    from indicators.actions import shell
    from indicators.actions.upload import commit_rows
    from indicators.store.catalog_sync import catalog_from_db
    from indicators.store.db import opened

    with opened(store) as con:
        indicators = sorted(catalog_from_db(con).indicators)[:10]
    waits, stored, duplicates = [], [], 0
    jobs = [(b, batch_rows(indicators, number, b, rows), f"w{number}-b{b}") for b in range(batches)]
    jobs.append((-1, batch_rows(indicators, 99, 0, rows), SHARED_SHA))
    for _, frame, sha in jobs:
        t0 = time.perf_counter()
        with opened(store) as con:
            waits.append(time.perf_counter() - t0)
            res = commit_rows(con, shell(f"writer{number}"), frame, file_name=f"{sha}.csv", sha256=sha)
        if res.duplicate_of:
            duplicates += 1
        else:
            stored.append(res.batch_id)
    return {"role": "writer", "stored": stored, "duplicates": duplicates, "waits": waits}


def reader(store: str, until: Path, limit: float, most: int = 0) -> dict:
    """Read until the file `until` exists (or `limit` seconds, or `most` reads when given): each read checks that no
    batch is half written."""
    from indicators.store import queries as q
    from indicators.store.db import opened

    waits, reads, torn, deadline = [], 0, [], time.monotonic() + limit
    while not until.exists() and time.monotonic() < deadline and not (most and reads >= most):
        t0 = time.perf_counter()
        with opened(store) as con:
            waits.append(time.perf_counter() - t0)
            torn += [r[0] for r in con.execute(_TORN).fetchall()]
            q.data_version(con)
            con.execute("SELECT count(*), sum(value) FROM current_observation").fetchall()
        reads += 1
        time.sleep(0.01)
    return {"role": "reader", "reads": reads, "torn": torn, "waits": waits}


def run(store: str, writers: int = 4, readers: int = 20, batches: int = 3, rows: int = 20, reads: int = 0,
        timeout: float = 300) -> dict:
    """Start the readers, then the writers, all at once; collect their reports (each process prints one JSON line)."""
    done = Path(os.environ.get("TMPDIR", "/tmp")) / f"contention-done-{os.getpid()}-{time.monotonic_ns()}"
    path = os.pathsep.join([str(REPO), str(REPO / "src"), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    me = [sys.executable, "-m", "bench.contention"]
    t0 = time.perf_counter()
    procs = [subprocess.Popen([*me, "reader", store, str(done), str(timeout), str(reads)], stdout=subprocess.PIPE,
                              env=env, cwd=REPO, text=True) for _ in range(readers)]
    wprocs = [subprocess.Popen([*me, "writer", store, str(n), str(batches), str(rows)], stdout=subprocess.PIPE,
                               env=env, cwd=REPO, text=True) for n in range(writers)]
    try:
        reports = [_report(p, timeout) for p in wprocs]
    finally:
        done.touch()
    reports += [_report(p, timeout) for p in procs]
    done.unlink(missing_ok=True)
    wall = time.perf_counter() - t0
    waits = sorted(w for r in reports for w in r.get("waits", []))
    return {"reports": reports, "wall_s": wall, "opens": len(waits),
            "wait_median_ms": 1000 * waits[len(waits) // 2] if waits else 0,
            "wait_p95_ms": 1000 * waits[int(len(waits) * 0.95)] if waits else 0,
            "wait_max_ms": 1000 * waits[-1] if waits else 0}


def _report(proc: subprocess.Popen, timeout: float) -> dict:
    out, _ = proc.communicate(timeout=timeout)
    if proc.returncode != 0:
        return {"role": "failed", "code": proc.returncode, "output": out[-2000:]}
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    """Entry point: `run` (the whole experiment) or one `writer` / `reader` process."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("role", choices=["run", "writer", "reader"])
    ap.add_argument("store")
    ap.add_argument("args", nargs="*")
    ap.add_argument("--writers", type=int, default=4)
    ap.add_argument("--readers", type=int, default=20)
    ap.add_argument("--batches", type=int, default=3)
    ap.add_argument("--rows", type=int, default=20)
    ap.add_argument("--reads", type=int, default=0, help="each reader stops after this many reads (0: when done)")
    a = ap.parse_args(argv)
    if a.role == "writer":
        out = writer(a.store, int(a.args[0]), int(a.args[1]), int(a.args[2]))
    elif a.role == "reader":
        out = reader(a.store, Path(a.args[0]), float(a.args[1]), int(a.args[2]))
    else:
        out = run(a.store, a.writers, a.readers, a.batches, a.rows, a.reads)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
