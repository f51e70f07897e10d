"""Many processes, one store: a bounded wait with the holder named, 4 writers and 20 readers at once (embedded file
and PostgreSQL), kill -9 of a writer mid-commit on the server, and pages that see other processes' batches."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.contention import SHARED_SHA, run
from indicators.errors import UserError
from indicators.store import connect
from indicators.store.db import opened
from indicators.store.seed import ensure_ready
from tests.ingest.test_atomic import CHILD, _counts, big_csv

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
HOLD = """
import sys, time
from indicators.store.db import opened
with opened(sys.argv[1]) as con:
    con.execute("SELECT 1").fetchall()
    print("HOLDING", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _hold(db: Path, seconds: float) -> subprocess.Popen:
    p = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(seconds)], stdout=subprocess.PIPE, text=True,
                         env=ENV)
    assert p.stdout.readline().startswith("HOLDING")
    return p


def test_a_held_file_is_waited_for_then_opened(con, db_file):
    con.close()
    holder = _hold(db_file, 1.5)
    t0 = time.monotonic()
    with opened(db_file) as c:
        assert c.execute("SELECT count(*) FROM batch").fetchall()[0][0] == 1
    assert time.monotonic() - t0 > 0.5           # it waited for the holder rather than failing
    holder.wait(timeout=30)


def test_a_file_held_too_long_names_its_holder(con, db_file, monkeypatch):
    con.close()
    monkeypatch.setenv("INDICATORS_DB_WAIT_SECONDS", "0.3")
    holder = _hold(db_file, 5)
    try:
        with pytest.raises(UserError) as err:
            connect(db_file)
        assert err.value.code == "errors.db_locked"
        assert str(holder.pid) in err.value.text("en") and "0.3 seconds" in err.value.text("en")
        assert f"进程号 {holder.pid}" in err.value.text("zh")
    finally:
        holder.kill()
        holder.wait()


def _check_contention(store: str, writers: int, batches: int, rows: int) -> None:
    out = run(store, writers=writers, readers=20, batches=batches, rows=rows, reads=4, timeout=240)
    failed = [r for r in out["reports"] if r["role"] == "failed"]
    assert not failed, failed[0]["output"]
    written = [r for r in out["reports"] if r["role"] == "writer"]
    read = [r for r in out["reports"] if r["role"] == "reader"]
    assert len(written) == writers and len(read) == 20
    assert all(r["reads"] >= 1 and r["torn"] == [] for r in read)      # nobody saw a half-written batch
    stored = sorted(b for r in written for b in r["stored"])
    assert len(stored) == len(set(stored)) == writers * batches + 1    # the shared file once, every other batch once
    assert sum(r["duplicates"] for r in written) == writers - 1
    with opened(store) as c:
        uploads = c.execute("SELECT id, sha256, n_new FROM batch WHERE kind = 'upload' ORDER BY id").fetchall()
        assert sorted(u[0] for u in uploads) == stored
        assert [u[1] for u in uploads].count(SHARED_SHA) == 1
        assert all(n == rows for _, _, n in uploads)
        per_key = c.execute("""SELECT count(*), count(DISTINCT (indicator_id, region_code, period, measure)),
                                      sum(value) FROM observation o JOIN batch b ON b.id = o.batch_id
                               WHERE b.kind = 'upload'""").fetchall()[0]
        assert per_key[0] == per_key[1] == (writers * batches + 1) * rows          # no figure lost or doubled
        expected = sum(w * 1000 + b for w in range(writers) for b in range(batches)) * rows + 99_000 * rows
        assert per_key[2] == pytest.approx(expected)
        logged = c.execute("SELECT count(*) FROM audit WHERE action = 'upload'").fetchall()[0][0]
        assert logged == writers * batches + 1


def test_four_writers_and_twenty_readers_on_one_file(con, db_file):
    con.close()
    _check_contention(str(db_file), writers=4, batches=2, rows=20)


def test_four_writers_and_twenty_readers_on_the_server(pg_url):
    with opened(pg_url) as c:
        ensure_ready(c)
    _check_contention(pg_url, writers=4, batches=2, rows=20)


def test_sigkill_of_a_writer_mid_commit_on_the_server_leaves_no_partial_batch(pg_url, tmp_path):
    with opened(pg_url) as c:
        ensure_ready(c)
        from indicators.store.catalog_sync import catalog_from_db
        cat = catalog_from_db(c)
    src = tmp_path / "big.csv"
    src.write_bytes(big_csv(cat, 200_000))
    killed_mid_commit = False
    for delay in (0.05, 0.5):
        p = subprocess.Popen([sys.executable, "-c", CHILD, pg_url, str(src)], stdout=subprocess.PIPE, text=True,
                             env=ENV)
        assert p.stdout.readline().startswith("COMMITTING")
        time.sleep(delay)
        killed_mid_commit |= p.poll() is None
        os.kill(p.pid, signal.SIGKILL)
        p.wait(timeout=30)
        time.sleep(0.5)                      # the server notices the dropped session and rolls its transaction back
        batches, orphans = _counts(pg_url)
        assert orphans == 0 and len(batches) <= 1
    assert killed_mid_commit
    with opened(pg_url) as c:                # and the store takes the next writer at once
        locks = c.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'").fetchall()[0][0]
        assert locks == 0


INGEST_CSV = "指标,地区,期间,数值\n110刑事治安总警情,大鹏新区,2021,777\n"   # the figure the overview shows: 1052


@pytest.mark.parametrize("engine", ["file", "server"])
def test_the_page_shows_another_process_batch_on_its_next_rerun(engine, request, tmp_path):
    store = str(request.getfixturevalue("db_file")) if engine == "file" else request.getfixturevalue("pg_url")
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert "777" not in " ".join(m.value for m in at.markdown)
    src = tmp_path / "new.csv"
    src.write_text(INGEST_CSV, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "indicators", "ingest", str(src), "--json", "--user", "cli-test",
                           "--confirm-warnings"],
                          capture_output=True, text=True, env={**ENV, "INDICATORS_DB": store}, timeout=120)
    assert done.returncode == 0, done.stderr
    at.run()                                 # the very next rerun of the same session
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown) + " ".join(str(m.value) for m in at.metric)
    assert "777" in shown
