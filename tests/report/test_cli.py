"""`python -m indicators report`: real subprocesses on a real database file; the file, its name, the audit row."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from indicators.store import audit, connect


def run(db: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "INDICATORS_DB": str(db), "INDICATORS_USER": "cli-user", **env}
    return subprocess.run([sys.executable, "-m", "indicators", "report", *args], env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def db(con, db_file: Path) -> Path:
    """The seeded database, closed so the CLI can open it."""
    con.close()
    return db_file


def test_folder_names_the_file_and_the_run_is_audited(db, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    res = run(db, "--period", "2021", "--domain", "社会治安", "--out", str(out),
              INDICATORS_REPORT_CHROMIUM="/nonexistent")  # no browser: the Word file still comes, and says so
    assert res.returncode == 0, res.stderr
    (path,) = out.iterdir()
    assert path.name == "大鹏新区_社会治安指标年报_2021年.docx"
    assert "已生成 written" in res.stdout and "Chromium" in res.stdout
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(path.read_bytes())).paragraphs)
    assert "1052起" in body and "同比下降24.21%" in body
    c = connect(db, read_only=True)
    entry = audit.entries(c, action="report")
    c.close()
    assert len(entry) == 1 and entry.iloc[0]["user_name"] == "cli-user"
    detail = json.loads(entry.iloc[0]["detail"])
    assert detail["period"] == "2021" and detail["domain"] == "public_security" and detail["channel"] == "cli"
    assert detail["file"] == path.name and detail["format"] == "docx"


@pytest.mark.parametrize(("args", "message"), [
    (["--period", "2019"], "2019年暂无数据"),
    (["--period", "2021", "--region", "火星"], "未知地区"),
    (["--period", "2021", "--format", "pdf"], "与文件名 r.docx 不符"),  # --out r.docx
])
def test_bad_requests_exit_2_with_one_line(db, tmp_path: Path, args, message):
    res = run(db, *args, "--out", str(tmp_path / "r.docx"))
    assert res.returncode == 2 and message in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "r.docx").exists()


def test_out_must_be_docx_pdf_or_a_folder(db, tmp_path: Path):
    res = run(db, "--period", "2021", "--out", str(tmp_path / "r.txt"))
    assert res.returncode == 2 and ".docx" in res.stderr
