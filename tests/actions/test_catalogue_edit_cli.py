"""`python -m indicators catalogue edit|alias …` on a real database file: the page's edit and alias actions, their
refusals word for word, in both languages, audited."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from indicators import actions
from indicators.actions import catalogue
from indicators.cli.main import main
from indicators.store import audit, connect
from indicators.store.catalog_sync import catalog_from_db
from indicators.store.seed import ensure_ready

GANGS = "criminal_gangs_busted"     # 打掉涉恶犯罪团伙 (unit 个): in no index, used by no other indicator
P110 = "police_incidents_110"       # 110刑事治安总警情 (unit 起)


def _audit(db_file, action: str) -> list[tuple[str, dict]]:
    rows = audit.entries(connect(db_file), action=action)
    return [(u, json.loads(d)) for u, d in zip(rows["user_name"], rows["detail"], strict=True)]


def _refused(capsys, argv: list[str]) -> str:
    """The one line a refusal prints on stderr (exit status 2, nothing on stdout, no traceback)."""
    capsys.readouterr()
    assert main(argv) == 2
    out = capsys.readouterr()
    assert not out.out and "Traceback" not in out.err
    assert len(out.err.strip().splitlines()) == 1, out.err
    return out.err.strip()


def test_edit_changes_the_fields_given_says_what_changed_and_audits(db_file, capsys, monkeypatch):
    monkeypatch.setenv("INDICATORS_USER", "ops")
    assert main(["catalogue", "edit", "打掉团伙", "--unit", "起", "--target", "30", "--polarity", "lower_better",
                 "--name-en", "Gangs busted"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"已修改指标 {GANGS}："
    assert set(out[1:]) == {"  单位：个 → 起", "  目标值：（无） → 30", "  方向：越高越好 → 越低越好",
                            "  英文名称：Criminal gangs broken up → Gangs busted"}
    ind = catalog_from_db(connect(db_file)).indicators[GANGS]
    assert (ind.unit, ind.target, ind.polarity, ind.name_en, ind.name_zh) == ("起", 30.0, -1, "Gangs busted",
                                                                             "打掉涉恶犯罪团伙")
    [(user, detail)] = _audit(db_file, "indicator_update")
    assert user == "ops" and detail["id"] == GANGS
    assert detail["changes"] == {"unit": ["个", "起"], "target": [None, 30.0], "polarity": [1, -1],
                                 "name_en": ["Criminal gangs broken up", "Gangs busted"]}
    assert main(["catalogue", "edit", GANGS, "--target", "", "--decimals", "1", "--lang", "en", "--user", "ana"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Indicator {GANGS} changed:"
    assert set(out[1:]) == {"  Target: 30 → (none)", "  Decimals: 0 → 1"}
    ind = catalog_from_db(connect(db_file)).indicators[GANGS]
    assert (ind.target, ind.decimals) == (None, 1)
    assert [u for u, _ in _audit(db_file, "indicator_update")] == ["ana", "ops"]


def test_edit_with_nothing_new_changes_and_audits_nothing(db_file, capsys):
    assert main(["catalogue", "edit", P110, "--unit", "起"]) == 0
    assert capsys.readouterr().out.strip() == f"指标 {P110} 没有改动。"
    assert main(["catalogue", "edit", P110, "--unit", "起", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"id": P110, "changes": {}}
    assert not _audit(db_file, "indicator_update")


# The page's refusals (tests/app/test_catalogue_page.py), word for word: the CLI calls the same action.
@pytest.mark.parametrize("lang, option, value, expected", [
    ("zh", "--unit", "[u]", "单位：「[u]」不像计量单位"),
    ("en", "--unit", "[u]", "Unit: '[u]' does not look like a unit"),
    ("zh", "--name-zh", "八类暴力案件", "中文名称：「八类暴力案件」已是指标「八类暴力案件」的名称或别名"),
    ("en", "--name-zh", "八类暴力案件", "Chinese name: '八类暴力案件' also names Eight major violent crimes"),
    ("zh", "--unit", "", "单位：不能为空"),
    ("en", "--unit", "", "Unit: empty"),
    ("zh", "--name-zh", " ", "中文名称：不能为空"),
    ("en", "--kind", "ratio", "Kind: 'ratio' not one of count, rate, amount, index, rank"),
    ("zh", "--domain", "mars", "领域：没有领域「mars」"),
    ("en", "--numerator", "nosuch", "Numerator: unknown indicator 'nosuch'"),
    ("zh", "--decimals", "2.5", "小数位数：「2.5」应为 0 到 6 之间的整数"),
    ("zh", "--min-value", "abc", "下限（低于即报错）：「abc」不是数字"),
    ("en", "--target-year", "nan", "Target year: 'nan' is not a number"),
    ("en", "--max-value", "-1", "Upper bound (error above): '-1' is below the lower bound 0"),
])
def test_edit_refusals_name_the_field_in_the_readers_language(db_file, capsys, lang, option, value, expected):
    err = _refused(capsys, ["catalogue", "edit", P110, option, value, "--lang", lang])
    assert err.startswith("错误：" if lang == "zh" else "Error: ")
    assert expected in err, err
    assert catalog_from_db(connect(db_file)).indicators[P110].unit == "起"
    assert not _audit(db_file, "indicator_update")


def test_edit_refusal_is_the_actions_own_message(db_file, capsys):
    con = connect(db_file)
    ensure_ready(con)
    spec = catalogue.IndicatorSpec.of(catalog_from_db(con).indicators[P110])
    with pytest.raises(catalogue.InvalidIndicator) as e:
        catalogue.update_indicator(con, actions.shell("t"), P110, replace(spec, unit="<b>", name_en=""), spec)
    con.close()
    err = _refused(capsys, ["catalogue", "edit", P110, "--unit", "<b>", "--name-en", "", "--lang", "en"])
    assert err == f"Error: {e.value.text('en')}"
    assert "English name: empty" in err and "Unit:" in err


def test_edit_refuses_no_field_an_unknown_and_a_merged_indicator(db_file, capsys):
    assert "至少给出一个要修改的字段" in _refused(capsys, ["catalogue", "edit", GANGS])
    assert "Give at least one field to change" in _refused(capsys, ["catalogue", "edit", GANGS, "--lang", "en"])
    assert "nosuch" in _refused(capsys, ["catalogue", "edit", "nosuch", "--unit", "起"])
    con = connect(db_file)
    ensure_ready(con)
    catalogue.merge_indicator(con, actions.shell("t"), GANGS, "national_security_operations")
    con.close()
    err = _refused(capsys, ["catalogue", "edit", GANGS, "--unit", "起", "--lang", "en"])
    assert "was merged into another indicator" in err and "restore it to edit it" in err
    assert not _audit(db_file, "indicator_update")


def test_alias_add_and_remove_through_the_actions_audited(db_file, capsys, monkeypatch):
    monkeypatch.setenv("INDICATORS_USER", "ops")
    assert main(["catalogue", "alias", "add", GANGS, " 团伙打掉数 "]) == 0
    assert capsys.readouterr().out.strip() == f"已为指标 {GANGS} 添加别名「团伙打掉数」"
    assert "团伙打掉数" in catalog_from_db(connect(db_file)).indicators[GANGS].aliases
    assert main(["catalogue", "show", "团伙打掉数", "--json"]) == 0          # the new alias finds the indicator
    assert json.loads(capsys.readouterr().out)["id"] == GANGS
    assert _audit(db_file, "alias_add") == [("ops", {"alias": "团伙打掉数", "indicator": GANGS})]
    assert main(["catalogue", "alias", "remove", "团伙打掉数", "团伙打掉数", "--lang", "en", "--user", "ana"]) == 0
    assert capsys.readouterr().out.strip() == f"Alias “团伙打掉数” removed from indicator {GANGS}"
    assert "团伙打掉数" not in catalog_from_db(connect(db_file)).indicators[GANGS].aliases
    assert _audit(db_file, "alias_remove") == [("ana", {"alias": "团伙打掉数", "indicator": GANGS})]


@pytest.mark.parametrize("lang, verb, alias, expected", [
    ("zh", "add", "八类暴力案件", "别名：「八类暴力案件」已是指标「八类暴力案件」的名称或别名"),
    ("en", "add", "八类暴力案件", "Aliases: '八类暴力案件' also names Eight major violent crimes"),
    ("zh", "add", "  ", "别名：不能为空"),
    ("en", "add", "x" * 101, "Aliases: too long (101 characters, at most 100)"),
    ("zh", "remove", "没有这个别名", f"指标「{GANGS}」没有别名「没有这个别名」。"),
    ("en", "remove", "没有这个别名", f"Indicator '{GANGS}' has no alias '没有这个别名'."),
])
def test_alias_refusals_in_the_readers_language(db_file, capsys, lang, verb, alias, expected):
    err = _refused(capsys, ["catalogue", "alias", verb, GANGS, alias, "--lang", lang])
    assert expected in err, err
    assert not _audit(db_file, "alias_add") and not _audit(db_file, "alias_remove")
