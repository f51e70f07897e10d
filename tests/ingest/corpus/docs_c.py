"""Corpus files, part C: CSV and tab text in UTF-8, UTF-8 with BOM, GBK, Big5, cp1252 and UTF-16."""

from __future__ import annotations

from .docs_a import doc, sums, vals
from .docs_b import STREETS
from .model import DP, DPB, KY, NA, Doc, fig, month, pct, ytd
from .writers import Blank, Stray


@doc
def correction_annual_csv() -> Doc:
    d = Doc("2023年度社区矫正工作统计.csv", "csv:utf-8", ["two_level", "context", "container"],
            "本年 | 上年 | 增减(%) with the year only in the title line (本年 = 2023, 上年 = 2022); catalogue labels; "
            "a rate's change given in percent", tags=["csv-utf8", "this-year-last-year", "title-period",
                                                        "title-region"], must={"context_used"})
    s = d.sheet("2023年度社区矫正工作统计")
    s.row(["大鹏新区司法局2023年度社区矫正工作统计"])
    s.row(["项目", "本年", "上年", "增减(%)"])
    for ind, a, b in [("新接收社区矫正对象", 46, 52), ("解除社区矫正", 53, 49), ("在册社区矫正对象", 85, 92),
                      ("社区矫正集中教育", 24, 24), ("参与集中教育人员", 1032, 1105), ("重新犯罪率", 0.08, 0.12)]:
        s.row([ind, fig(a, ind, DP, "2023"), fig(b, ind, DP, "2022"), fig(pct(a, b), ind, DP, "2023", "yoy_pct")])
    return d


@doc
def grid_events_csv() -> Doc:
    d = Doc("网格事件统计_2024年8月.csv", "csvnopad:utf-8", ["regions", "container", "cell_text"],
            "A system export (UTF-8, LF, no title): 所属街道 | 所属社区 | 网格名称 — the grid cell is the region "
            "(grids and their communities added to the catalogue); 办结率 as 97.95%; month in the file name",
            tags=["csv-utf8", "grids", "filename-period", "percent-text"], must={"context_used"})
    grids = [("葵涌街道", KY, "葵涌社区", "葵涌社区第01网格", 146, 143),
             ("葵涌街道", KY, "葵涌社区", "葵涌社区第02网格", 122, 120),
             ("葵涌街道", KY, "三溪社区", "三溪社区第01网格", 98, 98),
             ("葵涌街道", KY, "三溪社区", "三溪社区第02网格", 87, 85),
             ("大鹏街道", DPB, "王母社区", "王母社区第01网格", 133, 129),
             ("大鹏街道", DPB, "王母社区", "王母社区第02网格", 104, 104),
             ("南澳街道", NA, "南澳社区", "南澳社区第01网格", 117, 112),
             ("南澳街道", NA, "东山社区", "东山社区第01网格", 76, 76)]
    seen = set()
    for _, parent, comm, grid, *_ in grids:
        if comm not in seen:
            d.add_regions(parent, "community", [comm])
            seen.add(comm)
        d.add_regions(comm, "grid", [grid])
    s = d.sheet("网格事件统计_2024年8月")
    inds = ["上报事件数", "已办结数", "办结率"]
    s.row(["所属街道", "所属社区", "网格名称", *inds])
    for street, _, comm, grid, a, b in grids:
        rate = round(b / a * 100, 2)
        s.row([street, comm, grid, *vals([a, b, (f"{rate:.2f}%", rate)], inds, grid, month(2024, 8))])
    return d


@doc
def long_export_bom() -> Doc:
    d = Doc("指标数据导出_20240715.csv", "csv:utf-8-sig", ["cell_text", "container", "context"],
            "Long format from a data platform (UTF-8 with BOM): period texts of every kind (2024年1-6月, 2024年第二"
            "季度, 2024年上半年, 2024年6月), quoted 1,442 with a thousands separator, a — value; the export date in "
            "the file name is not the period", tags=["csv-utf8-bom", "long-format", "thousands", "blank-marker"])
    s = d.sheet("指标数据导出_20240715")
    s.row(["指标名称", "统计区域", "统计时间", "数值", "计量单位"])
    rows = [("110刑事治安总警情", "大鹏新区", "2024年1-6月", ytd(2024, 6), ("1,442", 1442), "起"),
            ("110刑事治安总警情", "葵涌街道", "2024年1-6月", ytd(2024, 6), 624, "起"),
            ("110刑事治安总警情", "大鹏街道", "2024年1-6月", ytd(2024, 6), 473, "起"),
            ("110刑事治安总警情", "南澳街道", "2024年1-6月", ytd(2024, 6), 345, "起"),
            ("外来游客", "大鹏新区", "2024年第二季度", "2024Q2", 326.4, "万人次"),
            ("扫黑除恶知晓率", "大鹏新区", "2024年上半年", "2024H1", 96.8, "%"),
            ("派发法治宣传资料", "大鹏新区", "2024年6月", month(2024, 6), ("2,468", 2468), "份"),
            ("在册精神障碍患者", "葵涌街道", "2024年6月", month(2024, 6), 268, "名"),
            ("在册精神障碍患者", "大鹏街道", "2024年6月", month(2024, 6), 197, "名"),
            ("在册精神障碍患者", "南澳街道", "2024年6月", month(2024, 6), 143, "名"),
            ("社区社会组织", "大鹏新区", "2024年6月", month(2024, 6), Blank("—"), "家"),
            ("安置帮教人数", "大鹏新区", "2024年1-6月", ytd(2024, 6), 318, "人")]
    for ind, region, text, per, v, unit in rows:
        s.row([ind, region, text, vals([v], [ind], region, per)[0], unit])
    return d


@doc
def petition_gbk() -> Doc:
    d = Doc("大鹏新区2024年1-6月信访情况.csv", "csv:gbk", ["container", "context", "header"],
            "GBK CSV saved by Excel: title line padded with commas, a 单位 line, 序号 column, 合计 row with an "
            "empty 序号, 说明 footnote", tags=["csv-gbk", "title-period", "serial-col", "footnote", "unit-line",
                                              "total-row"], must={"context_used", "batch_note"})
    s = d.sheet("大鹏新区2024年1-6月信访情况")
    s.row(["大鹏新区2024年1-6月信访情况统计表"])
    s.row([None, None, None, None, None, "单位：批次、人次、件"])
    inds = ["来访批次", "来访人次", "来信件数", "网上信访件数"]
    s.row(["序号", "街道", *inds])
    rows = [(96, 214, 31, 176), (63, 138, 22, 119), (45, 97, 14, 84)]
    for k, ((name, code), v) in enumerate(zip(STREETS, rows, strict=True)):
        s.row([k + 1, name, *vals(list(v), inds, code, ytd(2024, 6))])
    s.row([None, "合计", *vals(sums(rows), inds, DP, ytd(2024, 6))])
    s.row(["说明：网上信访含“12345”热线转办件。"])
    return d


@doc
def big5_traditional() -> Doc:
    d = Doc("大鵬新區2024年第二季度治安案件統計.csv", "csv:big5", ["container", "context"],
            "Big5 CSV in traditional characters (大鵬辦事處, 合計, 罰款金額(萬元)); quarter only in the title",
            tags=["csv-big5", "traditional", "title-period", "total-row"], must={"context_used"})
    s = d.sheet("大鵬新區2024年第二季度治安案件統計")
    s.row(["大鵬新區2024年第二季度治安案件統計表"])
    inds = ["受理治安案件", "查處治安案件", "行政拘留人數", "罰款金額(萬元)"]
    s.row(["單位", *inds])
    rows = [(203, 196, 29, 18.6), (151, 147, 21, 12.4), (118, 114, 16, 9.7)]
    for (name, code), v in zip([("葵涌辦事處", KY), ("大鵬辦事處", DPB), ("南澳辦事處", NA)], rows, strict=True):
        s.row([name, *vals(list(v), inds, code, "2024Q2")])
    t = sums([[float(x) for x in r] for r in rows])
    s.row(["合計", *vals([int(t[0]), int(t[1]), int(t[2]), t[3]], inds, DP, "2024Q2")])
    return d


@doc
def cp1252_english() -> Doc:
    d = Doc("dapeng_public_security_q3_2024.csv", "csv:cp1252", ["container", "context", "cell_text"],
            "English table in Windows-1252 (en dash in the title, curly apostrophe in Nan’ao, em dash — for not "
            "available); regions by their English names; Total row; quoted 1,064",
            tags=["csv-cp1252", "english", "thousands", "blank-marker", "title-period"],
            must={"context_used"})
    s = d.sheet("dapeng_public_security_q3_2024")
    s.row(["Dapeng New District – public security summary, Q3 2024"])
    inds = ["Reported incidents", "Criminal cases", "Cases cleared", "Clearance rate (%)"]
    s.row(["Subdistrict", *inds])
    rows = [("Kuiyong Subdistrict", KY, [("1,064", 1064), 268, 121, 45.1]),
            ("Dapeng Subdistrict", DPB, [812, 197, 93, 47.2]),
            ("Nan’ao Subdistrict", NA, [590, 141, Blank("—"), Blank("—")]),
            ("Total", DP, [("2,466", 2466), 606, Blank("—"), Blank("—")])]
    for name, code, v in rows:
        s.row([name, *vals(v, inds, code, "2024Q3")])
    s.row(["Source: Dapeng New District Political-Legal Affairs Office"])
    return d


@doc
def utf16_justice_offices() -> Doc:
    d = Doc("司法所社区矫正月报_2024年5月.txt", "txt16", ["container", "regions", "two_level"],
            "Excel \"Unicode text\" (UTF-16 LE with BOM, tab-separated); rows are 司法所 (justice offices: not in "
            "the catalogue, must be reported); period words inside labels (本月新接收, 1-5月累计解除矫正)",
            tags=["txt-utf16", "unknown-region", "period-in-label", "total-row"],
            must={"unknown_region", "context_used"})
    s = d.sheet("司法所社区矫正月报_2024年5月")
    s.row(["大鹏新区各司法所社区矫正工作月报（2024年5月）"])
    s.row(["司法所", "在册社区矫正对象", "本月新接收", "本月解除矫正", "1-5月累计解除矫正", "本月集中教育（场）"])
    inds = [("在册社区矫正对象", month(2024, 5)), ("新接收", month(2024, 5)), ("解除矫正", month(2024, 5)),
            ("解除矫正", ytd(2024, 5)), ("集中教育", month(2024, 5))]
    rows = [("葵涌司法所", (41, 3, 2, 9, 2)), ("大鹏司法所", (26, 1, 2, 6, 1)), ("南澳司法所", (18, 1, 0, 4, 1))]
    for name, v in rows:
        s.row([name, *[fig(x, ind, name, per) for x, (ind, per) in zip(v, inds, strict=True)]])
    t = sums([list(v) for _, v in rows])
    s.row(["合计", *[fig(x, ind, DP, per) for x, (ind, per) in zip(t, inds, strict=True)]])
    return d


@doc
def utf16_months() -> Doc:
    d = Doc("南澳办事处2024年各月信访量.txt", "txt16", ["container", "rows", "context"],
            "UTF-16 tab text; months as rows; 合计 row is Jan–Sep; 备注 notes with digits in some months",
            tags=["txt-utf16", "periods-as-rows", "note-col", "title-region"], must={"context_used"})
    s = d.sheet("南澳办事处2024年各月信访量")
    s.row(["南澳办事处2024年1-9月各月信访情况"])
    inds = ["来访批次", "来访人次", "网上信访件数"]
    s.row(["月份", *inds, "备注"])
    a = [6, 4, 8, 7, 9, 6, 10, 8, 7]
    b = [11, 7, 15, 14, 17, 12, 24, 15, 13]
    c = [12, 9, 14, 15, 13, 11, 16, 14, 12]
    notes = {2: "春节期间", 7: "含集体访1批9人"}
    for m in range(1, 10):
        s.row([f"{m}月", *vals([a[m - 1], b[m - 1], c[m - 1]], inds, NA, month(2024, m)), notes.get(m)])
    s.row(["合计", *vals([sum(a), sum(b), sum(c)], inds, NA, ytd(2024, 9)), None])
    return d


@doc
def stray_text_csv() -> Doc:
    d = Doc("大鹏办事处出租屋巡查_2024年7月.csv", "csv:utf-8-sig", ["cell_text", "regions", "rows"],
            "FAULT: 见附表 typed in a figure cell (text_in_number); its column total left as /; communities added "
            "under 大鹏办事处; 合计 is the subdistrict", tags=["csv-utf8-bom", "communities", "fault", "total-row"],
            must={"context_used"})
    names = ["大鹏社区", "王母社区", "鹏城社区", "布新社区", "岭澳社区"]
    d.add_regions(DPB, "community", names)
    s = d.sheet("大鹏办事处出租屋巡查_2024年7月")
    s.row(["大鹏办事处2024年7月出租屋及“三小”场所巡查情况"])
    inds = ["出租屋巡查（栋次）", "发现隐患（处）", "整改（处）", "三小场所检查（家次）"]
    s.row(["社区", *inds])
    rows = [(412, 23, 21, 86), (386, 19, 19, 74), (295, 14, 12, Stray("见附表")), (243, 11, 11, 41), (188, 9, 8, 33)]
    for name, v in zip(names, rows, strict=True):
        s.row([name, *vals(list(v), inds, name, month(2024, 7))])
    t = sums([r[:3] for r in rows])
    s.row(["合计", *vals([*t, Blank("/")], inds, DPB, month(2024, 7))])
    return d


@doc
def no_region_csv() -> Doc:
    d = Doc("政法委2024年第一季度重点工作台账.csv", "csv:utf-8", ["context", "header"],
            "No region anywhere (no 填报单位, no region column, none in the title or file name beyond 政法委): the "
            "figures go to the default district with a no_region warning; 单位 is a unit column",
            tags=["csv-utf8", "no-region", "unit-col", "title-period"], must={"no_region", "context_used"})
    s = d.sheet("政法委2024年第一季度重点工作台账")
    s.row(["2024年第一季度政法重点工作台账"])
    s.row(["工作事项", "完成数量", "单位"])
    for ind, v, unit in [("召开平安建设专题会议", 4, "次"), ("开展扫黑除恶宣传", 12, "场"),
                         ("排查涉黑涉恶线索", 7, "条"), ("督办重点信访案件", 9, "件")]:
        s.row([ind, fig(v, ind, DP, "2024Q1"), unit])
    return d


@doc
def stacked_csv() -> Doc:
    d = Doc("大鹏新区2024年3月禁毒数据.csv", "csv:utf-8-sig", ["rows", "container", "cell_text"],
            "Two tables in one CSV, each with a caption (一、 二、) and its own header: the first by street, the "
            "second by indicator with 本月 | 1-3月累计 (region from the title); quoted 3,600",
            tags=["csv-utf8-bom", "stacked-tables", "thousands", "title-period"], must={"context_used"})
    s = d.sheet("大鹏新区2024年3月禁毒数据")
    s.row(["大鹏新区2024年3月禁毒工作数据"])
    s.row(["一、吸毒人员管控"])
    inds = ["在册吸毒人员", "社区戒毒", "社区康复"]
    s.row(["街道", *inds])
    rows = [(108, 17, 12), (79, 11, 9), (64, 8, 7)]
    for (name, code), v in zip(STREETS, rows, strict=True):
        s.row([name, *vals(list(v), inds, code, month(2024, 3))])
    s.row(["合计", *vals(sums(rows), inds, DP, month(2024, 3))])
    s.blank()
    s.row(["二、禁毒宣传"])
    s.row(["项目", "本月", "1-3月累计"])
    for label, ind, a, b in [("禁毒宣传活动（场）", "禁毒宣传活动", 11, 29),
                             ("发放宣传资料（份）", "发放宣传资料", ("3,600", 3600), ("9,850", 9850)),
                             ("参与群众（人次）", "参与群众", ("1,240", 1240), ("3,415", 3415))]:
        s.row([label, *vals([a], [ind], DP, month(2024, 3)), *vals([b], [ind], DP, ytd(2024, 3))])
    return d


@doc
def gbk_parts_columns() -> Doc:
    d = Doc("2024年各街道社区矫正对象情况.csv", "csv:gbk", ["rows", "header", "container"],
            "其中 parts as columns (在册 | 其中：缓刑 | 假释 | 暂予监外执行 | 管制); 单位 column of 街道 names; "
            "month in brackets in the title",
            tags=["csv-gbk", "qizhong-columns", "unit-header-is-region", "title-period"],
            must={"context_used"})
    s = d.sheet("2024年各街道社区矫正对象情况")
    s.row(["大鹏新区社区矫正对象情况统计（2024年6月）"])
    s.row(["单位", "在册社区矫正对象", "其中：缓刑", "假释", "暂予监外执行", "管制"])
    inds = ["在册社区矫正对象", "缓刑", "假释", "暂予监外执行", "管制"]
    rows = [(34, 4, 2, 1), (22, 3, 1, 0), (15, 2, 1, 0)]
    full = [[sum(r), *r] for r in rows]
    for (name, code), v in zip(STREETS, full, strict=True):
        s.row([name, *vals(v, inds, code, month(2024, 6))])
    s.row(["合计", *vals(sums(full), inds, DP, month(2024, 6))])
    return d
