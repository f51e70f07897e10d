"""The 指标目录 page's edit form while someone else saves the same indicator (AppTest, a real DuckDB file): their
change to other fields is kept, a field both changed is refused in the reader's language with the analyst's typed
values kept, and the current values can be loaded."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from indicators import actions
from indicators.actions import SYSTEM, catalogue
from indicators.actions import users as account
from indicators.actions.catalogue import IndicatorSpec
from indicators.cli.main import main
from indicators.store import audit
from indicators.store.catalog_sync import catalog_from_db

APP = str(Path(__file__).resolve().parents[2] / "app.py")
P110 = "police_incidents_110"       # 110刑事治安总警情 (unit 起, no target): the indicator the page opens on
SAVE = {"zh": "保存修改", "en": "Save changes"}
RELOAD = {"zh": "载入当前值", "en": "Load current values"}


@pytest.fixture
def people(con):
    """Two analysts."""
    account.add(con, SYSTEM, "ana", "correct horse battery", "analyst")
    account.add(con, SYSTEM, "bob", "correct horse battery", "analyst")
    return con


def _open(lang: str = "zh") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"], at.session_state["role"], at.session_state["lang"] = "ana", "analyst", lang
    at.run()
    at = at.switch_page("pages/catalogue.py").run()
    assert not at.exception and at.selectbox(key=f"cat_pick__{lang}").value == P110
    return at


def _bob_saves(con, **fields) -> None:
    """Another analyst saves the indicator through the same action (reading it just before)."""
    read = IndicatorSpec.of(catalog_from_db(con).indicators[P110])
    assert catalogue.update_indicator(con, actions.login("bob"), P110, replace(read, **fields), read)


def _click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


def _rows(con) -> list[tuple[str, dict]]:
    rows = audit.entries(con, action="indicator_update")
    return [(u, json.loads(d)["changes"]) for u, d in zip(rows["user_name"], rows["detail"], strict=True)][::-1]


def test_a_change_saved_behind_the_open_form_to_other_fields_is_kept(people):
    at = _open()
    at.text_input(key=f"ce_{P110}_name_zh").input("110警情总数")
    _bob_saves(people, target=900.0, definition="全区110警情")
    _click(at, SAVE["zh"])
    assert not at.exception and not at.error
    assert any("已保存 1 处修改" in s.value for s in at.success)
    ind = catalog_from_db(people).indicators[P110]
    assert (ind.name_zh, ind.target, ind.definition) == ("110警情总数", 900.0, "全区110警情")
    assert _rows(people) == [("bob", {"target": [None, 900.0], "definition": ["全区110接报的刑事类和治安类警情总数",
                                                                              "全区110警情"]}),
                             ("ana", {"name_zh": ["110刑事治安总警情", "110警情总数"]})]
    assert at.number_input(key=f"ce_{P110}_v1_target").value == 900.0   # the form opens again on the stored values


def test_a_change_by_the_command_line_behind_the_open_form_is_kept(people):
    at = _open()
    at.text_input(key=f"ce_{P110}_unit").input("宗")
    assert main(["catalogue", "edit", P110, "--target", "900", "--user", "ops"]) == 0
    _click(at, SAVE["zh"])
    assert not at.exception and not at.error
    ind = catalog_from_db(people).indicators[P110]
    assert (ind.unit, ind.target) == ("宗", 900.0)
    assert _rows(people) == [("ops", {"target": [None, 900.0]}), ("ana", {"unit": ["起", "宗"]})]


@pytest.mark.parametrize("lang, expected", [
    ("zh", ["没有保存：您读取「110刑事治安总警情」之后，别人已修改了 1 个您也改了的字段（您的修改一项也没有写入，"
            "请看过当前值后再改）：", "「单位」：您读取时为「起」，别人已改为「件」，您填的是「宗」"]),
    ("en", ["Not saved: since you read “110 criminal and public-security incidents”, someone else changed 1 field(s) "
            "you changed too (none of your changes were written; look at the current values, then edit again):",
            "Unit: “起” when you read it, changed by someone else to “件”, yours “宗”"]),
])
def test_a_field_both_changed_is_refused_the_typed_values_stay_and_the_current_ones_can_be_loaded(people, lang,
                                                                                                  expected):
    at = _open(lang)
    at.text_input(key=f"ce_{P110}_unit").input("宗")
    at.text_input(key=f"ce_{P110}_name_zh").input("110警情总数")
    _bob_saves(people, unit="件")
    _click(at, SAVE[lang])
    assert not at.exception
    shown = [e.value.replace("\\", "") for e in at.error]
    assert shown == ["\n\n".join(expected)], shown
    assert at.text_input(key=f"ce_{P110}_unit").value == "宗"            # what she typed is still in the form
    assert at.text_input(key=f"ce_{P110}_name_zh").value == "110警情总数"
    ind = catalog_from_db(people).indicators[P110]
    assert (ind.unit, ind.name_zh) == ("件", "110刑事治安总警情")         # her name change not written either
    assert [u for u, _ in _rows(people)] == ["bob"]
    _click(at, SAVE[lang])                                               # saving again is refused again
    assert catalog_from_db(people).indicators[P110].unit == "件" and len(_rows(people)) == 1
    _click(at, RELOAD[lang])
    assert not at.exception and not at.error
    assert at.text_input(key=f"ce_{P110}_v1_unit").value == "件"        # a new form on the stored values
    assert at.text_input(key=f"ce_{P110}_v1_name_zh").value == "110刑事治安总警情"
    assert RELOAD[lang] not in {b.label for b in at.button}
    at.text_input(key=f"ce_{P110}_v1_name_zh").input("110警情总数")
    _click(at, SAVE[lang])
    assert not at.error
    ind = catalog_from_db(people).indicators[P110]
    assert (ind.unit, ind.name_zh) == ("件", "110警情总数")
    assert _rows(people)[-1] == ("ana", {"name_zh": ["110刑事治安总警情", "110警情总数"]})
