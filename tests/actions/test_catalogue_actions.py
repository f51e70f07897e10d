"""Catalogue management on a real DuckDB file: who may, all or nothing, audited, and what each change does to data."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from indicators import actions
from indicators.actions import SYSTEM, batches, catalogue, upload, users
from indicators.actions.catalogue import IndicatorSpec
from indicators.auth import PermissionDenied
from indicators.errors import UserError
from indicators.explore import parse_filters, query
from indicators.figures import figures
from indicators.indicator_rules import InvalidIndicator
from indicators.paths import data_dir
from indicators.store import audit, merges
from indicators.store.catalog_sync import catalog_from_db, sync_catalog
from indicators.store.queries import current

PW = "long enough password"
ANA, VIC, ROOT = actions.login("ana"), actions.login("vic"), actions.login("root")
DISTRICT, KUIYONG = "440300DP", "440300DP01"
GANGS = "criminal_gangs_busted"     # 打掉涉恶犯罪团伙: in no index, used by no other indicator


@pytest.fixture
def people(con):
    """An admin, an analyst and a viewer."""
    for name, role in (("root", "admin"), ("ana", "analyst"), ("vic", "viewer")):
        users.add(con, SYSTEM, name, PW, role)
    return con


def _audit(con, action: str) -> list[dict]:
    return [json.loads(d) for d in audit.entries(con, action=action)["detail"]]


def _count(con, sql: str, params: list | None = None) -> int:
    return int(con.execute(sql, params or []).fetchall()[0][0])


def _cat(con):
    return catalog_from_db(con)


def _spec(con, ident: str, **changes) -> IndicatorSpec:
    """The stored indicator's form values with some fields changed."""
    every = _cat(con).with_retired().indicators
    return IndicatorSpec(**{**IndicatorSpec.of(every[ident]).__dict__, **changes})


def _edit(con, actor, ident: str, **changes) -> dict:
    """update_indicator with the stored indicator's form values (read just before) and some fields changed."""
    return catalogue.update_indicator(con, actor, ident, _spec(con, ident, **changes), _spec(con, ident))


def _commit(con, rows: list[tuple[str, str, str, float]], name: str) -> int:
    frame = pd.DataFrame([{"indicator_id": i, "region_code": r, "period": p, "value": v, "source": f"{name}!B{n}"}
                          for n, (i, r, p, v) in enumerate(rows, start=2)])
    return upload.commit_rows(con, actions.shell("ana"), frame, file_name=name, sha256=name.ljust(64, "0"),
                              sheets="数据").batch_id


def _value(con, indicator: str, period: str, region: str = DISTRICT) -> float | None:
    d = current(con, period=period, regions=region, indicators=[indicator], measure="value", retired=True)
    return None if d.empty else float(d["value"].iloc[0])


def _new(con, name_zh: str = "全区警情（新口径）", name_en: str = "Incidents, new definition", unit: str = "起") -> str:
    return catalogue.create_indicator(con, ANA, IndicatorSpec(name_zh=name_zh, name_en=name_en, unit=unit,
                                                              domain="public_security", polarity="lower_better"))


# ---------------------------------------------------------------- who may, and the audit

@pytest.mark.parametrize("call", [
    lambda c: _edit(c, VIC, "police_incidents_110", name_zh="改名"),
    lambda c: catalogue.retire_indicator(c, VIC, "two_thefts"),
    lambda c: catalogue.restore_indicator(c, VIC, "two_thefts"),
    lambda c: catalogue.merge_indicator(c, VIC, "two_thefts", "violent_crimes_8"),
    lambda c: catalogue.add_alias(c, VIC, "two_thefts", "盗窃两类"),
    lambda c: catalogue.remove_alias(c, VIC, "two_thefts", "两盗"),
    lambda c: catalogue.create_indicator(c, VIC, IndicatorSpec(name_zh="x", name_en="x", unit="起",
                                                               domain="public_security")),
    lambda c: catalogue.delete_indicator(c, VIC, "two_thefts"),
    lambda c: _edit(c, actions.login(None), "two_thefts", unit="件"),
], ids=["update", "retire", "restore", "merge", "alias_add", "alias_remove", "create", "delete", "anonymous"])
def test_viewers_and_visitors_are_refused_and_the_refusal_audited(people, call):
    before = people.execute("SELECT * FROM indicator ORDER BY id").fetchall()
    aliases = _count(people, "SELECT count(*) FROM indicator_alias")
    with pytest.raises(PermissionDenied):
        call(people)
    assert people.execute("SELECT * FROM indicator ORDER BY id").fetchall() == before
    assert _count(people, "SELECT count(*) FROM indicator_alias") == aliases
    assert _audit(people, "permission_denied")[0]["needed"] == "analyst"


def test_an_edit_is_stored_audited_with_old_and_new_values_and_seen_by_the_next_read(people):
    base = _spec(people, "police_incidents_110")
    spec = _spec(people, "police_incidents_110", name_zh="110 警情总数", target=900.0, target_year=2022,
                 definition="全区110接报的刑事类和治安类警情")
    changes = catalogue.update_indicator(people, ANA, "police_incidents_110", spec, base)
    assert set(changes) == {"name_zh", "target", "target_year", "definition"}
    ind = _cat(people).indicators["police_incidents_110"]
    assert (ind.name_zh, ind.target, ind.target_year) == ("110 警情总数", 900.0, 2022)
    row = _audit(people, "indicator_update")[0]
    assert row["id"] == "police_incidents_110" and row["changes"]["name_zh"] == ["110刑事治安总警情", "110 警情总数"]
    assert audit.entries(people, action="indicator_update")["user_name"].tolist() == ["ana"]
    assert catalogue.update_indicator(people, ANA, "police_incidents_110", spec, base) == {}   # saved again: no row
    assert len(_audit(people, "indicator_update")) == 1


@pytest.mark.parametrize("changes, field, zh, en", [
    ({"unit": "![t](http://host/beacon.png)"}, "unit", "单位：太长", "Unit: too long"),
    ({"unit": "[u]"}, "unit", "单位：「[u]」不像计量单位", "does not look like a unit"),
    ({"unit": " "}, "unit", "单位：不能为空", "Unit: empty"),
    ({"name_zh": "警" * 41}, "name_zh", "中文名称：太长（41 个字符，最多 40 个）", "at most 40"),
    ({"name_en": "Eight\u202eevil"}, "name_en", "英文名称：含有不可见的控制字符", "invisible control"),
    ({"name_zh": "八类暴力案件"}, "name_zh", "已是指标「八类暴力案件」的名称或别名", "also names Eight major violent"),
    ({"min_value": 10.0, "max_value": 5.0}, "max_value", "上限（高于即报错）：「5」小于下限 10",
     "below the lower bound"),
    ({"parent": "police_incidents_110"}, "parent", "不能指向指标自身", "itself"),
    ({"numerator": "nowhere"}, "numerator", "没有指标「nowhere」", "unknown indicator 'nowhere'"),
    ({"kind": "rate", "numerator": "violent_crimes_8"}, "denominator", "同时填写分子和分母", "both numerator"),
    ({"decimals": 9}, "decimals", "0 到 6", "from 0 to 6"),
    ({"domain": "nowhere"}, "domain", "没有领域「nowhere」", "unknown domain"),
])
def test_validation_names_the_field_in_both_languages_and_writes_nothing(people, changes, field, zh, en):
    audit_rows = _count(people, "SELECT count(*) FROM audit")
    before = people.execute("SELECT * FROM indicator WHERE id = 'police_incidents_110'").fetchall()
    with pytest.raises(InvalidIndicator) as e:
        _edit(people, ANA, "police_incidents_110", **changes)
    assert field in e.value.fields
    assert zh in e.value.text("zh") and en in e.value.text("en"), (e.value.text("zh"), e.value.text("en"))
    assert people.execute("SELECT * FROM indicator WHERE id = 'police_incidents_110'").fetchall() == before
    assert _count(people, "SELECT count(*) FROM audit") == audit_rows


def test_a_parent_loop_is_refused(people):
    with pytest.raises(InvalidIndicator) as e:   # violent_crimes_8's parent is police_incidents_110
        _edit(people, ANA, "police_incidents_110", parent="violent_crimes_8")
    assert "police_incidents_110 → violent_crimes_8 → police_incidents_110" in e.value.text("en")


# ---------------------------------------------------------------- the catalogue file and the analysts' edits

def _resync(con) -> None:
    """Run the catalogue sync as if data/indicators.csv had changed."""
    con.execute("UPDATE meta SET value = 'changed' WHERE key = 'catalog_sha256'")
    assert sync_catalog(con)


def test_edits_retirements_and_removed_aliases_survive_a_catalogue_sync(people):
    _edit(people, ANA, "police_incidents_110", name_zh="警情总数", unit="宗")
    catalogue.retire_indicator(people, ANA, GANGS)
    catalogue.remove_alias(people, ANA, "violent_crimes_8", "暴力案件")
    people.execute("UPDATE indicator SET definition = 'stale' WHERE id = 'police_incidents_110'")  # an older file
    _resync(people)
    cat = _cat(people)
    ind = cat.indicators["police_incidents_110"]
    assert (ind.name_zh, ind.unit) == ("警情总数", "宗")                 # the analyst's values win
    assert ind.definition == "全区110接报的刑事类和治安类警情总数"         # fields never edited follow the file
    assert GANGS in cat.retired and GANGS not in cat.indicators
    assert "暴力案件" not in cat.indicators["violent_crimes_8"].aliases
    assert cat.find_indicator("暴力案件") is None
    catalogue.add_alias(people, ANA, "violent_crimes_8", "暴力案件")     # added back: no longer a tombstone
    _resync(people)
    assert _cat(people).find_indicator("暴力案件").id == "violent_crimes_8"


def test_a_new_row_in_the_catalogue_file_arrives_beside_the_edits(people, tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder, ignore=shutil.ignore_patterns("*.duckdb*", "logs"))
    _edit(people, ANA, "police_incidents_110", name_en="Police calls (110)")
    with (folder / "indicators.csv").open("a", encoding="utf-8") as f:
        f.write("boat_checks,船只检查,Boat checks,public_security,次,count,neutral,,,,0,0,,,,,monthly,,海事,\n")
    monkeypatch.setenv("INDICATORS_DATA", str(folder))
    assert sync_catalog(people)
    cat = _cat(people)
    assert cat.indicators["boat_checks"].name_zh == "船只检查"
    assert cat.indicators["police_incidents_110"].name_en == "Police calls (110)"


# ---------------------------------------------------------------- retire and restore

def test_a_retired_indicator_leaves_leaders_pages_but_its_data_stay_readable(people):
    seeded = _count(people, "SELECT count(*) FROM observation WHERE indicator_id = 'criminal_gangs_busted'")
    _commit(people, [(GANGS, DISTRICT, "2022", 40.0)], "打掉团伙.xlsx")
    catalogue.retire_indicator(people, ANA, GANGS)
    cat = _cat(people)
    assert GANGS not in cat.indicators and cat.retired[GANGS].status == "retired"
    assert GANGS not in {f.indicator.id for f in figures(people, cat, "2022", DISTRICT)}
    assert GANGS not in set(current(people, domain="anti_gang")["indicator"])
    assert _value(people, GANGS, "2022") == 40.0                       # the query side still reads it
    flt = parse_filters(cat, indicators=[GANGS])
    assert 40.0 in query(people, flt)["value"].tolist()                      # beside the seed's 2021 figure
    assert cat.find_indicator("打掉团伙") is None                                 # uploads no longer map to it
    assert _audit(people, "indicator_retire") == [{"id": GANGS, "current": seeded + 1, "stored": seeded + 1}]
    catalogue.restore_indicator(people, ANA, GANGS)
    assert _cat(people).find_indicator("打掉团伙").id == GANGS
    assert _audit(people, "indicator_restore") == [{"id": GANGS, "was": "retired"}]


def test_an_indicator_others_count_on_cannot_be_retired(people):
    with pytest.raises(UserError) as e:           # gang_solve_rate = gang_cases_solved / gang_cases_filed
        catalogue.retire_indicator(people, ANA, "gang_cases_solved")
    assert e.value.code == "catalogue.still_used" and "分子指标" in e.value.text("zh")
    assert "gang_cases_solved" in _cat(people).indicators


def test_restoring_refuses_a_name_another_indicator_took_meanwhile(people):
    catalogue.retire_indicator(people, ANA, GANGS)
    catalogue.add_alias(people, ANA, "violent_crimes_8", "打掉团伙")
    with pytest.raises(InvalidIndicator) as e:
        catalogue.restore_indicator(people, ANA, GANGS)
    assert "打掉团伙" in e.value.text("zh") and "aliases" in e.value.fields
    assert GANGS in _cat(people).retired


# ---------------------------------------------------------------- merge

@pytest.fixture
def twin(people):
    """A user indicator that duplicates 110 incidents: one figure where 110 has none, one equal, one different."""
    ident = _new(people)
    batch = _commit(people, [(ident, DISTRICT, "2030", 77.0), (ident, DISTRICT, "2021", 1052.0),
                             (ident, KUIYONG, "2021", 480.0),
                             ("police_incidents_110", KUIYONG, "2021", 500.0)], "twin.xlsx")
    return ident, batch


def test_merge_copies_free_figures_as_one_batch_keeps_the_survivors_and_audits(twin, people):
    ident, _ = twin
    plan = catalogue.merge_plan(people, ident, "police_incidents_110")
    assert (len(plan.copy), plan.same, len(plan.conflicts)) == (1, 1, 1)
    catalogue.merge_indicator(people, ANA, ident, "police_incidents_110")
    assert _value(people, "police_incidents_110", "2030") == 77.0               # copied where 110 had nothing
    assert _value(people, "police_incidents_110", "2021", KUIYONG) == 500.0     # the survivor's figure stays
    assert _value(people, ident, "2021", KUIYONG) == 480.0                     # the merged one's stays readable
    batch = people.execute("SELECT id, kind, user_name, n_new FROM batch ORDER BY id DESC LIMIT 1").fetchall()[0]
    assert batch[1:] == ("merge", "ana", 1)
    cat = _cat(people)
    assert cat.retired[ident].merged_into == "police_incidents_110"
    assert cat.find_indicator("全区警情（新口径）").id == "police_incidents_110"  # its name finds the survivor
    assert _audit(people, "indicator_merge") == [{"id": ident, "into": "police_incidents_110", "batch": batch[0],
                                                  "copied": 1, "same": 1, "kept": 1, "refs": {}}]


def test_restoring_a_merged_indicator_undoes_the_merge(twin, people):
    ident, _ = twin
    catalogue.merge_indicator(people, ANA, ident, "police_incidents_110")
    merge_batch = people.execute("SELECT max(id) FROM batch").fetchall()[0][0]
    catalogue.restore_indicator(people, ANA, ident)
    assert _value(people, "police_incidents_110", "2030") is None
    assert people.execute("SELECT status FROM batch WHERE id = ?", [merge_batch]).fetchall() == [("rolled_back",)]
    cat = _cat(people)
    assert cat.indicators[ident].active and cat.find_indicator("全区警情（新口径）").id == ident
    assert _audit(people, "indicator_restore")[0] == {"id": ident, "was": "merged", "into": "police_incidents_110",
                                                      "batch": merge_batch}
    assert merges.open_merge(people, source=ident) is None


def test_rolling_back_the_merge_batch_in_the_history_undoes_the_merge(twin, people):
    ident, _ = twin
    catalogue.merge_indicator(people, ANA, ident, "police_incidents_110")
    merge_batch = people.execute("SELECT max(id) FROM batch").fetchall()[0][0]
    batches.roll_back(people, ROOT, merge_batch)
    assert _cat(people).indicators[ident].active
    assert _value(people, "police_incidents_110", "2030") is None


def test_the_source_batch_of_merged_figures_cannot_be_rolled_back_under_the_merge(twin, people):
    ident, source_batch = twin
    catalogue.merge_indicator(people, ANA, ident, "police_incidents_110")
    with pytest.raises(UserError) as e:
        batches.roll_back(people, ROOT, source_batch)
    assert e.value.code == "catalogue.rollback_merged" and "全区警情（新口径）" in e.value.text("zh")
    assert people.execute("SELECT status FROM batch WHERE id = ?", [source_batch]).fetchall() == [("committed",)]
    catalogue.restore_indicator(people, ANA, ident)
    batches.roll_back(people, ROOT, source_batch)
    assert _value(people, ident, "2030") is None


def test_merge_points_references_to_the_survivor_and_restore_points_them_back(people):
    solved = _new(people, "涉黑案件破案数（新）", "Gang cases solved (new)", "宗")
    catalogue.merge_indicator(people, ANA, "gang_cases_solved", solved)
    assert _cat(people).indicators["gang_solve_rate"].numerator == solved
    catalogue.restore_indicator(people, ANA, "gang_cases_solved")
    assert _cat(people).indicators["gang_solve_rate"].numerator == "gang_cases_solved"


@pytest.mark.parametrize("into, code", [("gang_solve_rate", "catalogue.merge_unlike"),
                                        (GANGS, "catalogue.merge_target"),
                                        ("nowhere", "catalogue.merge_target")])
def test_merge_is_refused_between_unlike_or_unusable_indicators(people, into, code):
    catalogue.retire_indicator(people, ANA, GANGS)
    with pytest.raises(UserError) as e:
        catalogue.merge_indicator(people, ANA, "national_security_operations", into)
    assert e.value.code == code
    assert _cat(people).indicators["national_security_operations"].active


def test_a_merge_that_fails_half_way_leaves_no_batch_and_no_change(twin, people, monkeypatch):
    ident, _ = twin
    n_batches = _count(people, "SELECT count(*) FROM batch")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")
    monkeypatch.setattr(merges, "record_merge", broken)
    with pytest.raises(RuntimeError):
        catalogue.merge_indicator(people, ANA, ident, "police_incidents_110")
    assert _count(people, "SELECT count(*) FROM batch") == n_batches
    assert _cat(people).indicators[ident].active and _value(people, "police_incidents_110", "2030") is None
    assert _audit(people, "indicator_merge") == []


# ---------------------------------------------------------------- create, delete, aliases

def test_create_checks_the_same_rules_and_delete_only_what_never_held_data(people):
    with pytest.raises(InvalidIndicator) as e:
        catalogue.create_indicator(people, ANA, IndicatorSpec(name_zh="110刑事治安总警情", name_en="Dup",
                                                              unit="起", domain="public_security"))
    assert e.value.fields == ["name_zh"]
    ident = catalogue.create_indicator(people, ANA, IndicatorSpec(name_zh="网吧检查", name_en="Internet cafe checks",
                                                                  unit="次", domain="public_security",
                                                                  aliases=("网吧检查次数",)))
    assert _cat(people).find_indicator("网吧检查次数").id == ident
    catalogue.delete_indicator(people, ANA, ident)
    assert ident not in _cat(people).with_retired().indicators
    assert _count(people, "SELECT count(*) FROM indicator_alias WHERE indicator_id = ?", [ident]) == 0
    assert _audit(people, "indicator_delete") == [{"id": ident, "name_zh": "网吧检查"}]
    with pytest.raises(UserError) as e:
        catalogue.delete_indicator(people, ANA, "two_thefts")
    assert e.value.code == "catalogue.delete_file_indicator"
    kept = _new(people)
    _commit(people, [(kept, DISTRICT, "2030", 1.0)], "k.xlsx")
    with pytest.raises(UserError) as e:
        catalogue.delete_indicator(people, ANA, kept)
    assert e.value.code == "catalogue.delete_has_data"


def test_aliases_are_added_checked_and_removed_with_audit(people):
    assert catalogue.add_alias(people, ANA, "two_thefts", "  入室及车辆盗窃 ") == "入室及车辆盗窃"
    assert _cat(people).find_indicator("入室及车辆盗窃").id == "two_thefts"
    with pytest.raises(InvalidIndicator) as e:
        catalogue.add_alias(people, ANA, "two_thefts", "八类暴力")
    assert "八类暴力案件" in e.value.text("zh")
    with pytest.raises(InvalidIndicator):
        catalogue.add_alias(people, ANA, "two_thefts", "  ")
    catalogue.remove_alias(people, ANA, "two_thefts", "入室及车辆盗窃")
    assert _cat(people).find_indicator("入室及车辆盗窃") is None
    with pytest.raises(UserError) as e:
        catalogue.remove_alias(people, ANA, "two_thefts", "入室及车辆盗窃")
    assert e.value.code == "catalogue.no_such_alias"
    assert [r["alias"] for r in _audit(people, "alias_remove")] == ["入室及车辆盗窃"]
    assert [r["alias"] for r in _audit(people, "alias_add")] == ["入室及车辆盗窃"]


def test_an_active_indicator_only_ever_refers_to_active_ones(people):
    """Retire the rate, then its numerator: restoring the rate is refused while its numerator is retired."""
    catalogue.retire_indicator(people, ANA, "gang_solve_rate")
    catalogue.retire_indicator(people, ANA, "gang_cases_solved")       # only a retired indicator used it
    with pytest.raises(InvalidIndicator) as e:
        catalogue.restore_indicator(people, ANA, "gang_solve_rate")
    assert e.value.fields == ["numerator"] and "已停用或已合并" in e.value.text("zh")
    catalogue.restore_indicator(people, ANA, "gang_cases_solved")
    catalogue.restore_indicator(people, ANA, "gang_solve_rate")
    assert "gang_solve_rate" in _cat(people).indicators


def test_merge_re_points_retired_referrers_too_and_a_merged_indicator_is_not_edited(people):
    catalogue.retire_indicator(people, ANA, "gang_solve_rate")
    solved = _new(people, "涉黑案件破案数（新）", "Gang cases solved (new)", "宗")
    catalogue.merge_indicator(people, ANA, "gang_cases_solved", solved)
    assert _cat(people).retired["gang_solve_rate"].numerator == solved
    catalogue.restore_indicator(people, ANA, "gang_solve_rate")          # refers to an active indicator: allowed
    with pytest.raises(UserError) as e:
        _edit(people, ANA, "gang_cases_solved", unit="件")
    assert e.value.code == "catalogue.merged_no_edit"
    catalogue.restore_indicator(people, ANA, "gang_cases_solved")
    assert _cat(people).indicators["gang_solve_rate"].numerator == "gang_cases_solved"


def test_an_indicator_of_the_safety_index_is_neither_retired_nor_merged_away(people):
    """data/safety_index.toml scores two_thefts: taking it out of use would leave the index file faulty."""
    for call in (lambda: catalogue.retire_indicator(people, ANA, "two_thefts"),
                 lambda: catalogue.merge_indicator(people, ANA, "two_thefts", "violent_crimes_8")):
        with pytest.raises(UserError) as e:
            call()
        assert e.value.code == "catalogue.in_index" and "data/safety_index.toml" in e.value.text("en")
    assert "two_thefts" in _cat(people).indicators
