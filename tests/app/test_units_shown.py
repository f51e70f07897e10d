"""Units and measure names on the pages (issue #12 item 4): each language's brackets, English units in English,
a change in % or 个百分点 (never 起), and one name per measure on every page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from indicators.actions import SYSTEM
from indicators.actions import users as account
from tests.app.navigate import open_page
from tests.leaders_data import upload_half_year

APP = str(Path(__file__).resolve().parents[2] / "app.py")
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def half_year(con):
    """The seed plus the half-year report (tests/leaders_data.py), with an admin to open every page."""
    upload_half_year(con)
    account.add(con, SYSTEM, "root", "correct horse battery", "admin")
    return con


def _open(page: str, lang: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.session_state["user"], at.session_state["role"], at.session_state["lang"] = "root", "admin", lang
    at.run()
    open_page(at, page).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_stage_chart_labels_carry_the_unit_in_the_languages_brackets(half_year, lang):
    at = _open("anti_gang", lang)
    funnel = next(d for c in at.get("plotly_chart") for d in json.loads(c.proto.spec)["data"] if d["type"] == "funnel")
    labels = [y.replace("<br>", " " if lang == "en" else "") for y in funnel["y"]]
    if lang == "zh":
        assert all(re.fullmatch(r"[^（）]+（[^（）]+）", y) for y in labels), labels
    else:
        assert all(re.fullmatch(r"[^()（）]+ \([a-z ,0-9]+\)", y) for y in labels), labels
        assert not HAN.search(" ".join(labels))


def _batch_rows(lang: str) -> tuple[AppTest, object]:
    at = _open("pages/history.py", lang)
    at.selectbox(key="history_batch").set_value(2).run()        # the half-year report
    assert not at.exception, at.exception
    return at, at.dataframe[1].value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_batchs_rows_give_each_measure_its_own_unit(half_year, lang):
    at, rows = _batch_rows(lang)
    measure, unit = ("度量", "单位") if lang == "zh" else ("Measure", "Unit")
    yoy = rows[rows[measure] == ("同比（%）" if lang == "zh" else "YoY change (%)")]
    assert len(yoy) == 1 and yoy[unit].tolist() == ["%"]                          # 110's −12.37%, not 起
    values = rows[rows[measure] == ("数值" if lang == "zh" else "Value")]
    if lang == "en":
        assert not [u for u in rows[unit] if HAN.search(u)], rows[unit].tolist()
        assert "incidents" in values[unit].tolist()
    else:
        assert "起" in values[unit].tolist()
    header = at.dataframe[0].value.columns[-1]
    assert header == ("回滚记录" if lang == "zh" else "Rolled back")            # short enough to show whole


def test_the_catalogue_lists_units_in_english_and_says_the_form_edits_the_stored_one(half_year):
    at = _open("pages/catalogue.py", "en")
    units = at.dataframe[0].value["Unit"].tolist()
    assert not [u for u in units if HAN.search(u)], units
    assert {"incidents", "cases", "count", "10,000 visits"} <= set(units)
    stored = [w for w in at.text_input if w.label.startswith("Unit")]
    assert stored and all(w.label == "Unit (stored in Chinese, e.g. 起)" for w in stored), [w.label for w in stored]


def test_a_domain_page_has_no_bare_number_unit(half_year):
    at = _open("anti_gang", "en")
    table = at.dataframe[0].value
    assert "number" not in table["Unit"].tolist() and not [u for u in table["Unit"] if HAN.search(u)]
    table = _open("public_security", "en", {"period": "2021"}).dataframe[0].value
    tourists = table[table["Indicator"] == "Visiting tourists"].iloc[0]
    assert tourists["Value"].endswith(" visits") and tourists["Unit"] == "visits"     # not "10,000 visits"


@pytest.mark.parametrize(("lang", "names"), [("zh", ["数值", "同比（%）"]), ("en", ["Value", "YoY change (%)"])])
def test_measures_have_one_name_on_every_page(half_year, lang, names):
    query = _open("pages/query.py", lang)
    box = next(s for s in query.selectbox if s.label == ("度量" if lang == "zh" else "Measure"))
    assert box.options[:2] == names
    _, rows = _batch_rows(lang)
    assert set(names) <= set(rows["度量" if lang == "zh" else "Measure"])
