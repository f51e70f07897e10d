"""The downloadable xlsx templates: sheets, headers, drop-down lists, instructions, both languages."""

from __future__ import annotations

import io

import openpyxl
import pytest

from indicators import templates as T
from indicators.i18n import t


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _list_values(wb: openpyxl.Workbook, formula: str) -> list[str]:
    sheet, ref = formula.lstrip("=").split("!")
    return [c[0].value for c in wb[sheet.strip("'")][ref.replace("$", "")]]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("layout", T.LAYOUTS)
def test_sheets_data_first_then_instructions(catalog, layout, lang):
    wb = _book(T.template(layout, catalog, lang))
    assert wb.sheetnames == [t("upload.tpl_sheet_data", lang), t("upload.tpl_sheet_instructions", lang)]
    assert wb.active.title == t("upload.tpl_sheet_data", lang)


@pytest.mark.parametrize("layout", T.LAYOUTS)
def test_instructions_sheet_holds_no_numbers(catalog, layout):
    """So the ingest pipeline never reads the 说明 sheet as data."""
    ws = _book(T.template(layout, catalog, "zh"))["说明"]
    cells = [v for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    assert cells and all(isinstance(v, str) for v in cells)


def test_zh_instructions_sheet_is_named_shuoming(catalog):
    assert "说明" in _book(T.long_template(catalog)).sheetnames


@pytest.mark.parametrize("layout", T.LAYOUTS)
def test_dropdowns_list_every_indicator_and_region_of_the_catalogue(catalog, layout):
    wb = _book(T.template(layout, catalog, "zh"))
    ws = wb.worksheets[0]
    dvs = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    assert set(dvs) == {"A2", "B2"}
    assert all(dv.type == "list" and dv.showErrorMessage and dv.errorStyle in (None, "stop") for dv in dvs.values())
    inds = _list_values(wb, dvs["A2"].formula1)
    regs = _list_values(wb, dvs["B2"].formula1)
    assert inds == [i.name_zh for i in catalog.indicators.values()]
    assert regs == [r.name_zh for r in catalog.regions.values()]
    # every choice maps back to its catalogue entry, so a filled template is recognised
    assert [catalog.find_indicator(n).id for n in inds] == list(catalog.indicators)
    assert [catalog.find_region(n).code for n in regs] == list(catalog.regions)


def test_english_dropdowns_use_english_names_that_still_resolve(catalog):
    wb = _book(T.long_template(catalog, "en"))
    dv = next(dv for dv in wb.worksheets[0].data_validations.dataValidation if str(dv.sqref).startswith("A2"))
    names = _list_values(wb, dv.formula1)
    assert "Eight major violent crimes" in names
    assert [catalog.find_indicator(n).id for n in names] == list(catalog.indicators)


def test_long_headers_and_empty_body(catalog):
    ws = _book(T.long_template(catalog)).worksheets[0]
    assert [c.value for c in ws[1]] == ["指标", "地区", "期间", "数值", "单位"]
    assert ws.max_row == 1  # no example rows that could be uploaded by mistake
    assert ws.freeze_panes == "A2"


def test_wide_prefills_every_indicator_with_unit_and_period_columns(catalog):
    data = T.wide_template(catalog, periods=["2020", "2021H1", "2021Q2", "2021-06", "2021YTD06"])
    ws = _book(data).worksheets[0]
    assert [c.value for c in ws[1]] == ["指标", "地区", "单位", "2020年", "2021年上半年", "2021年第二季度",
                                        "2021年6月", "2021年1-6月"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(catalog.indicators)
    at = list(catalog.indicators).index("violent_crimes_8")
    assert rows[at] == ("八类暴力案件", "大鹏新区", "起", None, None, None, None, None)
    assert all(r[2] == catalog.find_indicator(r[0]).unit for r in rows)


def test_wide_period_headers_parse_back_to_their_codes():
    from indicators.periods import parse_period_text

    for code in ["2020", "2021H2", "2021Q4", "2021-11", "2021YTD09"]:
        assert parse_period_text(T.period_header(code)).code == code


def test_wide_for_a_region_and_some_indicators(catalog):
    ws = _book(T.wide_template(catalog, "en", periods=["2021"], region="440300DP03",
                               indicators=["violent_crimes_8", "two_thefts"])).worksheets[0]
    assert list(ws.iter_rows(min_row=2, values_only=True)) == [
        ("Eight major violent crimes", "Nan'ao Subdistrict", "起", None),
        ('Burglary and vehicle theft ("two thefts")', "Nan'ao Subdistrict", "起", None)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_instructions_explain_formats_and_list_the_catalogue(catalog, lang):
    ws = _book(T.long_template(catalog, lang))[t("upload.tpl_sheet_instructions", lang)]
    text = "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)
    assert t("upload.tpl_title_long", lang) in text
    assert t("upload.tpl_help_2", lang) in text
    for ind in catalog.indicators.values():
        assert ind.name(lang) in text and ind.id in text
    assert all(r.name(lang) in text for r in catalog.regions.values())


def test_unknown_layout_is_refused(catalog):
    with pytest.raises(ValueError, match="layout"):
        T.template("diagonal", catalog)


def test_file_names_are_xlsx():
    assert T.file_name("long").endswith(".xlsx") and T.file_name("wide", "en") == "upload_template_wide.xlsx"


def test_period_choices_parse_and_include_the_defaults():
    from datetime import date

    from indicators.periods import parse_period_text

    choices = T.period_choices(date(2026, 11, 28))
    assert choices[0] == "2020" and "2025H2" in choices and "2026Q4" in choices and "2024Q1" not in choices
    assert set(T.default_periods(date(2026, 11, 28))) <= set(choices)
    assert all(parse_period_text(T.period_header(c)).code == c for c in choices)


def test_template_passes_periods_and_region_to_the_wide_layout(catalog):
    ws = _book(T.template("wide", catalog, "zh", periods=["2025H1"], region="440300DP01")).worksheets[0]
    assert [c.value for c in ws[1]] == ["指标", "地区", "单位", "2025年上半年"]
    assert {r[1] for r in ws.iter_rows(min_row=2, values_only=True)} == {"葵涌办事处"}
