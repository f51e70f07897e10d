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

GANGS = "criminal_gangs_busted"     # 打掉涉恶犯罪团伙: in no index, used by no other indicator


def _json(capsys, argv: list[str]) -> object:
    capsys.readouterr()
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_list_show_retire_restore(db_file, capsys, monkeypatch):
    monkeypatch.setenv("INDICATORS_USER", "ops")
    listed = _json(capsys, ["catalogue", "list", "--json"])
    assert {r["id"] for r in listed} >= {"police_incidents_110", GANGS}
    assert {r["status"] for r in listed} == {"active"}
    shown = _json(capsys, ["catalogue", "show", "打掉团伙", "--json"])
    assert (shown["id"], shown["unit"], shown["status"]) == (GANGS, "个", "active")
    assert main(["catalogue", "retire", GANGS]) == 0
    assert "已停用指标：criminal_gangs_busted" in capsys.readouterr().out
    assert [r["id"] for r in _json(capsys, ["catalogue", "list", "--status", "retired", "--json"])] == [GANGS]
    assert _json(capsys, ["catalogue", "show", GANGS, "--json"])["status"] == "retired"  # still readable
    assert main(["show", GANGS, "--period", "2021", "--lang", "en"]) == 2
    assert "export --indicator criminal_gangs_busted" in capsys.readouterr().err
    assert main(["catalogue", "restore", GANGS, "--lang", "en"]) == 0
    assert "Indicator restored: criminal_gangs_busted" in capsys.readouterr().out
    con = connect(db_file)
    rows = audit.entries(con, action="indicator_retire")
    assert rows["user_name"].tolist() == ["ops"]


def test_merge_dry_run_then_merge(db_file, capsys):
    con = connect(db_file)
    ensure_ready(con)
    rows = pd.DataFrame({"indicator_id": [GANGS], "region_code": ["440300DP"], "period": ["2030"],
                         "value": [12.0], "source": ["x!B2"]})
    upload.commit_rows(con, actions.shell("t"), rows, file_name="x.csv", sha256="x" * 64)
    con.close()
    plan = _json(capsys, ["catalogue", "merge", GANGS, "--into", "national_security_operations", "--dry-run", "--json"])
    assert (plan["copied"], plan["dry_run"]) == (1, True)
    assert catalog_from_db(connect(db_file)).indicators[GANGS].active
    done = _json(capsys, ["catalogue", "merge", GANGS, "--into", "国家安全专项行动", "--json"])
    assert (done["into"], done["copied"]) == ("national_security_operations", 1)
    assert catalog_from_db(connect(db_file)).retired[GANGS].merged_into == "national_security_operations"


def test_refusals_print_one_line_and_exit_2(db_file, capsys):
    assert main(["catalogue", "merge", GANGS, "--into", "pl_work_satisfaction", "--json"]) == 2
    out = capsys.readouterr()
    assert json.loads(out.out)["error"]["code"] == "catalogue.merge_unlike"
    assert len(out.err.strip().splitlines()) == 1
    assert main(["catalogue", "retire", "gang_cases_solved", "--lang", "en"]) == 2
    assert "numerator" in capsys.readouterr().err.lower()


def test_show_reads_keys_in_words_and_references_by_name(db_file, capsys):
    assert main(["catalogue", "show", "gang_solve_rate", "--lang", "en"]) == 0
    lines = dict(line.split(": ", 1) for line in capsys.readouterr().out.splitlines())
    assert (lines["Kind"], lines["Polarity"], lines["Status"]) == ("rate", "higher is better", "in use")
    assert lines["Numerator"] == "Gang-related cases solved (gang_cases_solved)"
    assert lines["Domain"] == "Anti-gang (anti_gang)"
    assert main(["catalogue", "show", "gang_solve_rate"]) == 0
    lines = dict(line.split(": ", 1) for line in capsys.readouterr().out.splitlines())
    assert (lines["类型"], lines["报送频率"], lines["来源"]) == ("比率", "每月", "目录文件")
