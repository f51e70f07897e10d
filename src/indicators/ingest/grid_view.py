"""How each cell of a sheet was read, for the preview: a role per cell (context, header, label, region, period,
value, total, part, note, ignored …) and the reason for each row and column, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..catalog import Catalog
from ..i18n import t
from ..periods import parse_period
from .layout import Column
from .model import IngestResult, col_letter
from .sheet import TableReading

MAX_ROWS = 200
# role -> background colour of the preview grid (light enough for black text; one legend on the page)
COLOURS = {"context": "#FFF4CC", "header": "#D6E4F5", "indicator": "#E3F1DF", "region": "#F3E1F5",
           "period": "#FCE4D6", "value": "#FFFFFF", "total": "#E0E0E0", "part": "#F2F7FF", "unit": "#EDEDED",
           "note": "#F7F7F7", "ignored": "#F0F0F0", "missing": "#FFFFFF", "text": "#FAD4D4", "outside": "#FFFFFF"}
ROLE_OF_COLUMN = {"indicator": "indicator", "indicator_extra": "indicator", "region": "region",
                  "region_extra": "region", "region_parent": "region", "period": "period", "period_extra": "period",
                  "unit": "unit", "value": "value", "seq": "ignored", "note": "note", "code": "ignored",
                  "other": "indicator", "empty": "ignored", "direction": "unit"}


@dataclass
class SheetView:
    """A sheet's first rows as text with a role per cell, the role and reason of each row and column."""

    cells: pd.DataFrame                       # index: Excel row numbers; columns: letters
    roles: pd.DataFrame                       # same shape: role keys (COLOURS)
    row_roles: dict[int, str] = field(default_factory=dict)     # Excel row -> role
    row_reasons: dict[int, str] = field(default_factory=dict)   # Excel row -> reason in words
    col_reasons: dict[str, str] = field(default_factory=dict)   # letter -> reason in words
    col_roles: dict[str, str] = field(default_factory=dict)     # letter -> role
    more_rows: int = 0


def sheet_view(result: IngestResult, sheet: str, lang: str = "zh", max_rows: int = MAX_ROWS,
               catalog: Catalog | None = None) -> SheetView | None:
    """The preview grid of one sheet as read (None when the sheet was not read)."""
    grid = result.grids.get(sheet)
    if grid is None:
        return None
    cells = grid.cells.iloc[:max_rows]
    letters = [col_letter(int(c) + grid.col0) for c in cells.columns]
    rows = [int(r) + grid.row0 for r in range(len(cells))]
    text = pd.DataFrame(cells.to_numpy(dtype=object), index=rows, columns=letters).map(_show)
    roles = pd.DataFrame("outside", index=rows, columns=letters, dtype=object)
    roles[text != ""] = "outside"
    view = SheetView(text, roles, more_rows=max(0, len(grid.cells) - max_rows))
    for reading in result.readings.get(sheet, []):
        _table(view, reading, lang, catalog)
    if not result.readings.get(sheet):
        _cover(view, result, sheet, lang, catalog)
    for r in rows:
        view.row_roles.setdefault(r, "outside")
    return view


def _show(v: object) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return str(v)


def _table(view: SheetView, reading: TableReading, lang: str, catalog: Catalog | None) -> None:
    """Roles and reasons of one table's rows, columns and cells."""
    table, lay = reading.table, reading.layout
    r0, c0 = table.grid.row0, table.grid.col0
    letters = {c: col_letter(c + c0) for c in table.text.columns}
    for c, column in lay.columns.items():
        letter = letters[c]
        view.col_roles[letter] = ROLE_OF_COLUMN.get(column.role, "indicator")
        view.col_reasons[letter] = column_reason(column, lang)
    facts = {}
    for f in reading.context.facts:
        facts.setdefault(f.where, []).append(f)
    for r in table.context_rows:
        _row(view, r + r0, "context", t("read.row_context", lang))
    for r in table.note_rows:
        _row(view, r + r0, "context", t("read.row_note", lang))
    for r in table.header_rows:
        _row(view, r + r0, "header", t("read.row_header", lang))
    body = range((table.header_rows[-1] + 1) if table.header_rows else int(table.data_rows[0]),
                 int(table.data_rows[-1]) + 1)
    data = set(int(x) for x in table.data_rows)
    for r in body:
        kind = reading.rows.role(r)
        if r not in data and kind != "section":
            continue
        _row(view, r + r0, {"data": "value"}.get(kind, kind), row_reason(reading, r, lang))
        for c, column in lay.columns.items():
            letter = letters[c]
            if r + r0 in view.roles.index and letter in view.roles.columns:
                role = ROLE_OF_COLUMN.get(column.role, "indicator")
                if role == "value" and kind in ("total", "subtotal"):
                    role = "total"
                elif role == "value" and kind == "part":
                    role = "part"
                view.roles.at[r + r0, letter] = role
    per_row: dict[int, list] = {}
    for where, found in facts.items():                      # context cells say what was taken from them
        if where[:1].isalpha() and where[-1:].isdigit() and "!" not in where:     # 封面!B3: another sheet's
            per_row.setdefault(int("".join(ch for ch in where if ch.isdigit())), []).extend(found)
    for row, found in per_row.items():
        view.row_reasons[row] = _facts_text(found, lang, catalog)
    _cell_roles(view)


def _row(view: SheetView, row: int, role: str, reason: str) -> None:
    view.row_roles[row] = role
    view.row_reasons[row] = reason
    if row in view.roles.index and role in ("context", "header"):
        filled = view.cells.loc[row] != ""
        view.roles.loc[row, filled] = role


def _cell_roles(view: SheetView) -> None:
    """Value cells that hold no figure: not reported (—, 无, blank) or text that is no number."""
    from .cells import parse_cells

    for letter, role in view.col_roles.items():
        if role != "value" or letter not in view.cells.columns:
            continue
        col = view.cells[letter]
        body = [r for r, k in view.row_roles.items() if k in ("value", "total", "part", "subtotal")
                and r in col.index]
        if not body:
            continue
        parsed = parse_cells(col.loc[body].replace("", None).astype(object))
        for r, state in zip(body, parsed["state"], strict=True):
            if state == "missing":
                view.roles.at[r, letter] = "missing"
            elif state == "text":
                view.roles.at[r, letter] = "text"


def column_reason(column: Column, lang: str) -> str:
    """Why a column was read as it was, in words (its period and where that came from)."""
    role = column.role.removesuffix("_extra").removesuffix("_parent")
    if column.role == "value":
        parts = [t("read.col_value", lang)]
        if column.label:
            parts.append(t("read.col_label_is", lang, label=column.label))
        if column.period:
            key = "read.col_period_context" if column.from_context else "read.col_period_is"
            parts.append(t(key, lang, period=parse_period(column.period).label(lang)))
        if column.measure != "value":
            parts.append(t(f"read.measure_{column.measure}", lang))
        if column.unit:
            parts.append(t("read.col_unit_is", lang, unit=column.unit))
        return "；".join(parts) if lang == "zh" else "; ".join(parts)
    if column.role == "region_parent":
        return t("read.col_region_parent", lang)
    return t(f"read.col_{role}", lang)


def row_reason(reading: TableReading, r: int, lang: str) -> str:
    """Why a body row was read as it was: a figure row, a total and what it stands for, a part of which row."""
    rows = reading.rows
    kind = rows.role(r)
    r0 = reading.table.grid.row0
    if kind in ("total", "subtotal"):
        return t(f"read.row_{kind}", lang, n=len(rows.members.get(r, [])))
    if kind == "part":
        return t("read.row_part", lang, row=rows.parent[r] + r0)
    if kind == "section":
        return t("read.row_section", lang)
    if r in rows.section:
        return t("read.row_in_section", lang, row=rows.section[r] + r0)
    return t("read.row_data", lang)


def _cover(view: SheetView, result: IngestResult, sheet: str, lang: str, catalog: Catalog | None) -> None:
    """A cover sheet's lines that gave the other sheets context (封面!B3: region, period …), shown as context."""
    found: dict[int, list] = {}
    for readings in result.readings.values():
        for reading in readings:
            for f in reading.context.facts:
                if f.where.startswith(f"{sheet}!"):
                    cell = f.where[len(sheet) + 1:]
                    row = int("".join(ch for ch in cell if ch.isdigit()))
                    if f not in found.setdefault(row, []):
                        found[row].append(f)
    for row, facts in found.items():
        _row(view, row, "context", _facts_text(facts, lang, catalog))


def _facts_text(facts: list, lang: str, catalog: Catalog | None) -> str:
    """What a context cell gave: region, period, unit, note …"""
    out = []
    for f in facts:
        if f.kind == "period" and f.value.year is not None:
            p = f.value.period()
            out.append(t("read.fact_period", lang, value=p.label(lang) if p else f.text))
        elif f.kind == "region":
            reg = catalog.regions.get(f.value) if catalog is not None else None
            out.append(t("read.fact_region", lang, value=reg.name(lang) if reg else f.text))
        elif f.kind in ("region_text", "unit", "year", "subject", "note", "reporter"):
            value = "、".join(f.value) if isinstance(f.value, tuple) else f.value
            out.append(t(f"read.fact_{f.kind}", lang, value=value))
    return ("；" if lang == "zh" else "; ").join(out) or t("read.row_context", lang)
