"""Corpus files, part B: legacy .xls, HTML and XML "xls", hand-written xlsx flavours, and the faulty files."""

from __future__ import annotations

from .docs_a import doc, report_row, sums, vals
from .model import DP, DPB, KY, NA, SUBS, Doc, change, fig, month, pct, ytd
from .writers import Blank, Formula, Pct, Stray

STREETS = [("葵涌街道", KY), ("大鹏街道", DPB), ("南澳街道", NA)]


@doc
def mediation_xls() -> Doc:
    d = Doc("2023年人民调解工作统计表.xls", "xls", ["container", "two_level", "context", "rows"],
            "BIFF8 .xls; header of mixed depth (调解案件 | 受理 调解成功 成功率 beside single-level columns merged "
            "down); 单位 column of 办事处 names; 数据来源 footnote; period 2023 from the title",
            tags=["xls-biff8", "mixed-depth-header", "unit-header-is-region", "total-row", "footnote"],
            must={"context_used", "batch_note"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2023年人民调解工作统计表"], span=7)
    s.row(["填报单位：大鹏新区司法局", None, None, None, None, None, "单位：个、人、件、万元"])
    r = s.row(["单位", "调解组织（个）", "人民调解员（人）", "调解案件", None, None, "涉及金额（万元）"])
    s.row([None, None, None, "受理", "调解成功", "成功率（%）"])
    for c in (0, 1, 2, 6):
        s.merge(r, c, r + 1, c)
    s.merge(r, 3, r, 5)
    inds = ["调解组织", "人民调解员", "调解案件 / 受理", "调解案件 / 调解成功", "调解案件 / 成功率", "涉及金额"]
    rows = [(12, 86, 512, 503, 1236.5), (9, 61, 347, 339, 802.3), (8, 47, 261, 258, 615.8)]
    for (name, code), (a, b, c, e, money) in zip(SUBS, rows, strict=True):
        s.row([name, *vals([a, b, c, e, round(e / c * 100, 1), money], inds, code, "2023")])
    a, b, c, e, money = sums([[float(x) for x in r] for r in rows])
    s.row(["合计", *vals([int(a), int(b), int(c), int(e), round(e / c * 100, 1), money], inds, DP, "2023")])
    s.row(["数据来源：各街道司法所报送"], span=7)
    return d


@doc
def key_persons_xls() -> Doc:
    d = Doc("2024年第三季度重点人员服务管理情况.xls", "xls", ["container", "two_level", "rows"],
            "BIFF8 .xls with two group headers (吸毒人员 | 在册 社区戒毒 社区康复 ‖ 严重精神障碍患者 | 在册 规范管理率 "
            "面访率); the total row is labelled 全区", tags=["xls-biff8", "group-header", "total-row-quanqu",
                                                          "title-period"],
            must={"context_used"})
    s = d.sheet("重点人员")
    s.row(["大鹏新区2024年第三季度重点人员服务管理情况"], span=7)
    r = s.row(["单位", "吸毒人员", None, None, "严重精神障碍患者", None, None])
    s.row([None, "在册", "社区戒毒", "社区康复", "在册", "规范管理率(%)", "面访率(%)"])
    s.merge(r, 0, r + 1, 0)
    s.merge(r, 1, r, 3)
    s.merge(r, 4, r, 6)
    inds = ["吸毒人员 / 在册", "吸毒人员 / 社区戒毒", "吸毒人员 / 社区康复", "严重精神障碍患者 / 在册",
            "严重精神障碍患者 / 规范管理率", "严重精神障碍患者 / 面访率"]
    rows = [(108, 17, 12, 268, 96.3, 98.1), (79, 11, 9, 197, 95.9, 97.5), (64, 8, 7, 143, 97.2, 98.6)]
    for (name, code), v in zip(SUBS, rows, strict=True):
        s.row([name, *vals(list(v), inds, code, "2024Q3")])
    s.row(["全区", *vals([251, 36, 28, 608, 96.4, 98.0], inds, DP, "2024Q3")])
    return d


@doc
def vertical_category_xls() -> Doc:
    d = Doc("大鹏新区2024年二季度社会治安情况.xls", "xls", ["container", "rows", "two_level"],
            "Row labels in two columns: 类别 merged down over its items (刑事案件 | 立案 破案 刑拘); "
            "本季度 | 去年同期 | 同比(%) for 2024Q2",
            tags=["xls-biff8", "merged-row-category", "title-period", "unit-line"],
            must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年第二季度社会治安情况"], span=5)
    s.row([None, None, None, None, "单位：起、人、%"])
    s.row(["类别", "项目", "本季度", "去年同期", "同比(%)"])
    groups = [("刑事案件", [("立案", 187, 224), ("破案", 92, 97), ("刑拘", 61, 70)]),
              ("治安案件", [("受理", 472, 503), ("查处", 457, 481)]),
              ("交通事故", [("一般程序事故", 23, 29), ("死亡人数", 3, 5)])]
    for group, items in groups:
        first = len(s.rows)
        for k, (item, a, b) in enumerate(items):
            ind = f"{group} / {item}"
            s.row([group if k == 0 else None, item, fig(a, ind, DP, "2024Q2"), fig(b, ind, DP, "2023Q2"),
                   change(a, b, ind, DP, "2024Q2")])
        s.merge(first, 0, first + len(items) - 1, 0)
    return d


@doc
def monthly_xls() -> Doc:
    d = Doc("大鹏新区2024年6月主要治安指标月报.xls", "xls", ["container", "two_level", "context"],
            "The monthly report (本月 / 1-6月累计, each 数量 去年同期 同比) as a BIFF8 .xls; title gives region and "
            "month; 同比 written with two decimals", tags=["xls-biff8", "monthly-report", "title-region",
                                                          "title-period"], must={"context_used"})
    s = d.sheet("6月")
    s.row(["大鹏新区2024年6月主要治安指标月报"], span=7)
    r = s.row(["指标", "本月", None, None, "1-6月累计", None, None])
    s.row([None, "数量", "去年同期", "同比(%)", "数量", "去年同期", "同比(%)"])
    s.merge(r, 0, r + 1, 0)
    s.merge(r, 1, r, 3)
    s.merge(r, 4, r, 6)
    data = [("刑事立案", (57, 66, 344, 412)), ("破案", (29, 31, 171, 183)), ("刑事拘留", (40, 44, 233, 262)),
            ("治安拘留", (38, 35, 214, 199)), ("查处黄赌毒案件", (9, 12, 61, 70))]
    for ind, (cm, pm, cy, py) in data:
        row = report_row(ind, DP, 2024, 6, cm, pm, cy, py)
        row[2] = change(cm, pm, ind, DP, month(2024, 6), nd=2)
        row[5] = change(cy, py, ind, DP, ytd(2024, 6), nd=2)
        s.row([ind, *row])
    return d


@doc
def subtotals_xls() -> Doc:
    d = Doc("各社区出租屋管理情况.xls", "xls", ["rows", "regions", "container"],
            "街道 merged down over its communities and its 小计 row; 小计 is the subdistrict, 总计 the district; "
            "FAULT: 大鹏 小计 of 流动人口登记 is 300 too high", tags=["xls-biff8", "subtotal", "communities",
                                                                   "merged-row-category", "fault"],
            must={"context_used", "total_mismatch"})
    groups = [("葵涌街道", KY, [("葵涌社区", 1286, 9342, 21450), ("三溪社区", 742, 5104, 11873),
                                ("土洋社区", 655, 4410, 9982)]),
              ("大鹏街道", DPB, [("王母社区", 903, 6231, 14207), ("大鹏社区", 811, 5570, 12336)]),
              ("南澳街道", NA, [("南澳社区", 688, 4873, 10419), ("东涌社区", 214, 1302, 2660)])]
    for _, code, comms in groups:
        d.add_regions(code, "community", [c[0] for c in comms])
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年第二季度各社区出租屋管理情况"], span=5)
    inds = ["出租屋栋数", "出租屋间（套）数", "流动人口登记（人）"]
    s.row(["街道", "社区", *inds])
    total = [0, 0, 0]
    for street, code, comms in groups:
        first = len(s.rows)
        for k, (name, *v) in enumerate(comms):
            s.row([street if k == 0 else None, name, *vals(v, inds, name, "2024Q2")])
        sub = sums([c[1:] for c in comms])
        total = [a + b for a, b in zip(total, sub, strict=True)]
        if code == DPB:
            sub[2] += 300
        s.row([None, "小计", *vals(sub, inds, code, "2024Q2")])
        s.merge(first, 0, first + len(comms), 0)
    s.row(["总计", None, *vals(total, inds, DP, "2024Q2")])
    s.merge(len(s.rows) - 1, 0, len(s.rows) - 1, 1)
    return d


@doc
def html_gbk_excel() -> Doc:
    d = Doc("大鹏新区矛盾纠纷调处情况.xls", "html:gb2312:excel", ["container", "two_level", "context"],
            "An HTML table saved as .xls (Excel namespaces, charset gb2312, rowspan/colspan header, &nbsp; cells); "
            "制表单位/制表日期 line; 注 footnote row", tags=["xls-html", "gbk", "group-header", "title-period",
                                                        "footnote", "note-col"],
            must={"context_used", "batch_note"}, may={"encoding_used"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年1-9月矛盾纠纷排查调处情况"], span=7)
    r = s.row(["制表单位：大鹏新区综治中心", None, None, None, "制表日期：2024-10-09"])
    s.merge(r, 0, r, 3)
    s.merge(r, 4, r, 6)
    r = s.row(["街道", "排查纠纷", None, "调处成功", None, "调处成功率(%)", "备注"])
    s.row([None, "件数", "涉及人数", "件数", "涉及人数"])
    for c in (0, 5, 6):
        s.merge(r, c, r + 1, c)
    s.merge(r, 1, r, 2)
    s.merge(r, 3, r, 4)
    inds = ["排查纠纷 / 件数", "排查纠纷 / 涉及人数", "调处成功 / 件数", "调处成功 / 涉及人数", "调处成功率"]
    rows = [(447, 1093, 435, 1052), (318, 742, 311, 725), (241, 526, 236, 515)]
    notes = ["含坝光片区", None, None]
    per = ytd(2024, 9)
    for (name, code), v, note in zip(STREETS, rows, notes, strict=True):
        s.row([name, *vals([*v, round(v[2] / v[0] * 100, 1)], inds, code, per), note])
    t = sums(rows)
    s.row(["合计", *vals([*t, round(t[2] / t[0] * 100, 1)], inds, DP, per), None])
    s.row(["注：调处成功率=调处成功件数÷排查纠纷件数×100%"], span=7)
    return d


@doc
def html_utf8_system() -> Doc:
    d = Doc("信访事项办理情况统计.xls", "html:utf-8:plain", ["container", "context", "cell_text"],
            "A web system's export: plain HTML table named .xls; the period is a date range in a 查询条件 line "
            "(2024-07-01 至 2024-07-31 = July); rates as text with %; 责任单位 column of 街道办事处 names",
            tags=["xls-html", "query-line-period", "percent-text", "serial-col"], must={"context_used"})
    s = d.sheet("信访事项办理情况统计")
    s.row(["信访事项办理情况统计"], span=6)
    s.row(["查询条件：统计时间 2024-07-01 至 2024-07-31；责任单位 全部"], span=6)
    inds = ["受理件数", "按期办结件数", "按期办结率", "群众满意率"]
    s.row(["序号", "责任单位", *inds])
    rows = [("葵涌街道办事处", KY, 58, 56, 52), ("大鹏街道办事处", DPB, 41, 41, 39), ("南澳街道办事处", NA, 29, 28, 26)]
    for k, (name, code, a, b, c) in enumerate(rows):
        s.row([k + 1, name, *vals([a, b, _pct_text(b, a), _pct_text(c, b)], inds, code, month(2024, 7))])
    a, b, c = sums([r[2:] for r in rows])
    s.row([None, "合计", *vals([a, b, _pct_text(b, a), _pct_text(c, b)], inds, DP, month(2024, 7))])
    return d


def _pct_text(num: int, den: int) -> tuple[str, float]:
    """A rate as a system prints it (96.55%) and its figure."""
    v = round(num / den * 100, 2)
    return f"{v:.2f}%", v


@doc
def xml2003_grid_staff() -> Doc:
    d = Doc("大鹏新区网格员队伍情况.xls", "xml2003", ["container", "context"],
            "XML Spreadsheet 2003 saved as .xls (Java report export); the period is a stock date in the title "
            "(截至2024年6月30日 → 2024-06)", tags=["xls-xml2003", "as-of-date", "total-row"], must={"context_used"})
    s = d.sheet("网格员")
    s.row(["大鹏新区网格员队伍建设情况（截至2024年6月30日）"], span=5)
    inds = ["基础网格数", "专职网格员", "兼职网格员", "网格长"]
    s.row(["街道", *inds])
    rows = [(62, 71, 124, 8), (45, 52, 87, 6), (38, 43, 66, 5)]
    for (name, code), v in zip(STREETS, rows, strict=True):
        s.row([name, *vals(list(v), inds, code, month(2024, 6))])
    s.row(["合计", *vals(sums(rows), inds, DP, month(2024, 6))])
    return d


@doc
def poi_inline_strings() -> Doc:
    d = Doc("派出所辖区警情_202410.xlsx", "poi", ["container", "regions", "header"],
            "A Java system export (Apache POI, inline strings, no title); 派出所 column groups the communities, the "
            "community is the region; 序号 column; period only in the file name (202410)",
            tags=["xlsx-poi-inline", "filename-period", "communities", "serial-col"], must={"context_used"})
    rows = [("葵涌派出所", KY, "葵涌社区", 9, 31, 48), ("葵涌派出所", KY, "三溪社区", 6, 19, 29),
            ("葵涌派出所", KY, "土洋社区", 4, 17, 26), ("大鹏派出所", DPB, "王母社区", 7, 22, 32),
            ("大鹏派出所", DPB, "布新社区", 3, 14, 22), ("南澳派出所", NA, "南澳社区", 5, 21, 31),
            ("南澳派出所", NA, "东涌社区", 1, 8, 14)]
    for _, parent, name, *_ in rows:
        d.add_regions(parent, "community", [name])
    s = d.sheet("sheet0")
    inds = ["警情总数", "刑事警情", "治安警情", "纠纷警情"]
    s.row(["序号", "派出所", "社区", *inds])
    for k, (station, _, name, a, b, c) in enumerate(rows):
        s.row([k + 1, station, name, *vals([a + b + c, a, b, c], inds, name, month(2024, 10))])
    return d


@doc
def wps_drugs_fault() -> Doc:
    d = Doc("大鹏新区2024年上半年禁毒工作情况.xlsx", "wps", ["container", "cell_text", "header"],
            "WPS workbook; changes written 上升37.5% / 下降24.2% / 提高1.7个百分点; the two periods are column headers "
            "(2024年上半年, 2023年上半年); FAULT: 禁毒宣传活动 上升12.5% while 64 vs 52 is +23.1%",
            tags=["xlsx-wps", "change-text", "fault"], must={"context_used", "change_mismatch"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年上半年禁毒工作情况"], span=4)
    s.row(["填报单位：大鹏新区禁毒办"], span=4)
    s.row(["指标", "2024年上半年", "2023年上半年", "同比"])
    rows = [("查获吸毒人员（人次）", 47, 62, None), ("新发现吸毒人员（人）", 9, 14, None),
            ("破获毒品刑事案件（起）", 11, 8, None), ("缴获毒品（克）", 386.2, 1204.5, None),
            ("社区戒毒社区康复执行率（%）", 97.8, 96.1, ("提高1.7个百分点", 1.7, "yoy_pp")),
            ("禁毒宣传活动（场）", 64, 52, ("上升12.5%", 12.5, "yoy_pct"))]
    for label, a, b, text in rows:
        ind = label.split("（")[0]
        if text is None:
            v = pct(a, b)
            text = (f"{'上升' if v > 0 else '下降'}{abs(v)}%", v, "yoy_pct")
        s.row([label, fig(a, ind, DP, "2024H1"), fig(b, ind, DP, "2023H1"), fig(text[0], ind, DP, "2024H1",
                                                                                 text[2], text[1])])
    return d


@doc
def nanao_unknown_total_fault() -> Doc:
    d = Doc("南澳办事处2024年9月各社区矛盾纠纷排查情况.xlsx", "openpyxl", ["regions", "rows"],
            "Communities that are NOT in the catalogue (must be reported, never put under the default region); "
            "FAULT: 合计 of 排查 says 39, the communities add up to 37", tags=["xlsx-openpyxl", "communities",
                                                                             "unknown-region", "fault"],
            must={"context_used", "unknown_region", "total_mismatch"})
    s = d.sheet("9月")
    s.row(["南澳办事处2024年9月各社区矛盾纠纷排查情况"], span=4)
    inds = ["排查", "化解", "在调处"]
    s.row(["社区", *inds])
    rows = [("南澳社区", 12, 11), ("水头社区", 5, 5), ("东山社区", 6, 6), ("新大社区", 4, 3), ("西涌社区", 7, 7),
            ("东涌社区", 3, 3)]
    for name, a, b in rows:
        s.row([name, *vals([a, b, a - b], inds, name, month(2024, 9))])
    a, b = sum(r[1] for r in rows), sum(r[2] for r in rows)
    s.row(["合计", *vals([a + 2, b, a - b], inds, NA, month(2024, 9))])
    return d


@doc
def change_mismatch_fault() -> Doc:
    d = Doc("大鹏新区2024年8月警情通报.xlsx", "xlsxwriter", ["two_level", "rows"],
            "Monthly report; FAULT: 刑事警情 本月同比 written -12.0 while 58 vs 71 is -18.3 %",
            tags=["xlsx-xlsxwriter", "monthly-report", "fault", "title-region"],
            must={"context_used", "change_mismatch"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年8月警情通报"], span=7)
    r = s.row(["类别", "本月", None, None, "1-8月累计", None, None])
    s.row([None, "本月数", "去年同期", "同比(%)", "累计数", "去年同期", "同比(%)"])
    s.merge(r, 0, r + 1, 0)
    s.merge(r, 1, r, 3)
    s.merge(r, 4, r, 6)
    data = [("总警情", (241, 268, 1902, 2140), None), ("刑事警情", (58, 71, 492, 577), -12.0),
            ("治安警情", (183, 197, 1410, 1563), None), ("两盗案件", (12, 17, 101, 134), None)]
    for ind, v, wrong in data:
        s.row([ind, *report_row(ind, DP, 2024, 8, *v, yoy_m=wrong)])
    return d


@doc
def parts_above_fault() -> Doc:
    d = Doc("2024年1-8月电信网络诈骗案件情况.xlsx", "openpyxl", ["rows", "context"],
            "其中 parts (indented with full-width spaces) under 电信网络诈骗立案; FAULT: the four parts add up to 174, "
            "above the 168 total", tags=["xlsx-openpyxl", "qizhong", "fault", "title-period"],
            must={"context_used", "parts_above_total_ind"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年1-8月电信网络诈骗案件情况"], span=4)
    s.row(["项目", "1-8月", "去年同期", "同比(%)"])
    rows = [("电信网络诈骗立案", "电信网络诈骗立案", 168, 231), ("其中：刷单返利类", "刷单返利类", 61, 74),
            ("　　　冒充客服类", "冒充客服类", 43, 52), ("　　　虚假投资理财类", "虚假投资理财类", 39, 45),
            ("　　　冒充公检法类", "冒充公检法类", 31, 28), ("涉案金额（万元）", "涉案金额", 1286.4, 1733.9)]
    for label, ind, a, b in rows:
        s.row([label, fig(a, ind, DP, ytd(2024, 8)), fig(b, ind, DP, ytd(2023, 8)),
               change(a, b, ind, DP, ytd(2024, 8))])
    return d


@doc
def offset_stray_fault() -> Doc:
    d = Doc("葵涌办事处2024年8月安全生产检查.xlsx", "openpyxl", ["header", "cell_text", "context"],
            "Table starts in column B (column A empty); rates as percent-formatted fractions; FAULT: 见备注 typed in "
            "a figure cell; a 备注 footnote", tags=["xlsx-openpyxl", "offset-table", "percent-format", "fault"],
            must={"context_used", "text_in_number"})
    s = d.sheet("Sheet1")
    s.row([None, "葵涌办事处2024年8月安全生产检查情况"])
    s.merge(0, 1, 0, 5)
    s.blank()
    inds = ["检查单位（家次）", "发现隐患（处）", "已整改（处）", "整改率"]
    s.row([None, "检查类别", *inds])
    rows = [("工贸企业", 46, 38, 35), ("“三小”场所", 182, 97, 91), ("出租屋", 1420, 263, 248), ("危化品经营", 8, 3, 3)]
    per = month(2024, 8)
    for name, a, b, c in rows:
        s.row([None, name, *vals([a, b, c, Pct(c / b)], [f"{name} / {i}" for i in inds], KY, per)])
    s.row([None, "建筑工地", *vals([12, 21, Stray("见备注"), Blank("—")], [f"建筑工地 / {i}" for i in inds], KY,
                                   per)])
    t = sums([r[1:] for r in rows])
    t[1] += 21
    s.row([None, "合计", *vals([t[0] + 12, t[1], t[2], Blank("—")], inds, KY, per)])
    s.row([None, "备注：建筑工地隐患已移交住建部门跟进，整改数待核实。"])
    return d


@doc
def formulas_cached() -> Doc:
    d = Doc("大鹏新区2024年9月网格化管理事件情况.xlsx", "xlsxwriter", ["rows", "cell_text"],
            "合计 row and rates are formulas with cached values (=SUM, =ROUND(D/C*100,2)) as Excel saves them",
            tags=["xlsx-xlsxwriter", "formulas", "total-row", "title-period"], must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年9月网格化管理事件情况"], span=5)
    inds = ["采集上报", "立案派遣", "按期办结", "按期办结率(%)"]
    s.row(["街道", *inds])
    rows = [(3864, 1207, 1189), (2915, 903, 894), (2207, 688, 677)]
    first = len(s.rows) + 1
    for (name, code), (a, b, c) in zip(STREETS, rows, strict=True):
        r = len(s.rows) + 1
        s.row([name, *vals([a, b, c, Formula(f"=ROUND(D{r}/C{r}*100,2)", round(c / b * 100, 2))], inds, code,
                           month(2024, 9))])
    last, r = len(s.rows), len(s.rows) + 1
    t = sums(rows)
    cells = [Formula(f"=SUM({col}{first}:{col}{last})", v) for col, v in zip("BCD", t, strict=True)]
    cells.append(Formula(f"=ROUND(D{r}/C{r}*100,2)", round(t[2] / t[1] * 100, 2)))
    s.row(["合计", *vals(cells, inds, DP, month(2024, 9))])
    return d


@doc
def year_month_cross() -> Doc:
    d = Doc("大鹏新区各月110警情对比.xlsx", "openpyxl", ["context", "rows", "header"],
            "Months as rows, years as columns (2023年 | 2024年 | 同比): each figure's period combines both; the "
            "indicator is named only in the title; months not yet reported are —",
            tags=["xlsx-openpyxl", "periods-as-rows", "years-as-columns", "title-subject", "blank-marker"],
            must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区各月110刑事治安警情对比"], span=4)
    s.row(["月份", "2023年", "2024年", "同比(%)"])
    a = [282, 241, 292, 271, 268, 259, 277, 268, 250, 263, 248, 269]
    b = [240, 226, 236, 244, 231, 232, 252, 241, 224]
    ind = "110刑事治安警情"
    for m in range(1, 13):
        if m <= 9:
            cells = [fig(b[m - 1], ind, DP, month(2024, m)), change(b[m - 1], a[m - 1], ind, DP, month(2024, m))]
        else:
            cells = [Blank("—"), Blank("—")]
        s.row([f"{m}月", fig(a[m - 1], ind, DP, month(2023, m)), *cells])
    return d


@doc
def sheets_are_regions() -> Doc:
    d = Doc("2024年9月各街道综治工作数据.xlsx", "openpyxl", ["context", "two_level"],
            "One sheet per subdistrict: the region is only the sheet name (葵涌街道 …); 本月 | 累计 columns",
            tags=["xlsx-openpyxl", "sheet-region", "multi-sheet", "title-period"], must={"context_used"})
    data = {"葵涌街道": (KY, [(49, 462), (402, 3511), (1862, 16520), (66, 591)]),
            "大鹏街道": (DPB, [(35, 331), (298, 2640), (1344, 12085), (51, 448)]),
            "南澳街道": (NA, [(27, 254), (211, 1877), (1020, 9170), (38, 335)])}
    labels = [("矛盾纠纷排查（宗）", "矛盾纠纷排查"), ("重点人员走访（人次）", "重点人员走访"),
              ("网格巡查（次）", "网格巡查"), ("隐患整改（处）", "隐患整改")]
    for name, (code, rows) in data.items():
        s = d.sheet(name)
        s.row(["2024年9月综治工作数据"], span=3)
        s.row(["项目", "本月", "累计"])
        for (label, ind), (a, b) in zip(labels, rows, strict=True):
            s.row([label, fig(a, ind, code, month(2024, 9)), fig(b, ind, code, ytd(2024, 9))])
    return d


@doc
def bureaus_unknown() -> Doc:
    d = Doc("2024年上半年综治（平安建设）考核得分汇总.xlsx", "xlsxwriter", ["regions", "header"],
            "单位 column mixes 街道办事处 (catalogue) with 局 (bureaus, not regions in the catalogue: reported); "
            "考核得分 with 排名", tags=["xlsx-xlsxwriter", "unknown-region", "rank", "serial-col"],
            must={"context_used", "unknown_region"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年上半年综治（平安建设）考核得分汇总"], span=4)
    s.row(["序号", "单位", "考核得分", "排名"])
    rows = [("葵涌街道办事处", 96.5, 1), ("大鹏街道办事处", 95.8, 2), ("南澳街道办事处", 94.9, 4),
            ("新区公安分局", 95.2, 3), ("新区司法局", 93.6, 6), ("新区城管和综合执法局", 94.1, 5)]
    for k, (name, score, rank) in enumerate(rows):
        s.row([k + 1, name, fig(score, "考核得分", name, "2024H1"), fig(rank, "考核得分", name, "2024H1", "rank")])
    return d


@doc
def second_sheet_instructions() -> Doc:
    d = Doc("南澳办事处2024年8月综治数据.xlsx", "wps", ["container", "context", "header"],
            "A template workbook: the first sheet is 填报说明 (instructions with numbers in text), the data sheet "
            "second; WPS; region and month in the data sheet's title", tags=["xlsx-wps", "instructions-sheet",
                                                                           "multi-sheet", "title-region"],
            must={"context_used"})
    s = d.sheet("填报说明")
    s.row(["填报说明"])
    s.row(["1. 请于每月5日前报送上月数据；"])
    s.row(["2. 数据统计口径为当月1日至月末；"])
    s.row(["3. 联系人：综治中心 李敏 0755-84059876。"])
    s = d.sheet("数据")
    s.row(["南澳办事处2024年8月综治数据"], span=3)
    s.row(["项目", "数量", "备注"])
    rows = [("矛盾纠纷排查（宗）", "矛盾纠纷排查", 31, None), ("调处成功（宗）", "调处成功", 30, None),
            ("网格巡查（次）", "网格巡查", 1108, "含海岸线巡查"), ("出租屋巡查（栋次）", "出租屋巡查", 642, None)]
    for label, ind, v, note in rows:
        s.row([label, fig(v, ind, NA, month(2024, 8)), note])
    return d


@doc
def mom_month() -> Doc:
    d = Doc("大鹏办事处2024年9月视频监控运维情况.xlsx", "openpyxl", ["two_level", "context"],
            "本月 | 上月 | 环比(%) for a month (上月 = 2024-08, 环比 = mom_pct)",
            tags=["xlsx-openpyxl", "current-previous", "title-region", "title-period"], must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["大鹏办事处2024年9月视频监控运维情况"], span=4)
    s.row(["项目", "本月", "上月", "环比(%)"])
    for label, ind, a, b in [("视频监控点位（个）", "视频监控点位", 1862, 1840), ("故障报修（次）", "故障报修", 37, 52),
                             ("修复（次）", "修复", 35, 49)]:
        s.row([label, fig(a, ind, DPB, month(2024, 9)), fig(b, ind, DPB, month(2024, 8)),
               fig(pct(a, b), ind, DPB, month(2024, 9), "mom_pct")])
    return d


@doc
def ytd_change_abs() -> Doc:
    d = Doc("2024年第一季度信访形势分析附表.xlsx", "xlsxwriter", ["two_level", "cell_text"],
            "本期 | 去年同期 | 增减数 | 增减幅度(%): an absolute change (change_abs) beside the percent change; "
            "a zero change written 0", tags=["xlsx-xlsxwriter", "change-abs", "title-period", "title-region"],
            must={"context_used"})
    s = d.sheet("附表")
    s.row(["大鹏新区2024年第一季度信访形势分析附表"], span=5)
    s.row(["项目", "本期", "去年同期", "增减数", "增减幅度(%)"])
    for label, a, b in [("信访总量（件次）", 392, 427), ("来访（批次）", 118, 131), ("来信（件）", 36, 41),
                        ("网上信访（件）", 238, 255), ("集体访（批次）", 4, 4), ("越级访（人次）", 2, 5)]:
        ind = label.split("（")[0]
        s.row([label, fig(a, ind, DP, "2024Q1"), fig(b, ind, DP, "2023Q1"), fig(a - b, ind, DP, "2024Q1",
                                                                                 "change_abs"),
               change(a, b, ind, DP, "2024Q1")])
    return d


@doc
def community_correction_wps() -> Doc:
    d = Doc("大鹏办事处各社区社区矫正对象情况.xlsx", "wps", ["container", "regions", "context"],
            "WPS; communities of 大鹏办事处 (added to the catalogue); stock as of a date in a 截至 line; 合计 is the "
            "subdistrict", tags=["xlsx-wps", "communities", "as-of-date", "total-row"], must={"context_used"})
    names = ["大鹏社区", "王母社区", "鹏城社区", "布新社区", "岭澳社区"]
    d.add_regions(DPB, "community", names)
    s = d.sheet("Sheet1")
    s.row(["大鹏办事处各社区社区矫正对象情况"], span=4)
    s.row(["截至2024年9月30日"], span=4)
    s.row(["社区", "在册社区矫正对象", "本月新接收", "本月解除"])
    inds = ["在册社区矫正对象", "新接收", "解除"]
    rows = [(8, 1, 0), (7, 0, 1), (5, 0, 0), (4, 1, 0), (2, 0, 0)]
    for name, v in zip(names, rows, strict=True):
        s.row([name, *vals(list(v), inds, name, month(2024, 9))])
    s.row(["合计", *vals(sums(rows), inds, DPB, month(2024, 9))])
    return d
