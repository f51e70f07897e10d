"""Downloadable xlsx templates (long and wide layouts) with an instructions sheet and drop-down lists.

The 说明 sheet holds text only (the catalogue of indicator and region names the drop-downs point at), so the
ingest pipeline never mistakes it for data; the data sheet comes first and is the active one.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .catalog import Catalog, Indicator
from .i18n import t
from .periods import parse_period

LAYOUTS = ("long", "wide")
DATA_ROWS = 1000          # rows of the long template that carry drop-down lists


def _tr(key: str, lang: str, **values: object) -> str:
    return t(f"upload.{key}", lang, **values)


def long_headers(lang: str = "zh") -> list[str]:
    """Column headers of the long template: one figure per row."""
    return [_tr(k, lang) for k in ("tpl_col_indicator", "tpl_col_region", "tpl_col_period", "tpl_col_value",
                                    "tpl_col_unit")]


def wide_headers(periods: Sequence[str], lang: str = "zh") -> list[str]:
    """Column headers of the wide template: indicator, region, unit, then one column per period."""
    fixed = [_tr(k, lang) for k in ("tpl_col_indicator", "tpl_col_region", "tpl_col_unit")]
    return fixed + [period_header(p) for p in periods]


def period_header(code: str) -> str:
    """A period as spreadsheets write it (2021年, 2021年上半年, 2021年6月 …): readable and parseable."""
    return parse_period(code).label("zh")


def default_periods(today: date | None = None) -> list[str]:
    """The last three full years."""
    year = (today or date.today()).year
    return [str(y) for y in range(year - 3, year)]


def period_choices(today: date | None = None) -> list[str]:
    """Periods offered for the wide template: six years back, with halves and quarters of the last two."""
    year = (today or date.today()).year
    out: list[str] = []
    for y in range(year - 6, year + 1):
        out.append(str(y))
        if y >= year - 1:
            out += [f"{y}H1", f"{y}H2"] + [f"{y}Q{q}" for q in range(1, 5)]
    return out


def _validate(ws: Worksheet, col: int, last_row: int, source: str, what: str, lang: str) -> None:
    ws.data_validation(1, col, last_row, col, {
        "validate": "list", "source": source, "error_type": "stop",
        "input_title": _tr("tpl_pick_title", lang), "input_message": _tr(f"tpl_pick_{what}", lang),
        "error_title": _tr("tpl_invalid_title", lang), "error_message": _tr(f"tpl_invalid_{what}", lang)})


def _header(wb: Workbook, ws: Worksheet, headers: list[str], widths: list[int]) -> None:
    fmt = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    ws.write_row(0, 0, headers, fmt)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)


def _instructions(wb: Workbook, catalog: Catalog, layout: str, lang: str) -> dict[str, str]:
    """The 说明 sheet: how to fill in, accepted formats, and the catalogue (text only, so it never reads as data).

    Returns the ranges of indicator and region names that the drop-down lists of the data sheet use.
    """
    name = _tr("tpl_sheet_instructions", lang)
    ws = wb.add_worksheet(name)
    bold = wb.add_format({"bold": True, "font_size": 12})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    head = wb.add_format({"bold": True, "bg_color": "#EDEDED", "border": 1})
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 48)
    ws.set_column(2, 4, 16)
    ws.write(0, 0, _tr(f"tpl_title_{layout}", lang), bold)
    lines = [_tr(f"tpl_help_{layout}", lang)] + [_tr(f"tpl_help_{n}", lang) for n in range(1, 7)]
    for row, line in enumerate(lines, start=2):
        ws.merge_range(row, 0, row, 4, line, wrap)
        ws.set_row(row, 32)
    start = len(lines) + 3
    ws.write(start, 0, _tr("tpl_catalogue_title", lang), bold)
    cols = [_tr(k, lang) for k in ("tpl_col_indicator", "tpl_ref_definition", "tpl_col_unit", "tpl_ref_domain",
                                    "tpl_ref_id")]
    ws.write_row(start + 1, 0, cols, head)
    first_ind = start + 2
    for n, ind in enumerate(catalog.indicators.values(), start=first_ind):
        ws.write_row(n, 0, _reference_row(catalog, ind, lang), wrap)
    reg_title = first_ind + len(catalog.indicators) + 1
    ws.write(reg_title, 0, _tr("tpl_regions_title", lang), bold)
    ws.write_row(reg_title + 1, 0, [_tr("tpl_col_region", lang), _tr("tpl_ref_level", lang)], head)
    first_reg = reg_title + 2
    for n, reg in enumerate(catalog.regions.values(), start=first_reg):
        ws.write_row(n, 0, [reg.name(lang), _tr(f"tpl_level_{reg.level}", lang)], wrap)
    return {"indicator": _range(name, first_ind, len(catalog.indicators)),
            "region": _range(name, first_reg, len(catalog.regions))}


def _range(sheet: str, first: int, count: int) -> str:
    """Absolute A-column range of `count` cells from 0-based row `first`, for a list data validation."""
    return f"='{sheet}'!$A${first + 1}:$A${first + max(count, 1)}"


def _reference_row(catalog: Catalog, ind: Indicator, lang: str) -> list[str]:
    domain = catalog.domains.get(ind.domain)
    return [ind.name(lang), ind.definition, ind.unit, domain.name(lang) if domain else ind.domain, ind.id]


def _finish(wb: Workbook, buf: io.BytesIO) -> bytes:
    wb.close()
    return buf.getvalue()


def long_template(catalog: Catalog, lang: str = "zh") -> bytes:
    """xlsx bytes of the long template: 指标 | 地区 | 期间 | 数值 | 单位, drop-downs on indicator and region."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet(_tr("tpl_sheet_data", lang))
    _header(wb, ws, long_headers(lang), [34, 16, 16, 14, 10])
    ws.set_column(2, 2, 16, wb.add_format({"num_format": "@"}))
    lists = _instructions(wb, catalog, "long", lang)
    _validate(ws, 0, DATA_ROWS, lists["indicator"], "indicator", lang)
    _validate(ws, 1, DATA_ROWS, lists["region"], "region", lang)
    ws.activate()
    return _finish(wb, buf)


def wide_template(catalog: Catalog, lang: str = "zh", periods: Sequence[str] | None = None,
                  region: str | None = None, indicators: Sequence[str] | None = None) -> bytes:
    """xlsx bytes of the wide template: one row per indicator (pre-filled), one column per period."""
    periods = list(periods or default_periods())
    reg = catalog.regions[region] if region else catalog.default_region()
    inds = [catalog.indicators[i] for i in indicators] if indicators else list(catalog.indicators.values())
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet(_tr("tpl_sheet_data", lang))
    _header(wb, ws, wide_headers(periods, lang), [34, 16, 10] + [14] * len(periods))
    for row, ind in enumerate(inds, start=1):
        ws.write_row(row, 0, [ind.name(lang), reg.name(lang), ind.unit])
    lists = _instructions(wb, catalog, "wide", lang)
    last = max(len(inds), 1) + 200
    _validate(ws, 0, last, lists["indicator"], "indicator", lang)
    _validate(ws, 1, last, lists["region"], "region", lang)
    ws.activate()
    return _finish(wb, buf)


def template(layout: str, catalog: Catalog, lang: str = "zh", periods: Sequence[str] | None = None,
             region: str | None = None) -> bytes:
    """The template of a layout ('long' or 'wide'; periods and region apply to the wide one)."""
    if layout == "long":
        return long_template(catalog, lang)
    if layout == "wide":
        return wide_template(catalog, lang, periods=periods, region=region)
    raise ValueError(f"unknown template layout {layout!r}; expected one of {LAYOUTS}")


def file_name(layout: str, lang: str = "zh") -> str:
    """Download file name of a template."""
    return _tr(f"tpl_file_{layout}", lang)
