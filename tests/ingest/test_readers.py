"""Readers: encodings reported (never guessed silently), delimiters, and the fast xlsx path giving the same
cells as the small-file path (origin of a table that does not start at A1 included)."""

from __future__ import annotations

import pytest

from indicators.ingest import ingest, readers
from indicators.ingest.model import Limits

from .helpers import LONG_HEAD, at, csv_bytes, xlsx

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
