"""`python -m indicators export`: real subprocesses on a real database file; bad filters exit 2 with one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from indicators.store import audit, connect


def run(db: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "INDICATORS_DB": str(db), "INDICATORS_USER": "cli-user"}
    return subprocess.run([sys.executable, "-m", "indicators", "export", *args], env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def db(con, db_file: Path) -> Path:
    """The seeded database, closed so the CLI can open it."""
    con.close()
    return db_file


def test_export_xlsx_into_a_folder_names_the_file(db, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    res = run(db, "--out", str(out), "--domain", "社会治安", "--region", "大鹏新区", "--from", "2020", "--to", "2021")
    assert res.returncode == 0, res.stderr
    (path,) = out.iterdir()
    assert path.name.startswith("大鹏新区_社会治安_2020-2021_") and path.suffix == ".xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.worksheets[0].max_row == 5 and "说明" in wb.sheetnames
    c = connect(db, read_only=True)
    entry = audit.entries(c, action="export")
    c.close()
    assert entry["user_name"].tolist() == ["cli-user"] and '"channel": "cli"' in entry["detail"][0]


def test_export_csv_by_alias(db, tmp_path: Path):
    out = tmp_path / "x.csv"
    res = run(db, "--out", str(out), "--indicator", "110警情", "两盗", "--measure", "all")
    assert res.returncode == 0, res.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "110刑事治安总警情" in data.decode("utf-8-sig")


@pytest.mark.parametrize("args, needle", [
    (["--indicator", "没有这个指标"], "没有这个指标"),
    (["--region", "火星"], "火星"),
    (["--from", "2022", "--to", "2020"], "after"),
    (["--from", "20x"], "20x"),
    (["--domain", "法治建设", "--indicator", "110警情"], "not in domain"),
])
def test_bad_filter_exits_2_with_one_line(db, tmp_path: Path, args, needle):
    out = tmp_path / "x.xlsx"
    res = run(db, "--out", str(out), *args, "--lang", "en")
    assert res.returncode == 2
    assert len(res.stderr.strip().splitlines()) == 1 and needle in res.stderr and "Traceback" not in res.stderr
    assert not out.exists()


def test_bad_output_name_exits_2(db, tmp_path: Path):
    res = run(db, "--out", str(tmp_path / "x.pdf"), "--lang", "en")
    assert res.returncode == 2 and ".xlsx" in res.stderr and len(res.stderr.strip().splitlines()) == 1
