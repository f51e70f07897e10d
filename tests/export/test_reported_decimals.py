"""Issue #12 item 2 in the export: a reported change keeps its two decimals in the sheet's number formats and the
query table, though the catalogue shows the indicator's counts without decimals."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl

from indicators.explore import parse_filters, query
from indicators.export.query_export import render
from tests.leaders_data import upload_half_year


def test_reported_change_keeps_two_decimals_in_excel(con, catalog):
    upload_half_year(con)
    filters = parse_filters(catalog, indicators=["police_incidents_110"], regions=["大鹏新区"], measure="all")
    table = query(con, filters)
    row = table[(table["period"] == "2022H1") & (table["measure"] == "value")].iloc[0]
    assert row["change"] == -12.37 and row["reported_change_decimals"] == 2
    book = openpyxl.load_workbook(io.BytesIO(render(catalog, filters, table, "xlsx", user="t", lang="zh",
                                                    when=datetime(2026, 11, 28)).data))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    change_col, measure_col = header.index("同比变化") + 1, header.index("度量") + 1
    cells = [(r[measure_col - 1].value, r[change_col - 1]) for r in sheet.iter_rows(min_row=2)]
    yoy = [r for r in sheet.iter_rows(min_row=2) if r[measure_col - 1].value == "同比（%）"]
    assert any(c.value == -12.37 and ".00" in c.number_format for _, c in cells)
    assert yoy and all(".00" in r[header.index("数值")].number_format for r in yoy
                       if r[header.index("数值")].value == -12.37)
