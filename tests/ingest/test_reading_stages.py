"""The reading stages one at a time: periods in text, context facts, header meanings, row roles, cell words."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.ingest.cells import parse_cells
from indicators.ingest.context import meta_line, read_context
from indicators.ingest.headers import meaning, resolve
from indicators.ingest.rows import clean_label, row_roles
from indicators.period_text import mentions, yearless
from indicators.periods import Period


@pytest.mark.parametrize(("text", "expected"), [
    ("大鹏新区2024年1-9月社会治安情况统计表", (2024, "ytd", 9)),
    ("葵涌办事处2024年3月综治月报", (2024, "month", 3)),
    ("二〇二四年九月禁毒工作月报", (2024, "month", 9)),
    ("2024年前三季度", (2024, "ytd", 9)),
    ("2024年上半年平安建设考评", (2024, "half", 1)),
    ("南澳办事处2024年7—9月流动人口", (2024, "quarter", 3)),
    ("综治报表_2024-09", (2024, "month", 9)),
    ("统计期间：2024/09", (2024, "month", 9)),
    ("民國112年", (2023, "year", 0)),
    ("public security summary, Q3 2024", (2024, "quarter", 3)),
    ("24年3月", (2024, "month", 3)),
])
def test_periods_in_running_text(text, expected):
    m = mentions(text)[0]
    assert (m.year, m.kind, m.index) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("3月", ("month", 3)), ("1-9月累计", ("ytd", 9)), ("一季度", ("quarter", 1)), ("上半年", ("half", 1)),
    ("前三季度", ("ytd", 9)), ("十二月", ("month", 12)), ("1至6月", ("ytd", 6)), ("全年", ("year", 0)),
])
def test_yearless_periods(text, expected):
    m = yearless(text)
    assert m is not None and m.year is None and (m.kind, m.index) == expected


def test_a_span_that_names_no_period_is_none():
    assert not mentions("2021年1-13月") and yearless("13月") is None


def test_meta_lines():
    assert meta_line("填报单位：大鹏新区政法办") == ("reporter", "大鹏新区政法办")
    assert meta_line("单位：起、%") == ("unit", "起、%")
    assert meta_line("统计时间：2024年9月30日")[0] == "time"
    assert meta_line("截至2024年9月30日")[0] == "time"
    assert meta_line("刑事案件") is None


def test_context_region_period_unit_and_notes(catalog):
    ctx = read_context([("大鹏新区2024年1-9月社会治安情况统计表", "A1"), ("填报单位：大鹏新区政法办", "A2"),
                        ("单位：起、%", "H2")], [("注：同比为与去年同期比较。", "A20")], "Sheet1", "x.xlsx", catalog)
    assert ctx.first("region").value == "440300DP" and ctx.period()[0] == Period(2024, "ytd", 9)
    assert ctx.first("unit").value == ("起", "%") and ctx.note() == "注：同比为与去年同期比较。"


def test_context_unknown_place_is_kept_as_text_and_plurals_are_not_places(catalog):
    ctx = read_context([("南澳派出所治安案件统计", "A1")], [], None, None, catalog)
    assert ctx.first("region_text").value == "南澳派出所" and ctx.first("region") is None
    ctx = read_context([("表2 各街道办事处信访情况", "A1")], [], None, "y_202409.xls", catalog)
    assert ctx.first("region_text") is None and ctx.period()[0] == Period(2024, "month", 9)


def test_year_only_frames_a_table_of_months(catalog):
    ctx = read_context([("葵涌办事处2024年各月矛盾纠纷情况", "A1")], [], None, None, catalog)
    assert ctx.period()[0] is None and ctx.year() == 2024 and ctx.first("region").value == "440300DP01"


def test_monthly_report_header_resolves_against_the_title_period():
    cols = [["本月", "本月数"], ["本月", "去年同期"], ["本月", "同比(%)"], ["1-3月累计", "累计数"],
            ["1-3月累计", "去年同期"], ["1-3月累计", "同比(%)"]]
    got = [p.code for p, _ in resolve([meaning(c) for c in cols], Period(2024, "month", 3), 2024)]
    assert got == ["2024-03", "2023-03", "2024-03", "2024YTD03", "2023YTD03", "2024YTD03"]
    assert [meaning(c).measure for c in cols] == ["value", "value", "yoy", "value", "value", "yoy"]


@pytest.mark.parametrize(("parts", "measure", "pp"), [
    (["同比增减(%)"], "yoy", False), (["增减幅(%)"], "yoy", False), (["比上年增減(%)"], "yoy", False),
    (["比上年增减(个百分点)"], "yoy", True), (["增减数"], "change_abs", False), (["环比(%)"], "mom", False),
    (["全年计划"], "target", False), (["1-9月完成"], "done", False), (["完成率(%)"], "attainment_pct", False),
    (["排名"], "rank", False), (["占全区比重（%）"], "share_pct", False),
])
def test_header_measures(parts, measure, pp):
    m = meaning(parts)
    assert (m.measure, m.pp) == (measure, pp) and m.label is None


def test_header_roles_and_units():
    assert meaning(["序号"]).role == "seq" and meaning(["备  注"]).role == "note"
    m = meaning(["刑事案件", "立案(起)"])
    assert (m.label, m.unit, m.group) == ("刑事案件 / 立案(起)", "起", ("刑事案件",))
    assert meaning(["流动人口登记", "人"]).unit == "人" and meaning(["流动人口登记", "人"]).label == "流动人口登记"
    assert meaning(["安全隐患排查（处）", "季度合计"]).total


def test_a_target_is_for_the_year_and_a_change_beside_periods_is_the_latest():
    got = resolve([meaning(["全年计划"]), meaning(["1-9月完成"]), meaning(["完成率(%)"])], Period(2024, "ytd", 9),
                  2024)
    assert [p.code for p, _ in got] == ["2024", "2024YTD09", "2024YTD09"]


@pytest.mark.parametrize(("raw", "text", "level", "part", "kind"), [
    ("一、刑事案件", "刑事案件", 1, False, "data"), ("（二）盗窃", "盗窃", 2, False, "data"),
    ("其中：电信网络诈骗", "电信网络诈骗", 0, True, "data"), ("合　计", "合 计", 0, False, "total"),
    ("小计", "小计", 0, False, "subtotal"), ("  重大竊盜", "重大竊盜", 0, False, "data"),
])
def test_row_labels(raw, text, level, part, kind):
    lab = clean_label(raw)
    assert (lab.text, lab.level, lab.part, lab.kind) == (text, level, part, kind)


def test_row_roles_parts_sections_and_totals():
    raw = pd.Series(["刑事警情", "其中：诈骗", "\u3000\u3000盗窃", "治安警情", "一、纠纷", "婚姻", "邻里", "合计"],
                    index=range(10, 18), dtype=object)
    has = pd.Series([True, True, True, True, False, True, True, True]).to_numpy()
    rows = row_roles(raw, has)
    assert rows.kind[11] == rows.kind[12] == "part" and rows.parent[11] == rows.parent[12] == 10
    assert rows.kind[14] == "section" and rows.section[15] == 14
    assert rows.kind[17] == "total" and rows.members[17] == [10, 13, 15, 16]


def test_changes_written_in_words():
    p = parse_cells(pd.Series(["增长18%", "下降1.5个百分点", "减少4起", "持平", "↑1.4个百分点", "▼3%", "无", "暂无",
                               "88.5%", "２４６８", "2,468", "110警情"], dtype=object))
    assert p["change"].tolist()[:6] == ["pct", "pp", "abs", "flat", "pp", "pct"]
    assert p["value"].tolist()[:6] == [18.0, -1.5, -4.0, 0.0, 1.4, -3.0]
    assert p["state"].tolist()[6:8] == ["missing", "missing"]
    assert p["value"].tolist()[8:11] == [88.5, 2468.0, 2468.0]
