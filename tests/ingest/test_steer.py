"""The analyst's corrections of a reading (Steer), the layout fingerprint, recipes applied by ingest, and the
preview grid that shows each cell's reading."""

from __future__ import annotations

from dataclasses import replace

from indicators.ingest import ingest
from indicators.ingest.grid_view import sheet_view
from indicators.ingest.labels import IGNORE
from indicators.ingest.steer import SheetSteer, Steer

from .helpers import at, issue, xlsx

TITLE = "葵涌办事处2024年3月综治工作月报"


def _report(title: str = TITLE, month_word: str = "本月") -> list[list]:
    return [[title], ["填报单位：葵涌街道综治中心"],
            ["序号", "项目", month_word, None, None, "1-3月累计", None, None, "备注"],
            [None, None, "本月数", "去年同期", "同比(%)", "累计数", "去年同期", "同比(%)", None],
            [1, "矛盾纠纷排查（宗）", 52, 47, 10.6, 150, 140, 7.1, "含联合排查"],
            [None, "其中：婚姻家庭纠纷", 9, 11, -18.2, 27, 30, -10.0, None],
            [2, "调处成功（宗）", 50, 46, 8.7, 145, 133, 9.0, None]]


def test_the_monthly_report_is_read_with_its_context(catalog):
    res = ingest(xlsx(_report(), sheet="月报"), "report.xlsx", catalog)
    first = at(res, "月报!C5")
    assert (first["indicator_text"], first["region_code"], first["period"], first["value"]) == (
        "矛盾纠纷排查（宗）", "440300DP01", "2024-03", 52.0)
    assert at(res, "月报!D5")["period"] == "2023-03" and at(res, "月报!H5")["measure"] == "yoy_pct"
    assert at(res, "月报!G6")["period"] == "2023YTD03" and at(res, "月报!C6")["indicator_text"] == "婚姻家庭纠纷"
    assert len(res.observations) == 18                           # 序号 and 备注 give no figures
    assert issue(res, "context_used").level == "info"


def test_a_year_the_file_does_not_give_is_set_by_the_analyst(catalog):
    data = xlsx(_report(title="葵涌办事处综治工作月报"), sheet="月报")
    res = ingest(data, "report.xlsx", catalog)
    assert res.status == "refused" and res.observations["period"].isna().all()
    steer = Steer({"月报": SheetSteer(period="2024-03")})
    res = ingest(data, "report.xlsx", catalog, steer=steer)
    assert at(res, "月报!C5")["period"] == "2024-03" and at(res, "月报!F5")["period"] == "2024YTD03"
    assert any(i.code == "context_used" and "设置" in i.message for i in res.issues)


def test_header_rows_ignored_rows_and_column_roles(catalog):
    rows = [["说明：本表由系统导出"], ["指标", "地区", "2023年", "2024年"],
            ["两盗", "葵涌", 10, 12], ["八类暴力案件", "南澳", 3, 2], ["备注行", None, "x", "y"]]
    data = xlsx(rows, sheet="S")
    plain = ingest(data, "t.xlsx", catalog)
    assert any(i.code == "text_in_number" for i in plain.issues)
    steer = Steer({"S": SheetSteer(ignore_rows=(5,))})
    res = ingest(data, "t.xlsx", catalog, steer=steer)
    assert not any(i.code == "text_in_number" for i in res.issues) and len(res.observations) == 4
    steer = Steer({"S": SheetSteer(roles=(("D", "ignore"),))})
    res = ingest(data, "t.xlsx", catalog, steer=steer)
    assert set(res.observations["period"]) == {"2023"}
    steer = Steer({"S": SheetSteer(header=(2, 2), ignore_rows=(5,))})
    res = ingest(data, "t.xlsx", catalog, steer=steer)
    assert at(res, "S!D3")["value"] == 12.0 and at(res, "S!D3")["period"] == "2024"


def test_labels_and_regions_can_be_ignored_or_mapped(catalog):
    rows = [["指标", "地区", "2024年"], ["两盗", "葵涌", 5], ["新指标甲", "葵涌", 3], ["两盗", "溪涌社区", 2]]
    data = xlsx(rows, sheet="S")
    res = ingest(data, "t.xlsx", catalog)
    assert res.unknown_labels == ["新指标甲"] and res.unknown_regions == ["溪涌社区"]
    steer = Steer(labels={"新指标甲": IGNORE}, regions={"溪涌社区": "440300DP03"})
    res = ingest(data, "t.xlsx", catalog, steer=steer)
    assert res.status == "ok" and not res.unknown_labels and not res.unknown_regions
    assert at(res, "S!C4")["region_code"] == "440300DP03" and len(res.observations) == 2


def test_steer_round_trips_as_json():
    steer = Steer({"月报": SheetSteer(header=(3, 4), ignore_rows=(9,), ignore_cols=("I",), roles=(("A", "seq"),),
                                     year=2024, period="2024-03", region="440300DP01")},
                  {"项目甲": "two_thefts"}, {"溪涌": "440300DP01"})
    assert Steer.from_json(steer.to_json()) == steer
    assert Steer().is_empty() and not steer.is_empty()


def test_the_same_template_next_month_has_the_same_fingerprint_and_takes_its_recipe(catalog):
    march = xlsx(_report(), sheet="3月")
    april = xlsx(_report(title=TITLE.replace("3月", "4月")), sheet="4月")
    other = xlsx([["指标", "地区", "2024年"], ["两盗", "葵涌", 5]], sheet="S")
    fp = ingest(march, "综治_2024-03.xlsx", catalog).fingerprint
    assert fp == ingest(april, "综治_2024-04.xlsx", catalog).fingerprint
    assert fp != ingest(other, "x.xlsx", catalog).fingerprint
    recipe = Steer(labels={"矛盾纠纷排查（宗）": IGNORE})
    res = ingest(april, "综治_2024-04.xlsx", catalog, recipe_for={fp: (7, "综治月报", recipe)}.get)
    assert res.recipe == (7, "综治月报") and "矛盾纠纷排查（宗）" not in set(res.observations["indicator_text"])
    assert issue(res, "recipe_applied").level == "info"


def test_the_preview_grid_says_how_each_cell_was_read(catalog):
    res = ingest(xlsx(_report(), sheet="月报"), "report.xlsx", catalog)
    view = sheet_view(res, "月报", "zh", catalog=catalog)
    assert view.row_roles[1] == "context" and view.row_roles[3] == view.row_roles[4] == "header"
    assert view.roles.at[5, "C"] == "value" and view.roles.at[6, "C"] == "part" and view.roles.at[5, "A"] == "ignored"
    assert view.roles.at[5, "I"] == "note" and view.roles.at[5, "B"] == "indicator"
    assert "葵涌办事处" in view.row_reasons[1] and "2024年3月" in view.row_reasons[1]
    assert "序号" in view.col_reasons["A"] and "2023年3月" in view.col_reasons["D"]
    assert "第 5 行" in view.row_reasons[6]
    en = sheet_view(res, "月报", "en", catalog=catalog)
    assert "Kuiyong" in en.row_reasons[1] and "March 2024" in en.col_reasons["C"] or "Mar 2024" in en.col_reasons["C"]


def test_grid_marks_not_reported_and_text_cells(catalog):
    rows = [["指标", "地区", "2023年", "2024年"], ["两盗", "葵涌", "—", 12], ["两盗", "南澳", 3, "待核"]]
    res = ingest(xlsx(rows, sheet="S"), "t.xlsx", catalog)
    view = sheet_view(res, "S", "zh", catalog=catalog)
    assert view.roles.at[2, "C"] == "missing" and view.roles.at[3, "D"] == "text"
    assert issue(res, "not_reported").level == "info"


def test_sheet_steer_helpers():
    s = SheetSteer().with_role("B", "region").toggle_row(4)
    assert s.roles == (("B", "region"),) and s.ignore_rows == (4,)
    assert s.toggle_row(4).ignore_rows == () and s.with_role("B", "").roles == ()
    assert replace(s, year=2024).year == 2024
