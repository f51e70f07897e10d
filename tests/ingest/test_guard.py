"""Issue #17 items 1-2: hostile files are refused before any reader allocates, with the sheet and the far cell or
line named; the sheet extent the guard measures is never smaller than the one the readers allocate."""

from __future__ import annotations

import io
import zipfile

import pytest

from indicators.ingest import Limits, ingest
from indicators.ingest.readers import ReadRefused
from tests import hostile as h

from .helpers import LONG_HEAD, csv_bytes, issue, xlsx

MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
EXCEL_ROWS = 1_048_576


def check_upload(*args) -> None:
    """guard.check_upload (imported here so that the tests of whole uploads also run on code without it)."""
    from indicators.ingest.guard import check_upload as check

    check(*args)


@pytest.fixture
def no_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every reader (calamine, fastexcel, pandas, the Arrow fast path) fails the test if it is reached."""
    from indicators.ingest import fast, readers

    def reached(*_a, **_k):
        raise AssertionError("a reader ran on a file the guard must refuse")

    for mod, name in ((readers, "read_calamine"), (readers, "read_xlsx_fast"), (readers, "read_text"),
                      (fast, "_read")):
        monkeypatch.setattr(mod, name, reached)


def _refusal(res, code: str) -> str:
    assert res.status == "refused" and res.observations.empty
    return issue(res, code).message


HOSTILE_XLSX = [
    # (file, expected code, text the message must name)
    (h.far_cell_xlsx("XFD1048576"), "too_many_columns", "XFD1048576"),          # the 5 KB file that killed the server
    (h.far_cell_xlsx("XFD3000"), "too_many_columns", "XFD3000"),                # 3.2 GB before the old cell limit
    (h.far_cell_xlsx("XFD3000", "A1:B2"), "too_many_columns", "XFD3000"),       # <dimension> lies
    (h.far_cell_xlsx("XFD3000", None), "too_many_columns", "XFD3000"),          # no <dimension>
    (h.far_cell_xlsx("ALL20001"), "sheet_too_large", "ALL20001"),               # 1,000 columns × 20,001 rows
    (h.far_cell_xlsx("A30000000"), "sheet_too_large", "A30000000"),             # past Excel's last row
    (h.implicit_xlsx(1_048_576, 16_384), "too_many_columns", "XFD1048576"),     # no r attributes at all
    (h.implicit_xlsx(30, 2_000), "too_many_columns", "BXX30"),
    (h.workbook(b'<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B30000000"><v>2</v></c></row>'),
     "sheet_too_large", "B30000000"),                                            # a cell far below its own row
    (h.workbook(b'<row r="1"><c r="A1"><v>1</v></c><c s="0" r="XFD9"><v>2</v></c></row>'),
     "too_many_columns", "XFD9"),                                                # r not the first attribute
    (h.workbook(b'<row r="1"><c r="A1"><v>1</v></c><x:c r="C30000000" xmlns:x="' + MAIN_NS + b'"><x:v>1</x:v>'
                b'</x:c></row>'), "sheet_too_large", "C30000000"),              # a namespace prefix
    (h.workbook(b'<row r="1"><c r="A1"><v>1</v></c></row><row><c r="AB7"><v>1</v></c></row>'
                b'<row r="2000000"><c><v>1</v></c></row>'), "sheet_too_large", "AB2000000"),
]


@pytest.mark.parametrize(("data", "code", "far"), HOSTILE_XLSX, ids=range(len(HOSTILE_XLSX)))
def test_a_sheet_reaching_too_far_is_refused_before_any_reader(catalog, no_reader, data, code, far):
    msg = _refusal(ingest(data, "远.xlsx", catalog), code)
    assert "数据" in msg and far in msg                                      # the sheet and the far cell


def test_the_message_in_english(catalog, no_reader):
    msg = _refusal(ingest(h.far_cell_xlsx("XFD1048576"), "far.xlsx", catalog, lang="en"), "too_many_columns")
    assert msg.startswith('Sheet "数据" has 16,384 columns (up to XFD1048576), above the limit of 1,000')


def test_a_sheet_filling_every_excel_row_is_refused_as_cut_off(catalog, no_reader):
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(1, EXCEL_ROWS + 1))
    msg = _refusal(ingest(h.workbook(rows), "满.xlsx", catalog), "excel_last_row")
    assert "1,048,576" in msg and "截断" in msg


def _measured(data: bytes) -> tuple[int, int]:
    from indicators.ingest.guard import sheet_extent

    zf = zipfile.ZipFile(io.BytesIO(data))
    ext = sheet_extent(zf, "xl/worksheets/sheet1.xml", Limits())
    return ext.rows, ext.cols


def _calamine(data: bytes) -> tuple[int, int]:
    import python_calamine as pc

    sh = pc.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("数据")
    return (sh.end[0] + 1, sh.end[1] + 1) if sh.end else (0, 0)


SHEETS = [
    b'<row r="3"><c r="C3"><v>1</v></c><c r="E3" t="inlineStr"><is><t>x</t></is></c></row>',
    b'<row r="1"><c r="A1"><v>1</v></c></row><row r="9" s="1" customFormat="1"/>',           # styled empty row
    b'<row r="1"><c r="A1"><v>1</v></c></row><row r="60000"><c r="Z60000" s="3"/></row>',      # styled empty cell
    b'<row r="1"><c r="A1"><v>1</v></c><c r="F1" t="s"><v></v></c></row>',                      # empty shared string
    b'<row><c><v>1</v></c><c/><c><v>2</v></c></row><row/><row><c><v>3</v></c></row>',           # implicit
    b'<row r="2"><c><v>1</v></c><c r="D2"><v>1</v></c><c><v>1</v></c></row><row><c><v>1</v></c></row>',
    b'<row r="5" spans="1:3"><c r="B5" s="1"><v>1</v></c></row><row r="4"><c r="AA4"><v>1</v></c></row>',
    b'<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1"><f>0</f><v>0</v></c></row>',   # (a formula without a
    # cached value counts as filled here though the readers skip it: the one way the measure is cautious)
    b'<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B9999"><v> </v></c></row>',
]


@pytest.mark.parametrize("sheet_data", SHEETS, ids=range(len(SHEETS)))
def test_the_measured_extent_covers_what_calamine_allocates_and_no_more(sheet_data):
    data = h.workbook(sheet_data)
    rows, cols = _measured(data)
    c_rows, c_cols = _calamine(data)
    assert rows >= c_rows and cols >= c_cols                         # never smaller than what the reader sizes
    tight = Limits(max_cells=c_rows * c_cols, max_columns=c_cols, max_rows=c_rows)
    check_upload(data, "x.xlsx", None, tight)                        # and no refusal of what fits exactly
    if c_rows * c_cols > 1:
        with pytest.raises(ReadRefused):
            check_upload(data, "x.xlsx", None, Limits(max_cells=c_rows * c_cols - 1))


def test_a_regular_sheet_is_measured_exactly(catalog):
    rows = [LONG_HEAD] + [["八类暴力案件", "全区", f"{1900 + n}年", n] for n in range(2_000)]
    data = xlsx(rows, sheet="数据")
    assert _measured(data) == (2_001, 4) == _calamine(data)
    assert ingest(data, "ok.xlsx", catalog).status in ("ok", "refused")  # read, not refused by the guard
    check_upload(data, "ok.xlsx", None, Limits())


def test_an_extent_within_limits_is_not_refused(catalog):
    data = h.far_cell_xlsx("ALK20000")                                   # 999 columns × 20,000 rows: at the limits
    check_upload(data, "x.xlsx", None, Limits())
    with pytest.raises(ReadRefused):
        check_upload(data, "x.xlsx", None, Limits(max_cells=19_000_000))


HOSTILE_TEXT = [
    (h.wide_csv(20_000), "too_many_columns", "20,000"),                        # 40 KB, 87 s before
    (h.one_line_csv(5), "line_too_long", "第 1 行"),                            # 5 MB on one line
    (h.one_line_csv(49.9), "line_too_long", "第 1 行"),                         # 50 MB on one line
    (h.one_field_csv(5), "line_too_long", "第 2 行"),                           # one 5 MB field
    (b"a,b\n" + h.wide_csv(3_000, 1), "too_many_columns", "3,000"),            # a wide line below the header
    (b"a\tb\n" + h.one_line_csv(3, b"\t"), "line_too_long", "第 2 行"),
]


@pytest.mark.parametrize(("data", "code", "text"), HOSTILE_TEXT, ids=range(len(HOSTILE_TEXT)))
def test_a_text_file_with_a_hostile_shape_is_refused_before_parsing(catalog, no_reader, data, code, text):
    msg = _refusal(ingest(data, "怪.csv", catalog), code)
    assert "怪" in msg and text in msg


def test_a_quoted_record_spanning_many_lines_is_refused_before_pandas_allocates(catalog, monkeypatch):
    import pandas as pd

    from indicators.ingest import readers

    real = pd.read_csv
    widths = []

    def spy(*a, **k):
        widths.append(len(k.get("names", [])))
        return real(*a, **k)

    monkeypatch.setattr(readers.pd, "read_csv", spy)
    data = b"a,b\n" + b'"x\n",' * 5_000 + b"1\n"                          # one record of 5,001 fields, short lines
    msg = _refusal(ingest(data, "q.csv", catalog), "too_many_columns")
    assert "5,001" in msg and all(w <= 1_000 for w in widths)


def test_quoted_separators_do_not_count_as_columns(catalog):
    text = '"' + ",".join(["词"] * 1_500) + '"'                             # one field holding 1,499 commas
    data = csv_bytes([LONG_HEAD + ["备注"], ["八类暴力案件", "全区", "2021年", 5, text]])
    check_upload(data, "n.csv", None, Limits())
    res = ingest(data, "n.csv", catalog)
    assert not [i for i in res.issues if i.code in ("too_many_columns", "line_too_long")]


def test_a_csv_of_exactly_excel_rows_is_refused_as_cut_off(catalog):
    data = h.rows_csv(EXCEL_ROWS)
    msg = _refusal(ingest(data, "满.csv", catalog), "excel_last_row")
    assert "满" in msg and "1,048,576" in msg


def test_limits_apply_to_the_guard_as_configured(catalog, no_reader):
    data = csv_bytes([LONG_HEAD, ["八类暴力案件", "全区", "2021年", 5]] * 3)
    _refusal(ingest(data, "c.csv", catalog, limits=Limits(max_columns=3)), "too_many_columns")
    _refusal(ingest(data, "c.csv", catalog, limits=Limits(max_line_bytes=10)), "line_too_long")
    _refusal(ingest(data, "c.csv", catalog, limits=Limits(max_rows=5)), "too_many_rows")
