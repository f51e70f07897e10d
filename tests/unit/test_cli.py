"""The command line on a real database file: JSON contracts and one-line errors with exit 2."""

import json
import os
import re
import subprocess
import sys

import pytest


def run(db, *args):
    env = {**os.environ, "INDICATORS_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "indicators", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_show_police_incidents(db_file):
    r = run(db_file, "show", "110刑事治安总警情", "--period", "2021", "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert (d["value"], d["yoy_pct"], d["unit"], d["origin"]) == (1052, -24.21, "起", "reported")
    assert (d["previous_value"], d["previous_origin"]) == (1388, "derived")
    assert "全区110刑事治安总警情1052起，同比下降24.21%" in d["sentence_zh"]
    assert "down 24.21%" in d["sentence_en"] and d["assessment"] == "improved"
    assert "1052起" in d["source"]


def test_show_solve_rate_matches_components(db_file):
    d = json.loads(run(db_file, "show", "破案率", "--period", "2021", "--json").stdout)
    assert d["value"] == 69.6 and d["computed_value"] == pytest.approx(16 / 23 * 100, abs=0.005)
    assert d["reconciliation"]["rate"]["agrees"] is True and "破案率69.6%" in d["sentence_zh"]


def test_list_json_contract(db_file):
    r = run(db_file, "list", "--period", "2021", "--domain", "anti_gang", "--json")
    rows = json.loads(r.stdout)
    keys = {"indicator", "name_zh", "name_en", "domain", "region", "period", "measure", "value", "unit",
            "qualifier", "origin", "source"}
    assert rows and all(set(x) == keys for x in rows) and {x["domain"] for x in rows} == {"anti_gang"}
    assert {"gang_cases_filed", "gang_solve_rate"} <= {x["indicator"] for x in rows}


@pytest.mark.parametrize("args, words", [
    (("show", "不存在的指标", "--period", "2021"), "unknown indicator"),
    (("show", "破案率", "--period", "2021x"), "unrecognised period"),
    (("show", "破案率", "--period", "2021", "--region", "火星"), "unknown region"),
    (("list", "--domain", "nowhere"), "unknown domain"),
    (("list", "--period", "20x1"), "unrecognised period"),
])
def test_errors_are_one_line_exit_2(db_file, args, words):
    r = run(db_file, *args, "--lang", "en")
    assert r.returncode == 2 and words in r.stderr.lower()
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_errors_in_json_keep_a_stable_code(db_file):
    r = run(db_file, "list", "--domain", "nowhere", "--json")
    out = json.loads(r.stdout)
    assert r.returncode == 2 and out["status"] == "error" and out["error"]["code"] == "errors.unknown_domain_of"
    assert out["error"]["params"]["text"] == "nowhere" and "未知领域" in out["error"]["message"] in r.stderr


def test_init_is_idempotent(db_file):
    assert "数据库已就绪" in run(db_file, "init").stdout
    assert "nothing changed" in run(db_file, "init", "--lang", "en").stdout


@pytest.mark.parametrize("argv", [["show", "破案率", "--period", "2021"], ["ingest", __file__]])
def test_a_bug_is_one_line_and_its_traceback_is_logged(db_file, log_file, monkeypatch, capsys, argv):
    from indicators.cli import core_cmds, ingest_cmds
    from indicators.cli.main import main

    def broken(*_a, **_k):
        raise ZeroDivisionError("deep inside")
    monkeypatch.setattr(core_cmds, "figures", broken)
    monkeypatch.setattr(ingest_cmds, "ingest_isolated", broken)
    assert main([*argv, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    ref = re.search(r"reference (\w+)", err).group(1)
    assert len(err.strip().splitlines()) == 1 and "deep inside" not in err and "Traceback" not in err
    logged = log_file.read_text(encoding="utf-8")
    assert f"[{ref}]" in logged and "ZeroDivisionError: deep inside" in logged and "Traceback" in logged
