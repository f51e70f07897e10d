"""Ways offices write what the first readings missed (the second hold-out corpus): region names by their
organisation (葵涌街道办, 溪涌社区工作站, 生态环境局大鹏管理局), dates that bound a table (截至…, a cover sheet, a
file name), forms with key and value in two cells, direction words beside sizes, accountants' negatives, Excel
error cells, footnote marks, split corner cells, 序时进度 and remarks right of the figures."""

from __future__ import annotations

import io

import openpyxl
import pytest

from indicators.catalog import Region
from indicators.ingest import ingest
from indicators.ingest.cells import parse_cells
from indicators.ingest.context import read_context
from indicators.ingest.grid_view import sheet_view
from indicators.ingest.headers import meaning, resolve
from indicators.period_text import mentions
from indicators.periods import Period
from indicators.region_names import name_form

from .helpers import at, issue, xlsx


@pytest.mark.parametrize(("text", "form"), [
    ("葵涌街道办", ("subdistrict", "葵涌")), ("南澳办", ("subdistrict", "南澳")),
    ("大鹏街道办事处", ("subdistrict", "大鹏")), ("溪涌社区工作站", ("community", "溪涌")),
    ("溪涌社区居委会", ("community", "溪涌")), ("溪涌居委会", ("community", "溪涌")),
    ("大鹏管理局", ("district", "大鹏")), ("大鹏新区", ("district", "大鹏")),
    ("各街道办", None), ("新区街道", None), ("葵涌", None), ("合计", None),
])
def test_name_forms(text, form):
    assert name_form(text) == form


def test_regions_are_found_by_the_organisation_offices_name(catalog):
    assert catalog.find_region("葵涌街道办").code == "440300DP01"
    assert catalog.find_region("南澳办").code == "440300DP03"
    assert catalog.find_region("大鹏管理局").code == "440300DP"
    assert catalog.find_region("葵新社区工作站") is None                  # no such community: unknown, not guessed
    assert catalog.find_region("大鹏") is None                            # a bare stem stays ambiguous


def test_a_community_is_found_by_its_workstation(catalog):
    regions = {**catalog.regions, "T1": Region("T1", "溪涌社区", "Xiyong", "440300DP01", "community")}
    from dataclasses import replace
    cat = replace(catalog, regions=regions)
    assert cat.find_region("溪涌社区工作站").code == "T1" and cat.find_region("溪涌居委会").code == "T1"
    assert catalog.find_region("溪涌社区工作站") is None                   # the shared index was not touched


def test_a_bureau_branch_in_the_reporter_line_is_the_district(catalog):
    ctx = read_context([("2024年生态环境信访投诉受理情况", "A1"), ("填报单位：深圳市生态环境局大鹏管理局", "A2")],
                       [], "Sheet1", "x.xlsx", catalog)
    assert [f.value for f in ctx.all("region")] == ["440300DP"]


def test_a_date_under_the_table_narrows_the_titles_year(catalog):
    ctx = read_context([("2024年生态环境信访投诉受理情况", "A1")], [("统计时间截至2024年10月31日。", "A10")],
                       "Sheet1", "x.xlsx", catalog)
    assert ctx.period()[0] == Period(2024, "month", 10) and ctx.period()[1].where == "A10"


def test_a_quarter_sheet_narrows_the_titles_year(catalog):
    ctx = read_context([("大鹏新区2024年法院执行工作情况", "A1")], [], "二季度", "2024年执行.xls", catalog)
    assert ctx.period()[0] == Period(2024, "quarter", 2)


def test_a_compact_date_in_a_file_name():
    m = mentions("信访投诉情况（分街道）_截至20241130")[0]
    assert (m.year, m.kind, m.index, m.cutoff) == (2024, "month", 11, True)


def test_since_january_and_as_of_now_headers():
    assert meaning(["今年以来投诉（件）"]).rel == "ytd" and meaning(["今年以来投诉（件）"]).label == "投诉"
    metas = [meaning(["本年度目标"]), meaning(["截至目前完成"]), meaning(["完成率（%）"])]
    got = [p for p, _ in resolve(metas, Period(2024, "month", 9), 2024)]
    assert got == [Period(2024, "year"), Period(2024, "ytd", 9), Period(2024, "ytd", 9)]
    stock = [p for p, _ in resolve([meaning(["截至目前在册（人）"])], Period(2024, "month", 6), 2024)]
    assert stock == [Period(2024, "month", 6)]                           # without a target: a stock at the date


def test_accountants_negatives_and_excel_errors_as_text():
    got = parse_cells(__import__("pandas").Series(["(12)", "（3）", "(1,286.5)", "(a)", "#N/A", "#DIV/0!"]))
    assert list(got["value"][:3]) == [-12.0, -3.0, -1286.5]
    assert list(got["state"][3:]) == ["text", "text", "text"]


def test_the_file_name_date_makes_plain_columns_count_since_january(catalog):
    rows = [["各街道生态环境信访投诉情况"],
            ["街道", "今年以来投诉（件）", "去年同期（件）", "已办结（件）", "办结率（%）"],
            ["葵涌街道", 228, 241, 221, 96.9], ["大鹏街道", 176, 183, 172, 97.7], ["合计", 404, 424, 393, 97.3]]
    res = ingest(xlsx(rows, sheet="分街道"), "信访投诉（分街道）_截至20241130.xlsx", catalog)
    assert at(res, "分街道!B3")["period"] == "2024YTD11" and at(res, "分街道!C3")["period"] == "2023YTD11"
    assert at(res, "分街道!D3")["period"] == "2024YTD11" and at(res, "分街道!E5")["region_code"] == "440300DP"
    assert at(res, "分街道!B3")["indicator_text"] == "投诉"


def test_a_cover_sheet_gives_the_data_sheets_region_and_period(catalog):
    cover = [["附件3"], [None, "大鹏新区养老服务统计报表"], [None, "（2024年1—11月）"],
             [None, "填报单位（盖章）：大鹏新区社会建设局"], [None, "填报日期：2024年12月5日"]]
    data = [["表1　各街道养老服务工作情况"], ["街道", "高龄津贴发放（人次）", "长者饭堂助餐（人次）"],
            ["葵涌街道", 4312, 15420], ["大鹏街道", 3108, 11236], ["合计", 7420, 26656]]
    res = ingest(xlsx(cover, sheet="封面", extra={"表1": data}), "养老服务统计报表（报送版）.xlsx", catalog)
    assert at(res, "表1!B3")["period"] == "2024YTD11" and at(res, "表1!B5")["region_code"] == "440300DP"
    assert issue(res, "cover_sheet").level == "info" and "封面" in issue(res, "cover_sheet").message
    assert any(i.code == "context_used" and "封面!B3" in i.message for i in res.issues)
    cover_view, data_view = sheet_view(res, "封面", catalog=catalog), sheet_view(res, "表1", catalog=catalog)
    assert cover_view.row_roles[3] == "context" and "2024年1-11月" in cover_view.row_reasons[3]
    assert cover_view.roles.at[3, "B"] == "context" and cover_view.row_roles[1] == "outside"
    assert data_view.row_roles[3] == "value" and "2024" not in data_view.row_reasons[3]   # not the cover's row 3


def test_instructions_with_example_periods_are_no_cover(catalog):
    notes = [["填表说明"], ["1. 期间写作 2021年、2021年6月。"], ["2. 地区写全称，如南澳办事处。"]]
    data = [["各街道养老服务工作情况"], ["街道", "高龄津贴发放（人次）"], ["葵涌街道", 4312], ["大鹏街道", 3108]]
    res = ingest(xlsx(data, sheet="表1", extra={"其他": notes}), "养老服务.xlsx", catalog)
    assert res.observations["period"].isna().all() and issue(res, "no_period").level == "error"
    assert not any(i.code == "cover_sheet" for i in res.issues)


def test_a_form_with_key_and_value_in_two_cells(catalog):
    rows = [["劳动人事争议调解仲裁工作情况表"], ["填报单位", "大鹏新区劳动人事争议仲裁委员会办公室"],
            ["统计时段", "2024年度上半年"], ["指标名称", "数值", "计量单位"],
            ["受理劳动人事争议案件", 186, "件"], ["其中：集体劳动争议", 3, "件"], ["涉案金额", "1，286.5", "万元"],
            [None], ["填表人", "李婷"]]
    res = ingest(xlsx(rows), "form.xlsx", catalog)
    first = at(res, "Sheet1!B5")
    assert (first["indicator_text"], first["region_code"], first["period"]) == ("受理劳动人事争议案件", "440300DP",
                                                                                "2024H1")
    assert at(res, "Sheet1!B7")["value"] == 1286.5 and len(res.observations) == 3


def test_direction_words_beside_sizes_are_signed_changes(catalog):
    rows = [["大鹏新区2024年11月份交通运输综合执法情况"], ["项目", "本月", "去年同期", "增/减", "幅度（%）"],
            ["查处非法营运（宗）", 28, 35, "减", 20], ["查扣车辆（辆）", 9, 12, "增", 25],
            ["办结投诉举报（件）", 87, 87, "持平", 0]]
    res = ingest(xlsx(rows), "x.xlsx", catalog)
    e3 = at(res, "Sheet1!E3")
    assert (e3["indicator_text"], e3["measure"], e3["value"], e3["period"]) == ("查处非法营运（宗）", "yoy_pct", -20.0,
                                                                               "2024-11")
    assert at(res, "Sheet1!E5")["value"] == 0 and not (res.observations["source"] == "Sheet1!D3").any()
    assert issue(res, "change_mismatch").cell == "Sheet1!E4"             # 增 written where it fell


def test_accountants_negatives_checked_against_the_figures(catalog):
    rows = [["大鹏新区2024年1—11月各街道劳动争议调处情况"],
            ["街道", "受理劳动争议（件）", "去年同期（件）", "增减（件）"],
            ["葵涌街道", 412, 424, "(12)"], ["大鹏街道", 286, 291, "（3）"], ["南澳街道", 198, 186, 12]]
    res = ingest(xlsx(rows), "x.xlsx", catalog)
    assert at(res, "Sheet1!D3")["value"] == -12 and at(res, "Sheet1!D3")["measure"] == "change_abs"
    assert issue(res, "change_mismatch").cell == "Sheet1!D4"


def test_excel_error_cells_are_errors_not_blanks(catalog):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["大鹏新区2024年10月森林防火工作情况"], ["街道", "森林防火巡查（人次）", "查处违规用火（宗）"],
                ["葵涌街道", 1862, 3], ["大鹏街道", 1510, "#VALUE!"], ["南澳街道", "#N/A", 2]]:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    res = ingest(buf.getvalue(), "x.xlsx", catalog)
    bad = sorted(i.cell for i in res.issues if i.code == "text_in_number")
    assert bad == ["Sheet!B5", "Sheet!C4"] and not any(i.code == "not_reported" for i in res.issues)


def test_footnote_marks_sections_and_a_split_corner(catalog):
    rows = [["大鹏新区人民检察院2024年1—9月受理审查起诉案件分类统计表"], [None, None, "单位：件"],
            ["地区\n罪名", "葵涌街道办", "大鹏街道办", "合计"],
            ["危险驾驶罪※", 24, 17, 41], ["诈骗罪*", 9, 6, 16], ["合计", 33, 23, 57]]
    res = ingest(xlsx(rows, sheet="审查起诉"), "x.xlsx", catalog)
    b4 = at(res, "审查起诉!B4")
    assert (b4["indicator_text"], b4["region_code"], b4["period"]) == ("危险驾驶罪", "440300DP01", "2024YTD09")
    assert at(res, "审查起诉!D4")["region_code"] == "440300DP"
    assert at(res, "审查起诉!B6")["indicator_text"] == "受理审查起诉案件"     # the 合计 row is the title's subject
    assert issue(res, "total_mismatch").cell == "审查起诉!D5"


def test_a_yardstick_and_remarks_right_of_the_figures_are_not_figures(catalog):
    rows = [["大鹏新区2024年应急管理重点工作推进情况"], [None, None, None, "数据截至：2024年9月30日"],
            ["序号", "重点工作", "本年度目标", "截至目前完成", "完成率（%）", "序时进度（%）", "进度情况"],
            [1, "开展安全生产执法检查（家次）", 4800, 3912, 81.5, 75, "超序时进度"],
            [2, "组织应急演练（场次）", 120, 84, 70, None, "滞后序时进度"]]
    res = ingest(xlsx(rows), "x.xlsx", catalog)
    assert set(res.observations["source"].str[-2:].str[0]) == {"C", "D", "E"}
    c4, d4 = at(res, "Sheet1!C4"), at(res, "Sheet1!D4")
    assert (c4["measure"], c4["period"], d4["period"]) == ("target", "2024", "2024YTD09")
    assert d4["indicator_text"] == "开展安全生产执法检查（家次）" and not any(
        i.code == "text_in_number" for i in res.issues)


def test_a_heading_row_qualifies_every_row_under_it(catalog):
    rows = [["大鹏新区人民检察院2024年11月主要业务数据"], ["项目", "本月数", "同期"],
            ["一、刑事检察", None, None], ["受理审查逮捕（件）", 14, 17], ["二、公益诉讼检察", None, None],
            ["发出诉前检察建议（件）", 2, 2]]
    res = ingest(xlsx(rows), "x.xlsx", catalog)
    assert at(res, "Sheet1!B6")["indicator_text"] == "公益诉讼检察 / 发出诉前检察建议（件）"
    assert at(res, "Sheet1!B4")["indicator_text"] == "刑事检察 / 受理审查逮捕（件）"
