"""`migrate-store`: the seeded store into PostgreSQL and back into a new file, with equal counts and sums; a target
that holds data is refused and left as it was. (The 1.5M-observation round trip runs in the bench: bench/cases.py's
migrate_store, docs/benchmarks.md.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from indicators import actions
from indicators.actions import upload, users
from indicators.store.copy import figures, tables
from indicators.store.db import opened

REPO = Path(__file__).resolve().parents[2]


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, "-m", "indicators", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def _all_figures(store: str) -> dict[str, tuple]:
    with opened(store) as c:
        return {t: figures(c, t, cols) for t, cols in tables(c).items() if t != "meta"}


def test_round_trip_through_the_server_keeps_every_count_and_sum(con, db_file, pg_url, tmp_path):
    upload.commit_rows(con, actions.shell("ana"), pd.DataFrame({
        "indicator_id": ["police_incidents_110", "police_incidents_110"], "region_code": ["440300DP01"] * 2,
        "period": ["2021", "2020"], "value": [500.0, 610.0], "source": ["分区.xlsx!B2", "分区.xlsx!B3"]}),
        file_name="分区.xlsx", sha256="ab" * 32)
    users.add(con, actions.shell("admin"), "王分析", "a-long-passphrase-42", "analyst")
    con.close()
    there = _cli("migrate-store", "--from", str(db_file), "--to", pg_url, "--json")
    assert there.returncode == 0, there.stderr
    report = json.loads(there.stdout)
    assert report["tables"]["observation"]["rows"] == 55 and report["tables"]["users"]["rows"] == 1
    back = tmp_path / "back.duckdb"
    home = _cli("migrate-store", "--from", pg_url, "--to", str(back))
    assert home.returncode == 0, home.stderr
    assert "observation：55 行 ✓" in home.stdout
    first, server, last = _all_figures(str(db_file)), _all_figures(pg_url), _all_figures(str(back))
    assert set(first) == set(server) == set(last) and len(first) >= 14
    for table in first:
        assert [float(x or 0) for x in first[table]] == [float(x or 0) for x in server[table]] == \
            [float(x or 0) for x in last[table]], table
    with opened(pg_url) as c:                # the copy is a working store: the next batch gets a new id
        res = upload.commit_rows(c, actions.shell("ana"), pd.DataFrame({
            "indicator_id": ["police_incidents_110"], "region_code": ["440300DP02"], "period": ["2021"],
            "value": [1.0]}), file_name="next.csv", sha256="cd" * 32)
        assert res.batch_id == 3
        assert c.execute("SELECT name, role FROM users").fetchall() == [("王分析", "analyst")]


def test_a_target_holding_data_is_refused_and_left_alone(con, db_file, pg_url):
    con.close()
    assert _cli("migrate-store", "--from", str(db_file), "--to", pg_url).returncode == 0
    before = _all_figures(pg_url)
    again = _cli("migrate-store", "--from", str(db_file), "--to", pg_url, "--lang", "en")
    assert again.returncode == 2 and "already holds data" in again.stderr
    assert _all_figures(pg_url) == before
