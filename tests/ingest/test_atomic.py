"""Atomic commits: SIGKILL in the middle of a large commit leaves no partial batch; two uploads at once lose
and double nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

from indicators import actions
from indicators.actions import upload as upload_action
from indicators.ingest import ingest
from indicators.store import connect

REPO = Path(__file__).resolve().parents[2]
PLAIN = ["national_security_operations", "legal_leaflets", "leadership_meetings", "xueliang_meetings",
         "grid_regulations"]                      # counts with no parent, parts or ratio relations


def big_csv(catalog, rows: int, first_year: int = 1000, value: int = 1) -> bytes:
    """A long CSV of distinct monthly figures for one subdistrict (only plain counts, so every check passes)."""
    names = [catalog.indicators[i].name_zh for i in PLAIN]
    k = np.arange(rows)
    months = k // len(names)
    frame = pd.DataFrame({"指标": np.array(names, dtype=object)[k % len(names)], "地区": "葵涌",
                          "期间": [f"{first_year + m // 12}-{m % 12 + 1:02d}" for m in months],
                          "数值": (k % 97) + value})
    return frame.to_csv(index=False).encode("utf-8")


CHILD = """
import sys, time
from indicators import actions
from indicators.actions import upload
from indicators.ingest import ingest
from indicators.store import connect
from indicators.store.catalog_sync import catalog_from_db
con = connect(sys.argv[1]); cat = catalog_from_db(con)
res = ingest(open(sys.argv[2], "rb").read(), "big.csv", cat)
assert res.status == "ok", res.issues[:3]
print("COMMITTING", len(res.observations), flush=True)
upload.commit(con, actions.shell("ana"), res)
print("DONE", flush=True)
time.sleep(30)
"""


def _counts(db: Path) -> tuple[list, int]:
    con = connect(db)
    try:
        batches = con.execute("SELECT id, n_new, n_changed FROM batch WHERE kind = 'upload'").fetchall()
        per_batch = {b: n for b, n in con.execute(
            "SELECT batch_id, count(*) FROM observation GROUP BY batch_id").fetchall()}
        for bid, n_new, n_changed in batches:
            assert per_batch.get(bid, 0) == n_new + n_changed, "partial batch"
        orphans = con.execute("SELECT count(*) FROM observation WHERE batch_id NOT IN (SELECT id FROM batch)")
        return batches, orphans.fetchall()[0][0]
    finally:
        con.close()


def test_sigkill_during_commit_leaves_no_partial_batch(db_file, con, catalog, tmp_path):
    con.execute("CHECKPOINT")
    con.close()
    src = tmp_path / "big.csv"
    src.write_bytes(big_csv(catalog, 300_000))
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    killed_mid_commit = False
    for delay in (0.05, 0.3):
        p = subprocess.Popen([sys.executable, "-c", CHILD, str(db_file), str(src)], stdout=subprocess.PIPE,
                             text=True, env=env)
        line = p.stdout.readline()
        assert line.startswith("COMMITTING"), line
        time.sleep(delay)
        killed_mid_commit |= p.poll() is None
        os.kill(p.pid, signal.SIGKILL)
        p.wait(timeout=30)
        batches, orphans = _counts(db_file)          # reopening replays or discards the WAL
        assert orphans == 0
        assert len(batches) <= 1
    assert killed_mid_commit


def test_two_uploads_at_once_lose_and_double_nothing(con, catalog):
    files = [big_csv(catalog, 20_000, first_year=1000), big_csv(catalog, 20_000, first_year=1500, value=5)]
    same = files[0]
    results: list = []
    errors: list = []

    def upload(data: bytes, name: str) -> None:
        try:
            cur = con.cursor()
            res = ingest(data, name, catalog)
            results.append(upload_action.commit(cur, actions.shell("ana"), res))
        except Exception as e:  # noqa: BLE001 - reported by the assertion below
            errors.append(e)

    threads = [threading.Thread(target=upload, args=(d, n)) for d, n in
               ((files[0], "a.csv"), (files[1], "b.csv"), (same, "a-again.csv"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    committed = [r for r in results if r.batch_id is not None]
    assert len(committed) == 2 and sum(r.duplicate_of is not None for r in results) == 1
    assert sorted(r.n_new for r in committed) == [20_000, 20_000]
    rows = con.execute("""SELECT count(*), count(DISTINCT (indicator_id, region_code, period, measure))
                          FROM observation o JOIN batch b ON b.id = o.batch_id WHERE b.kind = 'upload'""").fetchall()
    assert rows == [(40_000, 40_000)]
    current = con.execute("SELECT count(*) FROM current_observation WHERE region_code = '440300DP01' "
                          "AND period < '2000'").fetchall()
    assert current == [(40_000,)]
