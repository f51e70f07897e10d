"""数据查询 and periods people say (#12 item 3): one selector entry per period, a history line per span kind, no
internal period codes anywhere the page shows, through AppTest on a real DuckDB file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from tests.leaders_data import upload_half_year, upload_monthly_110

APP = str(Path(__file__).resolve().parents[2] / "app.py")
CODE = re.compile(r"\b\d{4}(?:H[12]|Q[1-4]|YTD\d{2})\b|\b\d{4}-(?:0[1-9]|1[0-2])\b(?![-\s]\d)")  # not a date
ONE = {"ind": "police_incidents_110", "reg": "440300DP"}


@pytest.fixture
def mixed(con):
    """The seed, the half-year report (2022年1-6月 stored as 2022YTD06) and a monthly report of 110 incidents (months
    and year-to-date figures: 2021YTD06 is 2021年上半年, 2021YTD03 its first quarter)."""
    upload_half_year(con)
    upload_monthly_110(con)
    return con


@pytest.fixture
def names(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The file names of the downloads the page offers."""
    seen: list[str] = []
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        seen.append(file_name or "")
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return seen


def _page(params: dict[str, str] | None = None, lang: str = "zh") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.switch_page("pages/query.py").run()
    assert not at.exception, at.exception
    return at


def _history(at: AppTest) -> dict:
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(charts) == 1
    return charts[0]


def _shown_text(at: AppTest) -> str:
    """Everything a person reads on the page: texts, widget labels and options, the table, the chart."""
    parts = [e.value for kind in ("title", "subheader", "caption", "markdown", "warning", "info")
             for e in getattr(at, kind)]
    for box in at.selectbox:
        parts += [box.label, *map(str, box.options)]
    for box in at.multiselect:
        parts += [box.label, *map(str, box.options)]
    parts += [df.value.to_csv() for df in at.dataframe]
    for spec in at.get("plotly_chart"):
        fig = json.loads(spec.proto.spec)
        parts += [json.dumps([(d.get("name"), d.get("x"), d.get("customdata")) for d in fig["data"]],
                             ensure_ascii=False), fig["layout"]["meta"]["title"]]
    return "\n".join(str(p) for p in parts).replace("<br>", "")   # hover text wraps a source's date


def test_the_range_selectors_offer_each_period_once(mixed):
    at = _page()
    for key in ("qv_from", "qv_to"):
        labels = at.selectbox(key=key).options
        assert labels.count("2021年上半年") == 1 and labels.count("2022年上半年") == 1
        assert "2021年第一季度" in labels and not [x for x in labels if "1-6月" in x or "1-3月" in x]
    at.selectbox(key="qv_measure").set_value("all").run()
    at.selectbox(key="qv_from").set_value("2021H1").run()
    at.selectbox(key="qv_to").set_value("2021H1").run()
    at.selectbox(key="qv_type").set_value("half").run()
    table = at.dataframe[0].value
    assert set(table["期间"]) == {"2021年上半年"}   # the seed's 2021H1 ranks and the report's 2021年1-6月: one period
    assert {"数值", "排名"} <= set(table["度量"])


def test_an_old_link_with_a_year_to_date_code_selects_the_half_year(mixed):
    at = _page({"from": "2021YTD06"})
    assert at.selectbox(key="qv_from").value == "2021H1" and not at.warning


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_history_chart_joins_only_periods_of_one_span(mixed, lang):
    at = _page(ONE, lang)
    lines = {d["name"]: d["x"] for d in _history(at)["data"]}
    zh = lang == "zh"
    names = ("半年", "季度", "年度", "月度") if zh else ("Halves", "Quarters", "Years", "Months")
    half, quarter, year, months = names
    assert lines[half] == (["2021年上半年", "2022年上半年"] if zh else ["H1 2021", "H1 2022"])   # 480 from the report
    assert lines[quarter] == (["2021年第一季度", "2022年第一季度"] if zh else ["Q1 2021", "Q1 2022"])
    assert lines[year] == (["2020年", "2021年"] if zh else ["2020", "2021"])
    assert len(lines[months]) == 10
    cumulative = {n: x for n, x in lines.items() if n not in (half, quarter, year, months)}
    assert set(cumulative) == ({"1-2月累计", "1-4月累计", "1-5月累计"} if zh else
                               {"Jan–Feb cumulative", "Jan–Apr cumulative", "Jan–May cumulative"})
    for name, xs in cumulative.items():   # a year-to-date line holds one span: 2021年1-4月, 2022年1-4月
        span = name.removesuffix("累计") if zh else name.split()[0]
        assert all(x.endswith(span) if zh else x.startswith(span) for x in xs) and len(xs) >= 1


def test_without_one_series_the_page_says_how_to_see_the_chart(mixed):
    at = _page()
    assert not at.get("plotly_chart") and any("一个指标和一个地区" in c.value for c in at.caption)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_internal_period_code_reaches_the_page(mixed, names, lang):
    for params in ({}, ONE, {**ONE, "from": "2021H1", "to": "2022H1", "measure": "all"}):
        names.clear()
        at = _page(params, lang)
        text = _shown_text(at)
        assert ("2021年上半年" if lang == "zh" else "H1 2021") in text
        assert not CODE.findall(text), [text[max(0, m.start() - 80):m.end() + 20] for m in CODE.finditer(text)][:2]
        assert names and not [n for n in names if CODE.search(n)], names


def test_english_units_are_in_english(mixed):
    table = _page(ONE, "en").dataframe[0].value
    assert set(table["Unit"]) == {"incidents"}
