"""Query exports end to end on a real DuckDB file: workbook and CSV read back, notes, names, injection, audit."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import datetime

import openpyxl
import pandas as pd
import pytest

from indicators import actions
from indicators.actions.export import table_file
from indicators.explore import parse_filters, query
from indicators.export.query_export import file_name, render
from indicators.store import audit

from .synthetic import commit, monthly_rows

WHEN = datetime(2026, 11, 28, 9, 30)


@pytest.fixture
def security(catalog):
    """社会治安 in 大鹏新区, 2020–2021, every measure."""
    return parse_filters(catalog, domain="社会治安", regions=["大鹏新区"], period_from="2020", period_to="2021",
                         measure="all")


def _book(result) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(result.data))


def test_xlsx_round_trip_values_types_formats(con, catalog, security):
    table = query(con, security)
    result = render(catalog, security, table, "xlsx", user="ana", lang="zh", when=WHEN)
    assert result.name == "大鹏新区_社会治安_2020-2021_20261128.xlsx"
    wb = _book(result)
    assert wb.sheetnames == ["社会治安_2020-2021", "说明"]
    ws = wb["社会治安_2020-2021"]
    header = [c.value for c in ws[1]]
    assert header[:10] == ["指标", "地区", "期间", "度量", "数值", "单位", "上年同期", "同比变化", "评估", "数据性质"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:N{len(table) + 1}"
    rows = {(r[0], r[2], r[3]): r for r in ws.iter_rows(min_row=2, values_only=True)}
    police = rows[("110刑事治安总警情", "2021年", "数值")]
    assert police[4:10] == (1052, "起", 1388, -24.21, "向好", "报告值（上年值为推算值）")
    assert rows[("110刑事治安总警情", "2020年", "数值")][9] == "推算值"
    cells = {(ws.cell(r, 1).value, ws.cell(r, 3).value, ws.cell(r, 4).value): r for r in range(2, ws.max_row + 1)}
    r = cells[("110刑事治安总警情", "2021年", "数值")]
    assert ws.cell(r, 5).data_type == "n" and ws.cell(r, 5).number_format == "#,##0"
    assert ws.cell(r, 8).number_format == '+0.00"%";-0.00"%";0.00"%"'
    r = cells[("八类暴力案件", "2021年", "同比（%）")]
    assert ws.cell(r, 5).value == -75 and ws.cell(r, 5).number_format.startswith('+0.0"%"')
    back = pd.read_excel(io.BytesIO(result.data), sheet_name="社会治安_2020-2021", engine="openpyxl")
    assert len(back) == len(table)
    assert back["数值"].tolist() == pytest.approx(table["value"].tolist())
    assert back["数值"].dtype == "float64" and back["批次"].dtype == "int64"


def test_rates_show_as_the_source_does(con, catalog):
    f = parse_filters(catalog, indicators=["gang_solve_rate", "antigang_awareness_rate"])
    wb = _book(render(catalog, f, query(con, f), "xlsx", user="ana", lang="zh", when=WHEN))
    ws = wb.worksheets[0]
    got = {ws.cell(r, 1).value: ws.cell(r, 5) for r in range(2, ws.max_row + 1)}
    assert got["涉黑恶案件破案率"].value == pytest.approx(69.6)
    assert got["涉黑恶案件破案率"].number_format == '0.0"%"'
    assert got["扫黑除恶知晓率"].number_format == '0.00"%"'


def test_at_least_figures_say_so(con, catalog):
    f = parse_filters(catalog, indicators=["legal_leaflets"])
    ws = _book(render(catalog, f, query(con, f), "xlsx", user="ana", lang="zh", when=WHEN)).worksheets[0]
    assert ws["E2"].value == 100000 and ws["E2"].number_format == "#,##0"
    assert ws["J2"].value == "报告值（“余/多”，至少）"


def test_notes_sheet_is_complete(con, catalog, security):
    table = query(con, security)
    wb = _book(render(catalog, security, table, "xlsx", user="ana", lang="zh", when=WHEN))
    notes: dict[str, list[str]] = {}
    key = None
    for k, v in wb["说明"].iter_rows(min_row=2, values_only=True):
        key = k or key
        notes.setdefault(key, []).append(v)
    assert notes["筛选条件"][:3] == ["领域: 社会治安", "指标: 全部", "地区: 大鹏新区"]
    assert notes["生成时间"] == ["2026-11-28 09:30:00"] and notes["导出人"] == ["ana"]
    assert notes["数据行数"] == [str(len(table))]
    assert notes["数据批次"][0].startswith("批次 1 · 初始数据（2021年工作总结） · ")   # never "#1 seed"
    assert any("2021年工作总结" in d for d in notes["来源文件"])
    definitions = "\n".join(notes["指标定义（口径）"])
    for name in table["name_zh"].unique():
        assert name in definitions
    assert "全区110接报的刑事类和治安类警情总数" in definitions
    assert any("1388" in d and "1052 ÷ (1 − 24.21%)" in d for d in notes["推算值"])
    assert any("上年同期值为推算值" in d for d in notes["推算值"])


def test_english_export(con, catalog, security):
    result = render(catalog, security, query(con, security), "xlsx", user=None, lang="en", when=WHEN)
    assert result.name == "Dapeng_New_District_Public_security_2020-2021_20261128.xlsx"
    wb = _book(result)
    assert wb.sheetnames[-1] == "Notes" and wb.worksheets[0]["A1"].value == "Indicator"


def test_csv_has_bom_and_guarded_text(con, catalog):
    """CSV text that could run as a formula (full-width ＝ too) gets the guard quote; xlsx stores it as plain text
    (a shared string never runs); a bidi override is written out in both (#17 items 7-8)."""
    sources = ["=HYPERLINK(\"http://x\")", "+1 表1!C3", "@SUM(A1:A2)", "＝HYPERLINK(\"http://x\")",
               "正常\u202egnp.exe"]
    rows = pd.DataFrame({"indicator_id": ["police_incidents_110"] * 5, "region_code": ["440300DP01"] * 5,
                         "period": ["2030", "2031", "2032", "2033", "2034"], "value": [-5.0, 7.0, 9.0, 1.0, 2.0],
                         "source": sources})
    commit(con, rows, "evil.csv")
    f = parse_filters(catalog, regions=["葵涌"], period_from="2030")
    result = table_file(con, actions.shell("ana"), catalog, f, "csv", lang="zh")
    assert result.data.startswith(b"\xef\xbb\xbf")
    text = result.data.decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0][0] == "指标"
    shown = ["'=HYPERLINK(\"http://x\")", "'+1 表1!C3", "'@SUM(A1:A2)", "'＝HYPERLINK(\"http://x\")",
             "正常\\u202egnp.exe"]
    assert [r[11] for r in parsed[1:]] == shown
    assert [r[4] for r in parsed[1:]] == ["-5", "7", "9", "1", "2"]
    wb = _book(table_file(con, actions.shell("ana"), catalog, f, "xlsx", lang="zh"))
    ws = wb.worksheets[0]
    assert [ws.cell(r, 12).value for r in range(2, 7)] == [*sources[:4], "正常\\u202egnp.exe"]
    assert all(ws.cell(r, 12).data_type == "s" for r in range(2, 7))
    assert ws.cell(2, 5).value == -5 and ws.cell(2, 5).data_type == "n"


def test_every_export_is_audited(con, catalog, security):
    table_file(con, actions.shell("ana"), catalog, security, "xlsx")
    table_file(con, actions.shell("vic"), catalog, security, "csv", channel="cli")
    log = audit.entries(con, action="export")
    assert log["user_name"].tolist() == ["vic", "ana"]
    assert '"rows": 9' in log["detail"][1] and '"domain": "public_security"' in log["detail"][1]
    assert '"format": "csv"' in log["detail"][0] and '"channel": "cli"' in log["detail"][0]


def test_file_names_carry_the_filters(con, catalog):
    def name(**kw) -> str:
        f = parse_filters(catalog, **kw)
        return file_name(catalog, f, query(con, f), "xlsx", "zh", WHEN)

    assert name(indicators=["110警情"], regions=["大鹏新区"]) == "大鹏新区_110刑事治安总警情_2020-2021_20261128.xlsx"
    assert name(indicators=["110警情", "两盗"]) == "全部地区_110刑事治安总警情等2项指标_2020-2021_20261128.xlsx"
    assert name(regions=["葵涌", "南澳"], period_from="2021") == "葵涌办事处等2个地区_全部指标_2021_20261128.xlsx"
    assert name(domain="扫黑除恶", period_to="2021") == "全部地区_扫黑除恶_2020-2021_20261128.xlsx"


def test_large_export_splits_across_sheets(con, catalog, monkeypatch):
    commit(con, monthly_rows(catalog, range(2019, 2021), indicators=["police_incidents_110"]))
    f = parse_filters(catalog, indicators=["police_incidents_110"], period_kind="month")
    table = query(con, f)
    import indicators.export.xlsx as xlsx

    monkeypatch.setattr(xlsx, "MAX_SHEET_ROWS", 31)  # a sheet of 30 data rows stands in for 1,048,575
    wb = _book(render(catalog, f, table, "xlsx", user="ana", lang="zh", when=WHEN))
    data = wb.sheetnames[:-1]
    assert len(data) == -(-len(table) // 30) and wb.sheetnames[-1] == "说明"
    assert sum(wb[s].max_row - 1 for s in data) == len(table)
    assert data[1] == data[0] + "_2" and all(wb[s].freeze_panes == "A2" and wb[s]["A1"].value == "指标" for s in data)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_query_workbook(con, catalog, security, tmp_path):
    result = render(catalog, security, query(con, security), "xlsx", user="ana", lang="zh", when=WHEN)
    path = tmp_path / result.name
    path.write_bytes(result.data)
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
                    "--outdir", str(out), str(path)], check=True, timeout=120, capture_output=True)
    texts = [p.read_text(encoding="utf-8") for p in sorted(out.iterdir())]
    assert len(texts) == 2
    data = texts[0] if "110刑事治安总警情" in texts[0] else texts[1]
    assert "1,052" in data and "1,388" in data and "-24.21%" in data and "-75.0%" in data
    assert any("指标定义（口径）" in t for t in texts)


def test_empty_result_still_gives_a_valid_workbook(con, catalog):
    f = parse_filters(catalog, period_from="2030")
    wb = _book(render(catalog, f, query(con, f), "xlsx", user="ana", lang="zh", when=WHEN))
    ws = wb.worksheets[0]
    assert ws.max_row == 1 and ws["A1"].value == "指标" and ws.freeze_panes == "A2"
    notes = {k: v for k, v in wb["说明"].iter_rows(min_row=2, values_only=True) if k}
    assert notes["数据行数"] == "0" and notes["推算值"] == "无"
