"""Hold-out corpus, part D: context, header blocks and two-level headers in layouts the first corpus did not use.

Every file here is tagged `holdout` (score it alone with `score.py --tag holdout`). Conventions decided for the
hold-out set beyond the first corpus's (README.md, "Hold-out conventions"):
- 占比 / 占全区比重 → measure `share_pct` of the value column to its left (rows are indicators: of the row);
- 环比 in 个百分点 → `mom_pp`; 排位 → `rank`; 任务数 / 年度目标 → `target` of the year; 完成进度 → `attainment_pct`;
- 比上年增减（件/起） → `change_abs`, 比上年增减（%） / 增减幅 / 较去年同期 → `yoy_pct` (▲ up, ▼ down);
- 同期数 / 同期 = 去年同期; 当月 / 当期 = 本月 / 本期; 上月 = the month before (mom_pct for 环比增减(%));
- a 合计 column across regions is the parent region; a 合计 column across months is January to the last month
  with figures (2024YTD09), 全年合计 over twelve months the year (2023);
- 前三季度 and 1—9月份 = 2024YTD09; 7—9月 = 2024Q3; 2024年度 = 2024; 2024.9 and 2024/09 = 2024-09;
- 「大鹏」 beside 葵涌 and 南澳 is 大鹏办事处, not the district;
- a 小计 row in a group of indicators is the group's own figure (indicator = the group label);
- numbered sub-items (（1）, ①) under a row are its parts; 1. (1) ① and 一、 are 序号, not part of the label.
"""

from __future__ import annotations

from .docs_a import doc, sums, vals
from .model import DP, DPB, KY, NA, Doc, change, fig, month, pct, ytd
from .writers import Blank, Sheet

STREETS = [("葵涌街道", KY), ("大鹏街道", DPB), ("南澳街道", NA)]


def hold(fn):
    """Register a hold-out file description: tagged `holdout` so it can be scored apart."""
    def build() -> Doc:
        d = fn()
        d.tags.insert(0, "holdout")
        return d

    build.__name__ = build.__qualname__ = fn.__name__
    return doc(build)


def arrow(v: float, up: str = "▲", down: str = "▼", suffix: str = "%", nd: int = 1) -> str:
    """A change written with an arrow: ▲12.5% up, ▼8.3% down (持平 when zero)."""
    if v == 0:
        return "持平"
    return f"{up if v > 0 else down}{abs(v):.{nd}f}{suffix}"


def down_merge(s: Sheet, r: int, cols: list[int], depth: int) -> None:
    """Merge each of cols from header row r down over depth rows."""
    for c in cols:
        s.merge(r, c, r + depth - 1, c)


def rate(num: float, den: float, nd: int = 1) -> float:
    """A rate in percent as an office rounds it."""
    return round(num / den * 100, nd)


# ---------------------------------------------------------------- three-level header, Chinese-numeral date

@hold
def drug_month_three_rows() -> Doc:
    d = Doc("大鹏新区二〇二四年九月禁毒工作月报.xlsx", "openpyxl", ["context", "two_level", "header", "rows"],
            "Date in Chinese numerals in the title (二〇二四年九月); header in three rows: 本月 | 本年累计 over "
            "数量 | 增减, over 当月 同期数 增减数 增减幅(%) (the same for 累计); 增减数 is change_abs, 增减幅 yoy_pct; "
            "其中 part; 增减幅 — when the base is 0; 单位 column of units; 序号 column",
            tags=["xlsx-openpyxl", "three-row-header", "cn-numeral-date", "unit-col", "serial-col", "qizhong",
                  "change-abs", "blank-marker"], must={"context_used"})
    s = d.sheet("9月")
    s.row(["大鹏新区二〇二四年九月禁毒工作月报"], span=11)
    s.row(["填报单位：大鹏新区禁毒委员会办公室"], span=5)
    r = s.row(["序号", "项目", "单位", "本月", None, None, None, "本年累计", None, None, None])
    s.row([None, None, None, "数量", None, "增减", None, "数量", None, "增减"])
    s.row([None, None, None, "当月", "同期数", "增减数", "增减幅(%)", "累计", "同期数", "增减数", "增减幅(%)"])
    down_merge(s, r, [0, 1, 2], 3)
    for c in (3, 7):
        s.merge(r, c, r, c + 3)
        s.merge(r + 1, c, r + 1, c + 1)
        s.merge(r + 1, c + 2, r + 1, c + 3)
    rows = [("1", "查获吸毒人员", "人次", 8, 11, 71, 93), (None, "其中：新发现吸毒人员", "人", 2, 3, 14, 21),
            ("2", "破获毒品刑事案件", "起", 2, 1, 15, 12), ("3", "抓获毒品犯罪嫌疑人", "人", 3, 2, 19, 17),
            ("4", "缴获毒品", "克", 42.6, 118.3, 512.4, 1436.9), ("5", "开展禁毒宣传活动", "场次", 7, 5, 61, 48),
            ("6", "强制隔离戒毒", "人", 1, 0, 9, 13)]
    for no, label, unit, cm, pm, cy, py in rows:
        ind = label.removeprefix("其中：")
        cells = []
        for a, b, cur, prev in ((cm, pm, month(2024, 9), month(2023, 9)), (cy, py, ytd(2024, 9), ytd(2023, 9))):
            diff = round(a - b, 1) if isinstance(a, float) else a - b
            cells += [fig(a, ind, DP, cur), fig(b, ind, DP, prev), fig(diff, ind, DP, cur, "change_abs"),
                      change(a, b, ind, DP, cur)]
        s.row([no, label, unit, *cells])
    return d


# ---------------------------------------------------------------- table placed lower and to the right

@hold
def fraud_mom_offset() -> Doc:
    d = Doc("大鹏新区反诈工作月度通报（2024.9）.xlsx", "xlsxwriter", ["context", "two_level", "header", "rows"],
            "Table starts in column C below a 内部资料 line; period only as 2024.9 in the title; groups 电诈发案 | "
            "涉案金额 over 当月 上月 环比增减(%) (上月 = 2024-08, 环比 mom_pct), 预警劝阻 merged down; 全区合计 row",
            tags=["xlsx-xlsxwriter", "offset-table", "dotted-date", "current-previous", "group-header",
                  "total-row-quanqu"], must={"context_used"})
    s = d.sheet("通报")
    s.row(["内部资料 注意保存"])
    s.blank()
    s.row([None, None, "大鹏新区反诈工作月度通报（2024.9）"])
    s.merge(2, 2, 2, 9)
    r = s.row([None, None, "街道", "电诈发案（宗）", None, None, "涉案金额（万元）", None, None, "预警劝阻（人次）"])
    s.row([None, None, None, "当月", "上月", "环比增减(%)", "当月", "上月", "环比增减(%)"])
    down_merge(s, r, [2, 9], 2)
    s.merge(r, 3, r, 5)
    s.merge(r, 6, r, 8)
    cur, prev = month(2024, 9), month(2024, 8)
    data = [(KY, (14, 19), (86.4, 132.7), 412), (DPB, (9, 8), (41.2, 37.5), 287), (NA, (6, 9), (23.8, 55.1), 196)]
    tot = (sum(x[1][0] for x in data), sum(x[1][1] for x in data)), \
        (round(sum(x[2][0] for x in data), 1), round(sum(x[2][1] for x in data), 1)), sum(x[3] for x in data)
    for (name, code), (_, cases, money, warned) in zip([*STREETS, ("全区合计", DP)], [*data, (DP, *tot)],
                                                       strict=True):
        cells = []
        for ind, (a, b) in (("电诈发案", cases), ("涉案金额", money)):
            cells += [fig(a, ind, code, cur), fig(b, ind, code, prev), fig(pct(a, b), ind, code, cur, "mom_pct")]
        s.row([None, None, name, *cells, fig(warned, "预警劝阻", code, cur)])
    return d


# ---------------------------------------------------------------- annual targets by subdistrict (.xls)

@hold
def fire_targets_xls() -> Doc:
    d = Doc("2024年度消防安全工作任务完成情况.xls", "xls", ["two_level", "context", "container", "rows"],
            "2024年度 in the title; groups per task over 年度目标 | 完成数 | 完成进度(%) (target 2024, value 2024, "
            "attainment_pct 2024): the lower level holds measure words, the indicator is the group; rows are the "
            "办事处 with a 全区合计 row; BIFF8 .xls", tags=["xls-biff8", "plan-actual", "group-header", "year-du",
                                                          "total-row-quanqu"], must={"context_used"})
    s = d.sheet("消防")
    s.row(["大鹏新区2024年度消防安全重点工作任务完成情况"], span=10)
    s.row([None, None, None, None, None, None, None, None, None, "单位：家次、处、场次、%"])
    tasks = [("消防监督检查（家次）", "消防监督检查"), ("火灾隐患整改（处）", "火灾隐患整改"),
             ("消防演练（场次）", "消防演练")]
    r = s.row(["单位", *[x for label, _ in tasks for x in (label, None, None)]])
    s.row([None, *["年度目标", "完成数", "完成进度(%)"] * 3])
    s.merge(r, 0, r + 1, 0)
    for k in range(3):
        s.merge(r, 1 + 3 * k, r, 3 + 3 * k)
    data = {KY: [(2400, 2563), (600, 648), (48, 52)], DPB: [(1800, 1792), (450, 437), (36, 36)],
            NA: [(1500, 1611), (380, 402), (30, 33)]}
    data[DP] = [tuple(map(sum, zip(*[data[c][k] for c in (KY, DPB, NA)], strict=True))) for k in range(3)]
    for name, code in [("葵涌办事处", KY), ("大鹏办事处", DPB), ("南澳办事处", NA), ("全区合计", DP)]:
        cells = []
        for (_, ind), (plan, done) in zip(tasks, data[code], strict=True):
            cells += [fig(plan, ind, code, "2024", "target"), fig(done, ind, code, "2024"),
                      fig(rate(done, plan), ind, code, "2024", "attainment_pct")]
        s.row([name, *cells])
    return d


# ---------------------------------------------------------------- 前三季度 with arrows

@hold
def traffic_arrows() -> Doc:
    d = Doc("大鹏新区2024年前三季度道路交通安全形势.xlsx", "xlsxwriter", ["context", "cell_text", "two_level"],
            "前三季度 = 2024YTD09, 去年同期 = 2023YTD09; 较去年同期 written with ▲ (up) and ▼ (down) and a % "
            "suffix; labels carry one or two brackets (（一般程序）（起）); 数据来源 footnote",
            tags=["xlsx-xlsxwriter", "arrows", "three-quarters", "footnote", "title-region"],
            must={"context_used", "batch_note"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年前三季度道路交通安全形势分析表"], span=4)
    s.row(["项目", "前三季度", "去年同期", "较去年同期"])
    rows = [("道路交通事故（一般程序）（起）", "道路交通事故（一般程序）", 71, 83),
            ("死亡人数（人）", "死亡人数", 9, 12), ("受伤人数（人）", "受伤人数", 88, 79),
            ("直接财产损失（万元）", "直接财产损失", 46.3, 61.8), ("查处酒驾醉驾（宗）", "查处酒驾醉驾", 386, 312),
            ("查处交通违法行为（万宗）", "查处交通违法行为", 4.72, 4.15)]
    cur, prev = ytd(2024, 9), ytd(2023, 9)
    for label, ind, a, b in rows:
        v = pct(a, b)
        s.row([label, fig(a, ind, DP, cur), fig(b, ind, DP, prev), fig(arrow(v), ind, DP, cur, "yoy_pct", v)])
    s.row(["数据来源：大鹏交警大队事故处理系统"], span=4)
    return d


# ---------------------------------------------------------------- unit row below the header, communities

@hold
def floating_pop_unit_row() -> Doc:
    d = Doc("南澳办事处2024年7—9月流动人口服务管理情况.xlsx", "wps", ["header", "context", "regions", "container"],
            "7—9月 (em dash) = 2024Q3; a 计量单位 row below the header (人 栋 % …) that is neither data nor part "
            "of the labels; communities added under 南澳办事处, 合计 is the 办事处; WPS with one column of numbers "
            "typed as text", tags=["xlsx-wps", "unit-row", "month-range-quarter", "communities", "total-row",
                                   "numbers-as-text"], must={"context_used"})
    names = ["南澳社区", "水头社区", "东山社区", "新大社区", "西涌社区", "东涌社区"]
    d.add_regions(NA, "community", names)
    s = d.sheet("Sheet1")
    s.row(["南澳办事处2024年7—9月流动人口服务管理情况"], span=6)
    inds = ["流动人口登记", "出租屋", "出租屋登记率", "新增登记", "注销登记"]
    s.row(["社区", *inds])
    s.row(["计量单位", "人", "栋", "%", "人", "人"])
    pop = [3842, 1266, 1530, 988, 1712, 604]
    houses = [612, 208, 255, 171, 289, 96]
    rates = [96.2, 95.4, 97.1, 94.8, 96.5, 98.0]
    new = [421, 133, 176, 97, 208, 54]
    gone = [386, 120, 149, 101, 187, 49]
    for k, name in enumerate(names):
        s.row([name, *vals([pop[k], houses[k], rates[k], (str(new[k]), new[k]), gone[k]], inds, name, "2024Q3")])
    total_rate = round(sum(r * h for r, h in zip(rates, houses, strict=True)) / sum(houses), 1)
    s.row(["合计", *vals([sum(pop), sum(houses), total_rate, (str(sum(new)), sum(new)), sum(gone)], inds, NA,
                         "2024Q3")])
    return d


# ---------------------------------------------------------------- numbered items, 比上年增减 in two units

@hold
def kuiyong_numbered_items() -> Doc:
    d = Doc("葵涌办事处2024年1—9月份综治中心工作情况.xlsx", "openpyxl", ["rows", "context", "two_level"],
            "1—9月份 = 2024YTD09; 同期 = 2023YTD09; 比上年增减（件） change_abs and 比上年增减（%） yoy_pct; "
            "row labels numbered 1. 2. with parts numbered （1）（2）, a part under 其中： indented with ASCII "
            "spaces and one under 含： indented with a tab; units in the labels",
            tags=["xlsx-openpyxl", "numbered-rows", "qizhong", "indent-spaces", "indent-tab", "change-abs",
                  "title-period", "title-region"], must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["葵涌办事处2024年1—9月份综治中心工作情况"], span=5)
    s.row(["项目", "1—9月份", "同期", "比上年增减（件）", "比上年增减（%）"])
    rows = [("1.矛盾纠纷排查（件）", "矛盾纠纷排查", 412, 386), ("（1）婚姻家庭纠纷", "婚姻家庭纠纷", 71, 80),
            ("（2）邻里纠纷", "邻里纠纷", 108, 97), ("（3）劳资纠纷", "劳资纠纷", 86, 64),
            ("2.调处成功（件）", "调处成功", 404, 377), ("3.信访接待（批次）", "信访接待", 118, 131),
            ("    其中：集体访（批次）", "集体访", 3, 5), ("4.重点人员走访（人次）", "重点人员走访", 3310, 2987),
            ("5.安全隐患排查（处）", "安全隐患排查", 836, 702), ("\t含：消防安全隐患（处）", "消防安全隐患", 412, 356)]
    cur, prev = ytd(2024, 9), ytd(2023, 9)
    for label, ind, a, b in rows:
        s.row([label, fig(a, ind, KY, cur), fig(b, ind, KY, prev), fig(a - b, ind, KY, cur, "change_abs"),
               change(a, b, ind, KY, cur)])
    return d


# ---------------------------------------------------------------- wide: twelve months and a 合计 column

@hold
def hotline_wide_months() -> Doc:
    d = Doc("大鹏新区2024年各月12345热线诉求办理情况.xlsx", "xlsxwriter", ["header", "rows", "context", "cell_text"],
            "Wide table: 1月 … 12月 across (October to December not yet filled, left empty) and a 合计 column at the "
            "right = 2024YTD09; rates per month and for the year to date; 其中 part row; the 合计 of 满意率 is —",
            tags=["xlsx-xlsxwriter", "wide-months", "total-col", "qizhong", "blank-marker", "title-period"],
            must={"context_used"})
    s = d.sheet("12345")
    s.row(["大鹏新区2024年各月12345热线诉求办理情况"], span=14)
    s.row(["指标", *[f"{m}月" for m in range(1, 13)], "合计"])
    got = [2318, 1964, 2471, 2530, 2687, 2745, 3012, 3104, 2766]
    ontime = [2271, 1929, 2413, 2484, 2620, 2688, 2931, 3037, 2709]
    pl = [186, 142, 201, 213, 227, 219, 248, 256, 231]
    sat = [92.4, 93.1, 92.8, 93.5, 93.9, 93.2, 92.6, 94.0, 93.2]
    series = [("受理诉求（件）", "受理诉求", got, sum(got)),
              ("  其中：涉政法类诉求（件）", "涉政法类诉求", pl, sum(pl)),
              ("按时办结（件）", "按时办结", ontime, sum(ontime)),
              ("按时办结率（%）", "按时办结率", [rate(o, g) for o, g in zip(ontime, got, strict=True)],
               rate(sum(ontime), sum(got))),
              ("群众满意率（%）", "群众满意率", sat, Blank("—"))]
    for label, ind, months, total in series:
        cells = [fig(v, ind, DP, month(2024, m)) for m, v in enumerate(months, start=1)]
        cells += [None, None, None]
        cells.append(total if isinstance(total, Blank) else fig(total, ind, DP, ytd(2024, 9)))
        s.row([label, *cells])
    return d


@hold
def violent_full_year_xls() -> Doc:
    d = Doc("2023年各月命案及八类暴力案件统计.xls", "xls", ["header", "rows", "container", "context"],
            "Twelve months across and a 全年合计 column: the months are 2023-01 … 2023-12, the total is the year "
            "2023 (not 2023YTD12); 1—12月 in the title; 其中 parts; catalogue labels (八类暴力案件, 命案)",
            tags=["xls-biff8", "wide-months", "total-col", "full-year", "qizhong", "title-period"],
            must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2023年1—12月八类暴力案件分月统计"], span=14)
    s.row([None] * 13 + ["单位：起"])
    s.row(["类别", *[f"{m}月" for m in range(1, 13)], "全年合计"])
    rows = [("八类暴力案件", "八类暴力案件", [1, 0, 2, 1, 0, 1, 0, 2, 1, 0, 1, 0]),
            ("其中：故意伤害（致重伤以上）", "故意伤害（致重伤以上）", [1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0]),
            ("　　　抢劫", "抢劫", [0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0]),
            ("　　　强奸", "强奸", [0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0]),
            ("命案", "命案", [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0])]
    for label, ind, v in rows:
        s.row([label, *[fig(x, ind, DP, month(2023, m)) for m, x in enumerate(v, start=1)],
               fig(sum(v), ind, DP, "2023")])
    return d


# ---------------------------------------------------------------- regions as columns

@hold
def regions_across_short() -> Doc:
    d = Doc("大鹏新区社会治安综合治理情况（分街道）.xlsx", "openpyxl", ["regions", "context", "header"],
            "Regions as columns written short: 葵涌 | 大鹏 | 南澳 | 合计 (大鹏 here is 大鹏办事处; 合计 across is the "
            "district); indicators as rows with units in the labels; the period only in a 统计期间：2024/09 line",
            tags=["xlsx-openpyxl", "regions-as-columns", "total-col", "slash-date", "short-region-names"],
            must={"context_used"})
    s = d.sheet("分街道")
    s.row(["大鹏新区社会治安综合治理主要数据（分街道）"], span=5)
    s.row(["统计期间：2024/09", None, None, "填报：新区综治中心"])
    s.row(["项目", "葵涌", "大鹏", "南澳", "合计"])
    rows = [("矛盾纠纷排查（宗）", "矛盾纠纷排查", (49, 35, 27)), ("调处成功（宗）", "调处成功", (48, 34, 27)),
            ("网格巡查（次）", "网格巡查", (1862, 1344, 1020)),
            ("重点人员走访（人次）", "重点人员走访", (402, 298, 211)),
            ("治安隐患整改（处）", "治安隐患整改", (66, 51, 38))]
    per = month(2024, 9)
    for label, ind, v in rows:
        s.row([label, *[fig(x, ind, code, per) for x, code in zip(v, (KY, DPB, NA), strict=True)],
               fig(sum(v), ind, DP, per)])
    return d


@hold
def xueliang_spacer_col() -> Doc:
    d = Doc("大鹏新区2024年8月雪亮工程建设运维情况.xlsx", "openpyxl", ["regions", "header", "rows"],
            "Regions as columns (葵涌 大鹏 南澳) with a 单位 column of units, an empty spacer column, then 合计 (the "
            "district); 其中 part followed by a part indented with full-width spaces; a rate row whose 合计 is given",
            tags=["xlsx-openpyxl", "regions-as-columns", "spacer-col", "unit-col", "total-col", "qizhong",
                  "short-region-names"], must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区“雪亮工程”建设运维情况（2024年8月）"], span=7)
    s.row(["项目", "单位", "葵涌", "大鹏", "南澳", None, "合计"])
    rows = [("视频监控点位", "视频监控点位", "个", (2641, 1862, 1508)),
            ("其中：高清点位", "高清点位", "个", (2210, 1597, 1244)),
            ("　　　人脸识别点位", "人脸识别点位", "个", (186, 121, 98)), ("故障报修", "故障报修", "次", (41, 37, 29)),
            ("修复", "修复", "次", (40, 35, 29)), ("在线率", "在线率", "%", (97.8, 98.1, 97.3))]
    per = month(2024, 8)
    for label, ind, unit, v in rows:
        total = 97.8 if ind == "在线率" else sum(v)
        s.row([label, unit, *[fig(x, ind, code, per) for x, code in zip(v, (KY, DPB, NA), strict=True)], None,
               fig(total, ind, DP, per)])
    return d


# ---------------------------------------------------------------- transposed: indicator / sub-indicator / period

@hold
def transposed_three_levels() -> Doc:
    d = Doc("各街道2024年第三季度矛盾纠纷与信访情况.xlsx", "xlsxwriter", ["two_level", "header", "rows", "context"],
            "Indicators as columns, streets as rows, periods as a third header level: 矛盾纠纷 | 信访 over 排查 化解 "
            "来访 网上信访 over 本季度 (2024Q3) | 1-9月 (2024YTD09); indicator = '矛盾纠纷 / 排查'; 合计 row",
            tags=["xlsx-xlsxwriter", "transposed", "three-row-header", "group-header", "total-row", "title-period"],
            must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["各街道2024年第三季度矛盾纠纷化解与信访情况"], span=9)
    r = s.row(["街道", "矛盾纠纷", None, None, None, "信访", None, None, None])
    s.row([None, "排查", None, "化解", None, "来访", None, "网上信访", None])
    s.row([None, *["本季度", "1-9月"] * 4])
    s.merge(r, 0, r + 2, 0)
    s.merge(r, 1, r, 4)
    s.merge(r, 5, r, 8)
    for c in (1, 3, 5, 7):
        s.merge(r + 1, c, r + 1, c + 1)
    inds = ["矛盾纠纷 / 排查", "矛盾纠纷 / 化解", "信访 / 来访", "信访 / 网上信访"]
    data = {KY: [(152, 447), (149, 435), (28, 124), (63, 239)], DPB: [(104, 318), (101, 311), (19, 82), (44, 163)],
            NA: [(79, 241), (77, 236), (14, 59), (31, 115)]}
    data[DP] = [tuple(map(sum, zip(*[data[c][k] for c in (KY, DPB, NA)], strict=True))) for k in range(4)]
    for (name, code) in [*STREETS, ("合计", DP)]:
        cells = []
        for ind, (q, y) in zip(inds, data[code], strict=True):
            cells += [fig(q, ind, code, "2024Q3"), fig(y, ind, code, ytd(2024, 9))]
        s.row([name, *cells])
    return d


# ---------------------------------------------------------------- one sheet a month, year from the file name

@hold
def resettlement_month_sheets() -> Doc:
    d = Doc("2024年第三季度安置帮教工作月报.xlsx", "openpyxl", ["context", "container", "rows"],
            "Sheets 7月 8月 9月 (no year: it is in the file name only; each sheet's title says X月份), and a last "
            "sheet 说明 of notes only; catalogue labels 应帮教人数 and 帮教率; 合计 is the district",
            tags=["xlsx-openpyxl", "sheet-period", "multi-sheet", "notes-sheet", "filename-year", "total-row"],
            must={"context_used"}, may={"batch_note"})
    inds = ["刑满释放人员衔接", "应帮教人数", "已帮教人数", "帮教率", "安置就业"]
    due = {KY: (131, 133, 134), DPB: (97, 96, 98), NA: (88, 89, 89)}
    done = {KY: (130, 133, 133), DPB: (97, 95, 98), NA: (88, 89, 88)}
    link = {KY: (3, 2, 4), DPB: (1, 2, 1), NA: (2, 0, 1)}
    job = {KY: (2, 1, 3), DPB: (1, 1, 0), NA: (1, 0, 1)}
    for k, m in enumerate((7, 8, 9)):
        s = d.sheet(f"{m}月")
        s.row([f"{m}月份安置帮教工作情况"], span=6)
        s.row(["街道", "刑满释放人员衔接（人）", "应帮教人数（人）", "已帮教人数（人）", "帮教率（%）",
               "安置就业（人）"])
        rows = []
        for name, code in STREETS:
            v = [link[code][k], due[code][k], done[code][k], job[code][k]]
            rows.append(v)
            s.row([name, *vals([v[0], v[1], v[2], rate(v[2], v[1]), v[3]], inds, code, month(2024, m))])
        t = sums(rows)
        s.row(["合计", *vals([t[0], t[1], t[2], rate(t[2], t[1]), t[3]], inds, DP, month(2024, m))])
    s = d.sheet("说明")
    s.row(["说明："])
    s.row(["1.应帮教人数为刑满释放五年内、户籍或居住地在本辖区的人员；"])
    s.row(["2.帮教率=已帮教人数/应帮教人数×100%；"])
    s.row(["3.各街道于每月3日前报送上月数据。"])
    return d


# ---------------------------------------------------------------- 汇总 sheet and one sheet per street

@hold
def grid_summary_and_streets() -> Doc:
    d = Doc("2024年9月网格化服务管理情况.xlsx", "xlsxwriter", ["context", "regions", "rows", "container"],
            "A 汇总 sheet (streets and 合计 = district) and one sheet per street named 葵涌 / 大鹏 / 南澳 listing its "
            "communities (added under that 办事处) with a 合计 row that is the street (region from the sheet name); "
            "the street rows of 汇总 repeat the streets' 合计 (the same figures twice: not a conflict)",
            tags=["xlsx-xlsxwriter", "multi-sheet", "summary-sheet", "sheet-region", "communities", "total-row",
                  "short-region-names"],
            must={"context_used"})
    comms = {KY: ("葵涌", [("葵涌社区", 9, 11, 512, 498), ("三溪社区", 6, 7, 331, 325), ("溪涌社区", 4, 5, 204, 201),
                          ("土洋社区", 7, 8, 389, 380), ("官湖社区", 5, 6, 276, 270), ("高源社区", 3, 4, 158, 158),
                          ("坝光社区", 3, 4, 141, 137), ("葵丰社区", 8, 9, 447, 431)]),
             DPB: ("大鹏", [("大鹏社区", 10, 12, 561, 549), ("王母社区", 9, 11, 498, 487), ("鹏城社区", 6, 7, 302, 297),
                           ("布新社区", 5, 6, 247, 241), ("岭澳社区", 4, 5, 176, 174)]),
             NA: ("南澳", [("南澳社区", 9, 10, 436, 421), ("水头社区", 5, 6, 214, 211), ("东山社区", 4, 5, 183, 180),
                          ("新大社区", 3, 4, 129, 127), ("西涌社区", 5, 6, 232, 224), ("东涌社区", 3, 3, 98, 98)])}
    for code, (_, rows) in comms.items():
        d.add_regions(code, "community", [r[0] for r in rows])
    head = ["网格数", "专职网格员", "采集上报事件", "办结事件", "办结率（%）"]
    inds = ["网格数", "专职网格员", "采集上报事件", "办结事件", "办结率"]
    per = month(2024, 9)
    summary = d.sheet("汇总")
    summary.row(["大鹏新区2024年9月网格化服务管理情况汇总"], span=6)
    summary.row(["街道", *head])
    totals = {}
    for code, (short, rows) in comms.items():
        s = d.sheet(short)
        s.row(["各社区网格化服务管理情况（2024年9月）"], span=6)
        s.row(["社区", *head])
        for name, *v in rows:
            s.row([name, *vals([*v, rate(v[3], v[2])], inds, name, per)])
        t = sums([r[1:] for r in rows])
        totals[code] = t
        s.row(["合计", *vals([*t, rate(t[3], t[2])], inds, code, per)])
    for name, code in STREETS:
        t = totals[code]
        summary.row([name, *vals([*t, rate(t[3], t[2])], inds, code, per)])
    t = sums(list(totals.values()))
    summary.row(["合计", *vals([*t, rate(t[3], t[2])], inds, DP, per)])
    return d


# ---------------------------------------------------------------- three stacked tables of different shapes

@hold
def legal_services_stacked() -> Doc:
    d = Doc("大鹏新区2024年上半年公共法律服务工作情况.xlsx", "openpyxl", ["rows", "context", "two_level"],
            "Three stacked tables of different shapes under captions 表1 表2 表3: streets × indicators with a "
            "合计 row; indicators × periods (2024年上半年 | 2023年上半年 | 增减幅（%）) with 其中 parts; months as "
            "rows (1月 … 6月, year from the title) without a total",
            tags=["xlsx-openpyxl", "stacked-tables", "periods-as-rows", "qizhong", "total-row", "title-period"],
            must={"context_used"})
    s = d.sheet("公共法律服务")
    s.row(["大鹏新区2024年上半年公共法律服务工作情况"], span=4)
    s.blank()
    s.row(["表1  法律援助工作情况（分街道）"], span=4)
    inds = ["受理法律援助案件", "办结法律援助案件", "法律咨询"]
    s.row(["街道", "受理法律援助案件（件）", "办结法律援助案件（件）", "法律咨询（人次）"])
    rows = [(48, 41, 612), (33, 30, 455), (24, 22, 318)]
    for (name, code), v in zip(STREETS, rows, strict=True):
        s.row([name, *vals(list(v), inds, code, "2024H1")])
    s.row(["合计", *vals(sums(rows), inds, DP, "2024H1")])
    s.blank()
    s.row(["表2  公证业务办理情况"], span=4)
    s.row(["项目", "2024年上半年", "2023年上半年", "增减幅（%）"])
    for label, ind, a, b in [("办理公证（件）", "办理公证", 812, 745), ("其中：涉外公证（件）", "涉外公证", 97, 86),
                             ("　　　国内民事公证（件）", "国内民事公证", 688, 631)]:
        s.row([label, fig(a, ind, DP, "2024H1"), fig(b, ind, DP, "2023H1"), change(a, b, ind, DP, "2024H1")])
    s.blank()
    s.row(["表3  行政复议案件分月情况"], span=4)
    inds = ["收到行政复议申请", "审结", "直接纠错"]
    s.row(["月份", "收到行政复议申请（件）", "审结（件）", "直接纠错（件）"])
    for m, v in enumerate([(3, 2, 0), (2, 3, 1), (4, 3, 0), (2, 2, 0), (3, 4, 1), (5, 3, 0)], start=1):
        s.row([f"{m}月", *vals(list(v), inds, DP, month(2024, m))])
    return d


# ---------------------------------------------------------------- 排位 (rank)

@hold
def correction_rank_wps() -> Doc:
    d = Doc("2024年1-9月各街道社区矫正工作考核排位.xlsx", "wps", ["header", "rows", "container"],
            "考核得分 with a 排位 column (rank of 考核得分); 序号 column; no total (scores do not add up); counts "
            "of 1-9月 (2024YTD09); a zero written 0", tags=["xlsx-wps", "rank", "serial-col", "title-period"],
            must={"context_used"})
    s = d.sheet("考核")
    s.row(["2024年1-9月各街道社区矫正工作考核情况"], span=7)
    inds = ["新接收", "解除矫正", "违规脱管漏管", "集中教育", "考核得分"]
    s.row(["序号", "街道", "新接收（人）", "解除矫正（人）", "违规脱管漏管（人次）", "集中教育（场次）", "考核得分",
           "排位"])
    rows = [(KY, 27, 31, 0, 9, 96.5, 1), (DPB, 15, 18, 1, 6, 93.0, 3), (NA, 11, 12, 0, 5, 95.0, 2)]
    per = ytd(2024, 9)
    for k, ((name, _), (code, *v, rank)) in enumerate(zip(STREETS, rows, strict=True)):
        s.row([k + 1, name, *vals(v, inds, code, per), fig(rank, "考核得分", code, per, "rank")])
    return d


# ---------------------------------------------------------------- 占比 (share)

@hold
def crime_types_share() -> Doc:
    d = Doc("大鹏新区2024年第三季度刑事案件类型构成.xlsx", "xlsxwriter", ["header", "rows", "cell_text"],
            "数量 | 占比(%) | 去年同期 | 同比(%): 占比 is share_pct of the row (the total row's share is 100); "
            "其中 parts add up to the total; 同比 — when last year's figure is 0",
            tags=["xlsx-xlsxwriter", "share", "qizhong", "blank-marker", "title-period"], must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年第三季度刑事案件类型构成"], span=5)
    s.row(["案件类型", "数量（起）", "占比(%)", "去年同期（起）", "同比(%)"])
    rows = [("刑事案件立案总数", "刑事案件立案总数", 168, 197), ("其中：盗窃", "盗窃", 52, 71),
            ("　　　诈骗", "诈骗", 61, 68), ("　　　故意伤害", "故意伤害", 9, 8), ("　　　抢劫", "抢劫", 1, 0),
            ("　　　其他", "其他", 45, 50)]
    for label, ind, a, b in rows:
        s.row([label, fig(a, ind, DP, "2024Q3"), fig(rate(a, 168), ind, DP, "2024Q3", "share_pct"),
               fig(b, ind, DP, "2023Q3"), change(a, b, ind, DP, "2024Q3")])
    return d


# ---------------------------------------------------------------- table far down and right

@hold
def school_offset_far() -> Doc:
    d = Doc("2024年9月校园安全检查情况表.xlsx", "poi", ["header", "context", "container"],
            "The table starts at D6: 附件1 in A1, a filling instruction in D3, title in D4, 填报单位 in D5; a Java "
            "export (inline strings); units in the headers; 合计 row; region of the title is the district",
            tags=["xlsx-poi-inline", "offset-table", "attachment-line", "total-row", "title-period"],
            must={"context_used"})
    s = d.sheet("sheet1")
    s.row(["附件1"])
    s.blank()
    s.row([None, None, None, "（此表由各街道于每月5日前报送新区教育局）"])
    s.row([None, None, None, "大鹏新区2024年9月校园及周边安全检查情况表"])
    s.row([None, None, None, "填报单位：大鹏新区教育和卫生健康局"])
    inds = ["检查学校", "发现隐患", "整改隐患", "应急演练", "护学岗"]
    s.row([None, None, None, "街道", "检查学校（所）", "发现隐患（处）", "整改隐患（处）", "应急演练（场次）",
           "护学岗（人次）"])
    rows = [(18, 23, 21, 18, 1240), (14, 17, 17, 14, 980), (9, 11, 10, 9, 620)]
    per = month(2024, 9)
    for (name, code), v in zip(STREETS, rows, strict=True):
        s.row([None, None, None, name, *vals(list(v), inds, code, per)])
    s.row([None, None, None, "合计", *vals(sums(rows), inds, DP, per)])
    return d


# ---------------------------------------------------------------- 年度目标 beside 当月 and 累计

@hold
def target_month_ytd() -> Doc:
    d = Doc("大鹏新区2024年10月平安建设重点指标推进表.xlsx", "openpyxl", ["two_level", "context", "rows"],
            "指标 | 年度目标 | 当月 | 累计 | 完成进度(%): target of 2024, the October value, the Jan–Oct value "
            "(2024YTD10) and attainment_pct of the year to date; numbered （一）（二） rows; a 备注 column",
            tags=["xlsx-openpyxl", "plan-actual", "numbered-rows", "note-col", "title-period"],
            must={"context_used"})
    s = d.sheet("推进表")
    s.row(["大鹏新区2024年10月平安建设重点指标推进表"], span=6)
    s.row(["指标", "年度目标", "当月", "累计", "完成进度(%)", "备注"])
    rows = [("（一）矛盾纠纷排查化解（宗）", "矛盾纠纷排查化解", 1200, 108, 1037, None),
            ("（二）重点人员走访（人次）", "重点人员走访", 9000, 911, 8467, "含节日集中走访"),
            ("（三）平安创建宣传（场次）", "平安创建宣传", 150, 12, 131, None),
            ("（四）出租屋巡查（栋次）", "出租屋巡查", 60000, 5512, 51024, None),
            ("（五）见义勇为宣传进社区（场次）", "见义勇为宣传进社区", 25, 4, 27, "已超额完成")]
    for label, ind, plan, m, y, note in rows:
        s.row([label, fig(plan, ind, DP, "2024", "target"), fig(m, ind, DP, month(2024, 10)),
               fig(y, ind, DP, ytd(2024, 10)), fig(rate(y, plan), ind, DP, ytd(2024, 10), "attainment_pct"), note])
    return d
