"""Hold-out corpus, part F: text and web containers (GB18030, GBK tab text, UTF-16 CSV and text, Big5, HTML
in GBK, XML Spreadsheet with one sheet a month, a POI long export with periods written every way).

Conventions: see docs_d.py's docstring and README.md ("Hold-out conventions").
"""

from __future__ import annotations

from .docs_a import report_row, sums, vals
from .docs_d import STREETS, hold, rate
from .model import DP, DPB, KY, NA, Doc, fig, month, ytd
from .writers import Blank


@hold
def mental_gb18030() -> Doc:
    d = Doc("大鹏新区2024年9月精神障碍患者服务管理情况.csv", "csv:gb18030", ["container", "context", "rows"],
            "GB18030 CSV with characters outside GBK (the 填表人's name 黄䶮, • bullets in the notes) so a GBK "
            "decoder fails; catalogue aliases 在册患者 and 肇事肇祸; a 面访率 total given; • notes under the table",
            tags=["csv-gb18030", "title-period", "total-row", "footnote"], must={"context_used", "batch_note"})
    s = d.sheet("大鹏新区2024年9月精神障碍患者服务管理情况")
    s.row(["大鹏新区2024年9月严重精神障碍患者服务管理情况"])
    inds = ["在册患者", "规范管理", "规范管理率", "面访率", "肇事肇祸"]
    s.row(["街道", "在册患者（人）", "规范管理（人）", "规范管理率（%）", "面访率（%）", "肇事肇祸（起）"])
    rows = {KY: (271, 262, 98.2), DPB: (199, 191, 97.5), NA: (145, 141, 98.6)}
    per = month(2024, 9)
    for name, code in STREETS:
        a, b, visit = rows[code]
        s.row([name, *vals([a, b, rate(b, a), visit, 0], inds, code, per)])
    a, b = sum(v[0] for v in rows.values()), sum(v[1] for v in rows.values())
    s.row(["合计", *vals([a, b, rate(b, a), 98.1, 0], inds, DP, per)])
    s.row(["• 规范管理率=规范管理患者数/在册患者数×100%"])
    s.row(["• 数据来源：严重精神障碍信息系统"])
    s.row(["填表人：黄䶮", None, None, "审核：陈建华"])
    return d


@hold
def traffic_months_tsv_gbk() -> Doc:
    d = Doc("大鹏新区2024年1-8月道路交通事故分月情况.txt", "tsv:gbk", ["container", "rows", "context"],
            "Tab-separated text in GBK (not UTF-16): months as rows (1月 … 8月, year from the title) and a 1-8月合计 "
            "row (2024YTD08); money with one decimal",
            tags=["txt-gbk-tab", "periods-as-rows", "title-period", "total-row"], must={"context_used"})
    s = d.sheet("大鹏新区2024年1-8月道路交通事故分月情况")
    s.row(["大鹏新区2024年1-8月道路交通事故（一般程序）分月情况"])
    inds = ["事故起数", "死亡", "受伤", "直接财产损失"]
    s.row(["月份", "事故起数（起）", "死亡（人）", "受伤（人）", "直接财产损失（万元）"])
    rows = [(9, 1, 10, 5.2), (6, 0, 7, 3.1), (8, 2, 9, 4.8), (7, 1, 8, 4.4), (9, 0, 11, 6.0), (8, 1, 9, 5.5),
            (7, 1, 10, 4.9), (9, 2, 12, 7.3)]
    for m, v in enumerate(rows, start=1):
        s.row([f"{m}月", *vals(list(v), inds, DP, month(2024, m))])
    t = [sum(v[k] for v in rows) for k in range(4)]
    t[3] = round(t[3], 1)
    s.row(["1-8月合计", *vals(t, inds, DP, ytd(2024, 8))])
    return d


@hold
def hotline_utf16_csv() -> Doc:
    d = Doc("12345热线工单统计_2024Q3.csv", "csv:utf-16", ["container", "cell_text", "header"],
            "A system export as comma-separated UTF-16 (BOM) without a title: period column written 2024/07, region "
            "column 所属街道, one row per street and month; nothing taken from context (2024Q3 in the file name is "
            "not each row's period)", tags=["csv-utf16", "long-format", "slash-date"])
    s = d.sheet("12345热线工单统计_2024Q3")
    inds = ["工单总量", "按时办结", "满意率"]
    s.row(["统计周期", "所属街道", "工单总量", "按时办结", "满意率(%)"])
    data = {7: {KY: (1290, 1255, 92.9), DPB: (1002, 975, 92.4), NA: (720, 701, 92.2)},
            8: {KY: (1325, 1297, 94.1), DPB: (1041, 1018, 93.8), NA: (738, 722, 94.2)},
            9: {KY: (1180, 1155, 93.4), DPB: (921, 902, 92.9), NA: (665, 652, 93.1)}}
    for m, by in data.items():
        for name, code in STREETS:
            s.row([f"2024/{m:02d}", name, *vals(list(by[code]), inds, code, month(2024, m))])
    return d


@hold
def drugs_utf16_regions_across() -> Doc:
    d = Doc("大鹏新区2024年第三季度禁毒工作情况.txt", "txt16", ["container", "regions", "context"],
            "Excel Unicode text (UTF-16, tabs) with regions as columns 葵涌街道 | 大鹏街道 | 南澳街道 | 合计 and "
            "indicators as rows; quarter from the title; 单位 line", tags=["txt-utf16", "regions-as-columns",
                                                                         "total-col", "title-period", "unit-line"],
            must={"context_used"})
    s = d.sheet("大鹏新区2024年第三季度禁毒工作情况")
    s.row(["大鹏新区2024年第三季度禁毒工作情况"])
    s.row([None, None, None, None, "单位：人、人次、场次"])
    s.row(["指标", "葵涌街道", "大鹏街道", "南澳街道", "合计"])
    for ind, v in [("在册吸毒人员", (106, 80, 63)), ("社区戒毒", (16, 11, 8)), ("社区康复", (12, 9, 7)),
                   ("查获吸毒人员", (11, 7, 5)), ("禁毒宣传活动", (9, 7, 5))]:
        s.row([ind, *[fig(x, ind, code, "2024Q3") for x, code in zip(v, (KY, DPB, NA), strict=True)],
               fig(sum(v), ind, DP, "2024Q3")])
    return d


@hold
def legal_aid_big5() -> Doc:
    d = Doc("大鵬新區2024年度法律援助工作統計.csv", "csv:big5", ["container", "two_level", "context"],
            "Big5 CSV in traditional characters: 本年 | 上年 | 比上年增減(%) with the year only in the title "
            "(2024年度: 本年 = 2024, 上年 = 2023); 其中 parts (刑事 民事 行政) that add up to the total",
            tags=["csv-big5", "traditional", "this-year-last-year", "qizhong", "year-du"], must={"context_used"})
    s = d.sheet("大鵬新區2024年度法律援助工作統計")
    s.row(["大鵬新區司法局2024年度法律援助工作統計"])
    s.row(["項目", "本年", "上年", "比上年增減(%)"])
    for label, ind, a, b in [("法律援助案件（件）", "法律援助案件", 212, 189), ("其中：刑事案件", "刑事案件", 58, 51),
                             ("　　　民事案件", "民事案件", 149, 134), ("　　　行政案件", "行政案件", 5, 4),
                             ("法律諮詢（人次）", "法律諮詢", 2480, 2316), ("受援人數（人）", "受援人數", 236, 207)]:
        s.row([label, fig(a, ind, DP, "2024"), fig(b, ind, DP, "2023"),
               fig(round((a - b) / b * 100, 1), ind, DP, "2024", "yoy_pct")])
    return d


@hold
def events_html_gbk() -> Doc:
    d = Doc("大鹏新区2024年1-9月综治中心事件处置统计.xls", "html:gbk:plain", ["container", "two_level", "context"],
            "A plain HTML table in GBK saved as .xls: rowspan/colspan header 受理事件 | 办结事件 | 办结率（%） over "
            "9月 | 1-9月 (year from the title); a 制表时间 line whose date is not the period; 合计 row",
            tags=["xls-html", "gbk", "group-header", "title-period", "total-row"], must={"context_used"},
            may={"encoding_used"})
    s = d.sheet("综治中心事件处置统计")
    s.row(["大鹏新区2024年1-9月综治中心事件处置统计"], span=7)
    s.row(["制表时间：2024年10月8日 09:12"], span=7)
    r = s.row(["街道", "受理事件", None, "办结事件", None, "办结率（%）", None])
    s.row([None, "9月", "1-9月", "9月", "1-9月", "9月", "1-9月"])
    s.merge(r, 0, r + 1, 0)
    for c in (1, 3, 5):
        s.merge(r, c, r, c + 1)
    data = {KY: (612, 5320, 598, 5204), DPB: (455, 3987, 447, 3901), NA: (341, 2974, 336, 2911)}
    data[DP] = tuple(sums([list(v) for v in data.values()]))
    m, y = month(2024, 9), ytd(2024, 9)
    for name, code in [*STREETS, ("合计", DP)]:
        a, b, c, e = data[code]
        s.row([name, fig(a, "受理事件", code, m), fig(b, "受理事件", code, y), fig(c, "办结事件", code, m),
               fig(e, "办结事件", code, y), fig(rate(c, a), "办结率", code, m), fig(rate(e, b), "办结率", code, y)])
    return d


@hold
def notary_xml_month_sheets() -> Doc:
    d = Doc("2024年第三季度公证业务月报.xls", "xml2003", ["container", "context", "two_level"],
            "XML Spreadsheet 2003 with one sheet a month named 2024.07 / 2024.08 / 2024.09 (the period only in the "
            "sheet name); 本月 | 本年累计 (2024YTD07 …); 填报单位 大鹏新区公证处 → the district; 其中 parts",
            tags=["xls-xml2003", "sheet-period", "multi-sheet", "dotted-date", "qizhong", "filler-region"],
            must={"context_used"})
    data = {7: [(141, 953), (118, 806), (19, 116), (12.6, 84.7)], 8: [(156, 1109), (131, 937), (21, 137), (13.9, 98.6)],
            9: [(133, 1242), (112, 1049), (17, 154), (11.8, 110.4)]}
    labels = [("办理公证（件）", "办理公证"), ("其中：国内民事公证（件）", "国内民事公证"),
              ("　　　涉外公证（件）", "涉外公证"), ("公证收费（万元）", "公证收费")]
    for m, rows in data.items():
        s = d.sheet(f"2024.{m:02d}")
        s.row(["公证业务统计表"], span=3)
        s.row(["填报单位：大鹏新区公证处"], span=3)
        s.row(["项目", "本月", "本年累计"])
        for (label, ind), (a, b) in zip(labels, rows, strict=True):
            s.row([label, fig(a, ind, DP, month(2024, m)), fig(b, ind, DP, ytd(2024, m))])
    return d


@hold
def long_export_period_forms() -> Doc:
    d = Doc("平安建设指标数据_导出.xlsx", "poi", ["cell_text", "context", "regions", "container"],
            "Long format (指标 | 区域 | 期间 | 数值 | 单位) whose 期间 is typed every way: 2024年前三季度, "
            "2024年1—9月份, 2024.9, 2024/09, 2024-09, 2024年度, 2024年7—9月, 二〇二四年九月, 2024年上半年; regions "
            "全区 葵涌 葵涌街道 大鹏街道 南澳 南澳办事处 大鹏新区; a — value",
            tags=["xlsx-poi-inline", "long-format", "period-forms", "blank-marker", "cn-numeral-date"])
    s = d.sheet("数据")
    s.row(["指标", "区域", "期间", "数值", "单位"])
    rows = [("刑事案件立案", "全区", "2024年前三季度", ytd(2024, 9), 537, "起"),
            ("刑事案件立案", "葵涌", "2024年1—9月份", ytd(2024, 9), 231, "起"),
            ("电诈发案", "葵涌街道", "2024.9", month(2024, 9), 14, "宗"),
            ("电诈发案", "大鹏街道", "2024/09", month(2024, 9), 9, "宗"),
            ("电诈发案", "南澳", "2024-09", month(2024, 9), 6, "宗"),
            ("消防监督检查", "大鹏新区", "2024年度", "2024", 5966, "家次"),
            ("流动人口登记", "南澳办事处", "2024年7—9月", "2024Q3", 9942, "人"),
            ("禁毒宣传活动", "大鹏新区", "二〇二四年九月", month(2024, 9), 7, "场次"),
            ("群众安全感", "全区", "2024年上半年", "2024H1", 98.6, "%"),
            ("12345热线受理诉求", "大鹏新区", "2024年1-9月", ytd(2024, 9), 23597, "件"),
            ("社区社会组织", "全区", "2024年9月", month(2024, 9), Blank("—"), "家")]
    for ind, region, text, per, v, unit in rows:
        s.row([ind, region, text, vals([v], [ind], region, per)[0], unit])
    return d


@hold
def unknown_communities_gbk_fault() -> Doc:
    d = Doc("葵涌办事处各社区2024年8月矛盾纠纷.csv", "csv:gbk", ["regions", "container", "rows"],
            "GBK CSV; rows are communities NOT in the catalogue and not added (unknown regions, never the default "
            "region); 合计 is 葵涌办事处; FAULT: 合计 of 化解 says 61, the communities add up to 58 (its 化解率 is "
            "computed from the written 61)", tags=["csv-gbk", "communities", "unknown-region", "fault", "total-row"],
            must={"context_used", "unknown_region", "total_mismatch"})
    s = d.sheet("葵涌办事处各社区2024年8月矛盾纠纷")
    s.row(["葵涌办事处各社区2024年8月矛盾纠纷排查化解情况"])
    inds = ["排查", "化解", "化解率"]
    s.row(["社区", "排查（件）", "化解（件）", "化解率（%）"])
    names = ["葵涌社区", "三溪社区", "溪涌社区", "土洋社区", "官湖社区", "高源社区", "坝光社区", "葵丰社区"]
    found, done = [12, 8, 5, 9, 7, 4, 3, 13], [12, 8, 5, 8, 7, 4, 3, 11]
    per = month(2024, 8)
    for name, a, b in zip(names, found, done, strict=True):
        s.row([name, *vals([a, b, rate(b, a)], inds, name, per)])
    a, b = sum(found), sum(done) + 3
    s.row(["合计", *vals([a, b, rate(b, a)], inds, KY, per)])
    return d


@hold
def hazards_gb18030_fault() -> Doc:
    d = Doc("南澳办事处2024年第三季度各社区安全隐患排查.csv", "csvnopad:gb18030", ["rows", "regions", "container"],
            "GB18030 text as a system writes it (LF, rows not padded); the indicator is a group header over the "
            "months (安全隐患排查（处） over 7月 8月 9月 季度合计 = 2024Q3); communities added under 南澳办事处; "
            "FAULT: the 合计 row's 8月 says 71, the communities add up to 67",
            tags=["csv-gb18030", "group-header", "months-as-columns", "communities", "total-col", "fault"],
            must={"context_used", "total_mismatch"})
    names = ["南澳社区", "水头社区", "东山社区", "新大社区", "西涌社区", "东涌社区"]
    d.add_regions(NA, "community", names)
    s = d.sheet("南澳办事处2024年第三季度各社区安全隐患排查")
    s.row(["南澳办事处2024年第三季度各社区安全隐患排查情况"])
    s.row(["社区", "安全隐患排查（处）"])
    s.row([None, "7月", "8月", "9月", "季度合计"])
    rows = [(21, 24, 19), (9, 8, 10), (11, 12, 9), (6, 5, 7), (13, 15, 12), (4, 3, 5)]
    ind = "安全隐患排查"
    for name, v in zip(names, rows, strict=True):
        s.row([name, *[fig(x, ind, name, month(2024, m)) for x, m in zip(v, (7, 8, 9), strict=True)],
               fig(sum(v), ind, name, "2024Q3")])
    t = sums([list(v) for v in rows])
    t[1] += 4
    s.row(["合计", *[fig(x, ind, NA, month(2024, m)) for x, m in zip(t, (7, 8, 9), strict=True)],
           fig(sum(t), ind, NA, "2024Q3")])
    s.row(["填表人：林䶮　　联系电话：0755-84405567"])
    return d


@hold
def monthly_report_csv_gbk() -> Doc:
    d = Doc("大鹏新区2024年10月主要治安指标月报.csv", "csv:gbk", ["container", "two_level", "cell_text"],
            "The monthly report as a GBK CSV (merged header cells come out empty): 当月 | 当月数 同期数 同比(%) ‖ "
            "本年累计 | 累计数 同期数 同比(%); a negative change written with a full-width minus (－12.1) that is a "
            "number, not the not-reported dash; 其中 part; 序号 column",
            tags=["csv-gbk", "monthly-report", "fullwidth-minus", "qizhong", "serial-col", "title-period"],
            must={"context_used"})
    s = d.sheet("大鹏新区2024年10月主要治安指标月报")
    s.row(["大鹏新区2024年10月主要治安指标月报"])
    s.row(["序号", "类别", "当月", None, None, "本年累计", None, None])
    s.row([None, None, "当月数", "同期数", "同比(%)", "累计数", "同期数", "同比(%)"])
    data = [("1", "110刑事治安警情", "110刑事治安警情", (231, 263, 2394, 2675)),
            ("2", "刑事警情", "刑事警情", (58, 66, 620, 743)),
            (None, "其中：电信网络诈骗", "电信网络诈骗", (17, 26, 204, 272)),
            ("3", "治安警情", "治安警情", (173, 197, 1774, 1932)),
            ("4", "两盗案件", "两盗案件", (10, 12, 128, 164))]
    for no, label, ind, v in data:
        row = report_row(ind, DP, 2024, 10, *v)
        if ind == "刑事警情":
            f = row[2].figs[0]["value"]
            row[2].shown = f"－{abs(f)}"
        s.row([no, label, *row])
    return d
