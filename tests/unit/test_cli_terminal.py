"""Issue #17 items 7-8 on the command line: cell text cannot steer the terminal or reorder itself, and
`indicators list | head` ends quietly (no BrokenPipe traceback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd

from indicators import actions
from indicators.actions import upload
from indicators.catalog import Indicator
from indicators.store.catalog_sync import insert_indicator

ESC_LABEL = "正常指标\x1b[2J\x1b]0;pwned\x07\u202egnp.exe"


def run(db, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "INDICATORS_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "indicators", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def _plant(con) -> None:
    ind = Indicator(id="esc_count", name_zh=ESC_LABEL, name_en="esc\x1b[31mred\x9b", domain="public_security",
                    unit="起", kind="count", polarity=-1)
    insert_indicator(con, ind, "tester")
    rows = pd.DataFrame([{"indicator_id": "esc_count", "region_code": "440300DP", "period": "2021", "value": 3.0,
                          "source": "坏\x1b[1A.xlsx!数据!C2"}])
    upload.commit_rows(con, actions.shell("tester"), rows, file_name="坏.xlsx", sha256="cd" * 32, sheets="数据")


def test_control_and_bidi_characters_are_printed_as_codes(con, db_file):
    _plant(con)
    con.close()
    text = run(db_file, "show", "esc_count", "--period", "2021")
    assert text.returncode == 0, text.stderr
    assert "正常指标" in text.stdout
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in text.stdout
    assert "\\u001b[2J" in text.stdout and "\\u202egnp.exe" in text.stdout
    doc = run(db_file, "list", "--period", "2021", "--json")
    assert "\u202e" not in doc.stdout and "\x9b" not in doc.stdout
    names = {r["name_zh"] for r in json.loads(doc.stdout)}
    assert ESC_LABEL in names                          # the JSON value itself is unchanged


def test_an_error_naming_a_hostile_value_is_printed_as_codes(db_file):
    r = run(db_file, "list", "--domain", "x\x1b[2Jy\u202e")
    assert r.returncode == 2
    assert "\x1b" not in r.stderr and "\u202e" not in r.stderr and "\\u001b[2J" in r.stderr


def test_list_into_a_closed_pipe_ends_quietly(db_file):
    env = {**os.environ, "INDICATORS_DB": str(db_file)}
    run(db_file, "init")
    proc = subprocess.Popen([sys.executable, "-m", "indicators", "list"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    proc.stdout.readline()                             # `| head -1`: one line read, then the pipe closes
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err, err
    assert proc.returncode in (0, 141)
