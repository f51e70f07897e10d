"""The command line beside the running app: with a page open in Chromium, `users add`, `ingest` and `export` succeed
and the open page shows the new batch on its next rerun (embedded file; the server store in test_two_servers.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from .conftest import ARTIFACTS, REPO

pytestmark = pytest.mark.browser


def cli(db: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """python -m indicators … against the store db; fails the test on a non-zero exit."""
    env = {**os.environ, "INDICATORS_DB": db, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, "-m", "indicators", *args], capture_output=True, text=True, env=env,
                          input=stdin, timeout=120)
    assert done.returncode == 0, done.stderr
    return done


def _metric(page, label: str):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).first


def rerun(page) -> None:
    """Streamlit's own rerun shortcut: press r on the page (the same session, no reload)."""
    page.get_by_role("heading").first.click()
    page.keyboard.press("r")


def test_cli_beside_the_serving_app(page, app_url, server_db: Path, tmp_path: Path):
    page.goto(app_url + "/")
    card = _metric(page, "110刑事治安总警情")
    card.wait_for()
    assert "1052" in card.inner_text().replace(",", "")
    db = str(server_db)
    cli(db, "users", "add", "beside", "--role", "analyst", "--password-stdin", stdin="a-long-passphrase-42\n")
    src = tmp_path / "beside.csv"
    src.write_text("指标,地区,期间,数值\n110刑事治安总警情,大鹏新区,2021,888\n", encoding="utf-8")
    cli(db, "ingest", str(src), "--user", "beside", "--confirm-warnings")
    out = tmp_path / "figures.xlsx"
    cli(db, "export", "--out", str(out), "--indicator", "110刑事治安总警情")
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert 888 in [c.value for row in sheet.iter_rows() for c in row]
    assert "beside" in cli(db, "users", "list").stdout
    rerun(page)
    _metric(page, "110刑事治安总警情").filter(has_text="888").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "beside_the_app.png"))
