"""Upload page through AppTest with real files: checks, mapping, preview, commit, duplicate, history, roll-back."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from indicators import templates as T
from indicators.actions import SYSTEM
from indicators.actions import users as account
from indicators.store.catalog_sync import catalog_from_db
from indicators.store.queries import current
from indicators.web.upload_mapping import text_key

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PASSWORD = "correct horse battery"
ROWS = [("八类暴力案件", "大鹏新区", "2021年", 5),              # new (the seed has only its change)
        ("110刑事治安总警情", "大鹏新区", "2021年", 1100),        # changed: 1052 → 1100
        ("110刑事治安总警情", "大鹏新区", "2022年", "980"),       # new
        ("110刑事治安总警情", "大鹏新区", "2020年", 1388)]        # unchanged


@pytest.fixture
def users(con):
    account.add(con, SYSTEM, "ana", PASSWORD, "analyst")
    account.add(con, SYSTEM, "root", PASSWORD, "admin")


def _xlsx(catalog, rows: list[tuple]) -> bytes:
    """A filled-in long template, as an analyst would save it."""
    wb = openpyxl.load_workbook(io.BytesIO(T.long_template(catalog)))
    for row in rows:
        wb.worksheets[0].append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _open(page: str, user: str, role: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = user
    at.session_state["role"] = role
    at.run()
    return at.switch_page(page).run()


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
    assert not at.exception, at.exception
    return at


def _value(con, indicator: str, period: str, region: str = "440300DP") -> float | None:
    d = current(con, period=period, regions=region, indicators=[indicator], measure="value")
    return None if d.empty else float(d["value"].iloc[0])


def _table(at: AppTest, column: str):
    """The first table showing this column (the issue table has 级别, the preview 原值)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _metrics(at: AppTest) -> dict[str, int]:
    return {m.label: int(m.value) for m in at.metric}


def test_page_offers_templates_and_an_uploader(con, users):
    at = _open("pages/upload.py", "ana", "analyst")
    assert not at.exception
    assert at.title[0].value == "数据上传"
    assert [b.label for b in at.get("download_button")] == ["长表模板（每行一个数）", "宽表模板（指标为行、期间为列）"]
    # every type reaches the page, which refuses the rest in its own words (Streamlit's refusal is English only)
    assert not at.file_uploader[0].allowed_type and "xlsx、xls、csv" in at.file_uploader[0].label
    css = " ".join(h.proto.body for h in at.get("html"))
    assert 'content: "选择文件"' in css and "每个文件不超过" in css      # our words over Streamlit's "Upload"
    assert not at.dataframe and not at.metric


def test_preview_commit_history_rollback(con, users, catalog):
    """The acceptance path: an analyst previews and commits; history lists it; an admin rolls back."""
    at = _open("pages/upload.py", "ana", "analyst")
    _upload(at, "警情.xlsx", _xlsx(catalog, ROWS))
    assert _metrics(at) == {"新增": 2, "变更": 1, "不变": 1}
    preview = _table(at, "原值")
    changed = preview[preview["状态"] == "变更"].iloc[0]
    assert (changed["指标"], changed["期间"], changed["原值"], changed["数值"], changed["单位"]) == \
        ("110刑事治安总警情", "2021年", "1052", 1100.0, "起")
    assert len(preview) == 3  # unchanged rows hidden until asked for
    at.toggle(key="upload_show_unchanged").set_value(True).run()
    assert len(_table(at, "原值")) == 4
    assert _value(con, "police_incidents_110", "2021") == 1052.0  # nothing written by the preview

    at.button(key="upload_commit").click().run()
    assert not at.exception and not at.error
    assert "新增 2，变更 1，不变 1" in at.success[0].value
    assert _value(con, "police_incidents_110", "2021") == 1100.0
    assert _value(con, "police_incidents_110", "2022") == 980.0
    assert not at.metric  # the uploader was reset for the next file

    hist = at.switch_page("pages/history.py").run()
    top = hist.dataframe[0].value.iloc[0]
    assert (top["文件"], top["上传人"], top["新增"], top["变更"], top["不变"], top["状态"]) == \
        ("警情.xlsx", "ana", 2, 1, 1, "已提交")
    batch = int(top["批次"])

    admin = _open("pages/history.py", "root", "admin")
    admin.checkbox(key=f"rb_ok_{batch}").check().run()
    admin.button(key=f"rb_{batch}").click().run()
    assert not admin.exception and not admin.error
    assert _value(con, "police_incidents_110", "2021") == 1052.0
    assert _value(con, "police_incidents_110", "2022") is None
    assert admin.dataframe[0].value.iloc[0]["状态"] == "已回滚"


def test_same_file_again_adds_nothing_and_says_when(con, users, catalog):
    data = _xlsx(catalog, ROWS)
    at = _open("pages/upload.py", "ana", "analyst")
    _upload(at, "警情.xlsx", data)
    at.button(key="upload_commit").click().run()
    n_obs = con.execute("SELECT count(*) FROM observation").fetchall()[0][0]
    _upload(at, "警情-副本.xlsx", data)
    assert any("已于" in i.value and "批次 #2" in i.value for i in at.info)
    assert at.button(key="upload_commit").disabled
    assert con.execute("SELECT count(*) FROM observation").fetchall()[0][0] == n_obs


def test_errors_block_the_commit_and_name_sheet_row_column(con, users, catalog):
    rows = ROWS + [("110刑事治安总警情", "葵涌办事处", "2021年", "很多"), ("两盗", "南澳", "2021年", -3),
                   ("110刑事治安总警情", "南澳办事处", "明年", 7)]
    at = _open("pages/upload.py", "ana", "analyst")
    _upload(at, "bad.xlsx", _xlsx(catalog, rows))
    issues = _table(at, "级别")
    errors = issues[issues["级别"] == "错误"]
    cells = {(r["工作表"], r["行"], r["列"]): r["说明"] for _, r in errors.iterrows()}
    assert "很多" in cells[("数据", "6", "D")] and "-3" in cells[("数据", "7", "D")]
    assert any(row == "8" and "明年" in msg for (_, row, _), msg in cells.items())
    assert all(isinstance(m, str) and "<" not in m for m in issues["说明"])
    assert at.button(key="upload_commit").disabled
    assert any("错误" in e.value for e in at.error)
    assert con.execute("SELECT count(*) FROM batch").fetchall()[0][0] == 1


def test_warnings_need_explicit_confirmation(con, users, catalog):
    # a clearance rate above 100 % (backlog cleared) is a warning to confirm, not an error
    rows = [("涉黑恶案件立案数", "大鹏新区", "2021年", 10), ("涉黑恶案件破案数", "大鹏新区", "2021年", 12),
            ("涉黑恶案件破案率", "大鹏新区", "2021年", 120)]
    at = _open("pages/upload.py", "ana", "analyst")
    _upload(at, "rates.xlsx", _xlsx(catalog, rows))
    issues = _table(at, "级别")
    assert (issues["级别"] == "警告").any() and not (issues["级别"] == "错误").any()
    assert at.button(key="upload_commit").disabled
    at.checkbox(key="upload_confirm").check().run()
    at.button(key="upload_commit").click().run()
    assert not at.error and at.success
    assert _value(con, "gang_solve_rate", "2021") == 120.0


def test_unknown_header_mapped_to_existing_indicator_is_remembered(con, users, catalog):
    rows = [("刑事治安警情总数（起）", "大鹏新区", "2022年", 990)]
    at = _open("pages/upload.py", "ana", "analyst")
    _upload(at, "a.xlsx", _xlsx(catalog, rows))
    assert "upload_commit" not in [b.key for b in at.button]  # nothing committable until mapped
    at.selectbox(key=text_key("map_pick", "刑事治安警情总数（起）")).select("police_incidents_110").run()
    at.button(key="map_save").click().run()
    assert not at.exception and not at.error
    assert _metrics(at) == {"新增": 1, "变更": 0, "不变": 0}
    at.button(key="upload_commit").click().run()
    assert _value(con, "police_incidents_110", "2022") == 990.0
    # the next upload of the same layout maps by itself
    assert catalog_from_db(con).find_indicator("刑事治安警情总数").id == "police_incidents_110"
    again = _open("pages/upload.py", "ana", "analyst")
    _upload(again, "b.xlsx", _xlsx(catalog, [("刑事治安警情总数（起）", "大鹏新区", "2023年", 900)]))
    assert not [s for s in again.selectbox if s.key.startswith("map_")] and _metrics(again)["新增"] == 1


def test_unknown_header_becomes_a_new_indicator(con, users, catalog):
    rows = [("矛盾纠纷调处数", "大鹏新区", "2021年", 321)]
    at = _open("pages/upload.py", "ana", "analyst")
    _upload(at, "new.xlsx", _xlsx(catalog, rows))
    label = "矛盾纠纷调处数"
    at.selectbox(key=text_key("map_pick", label)).select("__new__").run()
    at.button(key="map_save").click().run()
    assert "英文名称" in at.error[0].value  # the form names what is missing
    new = text_key("map_new", label)
    at.text_input(key=f"{new}_name_en").input("Disputes mediated").run()
    at.text_input(key=f"{new}_unit").input("件").run()
    at.selectbox(key=f"{new}_domain__zh").select("grassroots").run()
    at.selectbox(key=f"{new}_polarity__zh").select("higher_better").run()
    at.button(key="map_save").click().run()
    assert not at.error
    ind = catalog_from_db(con).find_indicator("矛盾纠纷调处数")
    assert (ind.id, ind.unit, ind.domain, ind.polarity, ind.origin) == ("disputes_mediated", "件", "grassroots", 1,
                                                                         "user")
    at.button(key="upload_commit").click().run()
    assert _value(con, "disputes_mediated", "2021") == 321.0


def test_csv_in_gbk_reports_its_encoding(con, users):
    text = "指标,地区,期间,数值\n110刑事治安总警情,大鹏新区,2023年,1001\n"
    at = _open("pages/upload.py", "ana", "analyst")
    _upload(at, "警情.csv", text.encode("gbk"))
    assert any("GB" in c.value.upper() for c in at.caption)
    assert _metrics(at)["新增"] == 1


def test_garbage_file_is_refused_plainly(con, users):
    at = _open("pages/upload.py", "ana", "analyst")
    _upload(at, "fake.xlsx", b"PK\x03\x04 this is not a workbook")
    assert _table(at, "级别")["级别"].iloc[0] == "错误"
    assert any("没有可导入的数据" in e.value for e in at.error)
    assert not at.metric


def test_english_page(con, users, catalog):
    at = _open("pages/upload.py", "ana", "analyst")
    at.session_state["lang"] = "en"
    at.run()
    _upload(at, "x.xlsx", _xlsx(catalog, ROWS))
    assert at.title[0].value == "Upload"
    assert _metrics(at) == {"New": 2, "Changed": 1, "Unchanged": 1}


@pytest.mark.parametrize("page", ["pages/upload.py", "pages/history.py"])
def test_pages_need_an_analyst_login(con, users, page):
    nav = AppTest.from_file(APP, default_timeout=60).run()
    with pytest.raises(ValueError):  # not in the navigation of an anonymous visitor
        nav.switch_page(page)
    direct = AppTest.from_file(str(Path(APP).parent / page), default_timeout=60).run()  # the file run directly
    assert not direct.exception and direct.error and not direct.file_uploader and not direct.dataframe
    viewer = _open(page, "ana", "viewer")  # the role comes from the account (analyst), not the session
    assert not viewer.error


def _two_sheets() -> bytes:
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "上半年"
    first.append(["指标", "地区", "期间", "数值"])
    first.append(["110刑事治安总警情", "大鹏新区", "2023年上半年", 500])
    second = wb.create_sheet("下半年")
    second.append(["指标", "地区", "期间", "数值"])
    second.append(["110刑事治安总警情", "大鹏新区", "2023年下半年", 520])
    second.append(["两盗", "大鹏新区", "2023年下半年", 12])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_sheet_choice(con, users):
    at = _open("pages/upload.py", "ana", "analyst")
    _upload(at, "两表.xlsx", _two_sheets())
    assert at.selectbox(key="upload_sheet").options == ["全部工作表", "上半年", "下半年"]
    assert _metrics(at)["新增"] == 3
    at.selectbox(key="upload_sheet").select("下半年").run()
    assert _metrics(at)["新增"] == 2
    assert set(_table(at, "原值")["来源"]) == {"下半年!D2", "下半年!D3"}
    at.button(key="upload_commit").click().run()
    assert con.execute("SELECT sheets FROM batch WHERE kind = 'upload'").fetchall() == [("下半年",)]
    assert _value(con, "police_incidents_110", "2023H1") is None


def test_progress_bar_appears_for_slow_work_only():
    def app():
        import time

        from indicators.web.upload_view import Progress

        quick = Progress("quick", after=10)
        quick(0.5, "stage")
        slow = Progress("slow", after=0.01)
        time.sleep(0.02)
        slow(0.25, "reading")
        slow(0.75, "checking")

    at = AppTest.from_function(app).run()
    bars = at.get("progress")
    assert len(bars) == 1
    assert bars[0].proto.value == 75 and "slow checking" in bars[0].proto.text


def test_a_pipeline_bug_ends_in_a_plain_message(con, users, catalog, monkeypatch, log_file):
    """Even an unexpected failure inside the pipeline shows a sentence, not a traceback, and writes nothing;
    the traceback is in the log file under the reference the sentence names."""
    import indicators.web.upload_view as view

    def broken(*_a, **_k):
        raise RuntimeError("boom")

    monkeypatch.setattr(view, "ingest_isolated", broken)
    at = _open("pages/upload.py", "ana", "analyst")
    _upload(at, "警情.xlsx", _xlsx(catalog, ROWS))
    assert not at.exception
    assert "警情.xlsx" in at.error[0].value and "boom" not in at.error[0].value
    assert con.execute("SELECT count(*) FROM batch").fetchall()[0][0] == 1
    ref = re.search(r"日志编号 (\w+)", at.error[0].value).group(1)
    logged = log_file.read_text(encoding="utf-8")
    assert f"[{ref}]" in logged and "RuntimeError: boom" in logged and "Traceback" in logged


def test_text_from_the_file_is_never_markup(con, users, catalog):
    """Header labels and file names are shown literally: Markdown and HTML in them stay inert text."""
    label = "**大字**![x](http://example.invalid/t.png)<b>粗</b>"
    at = _open("pages/upload.py", "ana", "analyst")
    _upload(at, "x.xlsx", _xlsx(catalog, [(label, "大鹏新区", "2021年", 1)] + ROWS))
    pick = at.selectbox(key=text_key("map_pick", label))
    assert "\\*\\*大字\\*\\*\\!\\[x\\](http\u2060://example.invalid/t.png)\\<b\\>粗\\</b\\>" in pick.label
    _upload(at, "[点我](javascript:alert(1)).xlsx", _xlsx(catalog, ROWS))
    at.button(key="upload_commit").click().run()
    assert r"\[点我\](javascript:alert(1)).xlsx" in at.success[0].value
    assert all("unsafe_allow_html" not in str(m.proto) for m in at.markdown)


REALDATA = {  # file: (encoding named in the summary or None, layout in words or None)
    "en_uk_ons_police_force_area_tables_ye_dec2019.xlsx": (None, "宽表（地区为行、指标为列）"),
    "en_uk_policeuk_2024-11_city-of-london-street.csv": ("UTF-8", None),
    "en_us_fbi_cius2020_table05_crime_by_state.xls": (None, "宽表（地区为行、指标为列）"),
    "zh_cn_nbs_province_gdp_annual.xls": (None, "宽表（期间为列）"),
    "zh_cn_nbs_province_resident_population_gbk.csv": ("GBK", "宽表（期间为列）"),
    "zh_tw_npa_opendata_incidents_by_type_roc112.xlsx": (None, None),
    "zh_tw_npa_table01_main_police_indicators.csv": ("UTF-8-BOM", "宽表（指标为列）"),
    "zh_tw_npa_table05_cases_by_offence_and_hour.csv": ("UTF-8-BOM", "宽表（地区为列）"),
}


@pytest.mark.realdata
@pytest.mark.parametrize("name", list(REALDATA))
def test_real_public_tables_through_the_page(con, users, realdata, name):
    """Every real file ends in a summary, an issue table and plain sentences on the page; nothing is written.

    None of these public tables is about Dapeng's catalogue, so each is refused with its reasons listed.
    """
    path = realdata / name
    if not path.is_file():
        pytest.skip(f"{name} is absent")
    encoding, layout = REALDATA[name]
    at = _open("pages/upload.py", "ana", "analyst")
    _upload(at, name, path.read_bytes())
    summary = next(c.value for c in at.caption if c.value.startswith("工作表"))
    assert (f"文本编码：{encoding}" in summary) if encoding else "文本编码" not in summary
    assert f"版式：{layout or '—'}" in summary
    issues = _table(at, "级别")
    assert (issues["级别"] == "错误").any() and all(issues["说明"].str.len() > 0)
    assert len([s for s in at.selectbox if s.key.startswith("map_pick_")]) <= 20
    assert any("没有可导入的数据" in e.value for e in at.error) and not at.metric
    assert con.execute("SELECT count(*) FROM batch").fetchall()[0][0] == 1


def test_sheet_choice_follows_a_new_file(con, users, catalog):
    at = _open("pages/upload.py", "ana", "analyst")
    _upload(at, "两表.xlsx", _two_sheets())
    at.selectbox(key="upload_sheet").select("下半年").run()
    _upload(at, "模板.xlsx", _xlsx(catalog, ROWS))
    assert not at.exception
    assert "upload_sheet" not in [s.key for s in at.selectbox]  # one sheet with a table: nothing to choose
    assert _metrics(at) == {"新增": 2, "变更": 1, "不变": 1}
    _upload(at, "两表-2.xlsx", _two_sheets())
    assert at.selectbox(key="upload_sheet").value == ""  # a new file starts from all sheets
    assert _metrics(at)["新增"] == 3


def test_same_bytes_under_another_name_commit_under_that_name(con, users, catalog):
    data = _xlsx(catalog, ROWS)
    at = _open("pages/upload.py", "ana", "analyst")
    _upload(at, "草稿.xlsx", data)
    _upload(at, "正式.xlsx", data)
    at.button(key="upload_commit").click().run()
    assert con.execute("SELECT file_name FROM batch WHERE kind = 'upload'").fetchall() == [("正式.xlsx",)]


def test_wide_template_options(con, users):
    at = _open("pages/upload.py", "ana", "analyst")
    at.selectbox(key="tpl_region").select("440300DP03").run()
    at.multiselect(key="tpl_periods").set_value(["2025H1", "2025H2"]).run()
    assert not at.exception
    assert at.multiselect(key="tpl_periods").format_func("2025H1") == "2025年上半年"


def test_uploader_shows_and_enforces_the_configured_limit(con, users, catalog, monkeypatch):
    monkeypatch.setenv("INDICATORS_UPLOAD_MAX_MB", "1")
    at = _open("pages/upload.py", "ana", "analyst")
    assert "不超过 1 MB" in at.file_uploader[0].label
    assert at.file_uploader[0].proto.max_upload_size_mb == 1
    big = _xlsx(catalog, ROWS) + b"\0" * (1024 * 1024)      # over the limit (a server check, whatever the browser)
    _upload(at, "大.xlsx", big)
    errors = _table(at, "级别")
    assert len(errors) == 1 and "1.0 MB" in errors["说明"].iloc[0]
    assert not any(b.label.startswith("提交") for b in at.button)


def test_large_clean_csv_takes_the_fast_path_through_the_page(con, users, catalog):
    """60,000 monthly figures of leaf indicators (no parts, no ratios): previewed and committed from the page."""
    related = {x for i in catalog.indicators.values() for x in (i.parent, i.numerator, i.denominator) if x}
    inds = [i for i in catalog.indicators.values()
            if not (i.parent or i.numerator or i.denominator or i.id in related or i.is_rate)]
    regs = [r for r in catalog.regions.values() if r.level == "subdistrict"]
    lines, k = ["指标,地区,期间,数值,单位"], 0
    while len(lines) <= 60_000:
        period = f"{1950 + k // 12}年{k % 12 + 1}月"
        lines += [f"{i.name_zh},{r.name_zh},{period},{(k + n) % 40},{i.unit}" for n, (i, r) in
                  enumerate((i, r) for r in regs for i in inds)]
        k += 1
    data = ("\n".join(lines[:60_001]) + "\n").encode("utf-8")
    at = _open("pages/upload.py", "ana", "analyst")
    _upload(at, "月报.csv", data)
    result = next(at.session_state[k] for k in at.session_state if str(k).startswith("ingest_"))
    assert "fast" in result.timings                         # the columnar path (in the worker), not cell by cell
    assert _metrics(at) == {"新增": 60_000, "变更": 0, "不变": 0}
    first = _table(at, "原值").iloc[0]
    assert (first["指标"], first["期间"], first["数值"], first["来源"]) == \
        (inds[0].name_zh, "1950年1月", 0.0, "月报!D2")
    at.button(key="upload_commit").click().run()
    assert not at.exception and not at.error and "新增 60000" in at.success[0].value
    assert con.execute("SELECT count(*), min(row_no), max(row_no) FROM observation o JOIN batch b "
                       "ON b.id = o.batch_id WHERE b.file_name = '月报.csv'").fetchall() == [(60_000, 0, 59_999)]


def test_a_hostile_file_is_refused_in_plain_words_and_writes_nothing(con, users, catalog):
    """Issue #17: the 5 KB workbook with a cell at XFD1048576 (it aborted the server) and a CSV whose 5 MB sit on
    one line (minutes and gigabytes): each refused, its reason shown in full, the database unchanged."""
    from tests import hostile

    at = _open("pages/upload.py", "ana", "analyst")
    for name, data, says in (("远.xlsx", hostile.far_cell_xlsx(), "XFD1048576"),
                             ("一行.csv", hostile.one_line_csv(5), "超过每行上限")):
        _upload(at, name, data)
        assert any(says in e.value for e in at.error), [e.value for e in at.error]
        assert any("没有可导入的数据" in e.value for e in at.error) and not at.metric
    assert con.execute("SELECT count(*) FROM batch WHERE kind = 'upload'").fetchall() == [(0,)]


def test_a_file_of_another_type_is_refused_in_our_words(con, users):
    at = _upload(_open("pages/upload.py", "ana", "analyst"), "报告*v2*.pdf", b"%PDF-1.4 not a table")
    assert "无法读取“报告\\*v2\\*.pdf”：只接受 xlsx、xls" in at.error[0].value   # the name escaped: no markup
    assert not at.dataframe and not at.metric
