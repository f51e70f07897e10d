"""The upload page reads office tables as sent and lets the analyst correct the reading in place (AppTest)."""

from __future__ import annotations

import hashlib

import pytest

from indicators.actions import SYSTEM
from indicators.actions import users as account
from indicators.store import recipes as recipe_store
from indicators.store.catalog_sync import catalog_from_db
from indicators.web.upload_mapping import text_key
from tests.ingest.helpers import xlsx

from .test_upload_page import _metrics, _open, _table, _upload

PASSWORD = "correct horse battery"
REPORT = [["葵涌办事处综治工作月报"], ["填报单位：葵涌街道综治中心"],
          ["序号", "项目", "本月", None, None, "备注"],
          [None, None, "本月数", "去年同期", "同比(%)", None],
          [1, "矛盾纠纷排查数", 52, 47, 10.6, "含联合排查"],
          [2, "调处成功数", 50, 46, 8.7, None]]


@pytest.fixture
def users(con):
    account.add(con, SYSTEM, "ana", PASSWORD, "analyst")


def _key(sheet: str, what: str) -> str:
    return f"steer_{what}_{hashlib.sha1(sheet.encode()).hexdigest()[:10]}"


def test_the_grid_shows_the_reading_and_a_missing_period_is_set_in_place(con, users):
    at = _open("pages/upload.py", "ana", "analyst")
    _upload(at, "月报.xlsx", xlsx(REPORT, sheet="月报"))
    grid = next(d for d in at.dataframe if "本行读作" in d.value.columns)
    assert list(grid.value.columns)[:3] == ["本行读作", "A", "B"] and "表头" in grid.value["本行读作"].iloc[2]
    issues = _table(at, "级别")
    assert (issues["说明"].str.contains("本月数")).any()                 # 本月 without a year: no period yet
    at.text_input(key=_key("月报", "period")).input("2024年9月").run()
    at.button(key=_key("月报", "facts_apply")).click().run()
    assert not at.exception
    assert any("期间按您的设置" in v for v in _table(at, "级别")["说明"])
    at.selectbox(key=text_key("map_pick", "矛盾纠纷排查数")).select("__ignore__").run()
    at.button(key="map_save").click().run()
    assert not at.exception and "已保存 1 个对应关系" in at.success[0].value
    assert _metrics(at)["新增"] == 3                                     # 调处成功数: this month, last year, change


def test_selected_rows_become_the_header_and_columns_get_a_role(con, users):
    rows = [["说明：系统导出，请核对"], ["导出时间", "2024-10-08"], ["指标", "地区", "2024年"], ["两盗", "葵涌", 5],
            ["两盗", "南澳", 3]]
    at = _open("pages/upload.py", "ana", "analyst")
    _upload(at, "导出.xlsx", xlsx(rows, sheet="S"))
    at.session_state[_key("S", "grid")] = {"selection": {"rows": [2], "columns": []}}
    at.run()
    at.button(key=_key("S", "header")).click().run()
    assert not at.exception
    assert "工作表“S”：第 3–3 行为表头" in " ".join(m.value for m in at.markdown)
    at.session_state[_key("S", "grid")] = {"selection": {"rows": [], "columns": ["C"]}}
    at.run()
    at.selectbox(key=_key("S", "role")).select("ignore").run()
    at.button(key=_key("S", "apply_role")).click().run()
    assert not at.exception and not at.metric                          # no figures left to commit


def test_unknown_communities_are_created_from_the_page_and_a_recipe_is_kept(con, users):
    rows = [["南澳办事处2024年9月各社区矛盾纠纷"], ["社区", "两盗", "八类暴力案件"], ["南澳社区", 2, 0],
            ["水头社区", 1, 0], ["合计", 3, 0]]
    at = _open("pages/upload.py", "ana", "analyst")
    _upload(at, "社区.xlsx", xlsx(rows, sheet="S"))
    for text in ("南澳社区", "水头社区"):
        at.selectbox(key=text_key("reg_pick", text)).select("__new__").run()
    assert at.selectbox(key=text_key("reg_parent", "南澳社区")).value == "440300DP03"    # parent from the title
    assert at.selectbox(key=text_key("reg_level", "南澳社区")).value == "community"
    at.button(key="region_save").click().run()
    assert not at.exception and "已保存 2 个地区对应" in at.success[0].value
    cat = catalog_from_db(con)
    assert cat.find_region("水头社区").parent == "440300DP03"
    assert _metrics(at)["新增"] == 6
    at.button(key="recipe_save").click().run()
    assert not at.exception and len(recipe_store.list_recipes(con)) == 1
    again = _open("pages/upload.py", "ana", "analyst")
    _upload(again, "社区_10月.xlsx", xlsx(rows, sheet="S"))
    assert any("已自动按其读取" in i.value for i in again.info)
    drop = next(b for b in again.button if b.key and b.key.startswith("recipe_drop_"))
    drop.click().run()
    assert not again.exception and recipe_store.list_recipes(con) == []
