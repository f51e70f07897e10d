"""数据查询 through AppTest on a real DuckDB file: filters, URL state, paging, and the workbook a download builds."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from indicators.store import audit
from tests.export.synthetic import commit, monthly_rows

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _page(params: dict[str, str | list[str]] | None = None, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.switch_page("pages/query.py").run()
    assert not at.exception, at.exception
    return at


def _param(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key)
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def _rows(at: AppTest) -> int:
    return int(at.subheader[0].value.replace("共", "").replace("行", "").replace(",", "").strip())


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Every download callable the page registers, as Streamlit's media manager receives it."""
    seen: list[dict] = []
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        seen.append({"callable": data_callable, "mimetype": mimetype, "file_name": file_name})
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return seen


def test_page_shows_all_current_values(con):
    at = _page()
    assert at.title[0].value == "数据查询"
    assert _rows(at) == 47
    table = at.dataframe[0].value
    assert list(table.columns[:9]) == ["指标", "地区", "期间", "度量", "数值", "单位", "上年同期", "同比变化", "评估"]
    assert {"数据性质", "来源"} <= set(table.columns)
    row = table[(table["指标"] == "110刑事治安总警情") & (table["期间"] == "2021年")].iloc[0]
    assert (row["数值"], row["单位"], row["上年同期"], row["同比变化"], row["评估"]) == (
        "1,052", "起", "1,388", "-24.21%", "向好")
    assert row["数据性质"] == "报告值（上年值为推算值）"
    base = table[(table["指标"] == "110刑事治安总警情") & (table["期间"] == "2020年")].iloc[0]
    assert (base["数据性质"], base["变化来源"], base["同比变化"]) == ("推算值", "", "")  # blank, never "None"
    assert [b.label for b in at.download_button] == ["下载 Excel", "下载 CSV"]


def test_filters_narrow_the_table_and_go_to_the_url(con):
    at = _page()
    at.selectbox(key="qv_domain").set_value("public_security").run()
    assert _rows(at) == 4 and _param(at, "domain") == ["public_security"]
    at.selectbox(key="qv_measure").set_value("all").run()
    assert _rows(at) == 9 and _param(at, "measure") == ["all"]
    at.selectbox(key="qv_from").set_value("2021").run()
    assert set(at.dataframe[0].value["期间"]) == {"2021年", "2021年上半年"}
    at.selectbox(key="qv_type").set_value("half").run()
    assert set(at.dataframe[0].value["度量"]) == {"排名"}


def test_indicator_search_by_alias(con):
    at = _page()
    at.text_input(key="qv_search").input("兩盜").run()
    assert at.multiselect(key="qv_ind").options == ["“两盗”案件"]
    at.multiselect(key="qv_ind").select("two_thefts").run()
    assert _param(at, "ind") == ["two_thefts"]
    at.selectbox(key="qv_measure").set_value("all").run()
    assert at.dataframe[0].value["指标"].tolist() == ["“两盗”案件"]


def test_url_restores_filters_and_ignores_bad_values(con):
    at = _page({"domain": "社会治安", "ind": ["110警情", "不存在"], "reg": "全区", "from": "1999"})
    assert at.multiselect(key="qv_ind").value == ["police_incidents_110"]
    assert at.multiselect(key="qv_reg").value == ["440300DP"]
    assert at.selectbox(key="qv_domain").value == "public_security"
    assert at.selectbox(key="qv_from").value is None
    warnings = " ".join(w.value for w in at.warning)
    assert "不存在" in warnings and "from=1999" in warnings
    assert _rows(at) == 2


def test_large_results_are_paged(con, catalog):
    commit(con, monthly_rows(catalog, range(2019, 2022)))
    at = _page({"type": "month"})
    total = _rows(at)
    assert total > 3000
    assert len(at.dataframe[0].value) == 100
    first = at.dataframe[0].value.iloc[0].tolist()
    at.number_input(key="qv_page").set_value(3).run()
    assert len(at.dataframe[0].value) == 100 and at.dataframe[0].value.iloc[0].tolist() != first
    at.selectbox(key="qv_domain").set_value("public_security").run()
    assert at.number_input(key="qv_page").value <= -(-_rows(at) // 100)


def test_download_builds_a_valid_workbook_only_on_click(con, deferred):
    at = _page({"domain": "public_security", "measure": "all"})
    assert audit.entries(con, action="export").empty
    xlsx = [d for d in deferred if d["file_name"].endswith(".xlsx")][-1]
    assert xlsx["file_name"].startswith("全部地区_社会治安_2020-2021_")
    assert xlsx["mimetype"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    wb = openpyxl.load_workbook(io.BytesIO(xlsx["callable"]()))
    ws = wb.worksheets[0]
    assert ws.max_row - 1 == _rows(at) and ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert wb.sheetnames[-1] == "说明"
    log = audit.entries(con, action="export")
    assert len(log) == 1 and '"domain": "public_security"' in log["detail"][0]
    csv_bytes = [d for d in deferred if d["file_name"].endswith(".csv")][-1]["callable"]()
    assert csv_bytes.startswith(b"\xef\xbb\xbf") and len(audit.entries(con, action="export")) == 2


def test_english_page(con):
    at = _page(lang="en")
    assert at.title[0].value == "Data query"
    assert "Indicator" in at.dataframe[0].value.columns


def test_page_refuses_anonymous_when_login_is_required(con, monkeypatch):
    monkeypatch.setenv("INDICATORS_PUBLIC_VIEW", "false")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.dataframe
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/query.py")
    # The page file run on its own (as a fresh server does for a deep link) still refuses.
    page = AppTest.from_file(str(Path(APP).parent / "pages" / "query.py"), default_timeout=30).run()
    from indicators.i18n import t

    assert page.error[0].value == t("auth.login_required") and not page.dataframe and not page.download_button


def test_url_values_are_checked_against_the_catalogue(catalog):
    from indicators.web.query_view import url_state

    state, problems = url_state(catalog, {"domain": ["法治建设"], "ind": ["110警情", "派发法治宣传资料", "不存在"],
                                          "reg": ["葵涌", "火星"], "from": ["2021"], "to": ["1999"],
                                          "type": ["decade"], "measure": ["rank"], "sub": ["1"]}, ["2020", "2021"])
    assert state == {"domain": "rule_of_law", "ind": ["legal_leaflets"], "reg": ["440300DP01"], "from": "2021",
                     "measure": "rank", "sub": True}
    text = " | ".join(problems)
    assert "不存在" in text and "火星" in text and "to=1999" in text and "type=decade" in text
    assert "police_incidents_110" in text
