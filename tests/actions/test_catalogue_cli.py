"""`python -m indicators catalogue …`: thin adapters over the catalogue actions, on a real database file."""

from __future__ import annotations

import json

import pandas as pd

from indicators import actions
from indicators.actions import upload
from indicators.cli.main import main
from indicators.store import audit, connect
from indicators.store.catalog_sync import catalog_from_db
from indicators.store.seed import ensure_ready


def _json(capsys, argv: list[str]) -> object:
    capsys.readouterr()
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_list_show_retire_restore(db_file, capsys, monkeypatch):
    monkeypatch.setenv("INDICATORS_USER", "ops")
    listed = _json(capsys, ["catalogue", "list", "--json"])
    assert {r["id"] for r in listed} >= {"police_incidents_110", "two_thefts"}
    assert {r["status"] for r in listed} == {"active"}
    shown = _json(capsys, ["catalogue", "show", "两盗", "--json"])
    assert (shown["id"], shown["unit"], shown["status"]) == ("two_thefts", "起", "active")
    assert main(["catalogue", "retire", "two_thefts"]) == 0
    assert "已停用指标：two_thefts" in capsys.readouterr().out
    assert [r["id"] for r in _json(capsys, ["catalogue", "list", "--status", "retired", "--json"])] == ["two_thefts"]
    assert _json(capsys, ["catalogue", "show", "two_thefts", "--json"])["status"] == "retired"  # still readable
    assert main(["show", "two_thefts", "--period", "2021", "--lang", "en"]) == 2
    assert "export --indicator two_thefts" in capsys.readouterr().err
    assert main(["catalogue", "restore", "two_thefts", "--lang", "en"]) == 0
    assert "Indicator restored: two_thefts" in capsys.readouterr().out
    con = connect(db_file)
    rows = audit.entries(con, action="indicator_retire")
    assert rows["user_name"].tolist() == ["ops"]


def test_merge_dry_run_then_merge(db_file, capsys):
    con = connect(db_file)
    ensure_ready(con)
    rows = pd.DataFrame({"indicator_id": ["two_thefts"], "region_code": ["440300DP"], "period": ["2030"],
                         "value": [12.0], "source": ["x!B2"]})
    upload.commit_rows(con, actions.shell("t"), rows, file_name="x.csv", sha256="x" * 64)
    con.close()
    plan = _json(capsys, ["catalogue", "merge", "two_thefts", "--into", "violent_crimes_8", "--dry-run", "--json"])
    assert (plan["copied"], plan["dry_run"]) == (1, True)
    assert catalog_from_db(connect(db_file)).indicators["two_thefts"].active
    done = _json(capsys, ["catalogue", "merge", "two_thefts", "--into", "八类暴力案件", "--json"])
    assert (done["into"], done["copied"]) == ("violent_crimes_8", 1)
    assert catalog_from_db(connect(db_file)).retired["two_thefts"].merged_into == "violent_crimes_8"


def test_refusals_print_one_line_and_exit_2(db_file, capsys):
    assert main(["catalogue", "merge", "two_thefts", "--into", "pl_work_satisfaction", "--json"]) == 2
    out = capsys.readouterr()
    assert json.loads(out.out)["error"]["code"] == "catalogue.merge_unlike"
    assert len(out.err.strip().splitlines()) == 1
    assert main(["catalogue", "retire", "gang_cases_solved", "--lang", "en"]) == 2
    assert "numerator" in capsys.readouterr().err.lower()
