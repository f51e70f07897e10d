"""index, warnings and publish on the command line: the JSON keys the issue lists, one-line errors, exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

INDEX_KEYS = {"region", "region_zh", "level", "period", "score", "grade", "coverage", "rank", "previous_score",
              "components"}
COMPONENT_KEYS = {"indicator", "weight", "score", "contribution"}
WARNING_KEYS = {"indicator", "region", "region_zh", "period", "value", "expected", "limit", "level", "rule",
                "reason_zh"}


def _run(db, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "INDICATORS_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "indicators", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def test_index_json(demo_db):
    run = _run(demo_db, "index", "--period", "2023-12", "--json")
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    assert rows and all(set(r) == INDEX_KEYS for r in rows)
    assert {r["grade"] for r in rows} <= {"green", "blue", "orange", "red", "insufficient"}
    assert {r["level"] for r in rows} >= {"district", "subdistrict", "community", "grid"}
    for r in rows:
        assert all(set(c) == COMPONENT_KEYS for c in r["components"])
        if r["score"] is None:
            assert r["grade"] == "insufficient" and r["rank"] is None
        else:
            assert 0 <= r["score"] <= 100 and 0 < r["coverage"] <= 1 and r["rank"] >= 1
            assert sum(c["contribution"] or 0 for c in r["components"]) == pytest.approx(r["score"], abs=0.01)


def test_index_of_one_level_and_one_region(demo_db):
    subs = json.loads(_run(demo_db, "index", "--period", "2023Q4", "--level", "subdistrict", "--json").stdout)
    assert len(subs) == 3 and {r["rank"] for r in subs} <= {1, 2, 3} and min(r["rank"] for r in subs) == 1
    one = json.loads(_run(demo_db, "index", "--period", "2023Q4", "--region", "南澳", "--json").stdout)
    assert [r["region"] for r in one] == ["440300DP03"]
    assert one[0]["rank"] == next(r["rank"] for r in subs if r["region"] == "440300DP03")


def test_index_of_a_period_as_people_write_it_or_its_year_to_date_code(demo_db):
    half = _run(demo_db, "index", "--period", "2023H1", "--level", "subdistrict", "--json")
    assert half.returncode == 0, half.stderr
    for asked in ("2023年1-6月", "2023YTD06"):
        run = _run(demo_db, "index", "--period", asked, "--level", "subdistrict", "--json")
        assert run.returncode == 0 and run.stdout == half.stdout, run.stderr


def test_publish_says_the_period_in_words_and_errors_never_show_a_code(demo_db):
    run = _run(demo_db, "publish", "--period", "2023年1-6月", "--user", "cli-admin")
    assert run.returncode == 0 and "2023年上半年" in run.stdout and "H1" not in run.stdout, run.stderr
    assert "已发布第1版" in _run(demo_db, "index", "--period", "2023YTD06", "--level", "district").stderr
    en = _run(demo_db, "index", "--period", "2023YTD06", "--version", "7", "--lang", "en")
    assert "H1 2023" in en.stderr and "YTD" not in en.stderr and "2023H1" not in en.stderr


def test_warnings_json(demo_db):
    run = _run(demo_db, "warnings", "--period", "2023-12", "--json")
    assert run.returncode == 0, run.stderr
    assert _run(demo_db, "warnings", "--period", "2023年12月", "--json").stdout == run.stdout   # as people write it
    rows = json.loads(run.stdout)
    assert rows and all(set(r) == WARNING_KEYS for r in rows)
    assert {r["level"] for r in rows} == {"red", "orange"}
    assert all(r["value"] > r["limit"] or r["rule"] == "sustained_rise" for r in rows)
    red = json.loads(_run(demo_db, "warnings", "--period", "2023-12", "--level", "red", "--json").stdout)
    assert red and all(r["level"] == "red" for r in red)
    grid = json.loads(_run(demo_db, "warnings", "--period", "2023-12", "--level", "grid", "--json").stdout)
    assert grid and all("网格" in r["region_zh"] for r in grid)


def test_publish_then_index_reads_the_published_version(demo_db):
    assert _run(demo_db, "publish", "--period", "2023-12", "--user", "cli-admin").returncode == 0
    run = _run(demo_db, "index", "--period", "2023-12", "--level", "district", "--json")
    assert "已发布第1版" in run.stderr and json.loads(run.stdout)[0]["region"] == "440300DP"


@pytest.mark.parametrize("args", [
    ("index", "--period", "2023-13"), ("index", "--period", "2023YTD05"), ("warnings", "--period", "2023"),
    ("warnings", "--period", "2023-12", "--level", "galaxy"), ("index", "--period", "2023-12", "--region", "火星"),
    ("index", "--period", "2023-12", "--level", "galaxy"),
    ("index", "--period", "2023-12", "--version", "7"),
])
def test_errors_are_one_line_and_exit_2(demo_db, args):
    run = _run(demo_db, *args)
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


@pytest.mark.parametrize(("args", "code", "zh", "en"), [
    (("index", "--period", "2023YTD05"), "errors.index_period", "平安指数按月", "computed by month"),
    (("warnings", "--period", "2023"), "errors.warning_month", "风险预警按月计算", "computed for a month"),
    (("index", "--period", "2023-12", "--version", "7"), "errors.index_no_version", "没有第7版", "no published"),
])
def test_errors_are_codes_shown_in_the_readers_language(demo_db, args, code, zh, en):
    chinese, english = _run(demo_db, *args), _run(demo_db, *args, "--lang", "en", "--json")
    assert zh in chinese.stderr and en not in chinese.stderr
    assert en in english.stderr and zh not in english.stderr
    assert json.loads(english.stdout)["error"]["code"] == code
