"""`python -m indicators ingest`: the JSON contract, exit codes, mappings saved as aliases, never a traceback."""

from __future__ import annotations

import getpass
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from indicators.cli.main import main
from indicators.store import connect

from .helpers import LONG_HEAD, csv_bytes

REPO = Path(__file__).resolve().parents[2]
V8 = "八类暴力案件"


def _run(capsys, *argv) -> tuple[int, dict]:
    code = main(["ingest", *map(str, argv), "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def _batches(db_file) -> list[tuple]:
    con = connect(db_file)
    try:
        return con.execute("SELECT id, file_name, user_name, n_new FROM batch WHERE kind = 'upload'").fetchall()
    finally:
        con.close()


def test_json_contract_and_commit(tmp_path, db_file, capsys):
    f = tmp_path / "up.csv"
    f.write_bytes(csv_bytes([LONG_HEAD, [V8, "葵涌", "2021年", 3], [V8, "南澳", "2021年", "1,052起"]]))
    code, out = _run(capsys, f, "--dry-run")
    assert code == 0 and out["status"] == "ok" and _batches(db_file) == []
    assert set(out) >= {"status", "file", "encoding", "sheets", "layout", "observations", "issues", "summary"}
    assert out["encoding"] == "UTF-8" and out["sheets"] == ["up"] and out["layout"] == "long"
    assert out["summary"] == {"new": 2, "changed": 0, "unchanged": 0}
    first = out["observations"][0]
    assert {k: first[k] for k in ("indicator", "indicator_text", "region", "region_text", "period", "value", "unit",
                                  "source")} == {
        "indicator": "violent_crimes_8", "indicator_text": V8, "region": "440300DP01", "region_text": "葵涌",
        "period": "2021", "value": 3.0, "unit": "起", "source": "up!D2"}
    assert out["observations"][1]["value"] == 1052.0
    assert {"level", "sheet", "row", "column", "message"} <= set(out["issues"][0])
    code, out = _run(capsys, f)
    assert code == 0 and out["status"] == "ok"
    assert _batches(db_file) == [(2, "up.csv", f"cli:{getpass.getuser()}", 2)]
    code, out = _run(capsys, f, "--user", "ana")
    assert code == 0 and "已于" in out["message"] and len(_batches(db_file)) == 1


def test_refused_file_exits_2_with_issues(tmp_path, db_file, capsys):
    f = tmp_path / "bad.csv"
    f.write_bytes(csv_bytes([LONG_HEAD, [V8, "葵涌", "2021年", "abc"], ["不存在", "南澳", "2021年", 1]]))
    code, out = _run(capsys, f)
    assert code == 2 and out["status"] == "refused"
    cells = {(i["sheet"], i["row"], i["column"]) for i in out["issues"] if i["level"] == "error"}
    assert ("bad", 2, "D") in cells and ("bad", 3, "D") in cells
    assert out["observations"][0]["indicator"] is None and out["observations"][0]["indicator_text"] == "不存在"
    assert _batches(db_file) == []


def test_map_flag_and_mapping_file_save_aliases(tmp_path, db_file, capsys):
    f = tmp_path / "m.csv"
    f.write_bytes(csv_bytes([LONG_HEAD, ["暴力案件数（本区口径）", "葵涌", "2031年", 3]]))
    assert _run(capsys, f, "--map", "暴力案件数（本区口径）=violent_crimes_8", "--dry-run")[0] == 0
    con = connect(db_file)
    assert con.execute("SELECT count(*) FROM indicator_alias WHERE origin = 'user'").fetchall() == [(0,)]
    con.close()
    mapping = tmp_path / "map.txt"
    mapping.write_text("# header = indicator\n暴力案件数（本区口径）=violent_crimes_8\n", encoding="utf-8")
    code, out = _run(capsys, f, "--mapping-file", mapping, "--user", "ana")
    assert code == 0 and out["observations"][0]["indicator"] == "violent_crimes_8"
    g = tmp_path / "next.csv"                       # the next upload of the same layout maps by itself
    g.write_bytes(csv_bytes([LONG_HEAD, ["暴力案件数（本区口径）", "南澳", "2031年", 4]]))
    code, out = _run(capsys, g, "--dry-run")
    assert code == 0 and out["observations"][0]["indicator"] == "violent_crimes_8"


@pytest.mark.parametrize("payload", [b"", b"\x00\xff" * 100, b"PK\x03\x04garbage",
                                     "a,b\n\u00e9,\u00ff".encode("latin-1")])
def test_never_a_traceback(tmp_path, db_file, payload):
    f = tmp_path / "x.xlsx"
    f.write_bytes(payload)
    env = {**os.environ, "INDICATORS_DB": str(db_file), "PYTHONPATH": str(REPO / "src")}
    for extra in ([], ["--json"]):
        p = subprocess.run([sys.executable, "-m", "indicators", "ingest", str(f), *extra], capture_output=True,
                           text=True, env=env, timeout=120)
        assert p.returncode == 2 and "Traceback" not in p.stderr + p.stdout
        if extra:
            assert json.loads(p.stdout)["status"] == "refused"


def test_missing_file_is_one_line(tmp_path, db_file, capsys):
    assert main(["ingest", str(tmp_path / "nope.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "nope.xlsx" in err and len(err.strip().splitlines()) == 1


def test_upload_limit_comes_from_the_settings(tmp_path, db_file, capsys, monkeypatch):
    f = tmp_path / "big.csv"
    rows = [[V8, "葵涌", f"{1900 + k // 12}年{k % 12 + 1}月", k % 50] for k in range(40_000)]
    f.write_bytes(csv_bytes([LONG_HEAD, *rows]))
    assert 1024 * 1024 < f.stat().st_size < 2 * 1024 * 1024
    monkeypatch.setenv("INDICATORS_UPLOAD_MAX_MB", "1")
    code, out = _run(capsys, f, "--dry-run")
    assert code == 2 and out["status"] == "refused" and out["observations"] == []
    assert [i["message"] for i in out["issues"]] == [out["issues"][0]["message"]]
    assert "1.0 MB" in out["issues"][0]["message"] and _batches(db_file) == []
    monkeypatch.setenv("INDICATORS_UPLOAD_MAX_MB", "2")
    code, out = _run(capsys, f, "--dry-run")
    assert code == 0 and out["summary"]["new"] == 40_000


@pytest.mark.parametrize(("name", "make", "says"), [
    ("far.xlsx", "far_cell_xlsx", "XFD1048576"),            # aborted the process before (#17 item 1)
    ("line.csv", "one_line_csv", "1 行"),                    # ran past 300 s and GBs before (#17 item 2)
])
def test_a_hostile_file_is_one_plain_refusal(tmp_path, db_file, name, make, says):
    from tests import hostile

    f = tmp_path / name
    f.write_bytes(getattr(hostile, make)())
    env = {**os.environ, "INDICATORS_DB": str(db_file), "PYTHONPATH": str(REPO / "src")}
    p = subprocess.run([sys.executable, "-m", "indicators", "ingest", str(f), "--json"], capture_output=True,
                       text=True, env=env, timeout=120)
    out = json.loads(p.stdout)
    assert p.returncode == 2 and out["status"] == "refused" and says in out["issues"][0]["message"]
    assert "Traceback" not in p.stderr
