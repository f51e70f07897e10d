"""Corpus files, part A: context above the table, header blocks, two-level headers (xlsx, xls)."""

from __future__ import annotations

from .model import DP, DPB, KY, NA, SUBS, Doc, change, fig, month, pct, ytd
from .writers import Blank, Pct

DOCS: list = []


def doc(fn):
    """Register a file description."""
    DOCS.append(fn)
    return fn


def vals(values: list, inds: list[str], reg: str, per: str, meas: str = "value") -> list:
    """Figure cells of one row: numbers become figures, (shown, value) pairs text figures, blanks stay."""
    out = []
    for v, ind in zip(values, inds, strict=True):
        if v is None or isinstance(v, (Blank, str)) or type(v).__name__ == "Stray":
            out.append(v)
        elif isinstance(v, tuple):
            out.append(fig(v[0], ind, reg, per, meas, v[1]))
        else:
            out.append(fig(v, ind, reg, per, meas))
    return out


def report_row(ind: str, reg: str, y: int, m: int, cm, pm, cy, py, yoy_m=None) -> list:
    """本月数 去年同期 同比(%) | 累计数 去年同期 同比(%) for one indicator."""
    cur, prev, acc, acc_prev = month(y, m), month(y - 1, m), ytd(y, m), ytd(y - 1, m)
    m_chg = change(cm, pm, ind, reg, cur) if yoy_m is None else fig(yoy_m, ind, reg, cur, "yoy_pct")
    return [fig(cm, ind, reg, cur), fig(pm, ind, reg, prev), m_chg,
            fig(cy, ind, reg, acc), fig(py, ind, reg, acc_prev), change(cy, py, ind, reg, acc)]


def sums(rows: list[list]) -> list:
    """Column sums of rows of numbers."""
    return [round(sum(c), 6) if isinstance(c[0], float) else sum(c) for c in zip(*rows, strict=True)]


@doc
def kuiyong_months() -> Doc:
    d = Doc("葵涌办事处2024年各月矛盾纠纷情况.xlsx", "openpyxl", ["context", "rows", "cell_text"],
            "Periods as rows (1月…9月 without a year: year and region only in the merged title); 合计 row is "
            "Jan–Sep (2024YTD09); rates stored as fractions with a percent format; 备注 holds a number in text",
            tags=["xlsx-openpyxl", "periods-as-rows", "title-region", "title-year", "percent-format", "note-col",
                  "footnote"], must={"context_used", "batch_note"})
    s = d.sheet("Sheet1")
    s.row(["葵涌办事处2024年各月矛盾纠纷情况"], span=6)
    s.row([None, None, None, None, None, "单位：宗、人"])
    inds = ["排查矛盾纠纷", "调处成功", "调处成功率", "涉及人数"]
    s.row(["月份", *inds, "备注"])
    found = [41, 37, 52, 48, 55, 46, 58, 61, 49]
    done = [40, 36, 50, 47, 53, 45, 56, 58, 48]
    people = [97, 88, 131, 116, 142, 109, 151, 163, 118]
    notes = {6: "含端午节期间集中排查", 8: "其中涉旅游纠纷12宗"}
    for m in range(1, 10):
        f, k, p = found[m - 1], done[m - 1], people[m - 1]
        s.row([f"{m}月", *vals([f, k, Pct(k / f), p], inds, KY, month(2024, m)), notes.get(m)])
    tf, tk = sum(found), sum(done)
    s.row(["合计", *vals([tf, tk, Pct(tk / tf), sum(people)], inds, KY, ytd(2024, 9)), None])
    s.row(["注：调处成功率=调处成功数/排查矛盾纠纷数。"], span=6)
    s.row(["填报人：王丽", None, None, "联系电话：0755-84201234"])
    return d


@doc
def dp_ytd_situation() -> Doc:
    d = Doc("大鹏新区2024年1-9月社会治安形势统计表.xlsx", "xlsxwriter", ["context", "header", "rows", "cell_text"],
            "Merged title gives region and 1-9月; 填报单位 and 统计时间 (a date that is not the period) above the "
            "header; 序号 column; 其中 parts (one indented with full-width spaces); 同比 — when the base is 0; "
            "两-line 注 footnote", tags=["xlsx-xlsxwriter", "title-region", "title-period", "serial-col", "qizhong",
                                       "note-col", "footnote", "unit-line"],
            must={"context_used", "batch_note"})
    s = d.sheet("社会治安")
    s.row(["大鹏新区2024年1-9月社会治安形势统计表"], span=6)
    s.row(["填报单位：深圳市公安局大鹏分局", None, None, None, "统计时间：2024年10月8日"])
    s.row([None, None, None, None, None, "单位：起、%"])
    s.row(["序号", "指标", "本期", "去年同期", "同比增减(%)", "备注"])
    cur, prev = ytd(2024, 9), ytd(2023, 9)
    rows = [("1", "110刑事治安警情", "110刑事治安警情", 2163, 2412, None),
            ("2", "刑事警情", "刑事警情", 562, 671, None),
            (None, "其中：电信网络诈骗", "电信网络诈骗", 187, 246, "含冒充客服类64起"),
            (None, "　　　盗窃", "盗窃", 141, 178, None),
            ("3", "治安警情", "治安警情", 1601, 1741, None),
            ("4", "八类暴力案件", "八类暴力案件", 6, 9, "均已破案"),
            ("5", "两盗案件", "两盗案件", 118, 152, None),
            ("6", "命案", "命案", 1, 1, None),
            ("7", "群体性事件", "群体性事件", 0, 0, None)]
    for no, label, ind, a, b, note in rows:
        s.row([no, label, fig(a, ind, DP, cur), fig(b, ind, DP, prev), change(a, b, ind, DP, cur), note])
    s.row(["注：1.数据来源于市局警情综合平台；"], span=6)
    s.row(["　　2.刑事警情含电信网络诈骗警情。"], span=6)
    return d


@doc
def dp_march_report() -> Doc:
    d = Doc("大鹏新区2024年3月主要警情统计表.xlsx", "openpyxl", ["context", "two_level", "rows", "header"],
            "The monthly report: 本月 | 本月数 去年同期 同比(%) ‖ 1-3月累计 | 累计数 去年同期 同比(%), 序号/类别/备注 "
            "merged down two header rows; 其中 parts; 备注 notes with digits; 同比 -100.0 on a month that fell to 0",
            tags=["xlsx-openpyxl", "monthly-report", "title-region", "title-period", "serial-col", "qizhong",
                  "note-col", "merged-header"], must={"context_used"})
    s = d.sheet("3月")
    s.row(["大鹏新区2024年3月主要警情统计表"], span=9)
    s.row(["填报单位：深圳市公安局大鹏分局指挥中心"], span=4)
    r = s.row(["序号", "类别", "本月", None, None, "1-3月累计", None, None, "备注"])
    s.row([None, None, "本月数", "去年同期", "同比(%)", "累计数", "去年同期", "同比(%)"])
    for c in (0, 1, 8):
        s.merge(r, c, r + 1, c)
    s.merge(r, 2, r, 4)
    s.merge(r, 5, r, 7)
    data = [("1", "总警情", "总警情", (236, 281, 702, 815), None),
            ("2", "刑事警情", "刑事警情", (62, 77, 181, 226), None),
            (None, "其中：电信网络诈骗", "电信网络诈骗", (21, 30, 63, 88), "含冒充客服类12起"),
            (None, "　　　入室盗窃", "入室盗窃", (5, 4, 14, 17), None),
            ("3", "治安警情", "治安警情", (174, 204, 521, 589), None),
            ("4", "交通警情", "交通警情", (318, 296, 903, 874), "不含高速公路"),
            ("5", "纠纷警情", "纠纷警情", (143, 151, 420, 433), None),
            ("6", "八类暴力案件", "八类暴力案件", (0, 1, 2, 3), None)]
    for no, label, ind, v, note in data:
        s.row([no, label, *report_row(ind, DP, 2024, 3, *v), note])
    return d


@doc
def petition_sheets() -> Doc:
    d = Doc("各街道信访情况统计.xlsx", "xlsxwriter", ["context", "two_level", "rows"],
            "One sheet a month named 2024年2月 / 2024年3月; the title says only 「3月份」 (year from the sheet name); "
            "header of mixed depth: 来访 | 批次 人次 next to 来信(件) merged down; 合计 is the district",
            tags=["xlsx-xlsxwriter", "sheet-period", "multi-sheet", "mixed-depth-header", "total-row"],
            must={"context_used"})
    data = {2: [(14, 31, 5, 27, 1), (9, 19, 3, 18, 0), (6, 11, 2, 12, 0)],
            3: [(17, 38, 6, 31, 2), (11, 22, 4, 21, 1), (8, 15, 1, 14, 0)]}
    inds = ["来访 / 批次", "来访 / 人次", "来信", "网上信访", "集体访"]
    for m, rows in data.items():
        s = d.sheet(f"2024年{m}月")
        s.row([f"{m}月份各街道信访情况统计表"], span=6)
        s.row([None, None, None, None, None, "单位：批次、人次、件"])
        r = s.row(["街道", "来访", None, "来信（件）", "网上信访（件）", "集体访（批次）"])
        s.row([None, "批次", "人次"])
        for c in (0, 3, 4, 5):
            s.merge(r, c, r + 1, c)
        s.merge(r, 1, r, 2)
        for (name, code), v in zip([("葵涌街道", KY), ("大鹏街道", DPB), ("南澳街道", NA)], rows, strict=True):
            s.row([name, *vals(list(v), inds, code, month(2024, m))])
        s.row(["合计", *vals(sums(rows), inds, DP, month(2024, m))])
    return d


@doc
def kuiyong_communities() -> Doc:
    d = Doc("葵涌街道综治中心_矛盾纠纷排查_2024-09.xlsx", "openpyxl", ["context", "regions", "rows"],
            "Period only in the file name (…_2024-09.xlsx); rows are communities (added to the catalogue under "
            "葵涌); 合计 is 葵涌办事处 (from 填报单位), not the district; 序号 column",
            tags=["xlsx-openpyxl", "filename-period", "communities", "total-row", "serial-col"],
            must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["各社区矛盾纠纷排查化解情况"], span=6)
    s.row(["填报单位：葵涌街道综治中心", None, None, None, None, "单位：宗"])
    inds = ["排查数", "化解数", "化解率(%)", "正在调处"]
    s.row(["序号", "社区", *inds])
    names = ["葵涌社区", "三溪社区", "溪涌社区", "土洋社区", "官湖社区", "高源社区", "坝光社区", "葵丰社区"]
    d.add_regions(KY, "community", names)
    found, done = [9, 6, 4, 7, 5, 3, 2, 11], [8, 6, 4, 6, 5, 3, 2, 10]
    for k, name in enumerate(names):
        f, o = found[k], done[k]
        s.row([k + 1, name, *vals([f, o, round(o / f * 100, 1), f - o], inds, name, month(2024, 9))])
    tf, to = sum(found), sum(done)
    s.row([None, "合计", *vals([tf, to, round(to / tf * 100, 1), tf - to], inds, KY, month(2024, 9))])
    return d


@doc
def wps_half_year() -> Doc:
    d = Doc("2024年上半年各街道警情.xlsx", "wps", ["container", "header", "context", "rows"],
            "Saved by WPS Office (KSO properties, shared strings, numbers typed as text in one column); first "
            "column headed 单位 holds 办事处 names (a region column, not a unit); 上半年 → 2024H1",
            tags=["xlsx-wps", "unit-header-is-region", "numbers-as-text", "title-period", "total-row"],
            must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年上半年各街道警情统计"], span=6)
    inds = ["总警情", "刑事警情", "治安警情", "交通警情", "纠纷警情"]
    s.row(["单位", *inds])
    rows = [(158, 466, 821, 402), (121, 352, 612, 301), (86, 259, 498, 215)]
    full = [[a + b, a, b, c, e] for a, b, c, e in rows]
    for (name, code), v in zip(SUBS, full, strict=True):
        shown = [v[0], v[1], v[2], (str(v[3]), v[3]), v[4]]
        s.row([name, *vals(shown, inds, code, "2024H1")])
    s.row(["合计", *vals(sums(full), inds, DP, "2024H1")])
    return d


@doc
def annual_units() -> Doc:
    d = Doc("大鹏新区平安建设主要指标完成情况（2024年）.xlsx", "openpyxl", ["header", "cell_text", "context"],
            "单位 column holds units (起 % 人), not regions; years as columns; 增减情况 written as text: 增长18%, "
            "减少4起, 持平, 提高2.6个百分点, 下降1.5个百分点, 减少7人; region only from 填报单位",
            tags=["xlsx-openpyxl", "unit-col", "change-text", "years-as-columns", "filler-region"],
            must={"context_used"})
    s = d.sheet("主要指标")
    s.row(["大鹏新区平安建设主要指标完成情况"], span=7)
    s.row(["填报单位：大鹏新区政法办", None, None, None, None, "2025年1月10日"])
    s.row(["序号", "指标名称", "单位", "2023年", "2024年", "增减情况", "备注"])
    rows = [("刑事警情", "起", 640, 755, ("增长18%", 18.0, "yoy_pct"), "含网络警情"),
            ("八类暴力案件", "起", 9, 5, ("减少4起", -4, "change_abs"), None),
            ("命案", "起", 2, 2, ("持平", 0, "yoy_pct"), None),
            ("政法工作满意度", "%", 92.3, 94.9, ("提高2.6个百分点", 2.6, "yoy_pp"), "第三方测评"),
            ("矛盾纠纷调处成功率", "%", 98.2, 96.7, ("下降1.5个百分点", -1.5, "yoy_pp"), None),
            ("在册社区矫正对象", "人", 92, 85, ("减少7人", -7, "change_abs"), None),
            ("重新犯罪率", "%", 0.12, 0.08, ("下降0.04个百分点", -0.04, "yoy_pp"), None),
            ("电信网络诈骗立案", "起", 312, 256, ("下降17.9%", -17.9, "yoy_pct"), None)]
    for k, (ind, unit, a, b, (text, v, meas), note) in enumerate(rows):
        s.row([k + 1, ind, unit, fig(a, ind, DP, "2023"), fig(b, ind, DP, "2024"),
               fig(text, ind, DP, "2024", meas, v), note])
    return d


@doc
def plan_attainment() -> Doc:
    d = Doc("2024年1-9月平安建设重点任务完成情况.xls", "xls", ["two_level", "context", "container"],
            "计划/完成/完成率: 全年计划 is the 2024 target, 1-9月完成 the Jan–Sep value, 完成率 attainment; one "
            "task above 100 %; legacy BIFF8 .xls written by LibreOffice",
            tags=["xls-biff8", "plan-actual", "title-period", "serial-col", "note-col"], must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年1-9月平安建设重点任务完成情况"], span=6)
    s.row([None, None, None, None, None, "单位：次、场、人、份、%"])
    s.row(["序号", "工作任务", "全年计划", "1-9月完成", "完成率(%)", "备注"])
    rows = [("开展平安创建宣传活动", 120, 96, None), ("矛盾纠纷排查", 360, 287, None),
            ("重点人员走访", 4800, 3912, None), ("派发法治宣传资料", 50000, 41280, None),
            ("组织禁毒宣传进社区", 36, 38, "超额完成"), ("网格员培训", 12, 9, "第四季度集中开展")]
    for k, (ind, plan, done, note) in enumerate(rows):
        s.row([k + 1, ind, fig(plan, ind, DP, "2024", "target"), fig(done, ind, DP, ytd(2024, 9)),
               fig(round(done / plan * 100, 1), ind, DP, ytd(2024, 9), "attainment_pct"), note])
    return d


@doc
def nanao_quarter_mom() -> Doc:
    d = Doc("南澳办事处2024年第三季度安全隐患排查整治情况.xlsx", "xlsxwriter", ["two_level", "context"],
            "本期/上期/环比 for a quarter: 本期 2024Q3, 上期 2024Q2, 环比 mom_pct; labels carry units in brackets; "
            "说明 column of row notes", tags=["xlsx-xlsxwriter", "current-previous", "title-region", "note-col"],
            must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["南澳办事处2024年第三季度安全隐患排查整治情况"], span=5)
    s.row(["项目", "本期", "上期", "环比(%)", "说明"])
    rows = [("排查安全隐患（处）", "排查安全隐患", 212, 187, None),
            ("整改安全隐患（处）", "整改安全隐患", 198, 176, None),
            ("出租屋巡查（栋次）", "出租屋巡查", 1460, 1388, "含民宿"),
            ("三小场所检查（家次）", "三小场所检查", 326, 352, "受台风“摩羯”影响"),
            ("发现消防隐患（处）", "发现消防隐患", 87, 95, None)]
    for label, ind, a, b, note in rows:
        s.row([label, fig(a, ind, NA, "2024Q3"), fig(b, ind, NA, "2024Q2"),
               fig(pct(a, b), ind, NA, "2024Q3", "mom_pct"), note])
    return d


@doc
def stacked_police() -> Doc:
    d = Doc("大鹏公安分局2024年上半年案件办理情况.xlsx", "openpyxl", ["rows", "regions", "context"],
            "Two tables stacked in one sheet, each with its own caption (表一/表二) and header; rows are police "
            "stations (added to the catalogue); 合计 is the district; period 上半年 in the sheet title",
            tags=["xlsx-openpyxl", "stacked-tables", "police-stations", "total-row", "title-period"],
            must={"context_used"})
    d.add_regions(KY, "police_station", ["葵涌派出所"])
    d.add_regions(DPB, "police_station", ["大鹏派出所"])
    d.add_regions(NA, "police_station", ["南澳派出所"])
    s = d.sheet("案件")
    s.row(["大鹏公安分局2024年上半年案件办理情况"], span=5)
    s.blank()
    stations = ["葵涌派出所", "大鹏派出所", "南澳派出所"]
    for caption, inds, rows in [
        ("表一：各派出所刑事案件立破情况", ["立案（起）", "破案（起）", "刑事破案率（%）", "刑事拘留（人）"],
         [(214, 96, 72), (163, 78, 55), (118, 61, 38)]),
        ("表二：各派出所治安案件查处情况", ["受理（起）", "查处（起）", "查处率（%）", "行政拘留（人）"],
         [(402, 388, 57), (311, 297, 41), (236, 229, 33)])]:
        s.row([caption], span=5)
        s.row(["派出所", *inds])
        for name, (a, b, c) in zip(stations, rows, strict=True):
            s.row([name, *vals([a, b, round(b / a * 100, 1), c], inds, name, "2024H1")])
        ta, tb, tc = sums(rows)
        s.row(["合计", *vals([ta, tb, round(tb / ta * 100, 1), tc], inds, DP, "2024H1")])
        s.blank()
    return d


@doc
def station_groups() -> Doc:
    d = Doc("各派出所案件情况_2024年9月.xlsx", "xlsxwriter", ["two_level", "regions", "header"],
            "Two-level group header 刑事案件 | 立案 破案 抓获 ‖ 治安案件 | 受理 查处 with 110警情 merged down; "
            "单位 column holds 派出所 names (a region column); sheet named 9月, year from the title",
            tags=["xlsx-xlsxwriter", "group-header", "police-stations", "unit-header-is-region", "total-row"],
            must={"context_used"})
    names = ["葵涌派出所", "大鹏派出所", "南澳派出所"]
    for name, parent in zip(names, [KY, DPB, NA], strict=True):
        d.add_regions(parent, "police_station", [name])
    s = d.sheet("9月")
    s.row(["大鹏公安分局2024年9月各派出所案件情况"], span=7)
    r = s.row(["单位", "刑事案件", None, None, "治安案件", None, "110警情"])
    s.row([None, "立案", "破案", "抓获", "受理", "查处"])
    for c in (0, 6):
        s.merge(r, c, r + 1, c)
    s.merge(r, 1, r, 3)
    s.merge(r, 4, r, 5)
    inds = ["刑事案件 / 立案", "刑事案件 / 破案", "刑事案件 / 抓获", "治安案件 / 受理", "治安案件 / 查处", "110警情"]
    rows = [(36, 17, 12, 71, 68, 112), (27, 13, 9, 52, 50, 84), (19, 10, 6, 40, 39, 61)]
    for name, v in zip(names, rows, strict=True):
        s.row([name, *vals(list(v), inds, name, month(2024, 9))])
    s.row(["合计", *vals(sums(rows), inds, DP, month(2024, 9))])
    return d


@doc
def kuiyong_october() -> Doc:
    d = Doc("葵涌办事处2024年10月综治工作月报.xlsx", "openpyxl", ["two_level", "rows", "cell_text", "context"],
            "Monthly report with Chinese-numeral 序号 (一 二 …), 其中 parts indented by the cell format (no "
            "spaces), units in the labels, a 备注 merged across two rows (must not be filled down), a new item "
            "whose last-year cells are —",
            tags=["xlsx-openpyxl", "monthly-report", "qizhong", "merged-note", "blank-marker", "title-region",
                  "title-period"], must={"context_used"})
    s = d.sheet("月报")
    s.row(["葵涌办事处2024年10月综治工作月报"], span=9)
    s.row(["报送单位：葵涌街道综治中心        报送时间：2024年11月4日"], span=9)
    r = s.row(["序号", "项目", "本月", None, None, "1-10月累计", None, None, "备注"])
    s.row([None, None, "本月数", "去年同期", "同比(%)", "累计数", "去年同期", "同比(%)"])
    for c in (0, 1, 8):
        s.merge(r, c, r + 1, c)
    s.merge(r, 2, r, 4)
    s.merge(r, 5, r, 7)
    data = [("一", "矛盾纠纷排查（宗）", "矛盾纠纷排查", (52, 47, 498, 463), "含土洋、官湖片区联合排查"),
            (None, "其中：婚姻家庭纠纷", "婚姻家庭纠纷", (9, 11, 87, 95), None),
            (None, "邻里纠纷", "邻里纠纷", (14, 12, 131, 118), None),
            (None, "劳资纠纷", "劳资纠纷", (11, 6, 102, 88), None),
            ("二", "调处成功（宗）", "调处成功", (50, 46, 487, 455), None),
            ("三", "信访接待（批次）", "信访接待", (13, 15, 142, 151), None),
            ("四", "重点人员走访（人次）", "重点人员走访", (386, 352, 3718, 3402), None)]
    first = len(s.rows)
    for no, label, ind, v, note in data:
        s.row([no, label, *report_row(ind, KY, 2024, 10, *v), note])
    s.merge(first, 8, first + 1, 8)
    s.indents |= {(first + 2, 1), (first + 3, 1)}              # parts indented with Excel's indent, not spaces
    ind = "安全隐患排查"
    s.row(["五", "安全隐患排查（处）", fig(74, ind, KY, month(2024, 10)), Blank("—"), Blank("—"),
           fig(702, ind, KY, ytd(2024, 10)), Blank("—"), Blank("—"), "今年新增统计项目"])
    return d


@doc
def rank_scores() -> Doc:
    d = Doc("2024年上半年各街道平安建设考评结果.xlsx", "openpyxl", ["header", "rows"],
            "Scores with a 排名 column (measure rank of 考评得分); no total row (scores do not add up); 序号 column",
            tags=["xlsx-openpyxl", "rank", "serial-col", "title-period"], must={"context_used"})
    s = d.sheet("考评")
    s.row(["2024年上半年各街道平安建设考评结果"], span=7)
    inds = ["基础分", "加分", "扣分", "考评得分"]
    s.row(["序号", "单位", *inds, "排名"])
    rows = [("葵涌街道", KY, 95.5, 2.0, 1.5, 2),
            ("大鹏街道", DPB, 96.0, 1.5, 0.5, 1), ("南澳街道", NA, 94.5, 1.0, 1.0, 3)]
    for k, (name, code, base, plus, minus, rank) in enumerate(rows):
        s.row([k + 1, name, *vals([base, plus, minus, base + plus - minus], inds, code, "2024H1"),
               fig(rank, "考评得分", code, "2024H1", "rank")])
    return d


@doc
def fullwidth_typed() -> Doc:
    d = Doc("大鹏办事处2024年4月出租屋管理情况.xlsx", "openpyxl", ["cell_text", "regions", "context"],
            "Hand-typed text numbers: full-width ９０３, padded ' 811 ', 14,207 with a thousands separator, "
            "96.8% as text, 暂无 and — as not reported; communities added under 大鹏办事处; 合计 is the subdistrict",
            tags=["xlsx-openpyxl", "fullwidth", "thousands", "percent-text", "padded", "blank-marker", "communities"],
            must={"context_used"})
    names = ["王母社区", "大鹏社区", "鹏城社区", "布新社区", "岭澳社区"]
    d.add_regions(DPB, "community", names)
    s = d.sheet("Sheet1")
    s.row(["大鹏办事处2024年4月出租屋管理情况"], span=5)
    inds = ["出租屋栋数", "流动人口登记数", "登记率", ]
    s.row(["社区", *inds, "备注"])
    rows = [(("９０３", 903), ("14,207", 14207), ("96.8%", 96.8), None),
            ((" 811 ", 811), ("12,336", 12336), ("95.2%", 95.2), "含新建安置房"),
            (("７０２", 702), ("9,918", 9918), ("97.1%", 97.1), None),
            (("388", 388), ("5,460", 5460), ("94.6%", 94.6), None),
            (("２１９", 219), ("3,127", 3127), Blank("暂无"), "系统升级中")]
    for name, (a, b, c, note) in zip(names, rows, strict=True):
        s.row([name, *vals([a, b, c], inds, name, month(2024, 4)), note])
    s.row(["合计", *vals([3023, 45048, Blank("—")], inds, DPB, month(2024, 4)), None])
    return d


@doc
def nanao_quarters_blanks() -> Doc:
    d = Doc("南澳办事处2024年各季度人民调解情况.xlsx", "xlsxwriter", ["cell_text", "rows", "context"],
            "Quarters as rows (第一季度… without a year); the fourth quarter not yet reported (full-width －), "
            "无 and / in single cells", tags=["xlsx-xlsxwriter", "periods-as-rows", "blank-marker", "title-region"],
            must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["南澳办事处2024年各季度人民调解情况"], span=6)
    inds = ["受理纠纷", "调解成功", "调解成功率(%)", "涉及金额(万元)", "司法确认"]
    s.row(["季度", *inds])
    rows = [(61, 60, 142.6, 3), (67, 65, 188.3, Blank("无")), (72, 71, 201.5, Blank("/"))]
    for q, (a, b, money, conf) in enumerate(rows, start=1):
        s.row([f"第{'一二三'[q - 1]}季度", *vals([a, b, round(b / a * 100, 1), money, conf], inds, NA, f"2024Q{q}")])
    s.row(["第四季度", *[Blank("－")] * 5])
    return d


@doc
def years_as_columns() -> Doc:
    d = Doc("大鹏新区2020-2024年社会治安主要指标.xlsx", "xlsxwriter", ["header", "context", "cell_text"],
            "Years as columns with a last column 2024年1-9月 (YTD); 单位 is a unit column; catalogue labels; a "
            "satisfaction figure not yet measured (—)", tags=["xlsx-xlsxwriter", "years-as-columns", "unit-col",
                                                             "blank-marker", "title-region"],
            must={"context_used"})
    s = d.sheet("主要指标")
    s.row(["大鹏新区2020—2024年社会治安主要指标"], span=7)
    periods = ["2020", "2021", "2022", "2023", ytd(2024, 9)]
    s.row(["项目", "单位", "2020年", "2021年", "2022年", "2023年", "2024年1-9月"])
    rows = [("110刑事治安警情", "起", [4215, 3802, 3367, 3104, 2163]), ("八类暴力案件", "起", [21, 16, 4, 9, 6]),
            ("两盗案件", "起", [402, 311, 247, 198, 118]), ("刑事案件破案率", "%", [38.6, 42.1, 45.3, 47.9, 49.2]),
            ("政法工作满意度", "%", [89.7, 91.2, 92.0, 92.3, Blank("—")])]
    for ind, unit, v in rows:
        s.row([ind, unit, *[fig(x, ind, DP, p) if not isinstance(x, Blank) else x
                            for x, p in zip(v, periods, strict=True)]])
    return d


@doc
def header_after_lines() -> Doc:
    d = Doc("附件2：葵涌办事处平安建设工作情况表.xlsx", "openpyxl", ["header", "context", "cell_text"],
            "附件2 and a blank line before the title; 填报单位（盖章）/填报时间 line; 单位 line; header; a 填表人/"
            "联系电话 line with a phone number after the table; 数量 | 去年同期 | 同比(%)",
            tags=["xlsx-openpyxl", "attachment-line", "signature-line", "title-period", "title-region",
                  "blank-marker"], must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["附件2"])
    s.blank()
    s.row(["葵涌办事处2024年上半年平安建设工作情况表"], span=6)
    s.row(["填报单位（盖章）：葵涌街道办事处", None, None, "填报时间：2024年7月5日"])
    s.row([None, None, None, None, None, "单位：起、人、%"])
    s.row(["序号", "工作项目", "数量", "去年同期", "同比(%)", "备注"])
    rows = [("矛盾纠纷排查", 298, 281, None), ("矛盾纠纷调处成功", 291, 272, None),
            ("治安重点地区排查整治", 6, 4, "含坝光片区"), ("群防群治队伍（人）", 1260, 1180, None),
            ("平安创建参与率", 87.4, 84.9, None), ("命案", 0, 0, None)]
    for k, (label, a, b, note) in enumerate(rows):
        ind = label.replace("（人）", "")
        s.row([k + 1, label, fig(a, ind, KY, "2024H1"), fig(b, ind, KY, "2023H1"), change(a, b, ind, KY, "2024H1"),
               note])
    s.blank()
    s.row(["填表人：陈晓明", None, "审核人：刘建国", None, "联系电话：0755-84306125"])
    return d
