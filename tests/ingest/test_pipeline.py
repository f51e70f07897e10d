"""Layouts, cell parsing, label mapping and the preview → commit path on generated files and a real DuckDB."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from indicators import actions
from indicators.actions import SYSTEM, batches, upload, users
from indicators.actions.upload import preview
from indicators.auth import PermissionDenied
from indicators.errors import UserError
from indicators.ingest import col_letter, ingest
from indicators.ingest.cells import parse_cells
from indicators.store.queries import current

from .helpers import LONG_HEAD, at, csv_bytes, issue, xlsx

V8, I110 = "八类暴力案件", "110刑事治安总警情"


def test_cell_texts():
    raw = pd.Series(["1,234", "80.0%", "1052起", "40余家", "－", "-", "..", "…", None, "abc", "10万余份", " 12 ",
                     "８０％", "1,2345"], dtype=object)
    p = parse_cells(raw)
    assert p["value"].iloc[:4].tolist() == [1234.0, 80.0, 1052.0, 40.0]
    assert p["qualifier"].iloc[3] == "at_least" and p["qualifier"].iloc[0] == "exact"
    assert p["state"].iloc[4:9].tolist() == ["missing"] * 5
    assert p["state"].iloc[9] == "text" and p["state"].iloc[13] == "text"
    assert (p["value"].iloc[10], p["qualifier"].iloc[10]) == (100000.0, "at_least")
    assert p["value"].iloc[11] == 12.0 and p["value"].iloc[12] == 80.0 and bool(p["pct"].iloc[12])


def test_column_letters():
    assert [col_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_long_layout_periods_and_qualifiers(catalog):
    data = csv_bytes([LONG_HEAD,
                      [I110, "葵涌", "2022年1-6月", "1,052起"],
                      [I110, "大鹏街道", "2022年6月", 800],
                      [V8, "南澳", "民國112年", 3],
                      ["社区社会组织", "全区", "2022Q2", "40余家"],
                      ["外来游客", "全区", "2021年", "1080万人次"],
                      ["派发法治宣传资料", "全区", "2021年", "10万余份"],
                      ["政法工作满意度", "全区", "2021年", "95.5%"],
                      [V8, "葵涌", "2021年", "－"]])
    res = ingest(data, "long.csv", catalog)
    assert res.status == "ok" and res.layout == "long" and res.encoding == "UTF-8", res.issues
    assert at(res, "long!D2")["period"] == "2022YTD06" and at(res, "long!D2")["value"] == 1052.0
    assert at(res, "long!D3")["period"] == "2022-06" and at(res, "long!D3")["region_code"] == "440300DP02"
    assert at(res, "long!D4")["period"] == "2023"
    org = at(res, "long!D5")
    assert (org["period"], org["value"], org["qualifier"]) == ("2022Q2", 40.0, "at_least")
    assert at(res, "long!D6")["value"] == 1080.0                   # unit 万人次: not multiplied
    leaflets = at(res, "long!D7")
    assert (leaflets["value"], leaflets["qualifier"]) == (100000.0, "at_least")
    assert at(res, "long!D8")["value"] == 95.5 and at(res, "long!D8")["unit"] == "%"
    assert len(res.observations) == 7                              # '－' is no figure


def test_excel_dates_and_numbers(catalog):
    data = xlsx([LONG_HEAD, [V8, "全区", datetime(2022, 6, 1), 7], [V8, "南澳", "2022年5月", 2.0]], sheet="数据")
    res = ingest(data, "d.xlsx", catalog)
    assert at(res, "数据!D2")["period"] == "2022-06" and at(res, "数据!D3")["value"] == 2.0


def test_wide_by_region_with_title_period_and_totals(catalog):
    rows = [["2021年大鹏新区治安情况统计表"], [],
            ["地区", "110刑事治安总警情（起）", "八类暴力案件(起)"],
            ["葵涌", "1,200", 1], ["大鹏街道", 900, 2], ["南澳", 600, 0], ["合计", 2700, 3], ["小计", 5, 5]]
    res = ingest(xlsx(rows, sheet="表1", merges=[("A1:C1", rows[0][0])]), "w.xlsx", catalog)
    assert res.layout == "wide_by_region"
    assert at(res, "表1!B4")["region_code"] == "440300DP01" and at(res, "表1!B4")["period"] == "2021"
    assert at(res, "表1!B7")["region_code"] == "440300DP"            # 合计 = the district
    assert not (res.observations["source"] == "表1!B8").any()        # 小计 skipped, not counted twice
    assert issue(res, "total_skipped").row == 8
    assert res.status == "ok" and not res.errors, res.issues


def test_blocks_by_region(catalog):
    rows = [["地区", "指标", "2020年", "2021年"],
            ["葵涌", "涉黑恶案件立案数", 10, 12], [None, "涉黑恶案件破案数", 8, 9], [None, "涉黑恶案件破案率", 80, 75],
            ["南澳", "涉黑恶案件立案数", 4, 5], [None, "涉黑恶案件破案数", 4, 5], [None, "涉黑恶案件破案率", 100, 100]]
    res = ingest(xlsx(rows, sheet="S"), "b.xlsx", catalog)
    assert res.layout == "blocks_by_region" and res.status == "ok", res.issues
    rate = at(res, "S!D4")
    assert (rate["indicator_id"], rate["region_code"], rate["period"], rate["value"]) == (
        "gang_solve_rate", "440300DP01", "2021", 75.0)
    assert at(res, "S!C6")["region_code"] == "440300DP03"


def test_regions_as_columns_and_multi_row_header(catalog):
    rows = [["指标", "葵涌", "南澳"], [None, "（起）", "（起）"], [V8, 1, 2]]
    res = ingest(xlsx(rows, sheet="S"), "r.xlsx", catalog, mapping=None)
    assert res.layout == "regions_as_columns"
    assert at(res, "S!C3")["region_code"] == "440300DP03"


def test_unknown_label_mapping(catalog):
    data = csv_bytes([LONG_HEAD, ["电诈案件数", "全区", "2021年", 12]])
    res = ingest(data, "m.csv", catalog)
    assert res.unknown_labels == ["电诈案件数"] and res.status == "refused"
    res = ingest(data, "m.csv", catalog, mapping={"电诈案件数": "violent_crimes_8"})
    assert res.status == "ok" and at(res, "m!D2")["indicator_id"] == "violent_crimes_8"


def test_preview_commit_duplicate_and_rollback(con, catalog):
    users.add(con, SYSTEM, "ana", "correct horse battery", "analyst")
    users.add(con, SYSTEM, "leo", "correct horse battery", "viewer")
    data = csv_bytes([LONG_HEAD, [I110, "全区", "2021年", 1060], [V8, "葵涌", "2030年", 2]])
    res = ingest(data, "up.csv", catalog)
    rows, summary = preview(con, res)
    assert summary == {"new": 1, "changed": 1, "unchanged": 0}
    changed = rows[rows["status"] == "changed"].iloc[0]
    assert changed["value"] == 1060.0 and changed["old_value"] == 1052.0
    with pytest.raises(PermissionDenied):
        upload.commit(con, actions.login("leo"), res)
    batch = upload.commit(con, actions.login("ana"), res)
    assert (batch.n_new, batch.n_changed) == (1, 1)
    row = con.execute("SELECT file_name, sha256, sheets, user_name, n_rows FROM batch WHERE id = ?",
                      [batch.batch_id]).fetchall()[0]
    assert row == ("up.csv", res.sha256, "up", "ana", 2)
    now = current(con, indicators=["police_incidents_110"], regions="440300DP", period="2021", measure="value")
    assert now["value"].tolist() == [1060.0] and now["source"].tolist() == ["up.csv!D2"]   # a CSV has no sheet
    again = upload.commit(con, actions.login("ana"), ingest(data, "renamed.csv", catalog))
    assert again.batch_id is None and again.duplicate_of[0] == batch.batch_id
    note = upload.duplicate_note(again)
    assert "已于" in note.text("zh") and str(batch.batch_id) in note.text("en")
    batches.roll_back(con, SYSTEM, batch.batch_id)
    now = current(con, indicators=["police_incidents_110"], regions="440300DP", period="2021", measure="value")
    assert now["value"].tolist() == [1052.0]


def test_commit_refuses_errors_and_unconfirmed_warnings(con, catalog):
    bad = ingest(csv_bytes([LONG_HEAD, [V8, "全区", "2021年", -1]]), "bad.csv", catalog)
    with pytest.raises(UserError, match="错误") as refused:
        upload.commit(con, actions.shell("x"), bad)
    assert refused.value.code == "ingest.commit_errors"
    warn = ingest(csv_bytes([LONG_HEAD, [V8, "全区", "2040年", 1], [V8, "全区", "2040年", 1]]), "w.csv", catalog)
    assert warn.status == "ok" and warn.warnings and not warn.errors
    with pytest.raises(UserError, match="警告"):
        upload.commit(con, actions.shell("x"), warn)
    assert upload.commit(con, actions.shell("x"), warn, confirm_warnings=True).n_new == 1


def test_progress_is_reported(catalog):
    seen = []
    ingest(csv_bytes([LONG_HEAD, [V8, "全区", "2021年", 1]]), "p.csv", catalog, progress=lambda f, s: seen.append(f))
    assert seen and seen == sorted(seen) and 0 < seen[-1] <= 1


@pytest.mark.parametrize("text,code", [("2021-12", "2021-12"), ("2011-01", "2011-01"), ("2022年1-6月", "2022YTD06"),
                                       ("民國112年1-6月", "2023YTD06"), ("2021年", "2021"), ("2022Q2", "2022Q2")])
def test_month_codes_are_not_read_as_roc_year_to_date(text, code):
    from indicators.periods import parse_period_text

    assert parse_period_text(text).code == code


def test_an_unexpected_failure_is_a_plain_refusal(catalog, monkeypatch):
    from indicators.ingest import sheet as pipeline

    def broken(*_a, **_k):
        raise IndexError("boom")

    monkeypatch.setattr(pipeline, "recognise", broken)
    res = ingest(csv_bytes([LONG_HEAD, [V8, "全区", "2021年", 1]]), "x.csv", catalog)
    assert res.status == "refused" and "IndexError" in issue(res, "internal_error").message
    assert issue(res, "internal_error").sheet == "x"



TEXT_NOTES = [["填表说明"], ["1. 每行填写一个数字，单位见指标目录。"],
              ["2. 期间写作 2021年、2021年6月 或 2022Q2。"]] + [[f"{n}. 第{n}条说明：数字不要带单位", f"例如 {n * 10}"]
                                                              for n in range(3, 30)]
ONS_NOTES = [["Notes"], ["Note", "Text", "Year"]] + [[f"Note {n}", f"Text about figure {n}", 2000 + n]
                                                       for n in range(1, 30)]
DATA = [LONG_HEAD, [I110, "葵涌", "2022年6月", 800], [V8, "南澳", "2021年", 3]]


@pytest.mark.parametrize("notes", [TEXT_NOTES, ONS_NOTES], ids=["text", "ons"])
@pytest.mark.parametrize("name", ["说明", "填表说明", "使用说明", "Instructions", "Notes", "README", "注释",
                                  " Read_Me "])
def test_instruction_sheets_are_skipped_silently(catalog, name, notes):
    res = ingest(xlsx(DATA, sheet="数据", extra={name: notes}), "f.xlsx", catalog)
    assert res.status == "ok" and res.sheets == ["数据"]
    assert not [i for i in res.issues if i.sheet == name], res.issues


def test_other_text_sheets_are_still_reported_and_chosen_instructions_refused(catalog):
    res = ingest(xlsx(DATA, sheet="数据", extra={"其他": ONS_NOTES}), "f.xlsx", catalog)
    assert (issue(res, "records_only").sheet, issue(res, "records_only").level) == ("其他", "info")
    res = ingest(xlsx(DATA, sheet="数据", extra={"其他": TEXT_NOTES}), "f.xlsx", catalog)
    assert (issue(res, "empty_sheet").sheet, issue(res, "empty_sheet").level) == ("其他", "info")
    for notes, code in ((ONS_NOTES, "records_only"), (TEXT_NOTES, "empty_sheet")):
        chosen = ingest(xlsx(DATA, sheet="数据", extra={"说明": notes}), "f.xlsx", catalog, sheet="说明")
        found = issue(chosen, code)
        assert chosen.status == "refused" and (found.sheet, found.level) == ("说明", "error")


def test_our_template_instructions_sheet_raises_nothing(catalog):
    from indicators import templates

    res = ingest(templates.long_template(catalog), "模板.xlsx", catalog)
    assert res.issues and not [i for i in res.issues if i.sheet == "说明"], res.issues


def test_preview_rows_stay_aligned_after_an_identical_duplicate(con, catalog):
    twice = [I110, "全区", "2021年", 1060]
    data = csv_bytes([LONG_HEAD, twice, twice, [V8, "葵涌", "2030年", 2]])
    res = ingest(data, "dup.csv", catalog)
    assert res.status == "ok" and [i.code for i in res.warnings] == ["duplicate_same"]
    rows, summary = preview(con, res)
    assert summary == {"new": 1, "changed": 1, "unchanged": 0}
    shown = rows[["indicator_text", "region_text", "value", "status", "source"]].astype(object).values.tolist()
    assert shown == [[I110, "全区", 1060.0, "changed", "dup!D2"], [V8, "葵涌", 2.0, "new", "dup!D4"]]
    assert rows["old_value"].iloc[0] == 1052.0 and pd.isna(rows["old_value"].iloc[1])
