"""Second hold-out corpus, part G: departments and table shapes none of the 98 earlier files use.

Every file here is tagged `holdout2` (score it alone with `score.py --tag holdout2`). Written blind (without
reading the reader's code) after the reader passed all 98 earlier files. Conventions decided for this set beyond
the earlier ones (README.md, "Second hold-out conventions"):
- 街道办 = 街道办事处; 「XX社区工作站」 and 「XX社区居委会」 are the community XX社区; 「XX村」 is not a catalogue
  region (reported as unknown, never the default region);
- a category matrix's 合计 row is the title's subject (受理审查起诉案件), its 合计 column the parent region;
- numbered hierarchies 一、（一）1.: a row WITH figures heads the numbered rows below it as their total (parts keep
  their own labels); a heading row WITHOUT figures (一、刑事检察 across the table) is a group: " / " joined;
- 增/减 in one column and the size in the next: one figure, the signed size, in the size's cell;
- 序时进度 (the share of the year elapsed) is the calendar's, not a figure of the indicator: no figure;
- 截至目前 / 今年以来 take the date given elsewhere (a line above or below the table, a file name): a stock is the
  month of that date, a flow (今年以来, 截至目前完成) January to that month;
- 2024年度上半年 = 2024H1; 11月份 = 2024-11; 一季度 … 四季度 columns of a year = 2023Q1 …, 全年 = the year;
- Excel errors (#DIV/0! #N/A #VALUE!) in a figure cell are text_in_number, never a number;
- (12) / （12） in a figure cell is −12 (accounting negative); 1，234 (full-width comma) is 1234;
- footnote marks * and ※ on a label are not part of the indicator; rows starting with * or ※ are notes;
- a workbook's 封面 (cover) sheet is context for the data sheets (title, period, 填报单位), not data.
"""

from __future__ import annotations

from .docs_a import doc, sums, vals
from .docs_d import STREETS, rate
from .model import DP, DPB, KY, NA, Doc, change, fig, month, pct, ytd
from .writers import Blank, Formula, Pct, Stray

BAN = [("葵涌街道办", KY), ("大鹏街道办", DPB), ("南澳街道办", NA)]
KY_COMMS = ["葵涌社区", "三溪社区", "溪涌社区", "土洋社区", "官湖社区", "高源社区", "坝光社区", "葵丰社区"]
DPB_COMMS = ["大鹏社区", "王母社区", "鹏城社区", "布新社区", "岭澳社区"]
NA_COMMS = ["南澳社区", "水头社区", "东山社区", "新大社区", "西涌社区", "东涌社区"]


def hold2(fn):
    """Register a second hold-out file description: tagged `holdout2` so it can be scored apart."""
    def build() -> Doc:
        d = fn()
        d.tags.insert(0, "holdout2")
        return d

    build.__name__ = build.__qualname__ = fn.__name__
    return doc(build)


def yoy_row(ind: str, reg: str, cur: str, prev: str, a: float, b: float, nd: int = 1) -> list:
    """本期 | 去年同期 | 增减数 | 同比(%) cells of one indicator."""
    diff = round(a - b, nd) if isinstance(a, float) or isinstance(b, float) else a - b
    return [fig(a, ind, reg, cur), fig(b, ind, reg, prev), fig(diff, ind, reg, cur, "change_abs"),
            change(a, b, ind, reg, cur)]


# ---------------------------------------------------------------- 检察院: category × region matrix, both totals

@hold2
def procuratorate_matrix_fault() -> Doc:
    d = Doc("大鹏新区人民检察院2024年1—9月受理审查起诉案件分类统计表.xlsx", "openpyxl", ["rows", "regions", "context"],
            "A matrix 罪名 × 地区 with a 合计 column (the district) and a 合计 row (the title's subject "
            "受理审查起诉案件); a split corner cell 「地区／罪名」 written with a line break; regions 葵涌街道办 … "
            "(街道办 = 街道办事处); FAULT: the 合计 column of 诈骗罪 says 21 (the streets add up to 19) and the 合计 "
            "row of 大鹏街道办 says 55 (the crimes add up to 53)",
            tags=["xlsx-openpyxl", "matrix", "total-row", "total-col", "split-corner", "jiedaoban", "fault",
                  "title-period"], must={"context_used", "total_mismatch"})
    s = d.sheet("审查起诉")
    s.row(["大鹏新区人民检察院2024年1—9月受理审查起诉案件分类统计表"], span=5)
    s.row([None, None, None, None, "单位：件"])
    s.row(["　　　　　地区\n罪名", *[n for n, _ in BAN], "合计"])
    per = ytd(2024, 9)
    crimes = [("危险驾驶罪", (24, 17, 13)), ("盗窃罪", (15, 10, 7)), ("诈骗罪", (9, 6, 4)),
              ("帮助信息网络犯罪活动罪", (12, 8, 5)), ("故意伤害罪", (5, 3, 2)), ("开设赌场罪", (3, 2, 1)),
              ("其他", (11, 7, 6))]
    for ind, v in crimes:
        err = 2 if ind == "诈骗罪" else 0
        s.row([ind, *[fig(x, ind, code, per) for x, (_, code) in zip(v, BAN, strict=True)],
               fig(sum(v) + err, ind, DP, per)])
    subject = "受理审查起诉案件"
    cols = sums([list(v) for _, v in crimes])
    shown = [c + (2 if code == DPB else 0) for c, (_, code) in zip(cols, BAN, strict=True)]
    s.row(["合计", *[fig(x, subject, code, per) for x, (_, code) in zip(shown, BAN, strict=True)],
           fig(sum(cols), subject, DP, per)])
    s.row(["填报人：郑颖", None, "审核人：何立新"])
    return d


# ---------------------------------------------------------------- 应急管理: three-level numbered rows (.xls)

@hold2
def accidents_three_levels_fault_xls() -> Doc:
    d = Doc("大鹏新区2024年1—11月生产安全事故统计表.xls", "xls", ["rows", "two_level", "container", "cell_text"],
            "Rows in three numbered levels 一、 （一） 1. with no indentation: each numbered row with figures is the "
            "total of the numbered rows below it; 1—11月 | 去年同期 | 增减数 (change_abs) | 同比(%); 一、 label is the "
            "catalogue alias 生产安全事故起数; a 0-vs-0 row whose 同比 is —; BIFF8 .xls; FAULT: under 二、事故死亡人数 "
            "(5) the parts （一）（二）（三） add up to 6",
            tags=["xls-biff8", "three-level-rows", "numbered-rows", "change-abs", "blank-marker", "fault",
                  "title-period"], must={"context_used", "parts_above_total_ind"})
    s = d.sheet("事故统计")
    s.row(["大鹏新区2024年1—11月生产安全事故统计表"], span=5)
    s.row([None, None, None, None, "单位：起、人、万元"])
    s.row(["项目", "1—11月", "去年同期", "增减数", "同比(%)"])
    rows = [("一、生产安全事故起数（起）", "生产安全事故起数", 14, 17),
            ("（一）工矿商贸事故", "工矿商贸事故", 9, 10),
            ("1.建筑施工事故", "建筑施工事故", 4, 3),
            ("2.工贸企业事故", "工贸企业事故", 3, 5),
            ("3.其他工矿商贸事故", "其他工矿商贸事故", 2, 2),
            ("（二）道路运输事故", "道路运输事故", 3, 5),
            ("（三）生产经营性火灾事故", "生产经营性火灾事故", 2, 2),
            ("二、事故死亡人数（人）", "事故死亡人数", 5, 7),
            ("（一）工矿商贸事故死亡人数", "工矿商贸事故死亡人数", 3, 4),
            ("1.建筑施工事故死亡人数", "建筑施工事故死亡人数", 2, 2),
            ("2.工贸企业事故死亡人数", "工贸企业事故死亡人数", 1, 2),
            ("（二）道路运输事故死亡人数", "道路运输事故死亡人数", 3, 3),
            ("（三）生产经营性火灾事故死亡人数", "生产经营性火灾事故死亡人数", 0, 0),
            ("三、直接经济损失（万元）", "直接经济损失", 286.4, 341.2)]
    for label, ind, a, b in rows:
        s.row([label, *yoy_row(ind, DP, ytd(2024, 11), ytd(2023, 11), a, b)])
    return d


# ---------------------------------------------------------------- 人社: a form with its header on the left

@hold2
def labour_arbitration_form() -> Doc:
    d = Doc("劳动人事争议调解仲裁工作情况表（2024年度上半年）.xlsx", "wps",
            ["context", "header", "cell_text", "container"],
            "A form, header on the left: 填报单位 | 大鹏新区… and 统计时段 | 2024年度上半年 as label and value in two "
            "cells (not 「填报单位：…」 in one); then 指标名称 | 数值 | 计量单位 with one value column; 其中 parts; "
            "1，286.5 with a full-width comma; 填表人 / 联系电话 pairs under the table; WPS, numbers typed as text",
            tags=["xlsx-wps", "form-layout", "meta-in-cells", "year-du-half", "qizhong", "fullwidth-comma",
                  "numbers-as-text", "unit-col"], must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["劳动人事争议调解仲裁工作情况表"], span=3)
    r = s.row(["填报单位", "大鹏新区劳动人事争议仲裁委员会办公室"])
    s.merge(r, 1, r, 2)
    r = s.row(["统计时段", "2024年度上半年"])
    s.merge(r, 1, r, 2)
    s.row(["指标名称", "数值", "计量单位"])
    per = "2024H1"
    rows = [("受理劳动人事争议案件", "受理劳动人事争议案件", ("186", 186), "件"),
            ("其中：集体劳动争议", "集体劳动争议", ("3", 3), "件"),
            ("涉及劳动者", "涉及劳动者", 412, "人"), ("审结案件", "审结案件", ("171", 171), "件"),
            ("其中：调解结案", "调解结案", 118, "件"),
            ("劳动争议调解成功率", "劳动争议调解成功率", ("69.0", 69.0), "%"),
            ("仲裁结案率", "仲裁结案率", 91.9, "%"), ("涉案金额", "涉案金额", ("1，286.5", 1286.5), "万元"),
            ("为劳动者追回欠薪", "为劳动者追回欠薪", 632.4, "万元")]
    for label, ind, v, unit in rows:
        s.row([label, *vals([v], [ind], DP, per), unit])
    s.blank()
    s.row(["填表人", "李婷"])
    s.row(["联系电话", "0755-84212345"])
    return d


# ---------------------------------------------------------------- 市场监管: units in a column AND in the labels

@hold2
def market_units_twice() -> Doc:
    d = Doc("大鹏新区2024年1—11月市场监管执法主要数据.xlsx", "xlsxwriter", ["header", "two_level", "context"],
            "Units twice: in the label brackets (检查市场主体（户次）) and again in a 单位 column; 1—11月 | 去年同期 "
            "| 增减数 | 增减幅度（%）; 填报单位 深圳市市场监督管理局大鹏监管局 (a bureau of the district, not "
            "大鹏办事处); "
            "two thousands-separated counts typed as text; money with two decimals",
            tags=["xlsx-xlsxwriter", "unit-col", "unit-in-label", "change-abs", "thousands", "serial-col",
                  "title-period"], must={"context_used"})
    s = d.sheet("执法数据")
    s.row(["大鹏新区2024年1—11月市场监管执法主要数据"], span=7)
    s.row(["填报单位：深圳市市场监督管理局大鹏监管局"], span=4)
    s.row(["序号", "指标名称", "单位", "1—11月", "去年同期", "增减数", "增减幅度（%）"])
    cur, prev = ytd(2024, 11), ytd(2023, 11)
    rows = [("检查市场主体（户次）", "检查市场主体", "户次", 8426, 7912),
            ("立案查处（宗）", "立案查处", "宗", 312, 287),
            ("罚没款（万元）", "罚没款", "万元", 486.37, 512.9),
            ("受理投诉举报（件）", "受理投诉举报", "件", ("3,104", 3104), ("2,876", 2876)),
            ("为消费者挽回经济损失（万元）", "为消费者挽回经济损失", "万元", 132.6, 118.4),
            ("食品安全抽检（批次）", "食品安全抽检", "批次", 1860, 1712),
            ("特种设备检查（台次）", "特种设备检查", "台次", 642, 598)]
    for k, (label, ind, unit, a, b) in enumerate(rows, start=1):
        av, bv = (a[1] if isinstance(a, tuple) else a), (b[1] if isinstance(b, tuple) else b)
        nd = 2 if ind == "罚没款" else 1
        cells = yoy_row(ind, DP, cur, prev, av, bv, nd)
        if isinstance(a, tuple):
            cells[0], cells[1] = fig(a[0], ind, DP, cur, value=av), fig(b[0], ind, DP, prev, value=bv)
        s.row([k, label, unit, *cells])
    return d


# ---------------------------------------------------------------- 消防救援: columns repeating per quarter

@hold2
def fire_rescue_quarters() -> Doc:
    d = Doc("大鹏新区2023年各街道消防救援接警出动情况（分季度）.xlsx", "openpyxl", ["two_level", "header", "rows"],
            "Each indicator a group over 一季度 二季度 三季度 四季度 全年 (2023Q1 … 2023Q4, 全年 = 2023); a group "
            "header 「其中：火灾扑救（起）」 (a part of 接警出动); streets as rows with a 合计 row (the district)",
            tags=["xlsx-openpyxl", "quarters-as-columns", "group-header", "qizhong-columns", "total-row",
                  "title-period"], must={"context_used"})
    s = d.sheet("分季度")
    s.row(["大鹏新区2023年各街道消防救援接警出动情况（分季度）"], span=16)
    groups = [("接警出动（起）", "接警出动"), ("其中：火灾扑救（起）", "火灾扑救"), ("抢险救援（起）", "抢险救援")]
    r = s.row(["街道", *[x for label, _ in groups for x in (label, None, None, None, None)]])
    s.row([None, *["一季度", "二季度", "三季度", "四季度", "全年"] * 3])
    s.merge(r, 0, r + 1, 0)
    for k in range(3):
        s.merge(r, 1 + 5 * k, r, 5 + 5 * k)
    data = {KY: [(98, 112, 131, 104), (14, 11, 9, 16), (37, 46, 61, 41)],
            DPB: [(71, 86, 102, 77), (9, 7, 6, 10), (26, 35, 48, 30)],
            NA: [(64, 79, 97, 69), (8, 6, 5, 9), (24, 33, 45, 26)]}
    data[DP] = [tuple(map(sum, zip(*[data[c][k] for c in (KY, DPB, NA)], strict=True))) for k in range(3)]
    for name, code in [*STREETS, ("合计", DP)]:
        cells = []
        for (_, ind), qs in zip(groups, data[code], strict=True):
            cells += [fig(x, ind, code, f"2023Q{q}") for q, x in enumerate(qs, start=1)]
            cells.append(fig(sum(qs), ind, code, "2023"))
        s.row([name, *cells])
    return d


# ---------------------------------------------------------------- 交通运输: 增/减 word and size in two columns

@hold2
def transport_word_sign_fault() -> Doc:
    d = Doc("大鹏新区2024年11月份交通运输综合执法情况.xlsx", "openpyxl", ["cell_text", "two_level", "context"],
            "11月份 = 2024-11; 本月 | 去年同期 | 增/减 | 幅度（%）: the direction is a word (增 / 减 / 持平) in one "
            "column and the size in the next (one figure: the signed size, yoy_pct, in the size's cell); FAULT: "
            "查扣车辆 9 vs 12 is written 增 25.0 (it fell 25.0 %)",
            tags=["xlsx-openpyxl", "sign-word-col", "fault", "title-period", "unit-in-label"],
            must={"context_used", "change_mismatch"})
    s = d.sheet("11月")
    s.row(["大鹏新区2024年11月份交通运输综合执法情况"], span=5)
    s.row(["项目", "本月", "去年同期", "增/减", "幅度（%）"])
    cur, prev = month(2024, 11), month(2023, 11)
    rows = [("查处非法营运（宗）", "查处非法营运", 28, 35, None),
            ("查处巡游出租车违规（宗）", "查处巡游出租车违规", 41, 33, None),
            ("检查道路运输企业（家次）", "检查道路运输企业", 126, 118, None),
            ("查扣车辆（辆）", "查扣车辆", 9, 12, "增"),
            ("旅游包车检查（辆次）", "旅游包车检查", 312, 268, None),
            ("办结投诉举报（件）", "办结投诉举报", 87, 87, None)]
    for label, ind, a, b, wrong in rows:
        v = pct(a, b)
        word = wrong or ("增" if v > 0 else "减" if v < 0 else "持平")
        signed = abs(v) if word == "增" else -abs(v) if word == "减" else 0.0
        s.row([label, fig(a, ind, DP, cur), fig(b, ind, DP, prev), word,
               fig(abs(v), ind, DP, cur, "yoy_pct", signed)])
    return d


# ---------------------------------------------------------------- 应急管理: 本年度目标 and 序时进度

@hold2
def emergency_targets_elapsed() -> Doc:
    d = Doc("大鹏新区2024年应急管理重点工作推进情况.xlsx", "xlsxwriter", ["two_level", "context", "rows"],
            "本年度目标 (target 2024) | 截至目前完成 (the date is in a 数据截至 line: 2024YTD09) | 完成率（%） "
            "(attainment_pct) | 序时进度（%） 75 merged down over every row (the calendar's share, no figure) | "
            "进度情况 text (超序时进度 / 滞后序时进度: a note); 序号 column",
            tags=["xlsx-xlsxwriter", "plan-actual", "elapsed-progress", "as-of-line", "odd-merge", "note-col",
                  "serial-col"], must={"context_used"})
    s = d.sheet("推进情况")
    s.row(["大鹏新区2024年应急管理重点工作推进情况"], span=7)
    s.row([None, None, None, None, "数据截至：2024年9月30日"])
    s.merge(1, 4, 1, 6)
    s.row(["序号", "重点工作", "本年度目标", "截至目前完成", "完成率（%）", "序时进度（%）", "进度情况"])
    rows = [("开展安全生产执法检查（家次）", "开展安全生产执法检查", 4800, 3912),
            ("组织应急演练（场次）", "组织应急演练", 120, 84),
            ("排查整治安全隐患（处）", "排查整治安全隐患", 6000, 4853),
            ("应急救援队伍培训（人次）", "应急救援队伍培训", 1500, 1062),
            ("防灾减灾宣传活动（场次）", "防灾减灾宣传活动", 80, 71),
            ("森林防火巡查（人次）", "森林防火巡查", 20000, 15012)]
    first = len(s.rows)
    per = ytd(2024, 9)
    for k, (label, ind, plan, done) in enumerate(rows, start=1):
        att = rate(done, plan)
        s.row([k, label, fig(plan, ind, DP, "2024", "target"), fig(done, ind, DP, per),
               fig(att, ind, DP, per, "attainment_pct"), 75.0 if k == 1 else None,
               "超序时进度" if att >= 75 else "滞后序时进度"])
    s.merge(first, 5, first + len(rows) - 1, 5)
    return d


# ---------------------------------------------------------------- 生态环境 信访: 今年以来, the date under the table

@hold2
def eco_petitions_since_jan() -> Doc:
    d = Doc("2024年生态环境信访投诉受理情况.xlsx", "openpyxl", ["context", "two_level", "header"],
            "今年以来 | 占比（%） | 去年同期 | 同比（%）: the date is only in a line under the table (统计时间截至"
            "2024年10月31日 → 2024YTD10, 去年同期 2023YTD10); 填报单位 深圳市生态环境局大鹏管理局 (the district); 其中 "
            "parts (share_pct of the total); a 注 footnote",
            tags=["xlsx-openpyxl", "since-jan", "as-of-below", "share", "qizhong", "footnote", "filler-region"],
            must={"context_used", "batch_note"})
    s = d.sheet("Sheet1")
    s.row(["2024年生态环境信访投诉受理情况"], span=5)
    s.row(["填报单位：深圳市生态环境局大鹏管理局"], span=5)
    s.row(["投诉类别", "今年以来（件）", "占比（%）", "去年同期（件）", "同比（%）"])
    rows = [("信访投诉总量", "信访投诉总量", 486, 512), ("其中：大气污染", "大气污染", 132, 161),
            ("　　　噪声污染", "噪声污染", 201, 188), ("　　　水污染", "水污染", 64, 71),
            ("　　　固体废物", "固体废物", 38, 42), ("　　　辐射及其他", "辐射及其他", 51, 50)]
    cur, prev = ytd(2024, 10), ytd(2023, 10)
    for label, ind, a, b in rows:
        s.row([label, fig(a, ind, DP, cur), fig(rate(a, 486), ind, DP, cur, "share_pct"), fig(b, ind, DP, prev),
               change(a, b, ind, DP, cur)])
    s.row(["统计时间截至2024年10月31日。"], span=5)
    s.row(["注：同一事项重复投诉按1件统计。"], span=5)
    return d


# ---------------------------------------------------------------- 退役军人: 截至目前 stocks and 今年以来 flows

@hold2
def veterans_stock_and_flow() -> Doc:
    d = Doc("大鹏新区退役军人服务保障工作情况统计.xlsx", "xlsxwriter", ["context", "two_level", "regions"],
            "Title says 截至目前; the date is a 统计日期 cell at the bottom right (2024年6月30日): the stock columns "
            "(在册, 其中：优抚对象) are 2024-06, the 今年以来 columns 2024YTD06 (period words dropped from the "
            "indicator); regions 葵涌街道办 …; 合计 the district",
            tags=["xlsx-xlsxwriter", "as-of-now", "since-jan", "stock-and-flow", "jiedaoban", "qizhong-columns",
                  "total-row"], must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区退役军人服务保障工作情况统计（截至目前）"], span=6)
    s.row(["街道", "在册退役军人（人）", "其中：享受抚恤补助优抚对象（人）", "今年以来走访慰问（人次）",
           "今年以来帮扶援助（人次）", "今年以来推荐就业（人）"])
    inds = [("在册退役军人", month(2024, 6)), ("享受抚恤补助优抚对象", month(2024, 6)),
            ("走访慰问", ytd(2024, 6)), ("帮扶援助", ytd(2024, 6)), ("推荐就业", ytd(2024, 6))]
    rows = {KY: (1486, 142, 612, 38, 46), DPB: (1032, 96, 455, 27, 31), NA: (871, 81, 338, 19, 22)}
    rows[DP] = tuple(sums([list(v) for v in rows.values()]))
    for name, code in [*BAN, ("合计", DP)]:
        s.row([name, *[fig(x, ind, code, per) for x, (ind, per) in zip(rows[code], inds, strict=True)]])
    s.blank()
    s.row([None, None, None, None, None, "统计日期：2024年6月30日"])
    return d


# ---------------------------------------------------------------- 民政: 社区工作站 / 居委会 rows, one unknown

@hold2
def civil_affairs_workstations_fault() -> Doc:
    d = Doc("葵涌街道办2024年11月份各社区民政服务对象情况.xlsx", "wps", ["regions", "cell_text", "context"],
            "Rows named 「XX社区工作站」 and one 「溪涌社区居委会」: each is the community XX社区 (added under 葵涌); "
            "money in 元 typed with full-width commas (12，600) and trailing spaces; 11月份 = 2024-11; 合计 is "
            "葵涌办事处; FAULT: 葵新社区工作站 is not in the catalogue (unknown region, reported, not put under 葵涌 "
            "or the district)",
            tags=["xlsx-wps", "workstation-names", "communities", "unknown-region", "fullwidth-comma", "padded",
                  "total-row", "fault", "title-period", "title-region"],
            must={"context_used", "unknown_region"})
    d.add_regions(KY, "community", KY_COMMS)
    s = d.sheet("Sheet1")
    s.row(["葵涌街道办2024年11月份各社区民政服务对象情况"], span=6)
    inds = ["低保户", "低保人员", "特困供养人员", "临时救助", "临时救助金额"]
    s.row(["社区", "低保户（户）", "低保人员（人）", "特困供养人员（人）", "临时救助（人次）", "临时救助金额（元）"])
    rows = [("葵涌社区工作站", "葵涌社区", (6, 14, 2, 5, 12600)), ("三溪社区工作站", "三溪社区", (3, 7, 1, 2, 4800)),
            ("溪涌社区居委会", "溪涌社区", (2, 5, 0, 1, 2000)), ("土洋社区工作站", "土洋社区", (4, 9, 1, 3, 7500)),
            ("官湖社区工作站", "官湖社区", (2, 4, 0, 1, 3000)), ("高源社区工作站", "高源社区", (1, 2, 1, 0, 0)),
            ("坝光社区工作站", "坝光社区", (1, 3, 0, 1, 2400)), ("葵丰社区工作站", "葵丰社区", (5, 12, 1, 4, 10800)),
            ("葵新社区工作站", "葵新社区工作站", (2, 4, 0, 1, 1500))]
    per = month(2024, 11)
    for label, reg, v in rows:
        money = (f"{v[4]:,}".replace(",", "，") + " ", v[4]) if v[4] >= 1000 else v[4]
        s.row([label, *vals([*v[:4], money], inds, reg, per)])
    t = sums([list(v) for _, _, v in rows])
    s.row(["合计", *vals([*t[:4], (f"{t[4]:,}".replace(",", "，"), t[4])], inds, KY, per)])
    return d


# ---------------------------------------------------------------- 卫健: 村 names (not in the catalogue)

@hold2
def health_villages_unknown() -> Doc:
    d = Doc("南澳办事处2024年第三季度各社区（村）家庭医生签约情况.xlsx", "openpyxl", ["regions", "cell_text"],
            "Rows mix two communities (added under 南澳) with four old village names 东山村 新大村 西涌村 东涌村 that "
            "are NOT catalogue regions (unknown, reported, never 南澳 or the district); rates as percent-formatted "
            "fractions; 合计 is 南澳办事处",
            tags=["xlsx-openpyxl", "village-names", "unknown-region", "percent-format", "communities", "total-row",
                  "fault", "title-region", "title-period"], must={"context_used", "unknown_region"})
    d.add_regions(NA, "community", ["南澳社区", "水头社区"])
    s = d.sheet("Sheet1")
    s.row(["南澳办事处2024年第三季度各社区（村）家庭医生签约服务情况"], span=6)
    inds = ["常住人口", "家庭医生签约", "签约率", "重点人群人数", "重点人群签约率"]
    s.row(["社区（村）", "常住人口（人）", "家庭医生签约（人）", "签约率", "重点人群人数（人）", "重点人群签约率"])
    rows = [("南澳社区", 12840, 4862, 2210, 1786), ("水头社区", 5310, 1988, 904, 731), ("东山村", 4620, 1702, 811, 655),
            ("新大村", 3180, 1215, 562, 468), ("西涌村", 4470, 1630, 788, 623), ("东涌村", 2260, 874, 401, 337)]
    for name, pop, signed, key, key_signed in rows:
        s.row([name, *vals([pop, signed, Pct(signed / pop), key, Pct(key_signed / key)], inds, name, "2024Q3")])
    t = sums([list(r[1:]) for r in rows])
    s.row(["合计", *vals([t[0], t[1], Pct(t[1] / t[0]), t[2], Pct(t[3] / t[2])], inds, NA, "2024Q3")])
    return d


# ---------------------------------------------------------------- 教育: merges in odd places, empty rows

@hold2
def school_safety_odd_merges() -> Doc:
    d = Doc("大鹏新区2024年9月中小学幼儿园安全检查情况.xlsx", "xlsxwriter", ["rows", "header", "regions"],
            "Merged cells in odd places: the title in B2:H2 (column A empty), the 单位 line in F3:H3, 街道 merged down "
            "over its school types, one 备注 merged down over every data row, 合计 merged across 街道 and 学校类别; an "
            "empty row between street groups; indicator = 'school type / column' (幼儿园 / 检查学校), 合计 the "
            "district",
            tags=["xlsx-xlsxwriter", "odd-merge", "empty-rows", "merged-row-category", "offset-table", "total-row",
                  "title-period"], must={"context_used"})
    s = d.sheet("安全检查")
    s.blank()
    s.row([None, "大鹏新区2024年9月中小学幼儿园安全检查情况"])
    s.merge(1, 1, 1, 7)
    s.row([None, None, None, None, None, "单位：所、处、人次"])
    s.merge(2, 5, 2, 7)
    cols = ["检查学校（所）", "发现隐患（处）", "已整改（处）", "护学岗（人次）"]
    inds = ["检查学校", "发现隐患", "已整改", "护学岗"]
    s.row([None, "街道", "学校类别", *cols, "备注"])
    groups = [("葵涌", KY, [("幼儿园", 9, 14, 14, 620), ("小学", 4, 9, 8, 740), ("中学", 2, 5, 5, 310)]),
              ("大鹏", DPB, [("幼儿园", 6, 8, 8, 410), ("小学", 3, 6, 6, 520), ("中学", 1, 3, 2, 180)]),
              ("南澳", NA, [("幼儿园", 4, 5, 5, 260), ("小学", 2, 4, 4, 300), ("九年一贯制学校", 1, 2, 2, 150)])]
    first_data = len(s.rows)
    per = month(2024, 9)
    for g, (street, code, kinds) in enumerate(groups):
        first = len(s.rows)
        for k, (kind, *v) in enumerate(kinds):
            note = "隐患均已录入校园安全管理系统" if (g, k) == (0, 0) else None
            s.row([None, street if k == 0 else None, kind, *vals(v, [f"{kind} / {i}" for i in inds], code, per),
                   note])
        s.merge(first, 1, first + len(kinds) - 1, 1)
        if g < len(groups) - 1:
            s.blank()
    t = sums([k[1:] for _, _, kinds in groups for k in kinds])
    r = s.row([None, "合计", None, *vals(t, inds, DP, per), None])
    s.merge(r, 1, r, 2)
    s.merge(first_data, 7, r - 1, 7)
    return d


# ---------------------------------------------------------------- 住建: empty rows, a row entirely —

@hold2
def construction_empty_rows() -> Doc:
    d = Doc("大鹏新区2024年1—11月建设工程安全生产监督检查情况.xlsx", "poi", ["rows", "cell_text", "container"],
            "Empty rows between groups of indicators inside the table; one row entirely — (起重机械专项检查 not "
            "reported: three not-reported cells, no figure); 1—11月 | 去年同期 | 同比(%); Apache POI export with a "
            "title and a 填报单位 line",
            tags=["xlsx-poi-inline", "empty-rows", "row-all-blank", "blank-marker", "title-period"],
            must={"context_used"})
    s = d.sheet("sheet1")
    s.row(["大鹏新区2024年1—11月建设工程安全生产监督检查情况"])
    s.row(["填报单位：大鹏新区住房和建设局"])
    s.row(["检查项目", "1—11月", "去年同期", "同比(%)"])
    cur, prev = ytd(2024, 11), ytd(2023, 11)
    groups = [[("监督检查在建工程（项次）", "监督检查在建工程", 312, 287),
               ("发现安全隐患（处）", "发现安全隐患", 1046, 1188),
               ("下发整改通知书（份）", "下发整改通知书", 214, 236)],
              [("起重机械专项检查（台次）", "起重机械专项检查", None, None),
               ("深基坑专项检查（项次）", "深基坑专项检查", 46, 39)],
              [("行政处罚（宗）", "行政处罚", 18, 23), ("罚款金额（万元）", "罚款金额", 64.5, 71.2)]]
    for g, rows in enumerate(groups):
        if g:
            s.blank()
        for label, ind, a, b in rows:
            if a is None:
                s.row([label, Blank("—"), Blank("—"), Blank("—")])
            else:
                s.row([label, fig(a, ind, DP, cur), fig(b, ind, DP, prev), change(a, b, ind, DP, cur)])
    return d


# ---------------------------------------------------------------- 卫健: total row at the top AND the bottom

@hold2
def family_doctor_two_totals() -> Doc:
    d = Doc("大鹏新区2024年上半年各街道家庭医生签约服务情况.xlsx", "xlsxwriter", ["rows", "header", "regions"],
            "A 全区 total row at the top AND a 合计 row at the bottom (both the district: every figure twice); header "
            "cells written vertically with line breaks (签约\\n人数\\n（人）); the same district figures twice are "
            "expected twice (not a conflict)",
            tags=["xlsx-xlsxwriter", "total-top-and-bottom", "newline-header", "total-row-quanqu", "title-period"],
            must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年上半年各街道家庭医生签约服务情况"], span=6)
    s.row(["街道", "常住\n人口\n（人）", "签约\n人数\n（人）", "签约率\n（%）", "重点人群\n签约人数\n（人）",
           "重点人群\n签约率\n（%）"])
    inds = ["常住人口", "签约人数", "签约率", "重点人群签约人数", "重点人群签约率"]
    rows = {KY: (62100, 23180, 9870, 7712), DPB: (48700, 17640, 7420, 5861), NA: (35200, 13020, 5310, 4194)}
    t = sums(list(rows.values()))

    def cells(v: tuple, code: str) -> list:
        pop, signed, key, key_signed = v
        return vals([pop, signed, rate(signed, pop), key_signed, rate(key_signed, key)], inds, code, "2024H1")

    s.row(["全区", *cells(tuple(t), DP)])
    for name, code in STREETS:
        s.row([name, *cells(rows[code], code)])
    s.row(["合计", *cells(tuple(t), DP)])
    return d


# ---------------------------------------------------------------- 市场监管: 0.5% vs 50%, an Excel #DIV/0!

@hold2
def food_sampling_percent_div0_fault() -> Doc:
    d = Doc("大鹏新区2024年9月食品安全监督抽检情况（分街道）.xlsx", "xlsxwriter", ["cell_text", "regions", "rows"],
            "Rates stored as fractions with a percent format: 0.005 shown 0.5% is 0.5 (not 50, not 0.005), 0.5 shown "
            "50.0% is 50; FAULT: 南澳's 核查处置率 is a formula whose cached value is the Excel error #DIV/0! (no "
            "unqualified batch to handle): text_in_number, never a number",
            tags=["xlsx-xlsxwriter", "percent-format", "small-percent", "excel-error", "fault", "total-row",
                  "title-period"], must={"context_used", "text_in_number"})
    s = d.sheet("抽检")
    s.row(["大鹏新区2024年9月食品安全监督抽检情况（分街道）"], span=6)
    inds = ["抽检批次", "不合格批次", "不合格率", "合格率", "核查处置率"]
    s.row(["街道", *inds])
    rows = {KY: (200, 1, 1), DPB: (168, 2, 1), NA: (134, 0, 0)}
    rows[DP] = tuple(sums([list(v) for v in rows.values()]))
    per = month(2024, 9)
    for k, (name, code) in enumerate([*STREETS, ("合计", DP)]):
        n, bad, done = rows[code]
        handled = Pct(done / bad) if bad else Stray(Formula(f"=ROUND(G{k + 3}/C{k + 3},3)", "#DIV/0!"))
        s.row([name, *vals([n, bad, Pct(bad / n), Pct((n - bad) / n), handled], inds, code, per)])
    return d


# ---------------------------------------------------------------- 法院 诉源治理: * and ※ footnote marks

@hold2
def court_footnote_marks() -> Doc:
    d = Doc("大鹏新区2024年1—11月诉源治理工作情况.xlsx", "openpyxl", ["cell_text", "context", "rows"],
            "Labels carry footnote marks: a trailing *, a trailing ※ and a leading ※ (not part of the indicator); "
            "footnote rows starting with * and ※ under the table (notes); a rate row whose 同比 says "
            "提高2.2个百分点 (yoy_pp); 万人成讼率 in 件/万人",
            tags=["xlsx-openpyxl", "footnote-marks", "footnote", "change-text", "title-period"],
            must={"context_used", "batch_note"})
    s = d.sheet("诉源治理")
    s.row(["大鹏新区2024年1—11月诉源治理工作情况"], span=4)
    s.row(["填报单位：大鹏新区诉调对接中心"], span=4)
    s.row(["项目", "1—11月", "去年同期", "同比（%）"])
    cur, prev = ytd(2024, 11), ytd(2023, 11)
    rows = [("诉前调解受理（件）*", "诉前调解受理", 1246, 1103), ("诉前调解成功（件）*", "诉前调解成功", 812, 695),
            ("诉前调解成功率（%）", "诉前调解成功率", 65.2, 63.0),
            ("※万人成讼率（件/万人）", "万人成讼率", 98.6, 104.3),
            ("新收民商事案件（件）", "新收民商事案件", 1538, 1627), ("司法确认（件）※", "司法确认", 164, 131)]
    for label, ind, a, b in rows:
        if ind == "诉前调解成功率":
            chg = fig("提高2.2个百分点", ind, DP, cur, "yoy_pp", round(a - b, 1))
        else:
            chg = change(a, b, ind, DP, cur)
        s.row([label, fig(a, ind, DP, cur), fig(b, ind, DP, prev), chg])
    s.row(["* 含人民调解、行业性专业性调解组织委派调解案件。"], span=4)
    s.row(["※ 万人成讼率=新收民商事案件数/常住人口（万人）；司法确认含特邀调解员调解案件。"], span=4)
    return d
