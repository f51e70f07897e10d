"""The pipeline on every real public table in ../shared/realdata: specific figures read off each file."""

from __future__ import annotations

import pytest

from indicators.ingest import ingest

from .helpers import at, issue

pytestmark = pytest.mark.realdata

FILES = ["en_uk_ons_police_force_area_tables_ye_dec2019.xlsx", "en_uk_policeuk_2024-11_city-of-london-street.csv",
         "en_us_fbi_cius2020_table05_crime_by_state.xls", "zh_cn_nbs_province_gdp_annual.xls",
         "zh_cn_nbs_province_resident_population_gbk.csv", "zh_tw_npa_opendata_incidents_by_type_roc112.xlsx",
         "zh_tw_npa_table01_main_police_indicators.csv", "zh_tw_npa_table05_cases_by_offence_and_hour.csv"]


def _read(realdata, name, catalog, **kw):
    return ingest((realdata / name).read_bytes(), name, catalog, **kw)


@pytest.mark.parametrize("name", FILES)
def test_every_file_gives_a_result(realdata, catalog, name):
    res = _read(realdata, name, catalog)
    assert res.status in ("ok", "refused") and res.issues
    assert all(i.message and not i.message.startswith("ingest.") for i in res.issues)
    assert res.sha256 and len(res.sha256) == 64


def test_taiwan_table01_clearance_rate_and_counts(realdata, catalog):
    res = _read(realdata, "zh_tw_npa_table01_main_police_indicators.csv", catalog)
    assert res.encoding == "UTF-8-BOM" and res.layout == "wide_by_indicator"
    sheet = "zh_tw_npa_table01_main_police_indicators"
    filed, solved, rate = at(res, f"{sheet}!C26"), at(res, f"{sheet}!D26"), at(res, f"{sheet}!E26")
    assert (filed["value"], solved["value"], rate["value"]) == (275268.0, 267334.0, 97.12)
    assert filed["period"] == solved["period"] == rate["period"] == "2023"      # 民國112年 and 2023
    # the bilingual group header (全般刑案 … Criminal Cases) spans the group up to the next 發生數
    assert filed["indicator_text"] == "全般刑案 Criminal Cases / 發生數 (件)" and filed["unit"] == "件"
    assert rate["indicator_text"] == "全般刑案 Criminal Cases / 破獲率 (％)"
    assert at(res, f"{sheet}!I26")["indicator_text"] == "暴力犯罪 Violent Crime / 發生數 (件)"
    first = at(res, f"{sheet}!C6")                                              # 民國 92年 (padded)
    assert (first["period"], first["value"]) == ("2003", 494755.0)
    violent = at(res, f"{sheet}!K26")
    assert violent["value"] == 102.04 and violent["indicator_text"].startswith("暴力犯罪")
    assert res.status == "refused" and issue(res, "unknown_indicator").row == 6


def test_taiwan_clearance_above_100_is_a_warning_once_mapped(realdata, catalog):
    mapping = {"暴力犯罪 Violent Crime / 發生數 (件)": "gang_cases_filed",
               "暴力犯罪 Violent Crime / 破獲數 (件)": "gang_cases_solved",
               "暴力犯罪 Violent Crime / 破獲率 (％)": "gang_solve_rate"}
    res = _read(realdata, "zh_tw_npa_table01_main_police_indicators.csv", catalog, mapping=mapping)
    sheet = "zh_tw_npa_table01_main_police_indicators"
    over = [i for i in res.issues if i.code == "num_above_den"]
    assert over and all(i.level == "warning" for i in over)
    assert (over[-1].sheet, over[-1].row, over[-1].column) == (sheet, 26, "J")     # 451 solved > 442 filed
    assert "451" in over[-1].message and "442" in over[-1].message
    high = {(i.row, i.column) for i in res.issues if i.code == "above_warn"}
    assert (26, "K") in high and (23, "K") in high                                  # 102.04 %, 104.24 %
    assert at(res, f"{sheet}!K26")["indicator_id"] == "gang_solve_rate"


def test_nbs_gbk_population(realdata, catalog):
    res = _read(realdata, "zh_cn_nbs_province_resident_population_gbk.csv", catalog)
    assert res.encoding == "GBK" and res.layout == "wide_by_period"
    sheet = "zh_cn_nbs_province_resident_population_gbk"
    beijing = at(res, f"{sheet}!B5")
    assert (beijing["region_text"], beijing["period"], beijing["value"]) == ("北京市", "2024", 2183.0)
    assert beijing["indicator_text"] == "年末常住人口(万人)" and beijing["unit"] == "万人"
    xinjiang = at(res, f"{sheet}!K35")
    assert (xinjiang["region_text"], xinjiang["period"], xinjiang["value"]) == ("新疆维吾尔自治区", "2015", 2385.0)
    assert len(res.observations) == 310                                  # 31 provinces x 10 years, footnotes ignored
    assert any(i.code == "encoding_used" and "GBK" in i.message for i in res.issues)
    assert issue(res, "unknown_region").row == 5


def test_nbs_legacy_xls_gdp(realdata, catalog):
    res = _read(realdata, "zh_cn_nbs_province_gdp_annual.xls", catalog)
    assert res.encoding is None and res.sheets == ["分省年度数据"]
    bj = at(res, "分省年度数据!B5")
    assert (bj["region_text"], bj["period"], bj["value"], bj["unit"]) == ("北京市", "2019", 35371.28, "亿元")
    assert len(res.observations) == 31 * 5


def test_fbi_xls_state_blocks(realdata, catalog):
    res = _read(realdata, "en_us_fbi_cius2020_table05_crime_by_state.xls", catalog)
    total = at(res, "20tbl05!E14")
    assert total["value"] == 22322.0 and total["period"] == "2020"
    assert total["region_text"] == "ALABAMA4 / State Total" and total["indicator_text"] == "Violent crime2"
    rate = at(res, "20tbl05!E15")
    assert rate["value"] == 453.6 and rate["indicator_text"].startswith("Rate per 100,000 inhabitants")
    share = at(res, "20tbl05!D6")
    assert share["value"] == 0.866 and "Area actually reporting" in share["indicator_text"]


def test_ons_xlsx_force_areas(realdata, catalog):
    res = _read(realdata, "en_uk_ons_police_force_area_tables_ye_dec2019.xlsx", catalog)
    assert "Notes" not in res.sheets and "Table P4  " in res.sheets
    ew = at(res, "Table P1!C7")
    assert ew["value"] == 5013284.0 and ew["region_text"] == "ENGLAND AND WALES7,8" and ew["period"] == "2019"
    assert ew["indicator_text"] == "Total recorded crime (excluding fraud3)" and ew["unit"] == "Numbers"
    homicide = at(res, "Table P1!F10")
    assert (homicide["region_text"], homicide["value"]) == ("Cleveland", 8.0)
    assert homicide["indicator_text"] == "Victim-based crime / Homicide"
    change = at(res, "Table P2!C7")
    assert change["measure"] == "yoy_pct" and round(change["value"], 4) == 3.8733


def test_ons_sheet_choice_with_trailing_spaces(realdata, catalog):
    res = _read(realdata, "en_uk_ons_police_force_area_tables_ye_dec2019.xlsx", catalog, sheet="Table P4")
    assert res.sheets == ["Table P4  "]


def test_taiwan_table05_totals_indent_and_dashes(realdata, catalog):
    res = _read(realdata, "zh_tw_npa_table05_cases_by_offence_and_hour.csv", catalog)
    sheet = "zh_tw_npa_table05_cases_by_offence_and_hour"
    assert at(res, f"{sheet}!B5")["value"] == 275268.0
    theft = at(res, f"{sheet}!C6")
    assert (theft["indicator_text"], theft["value"], theft["period"], theft["unit"]) == (
        "竊盜總數 / 0-2時", 2686.0, "2023", "件")
    assert at(res, f"{sheet}!C7")["indicator_text"] == "重大竊盜 / 0-2時"      # indentation removed
    assert not (res.observations["source"] == f"{sheet}!D7").any()          # '－' is no figure


def test_record_lists_are_refused_with_counts(realdata, catalog):
    res = _read(realdata, "en_uk_policeuk_2024-11_city-of-london-street.csv", catalog)
    assert res.status == "refused" and res.encoding == "UTF-8"
    assert "821" in issue(res, "records_only").message
    res = _read(realdata, "zh_tw_npa_opendata_incidents_by_type_roc112.xlsx", catalog)
    counts = {i.sheet: i.message for i in res.issues if i.code == "records_only"}
    assert "6245" in counts["11201-11203"] and len(counts) == 4
    assert res.status == "refused"
