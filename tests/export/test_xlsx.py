"""Round trip of the xlsx writer: read back with openpyxl and pandas; values, types, formats, panes, filters."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from indicators.export import write_xlsx
from indicators.export.widths import text_width
from indicators.export.xlsx import safe_sheet_name


def sample() -> pd.DataFrame:
    """Mixed text, counts, rates, dates and awkward strings."""
    return pd.DataFrame({
        "指标": ["110刑事治安总警情", "政法工作满意度", "a <b> & \"c\" 'd'", None],
        "数值": [1052.0, 69.6, np.nan, 12345678.0],
        "件数": [1, 2, 3, 40000],
        "时间": pd.to_datetime(["2021-01-01 10:30:00", "2021-02-01 00:00:00", None, "2022-06-30 23:59:59"]),
        "备注": ["  leading spaces", "line\nbreak", "_x0041_ literal", "控制\x01字符"],
    })


@pytest.fixture
def book(tmp_path: Path) -> tuple[Path, openpyxl.Workbook]:
    """The sample written with per-row formats and notes, opened with openpyxl."""
    path = tmp_path / "out.xlsx"
    formats = {"数值": ["#,##0", '0.0"%"', "#,##0", "#,##0"]}
    write_xlsx(sample(), path, sheet_name="大鹏新区_数据", formats=formats,
               notes={"筛选 filters": "全部", "指标定义": ["甲：定义一", "乙：定义二"]}, creator="analyst1")
    return path, openpyxl.load_workbook(path)


def test_values_and_types_round_trip(book):
    path, wb = book
    ws = wb["大鹏新区_数据"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("指标", "数值", "件数", "时间", "备注")
    assert rows[1][:4] == ("110刑事治安总警情", 1052, 1, datetime(2021, 1, 1, 10, 30))
    assert rows[2][1] == pytest.approx(69.6) and isinstance(rows[2][1], float)
    assert rows[3][1] is None and rows[3][3] is None
    assert rows[3][0] == "a <b> & \"c\" 'd'"
    assert rows[4][0] is None and rows[4][2] == 40000
    assert [r[4] for r in rows[1:]] == ["  leading spaces", "line\nbreak", "_x0041_ literal", "控制字符"]
    assert all(isinstance(r[2], int) for r in rows[1:])
    back = pd.read_excel(path, sheet_name="大鹏新区_数据", engine="openpyxl")
    assert back["数值"].dtype == "float64" and back["件数"].dtype == "int64"
    assert back["件数"].tolist() == [1, 2, 3, 40000]


def test_number_formats_header_freeze_filter(book):
    _, wb = book
    ws = wb["大鹏新区_数据"]
    assert ws["B2"].number_format == "#,##0" and ws["B3"].number_format == '0.0"%"'
    assert ws["C2"].number_format == "#,##0"
    assert ws["D2"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb == "FFDDEBF7"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:E5"
    assert ws.print_title_rows == "$1:$1"
    assert ws.column_dimensions["A"].width >= text_width("110刑事治安总警情")


def test_notes_sheet(book):
    _, wb = book
    assert wb.sheetnames == ["大鹏新区_数据", "说明"]
    notes = list(wb["说明"].iter_rows(values_only=True))
    assert notes == [("项目", "内容"), ("筛选 filters", "全部"), ("指标定义", "甲：定义一"), (None, "乙：定义二")]
    assert wb["说明"].freeze_panes is None and wb["说明"].auto_filter.ref is None
    assert wb.properties.creator == "analyst1"


def test_formula_text_is_stored_as_text_without_a_visible_guard(tmp_path: Path):
    """An xlsx text cell is a shared string, never a formula: no guard quote shows in the cell (#17 item 8)."""
    texts = ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx", "ok", "a=b", "＝SUM(A1)"]
    df = pd.DataFrame({"t": texts, "n": [-2.0] * 9})
    path = tmp_path / "inj.xlsx"
    write_xlsx(df, path)
    ws = openpyxl.load_workbook(path).active
    got = [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert got == texts
    assert all(c.data_type == "s" for (c,) in ws.iter_rows(min_row=2, max_col=1))
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and 't="s"' in sheet
    assert [r[1] for r in ws.iter_rows(min_row=2, values_only=True)] == [-2] * 9


def test_rows_beyond_limit_continue_on_next_sheet(tmp_path: Path):
    df = pd.DataFrame({"id": range(25), "name": [f"r{i}" for i in range(25)]})
    path = tmp_path / "split.xlsx"
    names = write_xlsx(df, path, sheet_name="数据", max_rows=10)
    assert names == ["数据", "数据_2", "数据_3"]
    wb = openpyxl.load_workbook(path)
    ids = [r[0] for n in names for r in wb[n].iter_rows(min_row=2, values_only=True)]
    assert ids == list(range(25))
    assert all(wb[n]["A1"].value == "id" and wb[n].freeze_panes == "A2" for n in names)
    assert wb["数据_3"].auto_filter.ref == "A1:B6"


def test_empty_frame_and_file_object():
    buf = io.BytesIO()
    write_xlsx(pd.DataFrame({"指标": pd.Series([], dtype="str"), "值": pd.Series([], dtype=float)}), buf)
    wb = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    assert list(wb.active.iter_rows(values_only=True)) == [("指标", "值")]


def test_package_is_well_formed(book):
    path, _ = book
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        names = set(zf.namelist())
        assert {"[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml",
                "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} <= names
        from xml.dom.minidom import parseString
        for name in names:
            parseString(zf.read(name))


def test_no_partial_file_when_writing_fails(tmp_path: Path):
    path = tmp_path / "bad.xlsx"
    with pytest.raises(ValueError):
        write_xlsx(pd.DataFrame({"v": [1.0, 2.0]}), path, formats={"v": ["0"]})
    assert list(tmp_path.iterdir()) == []


def test_safe_sheet_names():
    assert safe_sheet_name("a/b:c*?[x]") == "a_b_c___x_"
    assert len(safe_sheet_name("很长" * 40)) == 31
    assert safe_sheet_name("数据", ["数据"]) == "数据_2"
    assert safe_sheet_name("History") == "History_"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_it(book, tmp_path: Path):
    path, _ = book
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
                    "--outdir", str(out), str(path)], check=True, timeout=120, capture_output=True)
    texts = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    data = next(v for k, v in texts.items() if "数据" in k)
    assert "110刑事治安总警情" in data and "1,052" in data and "69.6%" in data
    assert any("甲：定义一" in v for v in texts.values())


def test_cjk_columns_are_about_twice_as_wide(tmp_path: Path):
    path = tmp_path / "w.xlsx"
    write_xlsx(pd.DataFrame({"a": ["大鹏新区葵涌办事处社区"], "b": ["Kuiyong sub"]}), path)
    ws = openpyxl.load_workbook(path).active
    wide, narrow = ws.column_dimensions["A"].width, ws.column_dimensions["B"].width
    assert wide >= 22 and narrow < 16 and wide / narrow > 1.5


def test_overlong_text_is_cut_to_excels_cell_limit(tmp_path: Path):
    path = tmp_path / "long.xlsx"
    write_xlsx(pd.DataFrame({"t": ["字" * 40_000, "ok"]}), path)
    ws = openpyxl.load_workbook(path).active
    assert len(ws["A2"].value) == 32_767 and ws["A3"].value == "ok"


def test_frame_without_columns(tmp_path: Path):
    path = tmp_path / "none.xlsx"
    write_xlsx(pd.DataFrame(), path, notes={"说明": "空"})
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["数据", "说明"] and wb["说明"]["B2"].value == "空"


def test_content_types_come_first(book):
    path, _ = book
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist()[:2] == ["[Content_Types].xml", "_rels/.rels"]
        assert all(not info.extra for info in zf.infolist())  # no zip64 fields a small workbook does not need
