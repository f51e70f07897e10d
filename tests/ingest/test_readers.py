"""Readers: encodings reported (never guessed silently), delimiters, and the fast xlsx path giving the same
cells as the small-file path (origin of a table that does not start at A1 included)."""

from __future__ import annotations

import pytest

from indicators.ingest import ingest, readers
from indicators.ingest.model import Limits

from .helpers import LONG_HEAD, at, csv_bytes, issue, xlsx

V8 = "八类暴力案件"


@pytest.mark.parametrize("encoding,label", [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8-BOM"), ("gbk", "GBK"),
                                            ("gb18030", "GB18030"), ("utf-16", "UTF-16")])
def test_encodings_are_reported(catalog, encoding, label):
    rows = [LONG_HEAD, [V8, "葵涌", "2021年", 3]]
    if encoding == "gb18030":
        rows.append(["\U00020000", "南澳", "2021年", 1])          # a character GBK cannot encode
    res = ingest(csv_bytes(rows, encoding), "e.csv", catalog)
    assert res.encoding == label
    assert at(res, "e!D2")["region_code"] == "440300DP01"
    assert any(i.code == "encoding_used" and label in i.message for i in res.issues)


@pytest.mark.parametrize("sep", ["\t", ";", "|"])
def test_delimiters(catalog, sep):
    text = "\n".join(sep.join(map(str, r)) for r in [LONG_HEAD, [V8, "南澳", "2021年", 4]])
    res = ingest(text.encode(), "t.txt", catalog)
    assert at(res, "t!D2")["value"] == 4.0


def test_fast_xlsx_path_matches_small_path(catalog, monkeypatch):
    data = xlsx([[], [], [None, None, "2021年大鹏新区统计"], [],
                 [None, None, "指标", "葵涌", "南澳"], [None, None, V8, 1, "待核"], [None, None, "两盗案件", 3, 4]],
                sheet="S")
    small = ingest(data, "o.xlsx", catalog)
    monkeypatch.setattr(readers, "FAST_XLSX_BYTES", 0)
    fast = ingest(data, "o.xlsx", catalog)
    assert at(fast, "S!D6")["value"] == 1.0 and at(fast, "S!E7")["value"] == 4.0
    for res in (small, fast):
        bad = next(i for i in res.issues if i.code == "text_in_number")
        assert (bad.sheet, bad.row, bad.column) == ("S", 6, "E")
    cols = ["indicator_id", "region_code", "period", "value", "source"]
    assert small.observations[cols].to_dict("records") == fast.observations[cols].to_dict("records")


def test_limits_are_configurable(catalog):
    data = csv_bytes([LONG_HEAD, [V8, "南澳", "2021年", 4]])
    assert ingest(data, "l.csv", catalog, limits=Limits(max_bytes=len(data))).status == "ok"
    assert ingest(data, "l.csv", catalog, limits=Limits(max_bytes=len(data) - 1)).status == "refused"


TABLE_HTML = ("<table><tr><td colspan=3>2024年大鹏新区治安统计</td></tr>"
              "<tr><td>指标</td><td>葵涌</td><td>南澳</td></tr>"
              "<tr><td>八类暴力案件</td><td>3</td><td>1</td></tr></table>")


@pytest.mark.parametrize("head", ["<!DOCTYPE html><html><body>", "<meta charset='utf-8'>", "<style>td{}</style>",
                                  "<!-- saved by the system -->", ""])
def test_web_pages_saved_as_xls_are_read_as_tables(catalog, head):
    res = ingest((head + TABLE_HTML).encode("utf-8"), "导出.xls", catalog)
    assert res.status == "ok", [(i.code, i.message) for i in res.issues]
    assert at(res, "导出!B3")["value"] == 3.0 and at(res, "导出!C3")["region_code"] == "440300DP03"
    assert at(res, "导出!B3")["period"] == "2024"
    assert issue(res, "html_read").level == "info"


def test_utf16_and_gb2312_web_pages_and_mht(catalog):
    page = "<html><head><meta charset='gb2312'></head><body>" + TABLE_HTML + "</body></html>"
    for data, name in ((page.replace("gb2312", "utf-16").encode("utf-16"), "u16.xls"),
                       (page.encode("gb18030"), "gb.xls")):
        res = ingest(data, name, catalog)
        assert res.status == "ok" and len(res.observations) == 2, (name, [(i.code, i.message) for i in res.issues])
    import quopri

    body = quopri.encodestring(page.replace("gb2312", "utf-8").encode("utf-8")).decode("ascii")
    mht = ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
           "Content-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
           f"{body}\r\n--b--\r\n").encode("ascii")
    res = ingest(mht, "saved.mht", catalog)
    assert res.status == "ok" and len(res.observations) == 2, [(i.code, i.message) for i in res.issues]


def test_a_web_page_without_a_table_and_plain_xml_are_refused_plainly(catalog):
    res = ingest(b"<html><body><p>\xe6\xb2\xa1\xe6\x9c\x89\xe8\xa1\xa8</p></body></html>", "x.xls", catalog)
    assert issue(res, "html_no_table").level == "error" and res.status == "refused"
    res = ingest(b"<?xml version='1.0'?><root><a>1</a></root>", "x.xls", catalog)
    assert issue(res, "xml").level == "error"


def test_excel_2003_xml_spreadsheet(catalog):
    ss = ("<?xml version='1.0'?><?mso-application progid='Excel.Sheet'?>"
          "<Workbook xmlns='urn:schemas-microsoft-com:office:spreadsheet' "
          "xmlns:ss='urn:schemas-microsoft-com:office:spreadsheet'><Worksheet ss:Name='2024年'><Table>"
          "<Row><Cell><Data ss:Type='String'>指标</Data></Cell><Cell><Data ss:Type='String'>葵涌</Data></Cell>"
          "<Cell><Data ss:Type='String'>南澳</Data></Cell></Row>"
          "<Row><Cell><Data ss:Type='String'>两盗</Data></Cell><Cell><Data ss:Type='Number'>5</Data></Cell>"
          "<Cell ss:Index='3'><Data ss:Type='Number'>2</Data></Cell></Row></Table></Worksheet></Workbook>")
    res = ingest(ss.encode("utf-8"), "book.xls", catalog)
    assert res.status == "ok" and at(res, "2024年!C2")["value"] == 2.0 and at(res, "2024年!B2")["period"] == "2024"
    doc = ss.replace("<?mso-application progid='Excel.Sheet'?>", "<!DOCTYPE x [<!ENTITY a 'b'>]>")
    assert issue(ingest(doc.encode("utf-8"), "bad.xls", catalog), "corrupt").level == "error"   # no entities


def test_big5_and_western_text_are_told_apart_from_gbk(catalog):
    text = "指標,地區,期間,數值\n八類暴力案件,南澳,2024年,3\n"
    res = ingest(text.encode("big5"), "b5.csv", catalog)
    assert res.encoding == "Big5" and at(res, "b5!D2")["value"] == 3.0
    west = "Indicator,Region,Period,Value\nViolent crimes – eight kinds,Nan’ao,2024,3\n".encode("cp1252")
    res = ingest(west, "w.csv", catalog)
    assert res.encoding == "Windows-1252" and at(res, "w!D2")["region_text"] == "Nan’ao"
