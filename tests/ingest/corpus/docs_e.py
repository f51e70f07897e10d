"""Hold-out corpus, part E: rows with meaning, regions, cell text, and the deliberate faults.

Conventions: see docs_d.py's docstring and README.md ("Hold-out conventions").
"""

from __future__ import annotations

from .docs_a import sums, vals
from .docs_d import STREETS, arrow, hold, rate
from .model import DP, DPB, KY, NA, Doc, change, fig, month, pct, ytd
from .writers import Blank, Stray

# ---------------------------------------------------------------- faults: totals

@hold
def petition_total_col_fault_xls() -> Doc:
    d = Doc("大鹏新区2024年9月信访情况（分街道）.xls", "xls", ["regions", "rows", "container"],
            "Regions as columns (葵涌街道 大鹏街道 南澳街道 | 全区合计); FAULT: 全区合计 of 网上信访 is 68, the "
            "streets add up to 66", tags=["xls-biff8", "regions-as-columns", "total-col", "fault", "title-period"],
            must={"context_used", "total_mismatch"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年9月信访情况统计（分街道）"], span=5)
    s.row(["项目", "葵涌街道", "大鹏街道", "南澳街道", "全区合计"])
    rows = [("来访批次", "来访批次", (17, 11, 8), 0), ("来访人次", "来访人次", (38, 22, 15), 0),
            ("来信（件）", "来信", (6, 4, 1), 0), ("网上信访（件）", "网上信访", (31, 21, 14), 2),
            ("集体访（批次）", "集体访", (2, 1, 0), 0)]
    per = month(2024, 9)
    for label, ind, v, err in rows:
        s.row([label, *[fig(x, ind, code, per) for x, code in zip(v, (KY, DPB, NA), strict=True)],
               fig(sum(v) + err, ind, DP, per)])
    return d


@hold
def station_subtotal_fault() -> Doc:
    d = Doc("各派出所辖区社区治安情况_2024年第三季度.xlsx", "xlsxwriter", ["rows", "regions"],
            "派出所 written once at the head of its group (not merged), communities in the next column, a 小计 row "
            "per 派出所 (the station: added under its 办事处, communities under their 办事处) and a 总计 row (the "
            "district); FAULT: 大鹏派出所 小计 of 治安警情 is 5 too high",
            tags=["xlsx-xlsxwriter", "subtotal", "police-stations", "communities", "fault", "title-period"],
            must={"context_used", "total_mismatch"})
    groups = [("葵涌派出所", KY, [("葵涌社区", 21, 64, 38), ("三溪社区", 12, 35, 22), ("土洋社区", 9, 28, 17),
                                  ("官湖社区", 7, 22, 15)]),
              ("大鹏派出所", DPB, [("王母社区", 17, 51, 33), ("大鹏社区", 15, 47, 29), ("鹏城社区", 8, 26, 14)]),
              ("南澳派出所", NA, [("南澳社区", 14, 43, 26), ("东涌社区", 3, 12, 6), ("西涌社区", 5, 19, 9)])]
    for station, code, comms in groups:
        d.add_regions(code, "police_station", [station])
        d.add_regions(code, "community", [c[0] for c in comms])
    s = d.sheet("三季度")
    s.row(["大鹏公安分局2024年第三季度各派出所辖区治安情况"], span=5)
    inds = ["刑事警情", "治安警情", "纠纷警情"]
    s.row(["派出所", "社区", *inds])
    total = [0, 0, 0]
    for station, _, comms in groups:
        for k, (name, *v) in enumerate(comms):
            s.row([station if k == 0 else None, name, *vals(v, inds, name, "2024Q3")])
        sub = sums([c[1:] for c in comms])
        total = [a + b for a, b in zip(total, sub, strict=True)]
        if station == "大鹏派出所":
            sub[1] += 5
        s.row([None, "小计", *vals(sub, inds, station, "2024Q3")])
    s.row(["总计", None, *vals(total, inds, DP, "2024Q3")])
    return d


@hold
def indicator_subtotal_fault() -> Doc:
    d = Doc("大鹏新区2024年第二季度治安案件查处情况.xlsx", "openpyxl", ["rows", "two_level"],
            "类别 merged down over its items, each group closed by a 小计 row (the group's own figure: indicator = "
            "the group label); 本季度 | 去年同期 | 同比(%); FAULT: the 治安案件 小计 says 208, its items add up to 203 "
            "(its 同比 is computed from the written 208)",
            tags=["xlsx-openpyxl", "subtotal", "merged-row-category", "fault", "title-period"],
            must={"context_used", "total_mismatch"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年第二季度治安案件查处情况"], span=5)
    s.row(["类别", "项目", "本季度", "去年同期", "同比(%)"])
    groups = [("受理治安案件", [("赌博", 41, 52), ("卖淫嫖娼", 12, 19), ("殴打他人", 87, 94), ("盗窃", 63, 71)], 5),
              ("处罚人数", [("行政拘留", 61, 73), ("罚款", 112, 125), ("警告", 34, 29)], 0)]
    for group, items, err in groups:
        first = len(s.rows)
        for k, (item, a, b) in enumerate(items):
            ind = f"{group} / {item}"
            s.row([group if k == 0 else None, item, fig(a, ind, DP, "2024Q2"), fig(b, ind, DP, "2023Q2"),
                   change(a, b, ind, DP, "2024Q2")])
        a, b = sum(i[1] for i in items) + err, sum(i[2] for i in items)
        s.row([None, "小计", fig(a, group, DP, "2024Q2"), fig(b, group, DP, "2023Q2"),
               change(a, b, group, DP, "2024Q2")])
        s.merge(first, 0, first + len(items), 0)
    return d


# ---------------------------------------------------------------- faults: changes

@hold
def fire_arrows_fault() -> Doc:
    d = Doc("大鹏新区2024年1-8月火灾情况.xlsx", "openpyxl", ["cell_text", "rows", "context"],
            "1—8月 in the title, 1-8月 in the header (2024YTD08); 同比 written ▲10.5% / ▼11.3% / 持平; ▼100.0% for a "
            "fall to 0; FAULT: 电动自行车火灾 ▼25.0% while 9 vs 14 is -35.7 %",
            tags=["xlsx-openpyxl", "arrows", "qizhong", "fault", "title-period"],
            must={"context_used", "change_mismatch"})
    s = d.sheet("火灾")
    s.row(["大鹏新区2024年1—8月火灾情况通报"], span=4)
    s.row(["指标", "1-8月", "去年同期", "同比"])
    rows = [("火灾起数（起）", "火灾起数", 63, 71, None), ("  其中：住宅火灾（起）", "住宅火灾", 21, 19, None),
            ("  电动自行车火灾（起）", "电动自行车火灾", 9, 14, -25.0), ("死亡（人）", "死亡", 0, 1, None),
            ("受伤（人）", "受伤", 2, 2, None), ("直接财产损失（万元）", "直接财产损失", 38.6, 52.4, None)]
    cur, prev = ytd(2024, 8), ytd(2023, 8)
    for label, ind, a, b, wrong in rows:
        v = pct(a, b) if wrong is None else wrong
        s.row([label, fig(a, ind, DP, cur), fig(b, ind, DP, prev), fig(arrow(v), ind, DP, cur, "yoy_pct", v)])
    return d


@hold
def satisfaction_pp_fault() -> Doc:
    d = Doc("大鹏新区2024年上半年平安建设群众满意度测评.xlsx", "xlsxwriter", ["two_level", "cell_text"],
            "Rates in two period columns (2024年上半年 | 2023年上半年) and 同比（个百分点） → yoy_pp, one negative; "
            "FAULT: 扫黑除恶满意率 written +2.1 while 96.4 vs 95.0 is +1.4 points",
            tags=["xlsx-xlsxwriter", "percentage-points", "fault", "title-period"],
            must={"context_used", "change_mismatch"})
    s = d.sheet("测评")
    s.row(["大鹏新区2024年上半年平安建设群众满意度测评结果"], span=4)
    s.row(["测评项目", "2024年上半年", "2023年上半年", "同比（个百分点）"])
    rows = [("群众安全感（%）", "群众安全感", 98.6, 98.1, None),
            ("政法工作满意度（%）", "政法工作满意度", 95.3, 94.1, None),
            ("扫黑除恶知晓率（%）", "扫黑除恶知晓率", 97.2, 96.8, None),
            ("扫黑除恶满意率（%）", "扫黑除恶满意率", 96.4, 95.0, 2.1),
            ("见义勇为知晓率（%）", "见义勇为知晓率", 88.7, 90.2, None)]
    for label, ind, a, b, wrong in rows:
        v = round(a - b, 1) if wrong is None else wrong
        shown = f"+{v}" if v > 0 else str(v)
        s.row([label, fig(a, ind, DP, "2024H1"), fig(b, ind, DP, "2023H1"), fig(shown, ind, DP, "2024H1", "yoy_pp", v)])
    return d


# ---------------------------------------------------------------- faults: parts, stray text

@hold
def circled_parts_fault() -> Doc:
    d = Doc("葵涌办事处2024年8月矛盾纠纷分类统计.xlsx", "wps", ["rows", "cell_text", "container"],
            "A total row followed by its parts numbered ①…⑤ (no 其中); 件数 | 调处成功 | 成功率（%）; WPS; FAULT: the "
            "parts add up to 56 cases (and 54 resolved), above the total 52 (50)",
            tags=["xlsx-wps", "circled-numbers", "fault", "title-region", "title-period"],
            must={"context_used", "parts_above_total_ind"})
    s = d.sheet("8月")
    s.row(["葵涌办事处2024年8月矛盾纠纷分类统计"], span=4)
    cols = ["件数", "调处成功", "成功率"]
    s.row(["纠纷类型", "件数", "调处成功", "成功率（%）"])
    rows = [("矛盾纠纷总数", "矛盾纠纷总数", 52, 50), ("①婚姻家庭", "婚姻家庭", 9, 9),
            ("②邻里关系", "邻里关系", 14, 14), ("③劳资纠纷", "劳资纠纷", 16, 15), ("④土地山林", "土地山林", 7, 6),
            ("⑤合同纠纷", "合同纠纷", 10, 10)]
    for label, ind, a, b in rows:
        s.row([label, *vals([a, b, rate(b, a)], [f"{ind} / {c}" for c in cols], KY, month(2024, 8))])
    return d


@hold
def food_drug_stray_fault() -> Doc:
    d = Doc("大鹏新区2024年三季度食品药品安全监管情况.xlsx", "openpyxl", ["cell_text", "regions", "context"],
            "2024年三季度 (no 第) in the title; regions as columns (葵涌街道 大鹏街道 南澳街道 合计); money in 万元; "
            "FAULT: 见附件 typed in 南澳's 发现问题 cell (its 合计 is still given)",
            tags=["xlsx-openpyxl", "regions-as-columns", "total-col", "fault", "title-period"],
            must={"context_used", "text_in_number"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年三季度食品药品安全监管情况"], span=5)
    s.row(["监管项目", "葵涌街道", "大鹏街道", "南澳街道", "合计"])
    rows = [("检查食品经营单位（家次）", "检查食品经营单位", (412, 338, 296), 1046),
            ("发现问题（个）", "发现问题", (37, 29, Stray("见附件")), 92),
            ("立案查处（宗）", "立案查处", (4, 3, 2), 9), ("罚没款（万元）", "罚没款", (3.6, 2.1, 1.8), 7.5),
            ("药品零售企业检查（家次）", "药品零售企业检查", (46, 38, 21), 105),
            ("食品抽检（批次）", "食品抽检", (120, 96, 84), 300)]
    for label, ind, v, total in rows:
        cells = [x if isinstance(x, Stray) else fig(x, ind, code, "2024Q3")
                 for x, code in zip(v, (KY, DPB, NA), strict=True)]
        s.row([label, *cells, fig(total, ind, DP, "2024Q3")])
    return d


# ---------------------------------------------------------------- faults: unknown regions

@hold
def unknown_grids() -> Doc:
    d = Doc("葵涌社区各网格2024年9月事件处置情况.xlsx", "openpyxl", ["regions", "rows"],
            "Rows are grid cells (网格) NOT in the catalogue and not added: must be reported as unknown regions, "
            "never put under 葵涌 or the district; the 合计 row is 葵涌社区 (also unknown), from the title",
            tags=["xlsx-openpyxl", "grids", "unknown-region", "fault", "total-row"],
            must={"context_used", "unknown_region"})
    s = d.sheet("Sheet1")
    s.row(["葵涌办事处葵涌社区各网格2024年9月事件处置情况"], span=5)
    inds = ["巡查", "上报事件", "办结", "办结率"]
    s.row(["网格", "巡查（次）", "上报事件（件）", "办结（件）", "办结率（%）"])
    rows = [(62, 88, 86), (58, 71, 71), (55, 94, 90), (61, 66, 65), (49, 102, 99), (53, 91, 87)]
    per = month(2024, 9)
    for k, (a, b, c) in enumerate(rows, start=1):
        name = f"葵涌社区第{k:02d}网格"
        s.row([name, *vals([a, b, c, rate(c, b)], inds, name, per)])
    a, b, c = sums(rows)
    s.row(["合计", *vals([a, b, c, rate(c, b)], inds, "葵涌社区", per)])
    return d


@hold
def unknown_stations_poi() -> Doc:
    d = Doc("派出所110接报警情统计_202409.xlsx", "poi", ["regions", "container", "context"],
            "Apache POI export; rows are 派出所 NOT in the catalogue and not added (大鹏派出所 must not be read as "
            "大鹏办事处 or the district): unknown regions; the 合计 row is the district (大鹏公安分局 in the title); "
            "period in the title and as 202409 in the file name",
            tags=["xlsx-poi-inline", "police-stations", "unknown-region", "fault", "total-row", "filename-period"],
            must={"context_used", "unknown_region"})
    s = d.sheet("sheet0")
    s.row(["大鹏公安分局2024年9月各派出所110接报警情统计"])
    inds = ["接报警情", "刑事", "治安", "交通", "纠纷", "求助"]
    s.row(["派出所", *inds])
    rows = [("葵涌派出所", (21, 64, 131, 52, 48)), ("大鹏派出所", (15, 47, 98, 41, 37)),
            ("南澳派出所", (11, 35, 79, 29, 31)), ("西涌派出所", (3, 9, 22, 6, 11))]
    per = month(2024, 9)
    full = [[sum(v), *v] for _, v in rows]
    for (name, _), v in zip(rows, full, strict=True):
        s.row([name, *vals(v, inds, name, per)])
    s.row(["合计", *vals(sums(full), inds, DP, per)])
    return d


# ---------------------------------------------------------------- rows: note row inside the table

@hold
def special_groups_note_row() -> Doc:
    d = Doc("大鹏新区特殊人群服务管理情况（截至2024年9月底）.xlsx", "openpyxl", ["rows", "context"],
            "Stock figures as of 截至2024年9月底 (2024-09); a 注： row between two data rows (a note, not a row of "
            "figures; the rows after it are still data); 全区合计 row; catalogue label 在册精神障碍患者",
            tags=["xlsx-openpyxl", "note-row-inside", "as-of-date", "total-row-quanqu"],
            must={"context_used", "batch_note"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区特殊人群服务管理情况（截至2024年9月底）"], span=5)
    inds = ["社区矫正对象", "安置帮教对象", "在册精神障碍患者", "在册吸毒人员"]
    s.row(["街道", "社区矫正对象（人）", "安置帮教对象（人）", "在册精神障碍患者（人）", "在册吸毒人员（人）"])
    rows = {KY: (41, 134, 271, 106), DPB: (26, 98, 199, 80), NA: (18, 89, 145, 63)}
    per = month(2024, 9)
    for name, code in STREETS:
        if code == NA:
            s.row(["注：南澳街道数据截至9月25日，含当月新接收人员。"], span=5)
        s.row([name, *vals(list(rows[code]), inds, code, per)])
    s.row(["全区合计", *vals(sums(list(rows.values())), inds, DP, per)])
    return d


# ---------------------------------------------------------------- cell text: spaces and full-width digits

@hold
def population_text_numbers() -> Doc:
    d = Doc("大鹏办事处2024年8月人口管理情况.xlsx", "wps", ["cell_text", "regions", "container"],
            "Numbers typed as text the way offices type them: 6 842 (space as thousands separator), full-width "
            "４２１５ and １，２０３ (full-width comma), ' 2871 ' padded; units 人 户 栋 in the headers; communities "
            "added under 大鹏办事处; 合计 is the subdistrict",
            tags=["xlsx-wps", "numbers-as-text", "space-thousands", "fullwidth", "padded", "communities",
                  "total-row", "title-region"], must={"context_used"})
    names = ["大鹏社区", "王母社区", "鹏城社区", "布新社区", "岭澳社区"]
    d.add_regions(DPB, "community", names)
    s = d.sheet("Sheet1")
    s.row(["大鹏办事处2024年8月人口管理情况"], span=5)
    inds = ["户籍人口", "户籍户数", "流动人口", "出租屋"]
    s.row(["社区", "户籍人口（人）", "户籍户数（户）", "流动人口（人）", "出租屋（栋）"])
    rows = [(("6 842", 6842), 2310, ("14 207", 14207), 903),
            (("４２１５", 4215), ("１，４２６", 1426), 12336, 811),
            ((" 3560 ", 3560), ("１，２０３", 1203), ("9 918", 9918), ("７０２", 702)),
            ((" 2871 ", 2871), 968, 5460, 388),
            (1934, 655, ("3 127", 3127), 219)]
    per = month(2024, 8)
    for name, v in zip(names, rows, strict=True):
        s.row([name, *vals(list(v), inds, name, per)])
    plain = [[x[1] if isinstance(x, tuple) else x for x in v] for v in rows]
    t = sums(plain)
    s.row(["合计", *vals([(f"{t[0]:,}".replace(",", " "), t[0]), t[1], (f"{t[2]:,}".replace(",", " "), t[2]), t[3]],
                         inds, DPB, per)])
    return d


# ---------------------------------------------------------------- cell text: — and / with numbered footnotes

@hold
def homicide_footnotes() -> Doc:
    d = Doc("大鹏新区2024年上半年命案防控工作情况.xlsx", "xlsxwriter", ["cell_text", "context", "header"],
            "同比 — where last year's figure is 0, / where not applicable (a rate with no cases last year); labels "
            "carry footnote marks （注1）（注2） besides units; footnotes 注1 注2 under the table; 备注 column",
            tags=["xlsx-xlsxwriter", "blank-marker", "na-slash", "footnote-numbered", "note-col", "title-period"],
            must={"context_used", "batch_note"})
    s = d.sheet("命案防控")
    s.row(["大鹏新区2024年上半年命案防控工作情况"], span=5)
    s.row(["项目", "2024年上半年", "去年同期", "同比(%)", "备注"])
    cur, prev = "2024H1", "2023H1"
    s.row(["命案（起）（注1）", fig(1, "命案", DP, cur), fig(0, "命案", DP, prev), Blank("—"), "已破"])
    s.row(["命案破案率（%）", fig(100, "命案破案率", DP, cur), Blank("/"), Blank("/"), None])
    for label, ind, a, b in [("排查化解涉命案风险矛盾纠纷（件）", "排查化解涉命案风险矛盾纠纷", 186, 164),
                             ("家庭暴力警情（起）", "家庭暴力警情", 23, 31)]:
        s.row([label, fig(a, ind, DP, cur), fig(b, ind, DP, prev), change(a, b, ind, DP, cur), None])
    ind = "重点精神障碍患者管控率"
    s.row(["重点精神障碍患者管控率（%）（注2）", fig(100, ind, DP, cur), fig(100, ind, DP, prev), Blank("/"),
           "持续保持"])
    s.row(["注1：命案含故意杀人、故意伤害致死等案件。"], span=5)
    s.row(["注2：管控率=已落实管控措施的重点患者数/重点患者总数×100%。"], span=5)
    return d


# ---------------------------------------------------------------- annual with 比上年增减 in two units (.xls)

@hold
def review_annual_xls() -> Doc:
    d = Doc("2024年度行政复议工作统计.xls", "xls", ["two_level", "cell_text", "container"],
            "2024年 | 2023年 | 比上年增减（件） (change_abs) | 比上年增减（%） (yoy_pct); for the 纠错率 row the 件 "
            "column is / and the % column says 提高2.5个百分点 (yoy_pp: the cell's own unit wins); BIFF8 .xls",
            tags=["xls-biff8", "change-abs", "change-text", "na-slash", "years-as-columns", "year-du"],
            must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年度行政复议案件统计"], span=5)
    s.row(["项目", "2024年", "2023年", "比上年增减（件）", "比上年增减（%）"])
    for label, ind, a, b in [("收到行政复议申请（件）", "收到行政复议申请", 58, 46), ("受理（件）", "受理", 51, 40),
                             ("审结（件）", "审结", 47, 39), ("直接纠错（件）", "直接纠错", 6, 4),
                             ("行政应诉案件（件）", "行政应诉案件", 14, 17)]:
        s.row([label, fig(a, ind, DP, "2024"), fig(b, ind, DP, "2023"), fig(a - b, ind, DP, "2024", "change_abs"),
               change(a, b, ind, DP, "2024")])
    ind = "纠错率"
    a, b = rate(6, 47), rate(4, 39)
    s.row(["纠错率（%）", fig(a, ind, DP, "2024"), fig(b, ind, DP, "2023"), Blank("/"),
           fig(f"提高{round(a - b, 1)}个百分点", ind, DP, "2024", "yoy_pp", round(a - b, 1))])
    return d


# ---------------------------------------------------------------- 占全区比重 by region

@hold
def petition_share_regions() -> Doc:
    d = Doc("2024年1-9月各街道信访总量及占比.xlsx", "openpyxl", ["header", "regions", "rows"],
            "信访总量 | 占全区比重（%） (share_pct of each street in the district; 全区 row 100) | 同期数 "
            "(2023YTD09) | 增减幅（%） (yoy_pct); 全区 is the district",
            tags=["xlsx-openpyxl", "share", "total-row-quanqu", "title-period"], must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["2024年1-9月各街道信访总量及占比情况"], span=5)
    s.row(["街道", "信访总量（件次）", "占全区比重（%）", "同期数", "增减幅（%）"])
    rows = [("葵涌街道", KY, 486, 512), ("大鹏街道", DPB, 342, 355), ("南澳街道", NA, 258, 241)]
    total = sum(r[2] for r in rows)
    rows.append(("全区", DP, total, sum(r[3] for r in rows)))
    ind, cur, prev = "信访总量", ytd(2024, 9), ytd(2023, 9)
    for name, code, a, b in rows:
        s.row([name, fig(a, ind, code, cur), fig(rate(a, total), ind, code, cur, "share_pct"),
               fig(b, ind, code, prev), change(a, b, ind, code, cur)])
    return d


# ---------------------------------------------------------------- 任务数 / 完成进度 with catalogue labels

@hold
def antigang_tasks() -> Doc:
    d = Doc("2024年扫黑除恶常态化工作任务推进表.xlsx", "xlsxwriter", ["two_level", "context"],
            "任务数 (target of 2024) | 1-9月完成 (2024YTD09) | 完成进度（%） (attainment_pct); catalogue labels "
            "打掉涉恶犯罪团伙 and 抓获涉恶犯罪嫌疑人; region from 填报单位 (新区扫黑办 → district); 序号 一 二 三",
            tags=["xlsx-xlsxwriter", "plan-actual", "filler-region", "serial-col"], must={"context_used"})
    s = d.sheet("推进表")
    s.row(["2024年扫黑除恶常态化工作任务推进表"], span=5)
    s.row(["填报单位：大鹏新区扫黑除恶斗争领导小组办公室", None, None, "截至日期：2024年9月30日"])
    s.row(["序号", "工作任务", "任务数", "1-9月完成", "完成进度（%）"])
    rows = [("排查涉黑涉恶线索（条）", "排查涉黑涉恶线索", 40, 33),
            ("打掉涉恶犯罪团伙（个）", "打掉涉恶犯罪团伙", 3, 2),
            ("抓获涉恶犯罪嫌疑人（人）", "抓获涉恶犯罪嫌疑人", 30, 26),
            ("开展扫黑除恶宣传（场次）", "开展扫黑除恶宣传", 48, 41),
            ("行业领域专项整治（个）", "行业领域专项整治", 6, 6)]
    for k, (label, ind, plan, done) in enumerate(rows):
        s.row(["一二三四五"[k], label, fig(plan, ind, DP, "2024", "target"), fig(done, ind, DP, ytd(2024, 9)),
               fig(rate(done, plan), ind, DP, ytd(2024, 9), "attainment_pct")])
    return d


# ---------------------------------------------------------------- 环比 in points and in percent, with arrows

@hold
def hotline_mom_pp() -> Doc:
    d = Doc("大鹏新区2024年9月12345热线考核指标.xlsx", "openpyxl", ["two_level", "cell_text"],
            "本月 | 上月 | 环比: 环比 written ↑1.4个百分点 / ↓0.8个百分点 for rates (mom_pp) and ↓10.9% for a count "
            "(mom_pct): the cell's unit decides the measure", tags=["xlsx-openpyxl", "arrows", "percentage-points",
                                                                   "current-previous", "title-period"],
            must={"context_used"})
    s = d.sheet("考核")
    s.row(["大鹏新区2024年9月12345热线考核指标"], span=4)
    s.row(["指标", "本月", "上月", "环比"])
    cur, prev = month(2024, 9), month(2024, 8)
    rows = [("受理量（件）", "受理量", 2766, 3104, "%"), ("按时办结率（%）", "按时办结率", 97.9, 96.5, "pp"),
            ("群众满意率（%）", "群众满意率", 93.2, 94.0, "pp"), ("回访率（%）", "回访率", 85.0, 85.0, "pp")]
    for label, ind, a, b, unit in rows:
        if unit == "%":
            v, meas = pct(a, b), "mom_pct"
            text = arrow(v, "↑", "↓")
        else:
            v, meas = round(a - b, 1), "mom_pp"
            text = arrow(v, "↑", "↓", "个百分点")
        s.row([label, fig(a, ind, DP, cur), fig(b, ind, DP, prev), fig(text, ind, DP, cur, meas, v)])
    return d


# ---------------------------------------------------------------- total row first, parts with 内：

@hold
def total_first_rows() -> Doc:
    d = Doc("大鹏新区2024年1-6月安全生产事故情况.xlsx", "xlsxwriter", ["rows", "regions", "context"],
            "全区合计 row FIRST, the 办事处 after it; a part column 内：工贸企业事故 (part of 事故起数); 单位 "
            "column of 办事处 names; 1-6月 = 2024YTD06",
            tags=["xlsx-xlsxwriter", "total-row-first", "nei-part", "qizhong-columns", "unit-header-is-region",
                  "title-period"], must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年1-6月生产安全事故情况"], span=5)
    inds = ["事故起数", "工贸企业事故", "死亡人数", "直接经济损失"]
    s.row(["单位", "事故起数（起）", "内：工贸企业事故（起）", "死亡人数（人）", "直接经济损失（万元）"])
    rows = {KY: (4, 2, 1, 38.2), DPB: (2, 1, 0, 11.5), NA: (1, 0, 0, 6.8)}
    per = ytd(2024, 6)
    t = [sum(v[k] for v in rows.values()) for k in range(4)]
    t[3] = round(t[3], 1)
    s.row(["全区合计", *vals(t, inds, DP, per)])
    for name, code in [("葵涌办事处", KY), ("大鹏办事处", DPB), ("南澳办事处", NA)]:
        s.row([name, *vals(list(rows[code]), inds, code, per)])
    return d


# ---------------------------------------------------------------- per-mille rates

@hold
def permille_rates() -> Doc:
    d = Doc("2024年上半年各街道千人刑事发案率.xlsx", "xlsxwriter", ["cell_text", "header", "regions"],
            "A rate in per mille: 千人刑事发案率（‰） holds 3.45 (the figure as written, in ‰, not converted to %), "
            "one cell typed as text 3.35‰; population in 万人 with two decimals; 合计 row is the district",
            tags=["xlsx-xlsxwriter", "permille", "percent-text", "total-row", "title-period"], must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年上半年各街道千人刑事发案率"], span=4)
    inds = ["常住人口", "刑事立案", "千人刑事发案率"]
    s.row(["街道", "常住人口（万人）", "刑事立案（起）", "千人刑事发案率（‰）"])
    rows = [(6.21, 214), (4.87, 163), (3.52, 118)]
    for (name, code), (pop, cases) in zip(STREETS, rows, strict=True):
        r = round(cases / (pop * 10), 2)
        shown = (f"{r}‰", r) if code == DPB else r
        s.row([name, *vals([pop, cases, shown], inds, code, "2024H1")])
    pop, cases = round(sum(r[0] for r in rows), 2), sum(r[1] for r in rows)
    s.row(["合计", *vals([pop, cases, round(cases / (pop * 10), 2)], inds, DP, "2024H1")])
    return d
