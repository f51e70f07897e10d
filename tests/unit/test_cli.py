"""The command line on a real database file: JSON contracts and one-line errors with exit 2."""

import json
import os
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
    r = run(db_file, *args)
    assert r.returncode == 2 and words in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_init_is_idempotent(db_file):
    assert "database ready" in run(db_file, "init").stdout
    assert "nothing changed" in run(db_file, "init").stdout
