"""The 指标目录 page through AppTest on a real DuckDB file: list, edit, validation, retire, merge, aliases, create."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from indicators import actions
from indicators.actions import SYSTEM, catalogue, upload
from indicators.actions import users as account
from indicators.actions.catalogue import IndicatorSpec
from indicators.store import audit
from indicators.store.catalog_sync import catalog_from_db
from indicators.store.queries import current

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PASSWORD = "correct horse battery"
P110 = "police_incidents_110"
GANGS = "criminal_gangs_busted"     # 打掉涉恶犯罪团伙: in no index, used by no other indicator


@pytest.fixture
def people(con):
    """An analyst and a viewer."""
    account.add(con, SYSTEM, "ana", PASSWORD, "analyst")
    account.add(con, SYSTEM, "vic", PASSWORD, "viewer")
    return con


def _open(user: str = "ana", role: str = "analyst", lang: str = "zh") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"], at.session_state["role"], at.session_state["lang"] = user, role, lang
    at.run()
    return at.switch_page("pages/catalogue.py").run()


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _texts(at: AppTest) -> str:
    return " ".join([e.value for e in at.error] + [s.value for s in at.success] + [i.value for i in at.info])


def _audit(con, action: str) -> list[dict]:
    return [json.loads(d) for d in audit.entries(con, action=action)["detail"]]


def test_viewers_neither_see_the_page_nor_open_it_directly(people):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"], at.session_state["role"] = "vic", "viewer"
    at.run()
    with pytest.raises(ValueError):                # not in a viewer's navigation
        at.switch_page("pages/catalogue.py")
    at = AppTest.from_file(str(Path(APP).parent / "pages" / "catalogue.py"), default_timeout=60)
    at.session_state["user"] = "vic"
    at.run()
    assert not at.exception and at.error[0].value == "您的角色无权使用此页面。" and not at.dataframe


def test_lists_every_active_indicator_and_filters_by_status_and_search(people):
    at = _open()
    assert not at.exception
    table = at.dataframe[0].value
    active = catalog_from_db(people).indicators
    assert list(table["编号"]) == list(active)
    assert set(table["状态"]) == {"使用中"} and set(table["来源"]) == {"目录文件"}
    row = table[table["编号"] == P110].iloc[0]
    assert (row["中文名称"], row["单位"], row["类型"], row["方向"]) == ("110刑事治安总警情", "起", "计数", "越低越好")
    assert row["当前数据条数"] == len(current(people, indicators=[P110]))
    at.text_input(key="cat_search").input("打掉团伙").run()
    assert list(at.dataframe[0].value["编号"]) == [GANGS]
    catalogue.retire_indicator(people, actions.login("ana"), GANGS)
    at.text_input(key="cat_search").input("").run()
    at.selectbox(key="cat_status__zh").select("retired").run()
    retired = at.dataframe[0].value
    assert list(retired["编号"]) == [GANGS] and list(retired["状态"]) == ["已停用"]
    assert at.selectbox(key="cat_pick__zh").value == GANGS      # the filter picks among what it shows
    assert any(b.label == "恢复使用" for b in at.button)


def test_edit_saves_through_the_action_and_the_table_shows_it(people):
    at = _open()
    assert at.selectbox(key="cat_pick__zh").value == P110
    at.text_input(key=f"ce_{P110}_name_zh").input("110警情总数")
    at.number_input(key=f"ce_{P110}_target").set_value(900.0)
    _button(at, "保存修改").click().run()
    assert not at.exception
    assert "已保存 2 处修改" in _texts(at)
    assert catalog_from_db(people).indicators[P110].name_zh == "110警情总数"
    assert "110警情总数" in list(at.dataframe[0].value["中文名称"])
    row = _audit(people, "indicator_update")[0]
    assert row["changes"]["target"] == [None, 900.0]
    assert audit.entries(people, action="indicator_update")["user_name"].tolist() == ["ana"]
    assert "目标值" in at.dataframe[0].value.set_index("编号").loc[P110, "在应用中改过的字段"]


@pytest.mark.parametrize("lang, field, value, expected", [
    ("zh", "unit", "[u]", "单位：「[u]」不像计量单位"),
    ("en", "unit", "[u]", "Unit: '[u]' does not look like a unit"),
    ("zh", "name_zh", "八类暴力案件", "中文名称：「八类暴力案件」已是指标「八类暴力案件」的名称或别名"),
    ("en", "name_zh", "八类暴力案件", "Chinese name: '八类暴力案件' also names Eight major violent crimes"),
    ("zh", "unit", "", "单位：不能为空"),
    ("en", "unit", "", "Unit: empty"),
])
def test_validation_messages_name_the_field_in_the_readers_language(people, lang, field, value, expected):
    at = _open(lang=lang)
    at.text_input(key=f"ce_{P110}_{field}").input(value)
    _button(at, "保存修改" if lang == "zh" else "Save changes").click().run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error).replace("\\", "")
    assert expected in shown, shown
    assert catalog_from_db(people).indicators[P110].unit == "起"
    assert not _audit(people, "indicator_update")


def test_bounds_in_the_wrong_order_are_refused(people):
    at = _open(lang="en")
    at.number_input(key=f"ce_{P110}_min_value").set_value(10.0)
    at.number_input(key=f"ce_{P110}_max_value").set_value(5.0)
    _button(at, "Save changes").click().run()
    assert "Upper bound (error above): '5' is below the lower bound 10" in " ".join(e.value for e in at.error)


def test_retire_then_restore(people):
    at = _open()
    at.selectbox(key="cat_pick__zh").select(GANGS).run()
    at.checkbox(key="cat_retire_ok_criminal_gangs_busted").check().run()
    _button(at, "停用").click().run()
    assert "已停用「打掉涉恶犯罪团伙」" in _texts(at)
    assert GANGS in catalog_from_db(people).retired
    assert at.selectbox(key="cat_pick__zh").value == GANGS     # still managed here, under the retired filter
    _button(at, "恢复使用").click().run()
    assert "已恢复" in _texts(at)
    assert GANGS in catalog_from_db(people).indicators


def test_an_indicator_others_count_on_is_not_retired_and_the_page_says_why(people):
    at = _open()
    at.selectbox(key="cat_pick__zh").select("gang_cases_solved").run()
    at.checkbox(key="cat_retire_ok_gang_cases_solved").check().run()
    _button(at, "停用").click().run()
    assert "分子指标" in " ".join(e.value for e in at.error)
    assert "gang_cases_solved" in catalog_from_db(people).indicators


def test_merge_shows_its_plan_then_moves_the_figures_and_can_be_undone(people):
    twin = catalogue.create_indicator(people, actions.login("ana"), IndicatorSpec(
        name_zh="全区警情（新口径）", name_en="Incidents, new definition", unit="起", domain="public_security",
        polarity="lower_better"))
    rows = pd.DataFrame({"indicator_id": [twin, twin], "region_code": ["440300DP", "440300DP"],
                         "period": ["2030", "2021"], "value": [77.0, 999.0], "source": ["a!B2", "a!B3"]})
    upload.commit_rows(people, actions.shell("ana"), rows, file_name="a.xlsx", sha256="a" * 64)
    at = _open()
    at.selectbox(key="cat_pick__zh").select(twin).run()
    at.selectbox(key=f"cat_merge_into_{twin}__zh").select(P110).run()
    assert [m.value for m in at.metric][:3] == ["1", "0", "1"]      # 2030 copied; 2021 differs: 110's 1052 kept
    assert list(at.dataframe[-1].value["目标指标的数值（保留）"]) == [1052.0]
    at.checkbox(key=f"cat_merge_ok_{twin}").check().run()
    _button(at, "合并").click().run()
    assert "复制了 1 条数据" in _texts(at)
    assert at.selectbox(key="cat_pick__zh").value == P110
    assert current(people, indicators=[P110], period="2030")["value"].tolist() == [77.0]
    assert catalog_from_db(people).retired[twin].merged_into == P110
    at.selectbox(key="cat_status__zh").select("merged").run()
    at.selectbox(key="cat_pick__zh").select(twin).run()
    _button(at, "恢复使用").click().run()
    assert current(people, indicators=[P110], period="2030").empty
    assert catalog_from_db(people).indicators[twin].active


def test_merge_between_different_units_says_why_before_any_click(people):
    at = _open()
    at.selectbox(key="cat_pick__zh").select(GANGS).run()
    at.selectbox(key="cat_merge_into_criminal_gangs_busted__zh").select("pl_work_satisfaction").run()
    assert "单位或类型不同" in " ".join(e.value for e in at.error)
    assert "合并" not in [b.label for b in at.button]


def test_aliases_are_added_and_removed(people):
    at = _open()
    at.selectbox(key="cat_pick__zh").select("two_thefts").run()
    at.text_input(key="cat_alias_text_two_thefts").input("入室及车辆盗窃")
    _button(at, "添加别名").click().run()
    assert "已添加别名「入室及车辆盗窃」" in _texts(at)
    assert catalog_from_db(people).find_indicator("入室及车辆盗窃").id == "two_thefts"
    at.text_input(key="cat_alias_text_two_thefts").input("八类暴力")
    _button(at, "添加别名").click().run()
    assert "八类暴力案件" in " ".join(e.value for e in at.error)
    at.selectbox(key="cat_alias_rm_pick_two_thefts__zh").select("两盗")
    _button(at, "删除别名").click().run()
    assert "已删除别名「两盗」" in _texts(at)
    assert "两盗" not in catalog_from_db(people).indicators["two_thefts"].aliases
    assert [r["alias"] for r in _audit(people, "alias_remove")] == ["两盗"]


def test_create_with_every_field_then_it_is_picked(people):
    at = _open(lang="en")
    at.text_input(key="cn_name_zh").input("网吧检查次数")
    at.text_input(key="cn_name_en").input("Internet cafe inspections")
    at.text_input(key="cn_unit").input("次")
    at.number_input(key="cn_target").set_value(120.0)
    at.number_input(key="cn_target_year").set_value(2025)
    at.text_area(key="cn_aliases").input("网吧检查\n网吧巡查")
    _button(at, "Create").click().run()
    assert not at.exception
    assert "“Internet cafe inspections” created." in _texts(at)
    ind = catalog_from_db(people).indicators["internet_cafe_inspections"]
    assert (ind.unit, ind.target, ind.target_year, ind.origin) == ("次", 120.0, 2025, "user")
    assert ind.aliases == ("网吧检查", "网吧巡查")
    assert at.selectbox(key="cat_pick__en").value == "internet_cafe_inspections"


def test_switching_language_keeps_the_choices_and_relabels_them(people):
    """Streamlit keeps a keyed selectbox's old label text when only its labels change: the page must not."""
    at = _open()
    at.selectbox(key="cat_pick__zh").select("two_thefts").run()
    at.selectbox(key="cat_status__zh").select("all").run()
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    pick, status = at.selectbox(key="cat_pick__en"), at.selectbox(key="cat_status__en")
    assert (pick.value, status.value) == ("two_thefts", "all")
    assert "Burglary and vehicle theft (\"two thefts\") · two_thefts · in use" in pick.options
    assert not [o for o in pick.options if "使用中" in o] and status.options[-1] == "Any status"
    assert at.selectbox(key="cat_domain__en").options[0] == "All"
    assert at.selectbox(key="ce_two_thefts_kind__en").options[0] == "count"


def test_every_key_the_page_and_the_rules_build_exist():
    from indicators.catalog import KINDS, POLARITY
    from indicators.i18n import catalogue as strings
    from indicators.indicator_rules import FREQUENCIES
    from indicators.store.catalog_sync import INDICATOR_FIELDS
    from indicators.web.catalogue_view import STATUSES

    keys = [f"catalogue.field_{f}" for f in (*INDICATOR_FIELDS, "aliases", "order", "code", "level")]
    keys += [f"catalogue.filter_{s}" for s in STATUSES] + ["catalogue.status_active", "catalogue.status_retired"]
    keys += [f"catalogue.{k}_{o}" for k in ("origin", "alias_origin") for o in ("catalogue", "user")]
    keys += [f"catalogue.help_{f}" for f in ("min_value", "max_value", "warn_above", "target")]
    keys += [f"pages.kind_{k}" for k in KINDS] + [f"upload.polarity_{p}" for p in POLARITY]
    keys += [f"pages.freq_{f}" for f in FREQUENCIES] + ["upload.kind_merge"]
    keys += [f"auth.action_{a}" for a in ("indicator_update", "indicator_retire", "indicator_restore",
                                          "indicator_merge", "indicator_delete", "alias_remove", "alias_add")]
    src = Path(APP).parent / "src" / "indicators"
    codes = re.findall(r'_(?:problem|rule)\([^,()]+, "(\w+)"', (src / "indicator_rules.py").read_text() +
                       (src / "catalog.py").read_text())
    assert len(set(codes)) >= 15
    keys += [f"catalogue.rule_{c}" for c in codes]
    assert [k for k in keys if k not in strings()] == []


def test_an_indicator_of_the_safety_index_offers_no_retire_or_merge(people):
    at = _open()
    at.selectbox(key="cat_pick__zh").select("two_thefts").run()
    assert any("平安指数" in i.value for i in at.info)
    assert not {"停用", "合并"} & {b.label for b in at.button}


def test_the_page_and_the_command_line_edit_through_the_same_actions(people, monkeypatch, capsys):
    """One home per action: the page's save and alias buttons and `catalogue edit|alias` call the same functions."""
    from indicators.cli.main import main

    calls: list[tuple[str, str, str | None]] = []

    def spy(name: str):
        real = getattr(catalogue, name)

        def recorded(con, actor, ident, *args):
            calls.append((name, ident, actor.name))
            return real(con, actor, ident, *args)
        monkeypatch.setattr(catalogue, name, recorded)

    for name in ("update_indicator", "add_alias"):
        spy(name)
    at = _open()
    at.text_input(key=f"ce_{P110}_unit").input("[u]")
    _button(at, "保存修改").click().run()
    page_error = " ".join(e.value for e in at.error).replace("\\", "")
    at.text_input(key=f"ce_{P110}_unit").input("宗")
    _button(at, "保存修改").click().run()
    at.selectbox(key="cat_pick__zh").select("two_thefts").run()
    at.text_input(key="cat_alias_text_two_thefts").input("入室及车辆盗窃")
    _button(at, "添加别名").click().run()
    assert not at.exception
    assert main(["catalogue", "edit", P110, "--unit", "[u]", "--user", "ops"]) == 2
    assert "单位：「[u]」不像计量单位" in page_error and "单位：「[u]」不像计量单位" in capsys.readouterr().err
    assert main(["catalogue", "edit", P110, "--unit", "起", "--user", "ops"]) == 0
    assert main(["catalogue", "alias", "add", "two_thefts", "两抢", "--user", "ops"]) == 0
    assert calls == [("update_indicator", P110, "ana"), ("update_indicator", P110, "ana"),
                     ("add_alias", "two_thefts", "ana"), ("update_indicator", P110, "ops"),
                     ("update_indicator", P110, "ops"), ("add_alias", "two_thefts", "ops")]
    assert [(u, json.loads(d)["changes"]["unit"]) for u, d in audit.entries(
        people, action="indicator_update")[["user_name", "detail"]].itertuples(index=False)] == [
        ("ops", ["宗", "起"]), ("ana", ["起", "宗"])]
