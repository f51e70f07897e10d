"""Second hold-out corpus, part H: cell text, containers and the remaining faults (semicolon and tab CSV, a cover
sheet, Excel errors, accounting negatives, HTML and XML exports, UTF-16, GB18030, a long export).

Conventions: see docs_g.py's docstring and README.md ("Second hold-out conventions").
"""

from __future__ import annotations

from .docs_a import report_row, sums, vals
from .docs_d import STREETS, rate
from .docs_g import DPB_COMMS, hold2
from .model import DP, DPB, KY, NA, Doc, change, fig, month, ytd
from .writers import Blank, Pct, Stray


def signed_text(v: int, style: str) -> str:
    """A change as an office types it: (12) / （12） for a fall, 12 for a rise."""
    if v >= 0:
        return str(v)
    return f"({-v})" if style == "ascii" else f"（{-v}）"


# ---------------------------------------------------------------- 市场监管: semicolon CSV, no title

@hold2
def complaints_semicolon_csv() -> Doc:
    d = Doc("12315投诉举报分街道统计_202411.csv", "ssv:utf-8-sig", ["container", "cell_text", "regions"],
            "A system export separated by semicolons (UTF-8 with BOM, no title): 所属街道 (葵涌街道 …) | 诉求类型 "
            "(a category: indicator = '投诉 / 受理量') | counts | rates as text 98.30% and 0.49%; the month only in "
            "the file name (202411)",
            tags=["csv-utf8-bom", "semicolon", "category-col", "percent-text", "small-percent", "filename-period"],
            must={"context_used"})
    s = d.sheet("12315投诉举报分街道统计_202411")
    cols = ["受理量", "办结量", "办结率", "重复诉求率"]
    s.row(["所属街道", "诉求类型", *cols])
    rows = [(KY, "投诉", 412, 405, 2), (KY, "举报", 86, 83, 0), (DPB, "投诉", 331, 327, 2),
            (DPB, "举报", 64, 62, 1), (NA, "投诉", 268, 262, 1), (NA, "举报", 47, 47, 0)]
    names = {c: n for n, c in STREETS}
    per = month(2024, 11)
    for code, kind, got, done, rep in rows:
        r1, r2 = round(done / got * 100, 2), round(rep / got * 100, 2)
        s.row([names[code], kind, *vals([got, done, (f"{r1:.2f}%", r1), (f"{r2:.2f}%", r2)],
                                        [f"{kind} / {c}" for c in cols], code, per)])
    return d


# ---------------------------------------------------------------- 交通运输: tab-separated text named .csv

@hold2
def taxi_tabs_in_csv() -> Doc:
    d = Doc("大鹏新区2024年1-11月出租车网约车执法情况.csv", "tsv:utf-8", ["container", "rows", "context"],
            "Tab-separated text saved with a .csv name (UTF-8, no BOM): a title line, months as rows (1月 … 11月, "
            "year from the title) and a 合计 row (2024YTD11); money with one decimal",
            tags=["csv-utf8", "tab-in-csv", "periods-as-rows", "total-row", "title-period"], must={"context_used"})
    s = d.sheet("大鹏新区2024年1-11月出租车网约车执法情况")
    s.row(["大鹏新区2024年1-11月出租车、网约车执法情况"])
    inds = ["检查巡游出租车", "检查网约车", "查处违规", "罚款"]
    s.row(["月份", "检查巡游出租车（辆次）", "检查网约车（辆次）", "查处违规（宗）", "罚款（万元）"])
    rows = [(186, 242, 14, 3.8), (171, 228, 11, 2.9), (203, 265, 16, 4.1), (198, 271, 13, 3.5), (224, 302, 18, 4.6),
            (212, 289, 15, 3.9), (256, 347, 21, 5.8), (263, 361, 24, 6.2), (219, 298, 17, 4.4), (241, 336, 22, 5.7),
            (208, 284, 15, 3.6)]
    for m, v in enumerate(rows, start=1):
        s.row([f"{m}月", *vals(list(v), inds, DP, month(2024, m))])
    t = [sum(v[k] for v in rows) for k in range(4)]
    t[3] = round(t[3], 1)
    s.row(["合计", *vals(t, inds, DP, ytd(2024, 11))])
    return d


# ---------------------------------------------------------------- 民政: a cover sheet carries the context

@hold2
def elderly_cover_sheet() -> Doc:
    d = Doc("养老服务统计报表（报送版）.xlsx", "openpyxl", ["context", "container", "rows"],
            "The first sheet is a 封面 (cover) of text only: 附件3, the report's title with 大鹏新区 and "
            "（2024年1—11月）, "
            "填报单位（盖章）, 填报日期 2024年12月5日 (not the period), a phone number; the data sheet 表1 has neither "
            "year nor region (both come from the cover: 2024YTD11, 合计 = the district); a 填表说明 sheet of notes",
            tags=["xlsx-openpyxl", "cover-sheet", "multi-sheet", "notes-sheet", "cover-period", "total-row"],
            must={"context_used"}, may={"batch_note"})
    cover = d.sheet("封面")
    cover.row(["附件3"])
    cover.blank()
    cover.row([None, "大鹏新区养老服务统计报表"])
    cover.row([None, "（2024年1—11月）"])
    cover.blank()
    cover.row([None, "填报单位（盖章）：大鹏新区社会建设局"])
    cover.row([None, "填报日期：2024年12月5日"])
    cover.row([None, "联系人：周敏　　联系电话：0755-28331234"])
    s = d.sheet("表1")
    s.row(["表1　各街道养老服务工作情况"], span=6)
    s.row([None, None, None, None, None, "单位：人次、万元"])
    inds = ["高龄津贴发放", "居家养老上门服务", "长者饭堂助餐", "老年人能力评估", "养老服务补贴发放"]
    s.row(["街道", "高龄津贴发放（人次）", "居家养老上门服务（人次）", "长者饭堂助餐（人次）", "老年人能力评估（人次）",
           "养老服务补贴发放（万元）"])
    rows = {KY: (4312, 2864, 15420, 186, 128.6), DPB: (3108, 2107, 11236, 142, 94.3),
            NA: (2574, 1731, 8915, 117, 77.9)}
    per = ytd(2024, 11)
    for name, code in STREETS:
        s.row([name, *vals(list(rows[code]), inds, code, per)])
    t = sums([list(v) for v in rows.values()])
    t[4] = round(t[4], 1)
    s.row(["合计", *vals(t, inds, DP, per)])
    notes = d.sheet("填表说明")
    notes.row(["填表说明"])
    notes.row(["1.高龄津贴发放按月累计人次统计；"])
    notes.row(["2.长者饭堂助餐含社区长者饭堂及助餐点，共12个；"])
    notes.row(["3.请于每月5日前报送。"])
    return d


# ---------------------------------------------------------------- 人社: (12) negatives, 1，234, trailing spaces

@hold2
def labour_disputes_parens_fault() -> Doc:
    d = Doc("大鹏新区2024年1—11月各街道劳动争议调处情况.xlsx", "wps", ["cell_text", "two_level", "container"],
            "增减（件） written as an accountant does: (12) and （3） are falls, 12 a rise, －5 (full-width minus) a "
            "fall; "
            "money typed 1，286.5 with a full-width comma and trailing spaces; WPS text cells; FAULT: 大鹏 286 vs 291 "
            "is written （3） (it fell by 5)",
            tags=["xlsx-wps", "paren-negative", "fullwidth-minus", "fullwidth-comma", "padded", "change-abs",
                  "fault", "title-period", "total-row"], must={"context_used", "change_mismatch"},
            may={"total_mismatch"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年1—11月各街道劳动争议调处情况"], span=6)
    s.row(["街道", "受理劳动争议（件）", "去年同期（件）", "增减（件）", "涉及金额（万元）", "追回欠薪（万元）"])
    cur, prev = ytd(2024, 11), ytd(2023, 11)
    rows = [(KY, 412, 424, ("(12)", -12), ("1，286.5 ", 1286.5), 356.2),
            (DPB, 286, 291, ("（3）", -3), ("864.2", 864.2), 211.8),
            (NA, 198, 186, ("12", 12), ("532.7 ", 532.7), 142.6),
            (DP, 896, 901, ("－5", -5), ("2，683.4", 2683.4), 710.6)]
    ind = "受理劳动争议"
    for (name, _), (code, a, b, chg, money, back) in zip([*STREETS, ("合计", DP)], rows, strict=True):
        s.row([name, fig(a, ind, code, cur), fig(b, ind, code, prev), fig(chg[0], ind, code, cur, "change_abs", chg[1]),
               fig(money[0], "涉及金额", code, cur, value=money[1]), fig(back, "追回欠薪", code, cur)])
    return d


# ---------------------------------------------------------------- 应急管理: Excel errors in count cells

@hold2
def forest_fire_excel_errors_fault() -> Doc:
    d = Doc("大鹏新区2024年10月森林防火工作情况.xlsx", "openpyxl", ["cell_text", "rows"],
            "FAULT: Excel error values stored as errors (t=\"e\"): #VALUE! in 大鹏's 查处违规用火 and in its 合计, "
            "#N/A in 南澳's 发现火灾隐患 and in its 合计: each text_in_number, none a figure; the other cells are read",
            tags=["xlsx-openpyxl", "excel-error", "fault", "total-row", "title-period"],
            must={"context_used", "text_in_number"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年10月森林防火工作情况"], span=5)
    inds = ["森林防火巡查", "发现火灾隐患", "劝导野外用火", "查处违规用火"]
    s.row(["街道", "森林防火巡查（人次）", "发现火灾隐患（处）", "劝导野外用火（人次）", "查处违规用火（宗）"])
    per = month(2024, 10)
    rows = {KY: (1862, 23, 146, 3), DPB: (1510, 17, 118, Stray("#VALUE!")), NA: (1733, Stray("#N/A"), 131, 2),
            DP: (5105, Stray("#N/A"), 395, Stray("#VALUE!"))}
    for name, code in [*STREETS, ("合计", DP)]:
        s.row([name, *vals(list(rows[code]), inds, code, per)])
    return d


# ---------------------------------------------------------------- 检察院: HTML, section heading rows

@hold2
def procuratorate_sections_html() -> Doc:
    d = Doc("大鹏新区人民检察院2024年11月主要业务数据.xls", "html:utf-8:excel", ["container", "two_level", "rows"],
            "An HTML .xls (Excel namespaces, UTF-8): 11月份 | 本月数 同期 同比(%) ‖ 1—11月累计 | 累计数 同期 同比(%); "
            "section heading rows 一、刑事检察 / 二、公益诉讼检察 / 三、控告申诉检察 spanning the table with no "
            "figures: a group (indicator '刑事检察 / 受理审查逮捕')",
            tags=["xls-html", "section-rows", "monthly-report", "group-header", "title-period"],
            must={"context_used"})
    s = d.sheet("业务数据")
    s.row(["大鹏新区人民检察院2024年11月主要业务数据"], span=7)
    r = s.row(["项目", "11月份", None, None, "1—11月累计", None, None])
    s.row([None, "本月数", "同期", "同比(%)", "累计数", "同期", "同比(%)"])
    s.merge(r, 0, r + 1, 0)
    s.merge(r, 1, r, 3)
    s.merge(r, 4, r, 6)
    sections = [("一、刑事检察", "刑事检察", [("受理审查逮捕（件）", "受理审查逮捕", (14, 17, 163, 189)),
                                            ("批准逮捕（人）", "批准逮捕", (9, 12, 108, 131)),
                                            ("受理审查起诉（件）", "受理审查起诉", (21, 19, 226, 241)),
                                            ("提起公诉（人）", "提起公诉", (24, 22, 218, 236))]),
                ("二、公益诉讼检察", "公益诉讼检察",
                 [("立案办理公益诉讼案件（件）", "立案办理公益诉讼案件", (3, 2, 31, 26)),
                  ("发出诉前检察建议（件）", "发出诉前检察建议", (2, 2, 24, 19))]),
                ("三、控告申诉检察", "控告申诉检察",
                 [("受理群众来信来访（件）", "受理群众来信来访", (11, 9, 126, 118))])]
    for heading, group, items in sections:
        s.row([heading], span=7)
        for label, ind, v in items:
            s.row([label, *report_row(f"{group} / {ind}", DP, 2024, 11, *v)])
    return d


# ---------------------------------------------------------------- 法院 执行: XML 2003, one sheet a quarter

@hold2
def court_enforcement_quarter_sheets() -> Doc:
    d = Doc("2024年法院执行工作季度统计.xls", "xml2003", ["container", "context", "two_level"],
            "XML Spreadsheet 2003 with one sheet a quarter named 一季度 / 二季度 / 三季度 (the quarter only in the "
            "sheet name, the year in the file name and each title); 本季度 | 去年同期 | 同比（%）; region from the "
            "title",
            tags=["xls-xml2003", "sheet-period", "multi-sheet", "cn-quarter-sheet", "title-region"],
            must={"context_used"})
    labels = [("新收执行案件（件）", "新收执行案件"), ("执结（件）", "执结"), ("执行到位金额（万元）", "执行到位金额"),
              ("纳入失信被执行人名单（人）", "纳入失信被执行人名单"), ("限制高消费（人次）", "限制高消费")]
    data = {1: [(312, 287), (276, 259), (1864.2, 1702.5), (41, 48), (96, 88)],
            2: [(341, 322), (318, 297), (2106.8, 1935.1), (37, 45), (104, 97)],
            3: [(356, 330), (329, 311), (2241.5, 2018.9), (44, 43), (112, 101)]}
    for q, rows in data.items():
        s = d.sheet(f"{'一二三'[q - 1]}季度")
        s.row(["大鹏新区2024年法院执行工作情况"], span=4)
        s.row(["项目", "本季度", "去年同期", "同比（%）"])
        for (label, ind), (a, b) in zip(labels, rows, strict=True):
            cur, prev = f"2024Q{q}", f"2023Q{q}"
            s.row([label, fig(a, ind, DP, cur), fig(b, ind, DP, prev), change(a, b, ind, DP, cur)])
    return d


# ---------------------------------------------------------------- 应急管理: matrix with its totals first (.xls)

@hold2
def hazards_matrix_totals_first_xls() -> Doc:
    d = Doc("大鹏新区2024年第三季度安全隐患排查情况（分类别、分街道）.xls", "xls", ["rows", "regions", "container"],
            "A matrix 隐患类别 × 街道 whose totals come first: the 合计 column is the first figure column (the "
            "district), the 隐患总数 row is the first data row; BIFF8 .xls; a 单位 line",
            tags=["xls-biff8", "matrix", "total-col-first", "total-row-first", "unit-line", "title-period"],
            must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年第三季度安全隐患排查情况（分类别、分街道）"], span=5)
    s.row([None, None, None, None, "单位：处"])
    s.row(["隐患类别", "合计", "葵涌街道", "大鹏街道", "南澳街道"])
    cats = [("消防安全", (186, 131, 104)), ("燃气安全", (64, 47, 33)), ("用电安全", (97, 72, 58)),
            ("危险化学品", (12, 6, 3)), ("建筑施工", (58, 39, 21)), ("其他", (41, 30, 26))]
    codes = (KY, DPB, NA)
    total = sums([list(v) for _, v in cats])
    for label, v in [("隐患总数", total), *cats]:
        s.row([label, fig(sum(v), label, DP, "2024Q3"), *[fig(x, label, c, "2024Q3") for x, c in zip(v, codes,
                                                                                                   strict=True)]])
    return d


# ---------------------------------------------------------------- 卫健: UTF-16 text, a rate per 100,000

@hold2
def infectious_utf16_per100k() -> Doc:
    d = Doc("大鹏新区2024年1—11月各街道法定传染病报告情况.txt", "txt16", ["container", "cell_text", "rows"],
            "Excel Unicode text (UTF-16, tabs); 报告发病率（1/10万） holds the rate per 100,000 as written (not "
            "converted); 报告病例 | 去年同期 | 同比（%）; 合计 the district",
            tags=["txt-utf16", "per-100k", "total-row", "title-period"], must={"context_used"})
    s = d.sheet("大鹏新区2024年1—11月各街道法定传染病报告情况")
    s.row(["大鹏新区2024年1—11月各街道法定传染病报告情况"])
    s.row(["街道", "报告病例（例）", "报告发病率（1/10万）", "去年同期（例）", "同比（%）"])
    rows = {KY: (186, 62100, 203), DPB: (142, 48700, 131), NA: (97, 35200, 112)}
    rows[DP] = tuple(sums([list(v) for v in rows.values()]))
    cur, prev = ytd(2024, 11), ytd(2023, 11)
    for name, code in [*STREETS, ("合计", DP)]:
        n, pop, last = rows[code]
        s.row([name, fig(n, "报告病例", code, cur), fig(round(n / pop * 100000, 2), "报告发病率", code, cur),
               fig(last, "报告病例", code, prev), change(n, last, "报告病例", code, cur)])
    return d


# ---------------------------------------------------------------- a long export: new period and region words

@hold2
def long_export_new_forms() -> Doc:
    d = Doc("部门数据报送_导出.xlsx", "poi", ["cell_text", "context", "regions", "container"],
            "Long format (指标 | 区域 | 期间 | 数值 | 单位) with period words the earlier files do not use: "
            "2024年度上半年, "
            "2023年全年, 2023年第四季度, 2024年11月份, 2024年1—11月, 2024年11月末, 截至2024年6月30日, 2024年三季度; "
            "regions 葵涌街道办 南澳办 大鹏街道办事处 全区 大鹏新区; 36.9% and 0.5% as text; 44，600; a — value",
            tags=["xlsx-poi-inline", "long-format", "period-forms", "jiedaoban", "percent-text", "small-percent",
                  "fullwidth-comma", "blank-marker"])
    s = d.sheet("数据")
    s.row(["指标", "区域", "期间", "数值", "单位"])
    rows = [("受理劳动争议", "葵涌街道办", KY, "2024年度上半年", "2024H1", 96, "件"),
            ("受理劳动争议", "南澳办", NA, "2024年度上半年", "2024H1", 41, "件"),
            ("消防接警出动", "全区", DP, "2023年全年", "2023", 1090, "起"),
            ("消防接警出动", "大鹏新区", DP, "2023年第四季度", "2023Q4", 250, "起"),
            ("食品安全抽检", "大鹏街道办事处", DPB, "2024年11月份", month(2024, 11), 168, "批次"),
            ("生态环境信访投诉", "全区", DP, "2024年1—11月", ytd(2024, 11), 531, "件"),
            ("低保户", "葵涌街道办", KY, "2024年11月末", month(2024, 11), 26, "户"),
            ("家庭医生签约率", "全区", DP, "2024年上半年", "2024H1", ("36.9%", 36.9), "%"),
            ("重复诉求率", "大鹏街道办", DPB, "2024年11月份", month(2024, 11), ("0.5%", 0.5), "%"),
            ("在册退役军人", "全区", DP, "截至2024年6月30日", month(2024, 6), 3389, "人"),
            ("安全隐患排查", "南澳街道办", NA, "2024年三季度", "2024Q3", 412, "处"),
            ("临时救助金额", "葵涌街道办", KY, "2024年11月份", month(2024, 11), ("44，600", 44600), "元"),
            ("社区养老床位", "全区", DP, "2024年11月份", month(2024, 11), Blank("—"), "张")]
    for ind, region, code, text, per, v, unit in rows:
        s.row([ind, region, text, vals([v], [ind], code, per)[0], unit])
    return d


# ---------------------------------------------------------------- 消防: HTML in GBK, (2) negatives by month

@hold2
def fire_months_html_gbk() -> Doc:
    d = Doc("大鹏新区2024年1—11月火灾情况分月统计.xls", "html:gbk:plain", ["container", "cell_text", "rows"],
            "A plain HTML table in GBK saved as .xls: months as rows (year from the title) and a 合计 row "
            "(2024YTD11); 火灾起数 (a catalogue alias) | 去年同期 | 增减（起） written (2) for a fall (change_abs) | "
            "直接财产损失（万元）",
            tags=["xls-html", "gbk", "paren-negative", "periods-as-rows", "change-abs", "total-row", "title-period"],
            must={"context_used"}, may={"encoding_used"})
    s = d.sheet("火灾分月")
    s.row(["大鹏新区2024年1—11月火灾情况分月统计"], span=5)
    s.row(["月份", "火灾起数（起）", "去年同期（起）", "增减（起）", "直接财产损失（万元）"])
    cur = [7, 4, 6, 5, 8, 6, 5, 7, 4, 6, 5]
    last = [9, 6, 5, 7, 6, 8, 7, 6, 6, 5, 7]
    loss = [4.2, 2.1, 3.6, 2.8, 5.4, 3.1, 2.6, 4.8, 1.9, 3.3, 2.7]
    ind = "火灾起数"
    for m in range(1, 12):
        a, b = cur[m - 1], last[m - 1]
        s.row([f"{m}月", fig(a, ind, DP, month(2024, m)), fig(b, ind, DP, month(2023, m)),
               fig(signed_text(a - b, "ascii"), ind, DP, month(2024, m), "change_abs", a - b),
               fig(loss[m - 1], "直接财产损失", DP, month(2024, m))])
    a, b = sum(cur), sum(last)
    s.row(["合计", fig(a, ind, DP, ytd(2024, 11)), fig(b, ind, DP, ytd(2023, 11)),
           fig(signed_text(a - b, "ascii"), ind, DP, ytd(2024, 11), "change_abs", a - b),
           fig(round(sum(loss), 1), "直接财产损失", DP, ytd(2024, 11))])
    return d


# ---------------------------------------------------------------- 民政 婚姻登记: GB18030 CSV, 1，046

@hold2
def marriage_gb18030_commas() -> Doc:
    d = Doc("大鹏新区2024年1—11月婚姻登记情况.csv", "csv:gb18030", ["container", "cell_text", "two_level"],
            "GB18030 CSV (a name outside GBK in the signature line); counts typed with a full-width comma (1，046) "
            "and trailing spaces ('312 '); 1—11月 | 去年同期 | 同比(%); 单位 line",
            tags=["csv-gb18030", "fullwidth-comma", "padded", "title-period", "unit-line"], must={"context_used"})
    s = d.sheet("大鹏新区2024年1—11月婚姻登记情况")
    s.row(["大鹏新区2024年1—11月婚姻登记情况"])
    s.row([None, None, None, "单位：对、件、人次"])
    s.row(["项目", "1—11月", "去年同期", "同比(%)"])
    cur, prev = ytd(2024, 11), ytd(2023, 11)
    rows = [("结婚登记", ("1，046", 1046), ("1，112", 1112)), ("离婚登记", ("312 ", 312), ("338 ", 338)),
            ("补领婚姻登记证", (204, 204), (187, 187)), ("婚姻家庭辅导", ("2，380 ", 2380), ("1，964", 1964))]
    for ind, (sa, a), (sb, b) in rows:
        s.row([ind, fig(sa, ind, DP, cur, value=a), fig(sb, ind, DP, prev, value=b), change(a, b, ind, DP, cur)])
    s.row(["填表人：黄䶮", None, "审核：王建平"])
    return d


# ---------------------------------------------------------------- 交通运输: quarters of an unfinished year

@hold2
def transit_quarters_unfinished() -> Doc:
    d = Doc("大鹏新区2024年各季度公共交通运行情况.xlsx", "xlsxwriter", ["header", "cell_text", "context"],
            "Indicators as rows, 一季度 二季度 三季度 四季度 全年 as columns of 2024: the fourth quarter and the year "
            "are not yet reported (—); a 单位 column; units in 万人次 and 万辆次 with two decimals",
            tags=["xlsx-xlsxwriter", "quarters-as-columns", "blank-marker", "unit-col", "title-period"],
            must={"context_used"})
    s = d.sheet("Sheet1")
    s.row(["大鹏新区2024年各季度公共交通运行情况"], span=7)
    s.row(["项目", "单位", "一季度", "二季度", "三季度", "四季度", "全年"])
    rows = [("公交客运量", "万人次", (412.6, 398.3, 521.8)), ("出租车载客", "万车次", (38.2, 36.9, 47.5)),
            ("旅游大巴进出", "万辆次", (2.61, 2.34, 4.18)), ("交通运输投诉", "件", (126, 118, 171))]
    for ind, unit, v in rows:
        s.row([ind, unit, *[fig(x, ind, DP, f"2024Q{q}") for q, x in enumerate(v, start=1)], Blank("—"),
               Blank("—")])
    return d


# ---------------------------------------------------------------- 生态环境: 今年以来, the date in the file name

@hold2
def eco_streets_filename_date() -> Doc:
    d = Doc("大鹏新区生态环境信访投诉情况（分街道）_截至20241130.xlsx", "openpyxl", ["context", "regions", "two_level"],
            "今年以来 with the date only in the file name (截至20241130 → 2024YTD11, 去年同期 2023YTD11); no year in "
            "the sheet; streets as rows with a 合计 (the district); 办结率 per street",
            tags=["xlsx-openpyxl", "since-jan", "filename-date", "total-row"], must={"context_used"})
    s = d.sheet("分街道")
    s.row(["各街道生态环境信访投诉情况"], span=5)
    s.row(["街道", "今年以来投诉（件）", "去年同期（件）", "已办结（件）", "办结率（%）"])
    rows = {KY: (228, 221, 241), DPB: (176, 172, 183), NA: (127, 125, 131)}
    rows[DP] = tuple(sums([list(v) for v in rows.values()]))
    cur, prev = ytd(2024, 11), ytd(2023, 11)
    for name, code in [*STREETS, ("合计", DP)]:
        a, b, last = rows[code]
        s.row([name, fig(a, "投诉", code, cur), fig(last, "投诉", code, prev), fig(b, "已办结", code, cur),
               fig(rate(b, a), "办结率", code, cur)])
    return d


# ---------------------------------------------------------------- 卫健: 居委会 rows, a label that looks like a period

@hold2
def maternal_child_residents_committees() -> Doc:
    d = Doc("大鹏办事处2024年11月份各社区孕产妇和儿童健康管理情况.xlsx", "wps", ["regions", "header", "cell_text"],
            "Rows 「XX社区居委会」 (the communities of 大鹏办事处, added); a label 0-6岁儿童健康管理 whose 0-6 is an "
            "age range, not months; rates as percent-formatted fractions; 合计 is 大鹏办事处; WPS",
            tags=["xlsx-wps", "committee-names", "communities", "age-range-label", "percent-format", "total-row",
                  "title-period", "title-region"], must={"context_used"})
    d.add_regions(DPB, "community", DPB_COMMS)
    s = d.sheet("11月")
    s.row(["大鹏办事处2024年11月份各社区孕产妇和儿童健康管理情况"], span=5)
    inds = ["孕产妇建册", "产后访视", "0-6岁儿童健康管理", "儿童健康管理率"]
    s.row(["社区", "孕产妇建册（人）", "产后访视（人）", "0-6岁儿童健康管理（人）", "儿童健康管理率"])
    rows = [(38, 35, 1262, 1348), (31, 29, 1054, 1131), (17, 17, 602, 648), (14, 13, 487, 529), (8, 8, 291, 310)]
    per = month(2024, 11)
    for name, (a, b, c, kids) in zip(DPB_COMMS, rows, strict=True):
        s.row([f"{name}居委会", *vals([a, b, c, Pct(c / kids)], inds, name, per)])
    t = sums([list(r) for r in rows])
    s.row(["合计", *vals([t[0], t[1], t[2], Pct(t[2] / t[3])], inds, DPB, per)])
    return d

