"""Reading one sheet: its tables, each table's context, columns, rows and figures, and the structural checks."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..catalog import Catalog
from ..period_text import yearless
from ..periods import parse_period_text
from .collect import Collector
from .context import Context, Fact, is_note_line, read_context
from .labels import observations
from .layout import Layout, Melted, body_rows, melt, parent_column, recognise
from .model import col_letter
from .rows import Rows, row_roles
from .steer import SheetSteer
from .structure import check_structure, decide_changes
from .table import Table, extend_rows, find_tables
from .workbook import Grid

COVER_CELLS = 400          # a cover sheet is small: few cells, few lines, none of them numbered instructions
COVER_LINES = 12
COVER_NAMES = {"封面", "封皮", "首页", "扉页", "cover"}
_INSTRUCTION_LINE = re.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*[.、．:：)）]"
                               r"|^(?:填表|填报|使用)(?:说明|須知|须知)")
INSTRUCTION_SHEETS = {"说明", "說明", "填表说明", "填表說明", "填报说明", "填報說明", "使用说明", "使用說明",
                      "注释", "註釋", "注", "註", "备注", "備註",
                      "instructions", "instruction", "notes", "note", "readme", "read me"}


@dataclass
class TableReading:
    """How one table was read, for the preview: where it is, each row's and column's role, the context used."""

    table: Table
    layout: Layout
    context: Context
    rows: Rows
    used: list[tuple[str, str, str]] = field(default_factory=list)    # (what, value, where) taken from context


@dataclass
class SheetResult:
    """Observations of a sheet (None when it holds no table), its layouts, readings and footnotes."""

    observations: pd.DataFrame | None = None
    layouts: list[str] = field(default_factory=list)
    readings: list[TableReading] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def is_instructions(name: str) -> bool:
    """A sheet named like instructions or notes (说明, 填表说明, Notes, README …)."""
    key = re.sub(r"[\s_\-]+", " ", unicodedata.normalize("NFKC", name)).strip().lower()
    return key in INSTRUCTION_SHEETS or key.replace(" ", "") in INSTRUCTION_SHEETS


def read_sheet(grid: Grid, catalog: Catalog, mapping: dict[str, str], col: Collector, *, single: bool,
               file_name: str = "", steer: SheetSteer | None = None, regions: dict[str, str] | None = None,
               cover: list[tuple[str, str]] = ()) -> SheetResult:
    """Every table of the sheet read into observations (an issue explains a sheet without a table); a cover
    sheet's lines are context after the sheet's own."""
    steer = steer or SheetSteer()
    out = SheetResult()
    grid = steer.apply_to_grid(grid)
    tables = steer.tables(grid, find_tables(grid))
    if not tables:
        if single or not is_instructions(grid.name):
            col.add("error" if single else "info", "empty_sheet", sheet=grid.name)
        return out
    frames = []
    for table in tables:
        obs = _table(table, grid, catalog, mapping, col, single, file_name, steer, regions or {}, out, cover)
        if obs is not None:
            frames.append(obs)
    if frames:
        out.observations = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    if out.notes:
        col.add("info", "batch_note", grid.name, text="；".join(out.notes)[:200])
    return out


def _table(table: Table, grid: Grid, catalog: Catalog, mapping: dict[str, str], col: Collector, single: bool,
           file_name: str, steer: SheetSteer, regions: dict[str, str], out: SheetResult,
           cover: list[tuple[str, str]] = ()) -> pd.DataFrame | None:
    """Observations of one table of the sheet."""
    ctx = read_context(table.lines(table.context_rows), table.lines(table.note_rows), grid.name, file_name, catalog,
                       cover)
    steer.apply_to_context(ctx)
    lay = recognise(table, catalog, ctx, steer.column_roles(table))
    if lay.name == "none" or _is_record_list(table, lay):
        if not single and is_instructions(grid.name):        # a 说明 / Notes sheet beside the data: skip quietly
            return None
        start = table.header_rows[-1] + 1 if table.header_rows else 0
        n = int(table.filled_frame().to_numpy()[start:].any(axis=1).sum())
        col.add("error" if single else "info", "records_only" if n >= 20 else "no_values", grid.name, n=n)
        return None
    value_cols = [c.index for c in lay.columns.values() if c.role == "value"]
    table.data_rows = extend_rows(table, value_cols)
    rows = _row_roles(table, lay)
    _notes_in_body(table, ctx)
    m = melt(table, lay)
    for r in m.text_cells.itertuples():
        if not col.over_cap("text_in_number"):
            col.add("error", "text_in_number", grid.name, int(r.excel_row), r.col, text=str(r.raw)[:40])
    _not_reported(table, lay, grid.name, col)
    reading = TableReading(table, lay, ctx, rows)
    _apply_rows(m, table, lay, rows, ctx, catalog, reading, grid.name, col)
    decide_changes(m, lay)
    obs = observations(m, lay, grid, catalog, mapping, col, ctx, reading.used, regions)
    check_structure(obs, m, table, lay, rows, col)
    _context_issues(reading, grid.name, col)
    out.readings.append(reading)
    out.layouts.append(lay.name)
    out.notes.extend(f.text for f in ctx.all("note") if f.text not in out.notes)
    return obs


def cover_lines(grid: Grid) -> list[tuple[str, str]] | None:
    """The text lines of a cover sheet (封面: a small sheet of text only, no table) as (text, 封面!B4), else None."""
    if grid.cells.size > COVER_CELLS or is_instructions(grid.name):
        return None
    texts = [(str(v).strip(), f"{grid.name}!{col_letter(c + grid.col0)}{r + grid.row0}")
             for r, row in enumerate(grid.cells.itertuples(index=False)) for c, v in enumerate(row)
             if isinstance(v, str) and v.strip()]
    named = re.sub(r"\s+", "", grid.name).lower() in COVER_NAMES
    if not texts or len(texts) > (COVER_LINES * 2 if named else COVER_LINES) or find_tables(grid):
        return None
    if any(_INSTRUCTION_LINE.match(t) or is_note_line(t) for t, _ in texts):   # 填表说明 / 1. 每行填写…: instructions
        return None
    return texts


def _is_record_list(table: Table, lay: Layout) -> bool:
    """A list of individual records (one incident per row, an id column), not a table of figures."""
    rows = body_rows(table)
    if len(rows) < 20:
        return False
    for c in lay.columns.values():
        if c.role in ("indicator_extra", "region_extra"):
            vals = table.text[c.index].iloc[rows].dropna()
            if len(vals) >= 0.8 * len(rows) and vals.nunique() >= 0.9 * len(vals):
                return True
    return False


def _notes_in_body(table: Table, ctx: Context) -> None:
    """注：… lines written between the rows of the table: kept with the footnotes (the batch's note)."""
    rows = body_rows(table)
    if not len(rows):
        return
    first = table.text.iloc[rows].bfill(axis=1).iloc[:, 0]     # each row's first text: 100k rows 30 ms, not 2.5 s
    for i in np.flatnonzero(_note_cells(first)):
        text = str(first.iloc[i])
        ctx.facts.append(Fact("note", text, text, table.cell(int(rows[i]), 0)))


def _note_cells(cells: pd.Series) -> np.ndarray:
    """Which cells are 注：… lines, each distinct text checked once."""
    notes = {v for v in cells.dropna().unique() if isinstance(v, str) and is_note_line(v)}
    return cells.isin(notes).to_numpy(dtype=bool) if notes else np.zeros(len(cells), dtype=bool)


def primary_label(lay: Layout) -> int | None:
    """The column whose text names each row: the indicator column, else the region column; when a group column is
    merged down beside a finer one (类别 | 项目), the finer one, which holds the 小计 and 合计 rows."""
    for role in ("indicator", "region", "period"):
        cols = sorted((c for c in lay.columns.values() if c.role in (role, f"{role}_extra")), key=lambda c: c.index)
        main = [c for c in cols if c.role == role]
        if not main:
            continue
        if main[0].sparse:
            dense = [c for c in cols if not c.sparse and c.index > main[0].index]
            if dense:
                return dense[0].index
        return main[0].index
    return None


def group_column(lay: Layout) -> int | None:
    """The column merged down over groups of the label column (街道 over 社区, 类别 over 项目), if any."""
    label = primary_label(lay)
    if label is None:
        return None
    parent = parent_column(lay)
    if parent is not None:
        return parent
    role = lay.columns[label].role.removesuffix("_extra")
    groups = [c for c in lay.columns.values() if c.role in (role, f"{role}_extra") and c.sparse and c.index < label]
    return max(groups, key=lambda c: c.index).index if groups else None


def _row_roles(table: Table, lay: Layout) -> Rows:
    """Totals, subtotals, parts and sections of the table body, read from its label column."""
    label = primary_label(lay)
    if label is None:
        return Rows()
    body = body_rows(table)
    values = [c.index for c in lay.columns.values() if c.role == "value"]
    filled = table.filled_frame()
    has_values = filled[values].to_numpy()[body].any(axis=1) if values else np.zeros(len(body), dtype=bool)
    raw = pd.Series(table.grid.cells[label].iloc[body].to_numpy(dtype=object), index=body)
    notes = _note_cells(raw)
    if notes.any():                    # 注：… written between the rows: a note, not a heading
        raw = raw.where(~notes, None)
    parent = group_column(lay)
    if parent is not None:             # a 总计 written in the group column, the finer one left empty
        raw = raw.where(raw.notna(), pd.Series(table.grid.cells[parent].iloc[body].to_numpy(dtype=object),
                                               index=body))
    return row_roles(raw, has_values)


def _apply_rows(m: Melted, table: Table, lay: Layout, rows: Rows, ctx: Context, catalog: Catalog,
                reading: TableReading, sheet: str, col: Collector) -> None:
    """Rewrite the figures' labels by row role: cleaned labels, section headings, totals and subtotals."""
    if not rows.label and not rows.kind:
        return
    f = m.frame
    label_col = primary_label(lay)
    role = lay.columns[label_col].role.removesuffix("_extra") if label_col is not None else None
    key = {"indicator": "row_indicator", "region": "region_text", "period": "row_period"}.get(role)
    if key is None or key not in f:
        return
    changes = _row_texts(table, lay, rows, ctx, catalog, role)
    if not changes:
        return
    text = f[key].to_numpy(dtype=object).copy()
    r = f["_row"].to_numpy()
    drop = np.zeros(len(f), dtype=bool)
    for row, new in changes.items():
        hit = r == row
        if new is None:
            drop |= hit
            if hit.any():
                col.add("info", "total_skipped", sheet, row + table.grid.row0, None, text=_text(table, lay, row))
        elif rows.kind.get(row) in ("total", "subtotal"):
            text[hit] = new if new else None
        else:
            text[hit] = _join(text[hit], new, role)
    f[key] = pd.Series(text, index=f.index, dtype=object)
    if drop.any():
        m.frame = f[~drop].reset_index(drop=True)


def _join(current: np.ndarray, new: str, role: str) -> np.ndarray:
    """The row's new label in place of the primary column's text (extra columns' texts after ' / ' kept)."""
    out = current.copy()
    for k, v in enumerate(out):
        rest = str(v).split(" / ", 1)[1] if v is not None and " / " in str(v) and role == "indicator" else None
        out[k] = f"{new} / {rest}" if rest else new
    return out


def _row_texts(table: Table, lay: Layout, rows: Rows, ctx: Context, catalog: Catalog,
               role: str) -> dict[int, str | None]:
    """New primary label per row whose role changes it."""
    changes: dict[int, str | None] = dict(rows.label)
    for r, sec in rows.section.items():         # a row under a heading without figures: 刑事检察 / 受理审查逮捕
        if rows.kind.get(r) in ("total", "subtotal"):
            continue
        head = rows.label.get(sec) or _text(table, lay, sec)
        own = rows.label.get(r) or _text(table, lay, r)
        if role == "indicator" and head and own:
            changes[r] = f"{head} / {own}"
    for r, kind in rows.kind.items():
        if kind == "total" and role == "period":
            changes[r] = _span(rows.members.get(r, []), table, lay)
        elif kind == "total":
            changes[r] = _total_label(table, lay, rows, r, ctx, catalog, role)
        elif kind == "subtotal":
            sec = rows.section.get(r)
            changes[r] = (rows.label.get(sec) or _text(table, lay, sec)) if sec is not None else \
                _parent_text(table, lay, r)
    return changes


def _span(members: list[int], table: Table, lay: Layout) -> str | None:
    """The period a 合计 of period rows covers: months (or quarters) 1…k of one year are the year to date."""
    found = [yearless(t) or parse_period_text(t) for t in (_text(table, lay, m) or "" for m in members)]
    if not found or any(f is None for f in found):
        return None
    kinds = {f.kind for f in found}
    last = [f.index for f in found]
    if kinds == {"month"} and last == list(range(1, len(last) + 1)):
        k = len(last)
    elif kinds == {"quarter"} and last == list(range(1, len(last) + 1)):
        k = 3 * len(last)
    else:
        return None
    years = {f.year for f in found}
    year = f"{years.pop()}年" if len(years) == 1 and None not in years else ""
    return f"{year}1-{k}月" if k < 12 else f"{year}全年" if year else "全年"


def _parent_text(table: Table, lay: Layout, row: int) -> str | None:
    """The group a row belongs to in a column merged down beside the label column (街道 or 类别 for a 小计)."""
    parent = group_column(lay)
    if parent is None:
        return None
    col = table.text[parent].iloc[:row + 1].dropna()
    return re.sub(r"\s+", " ", str(col.iloc[-1])).strip() if len(col) else None


def _text(table: Table, lay: Layout, row: int) -> str | None:
    label = primary_label(lay)
    v = table.text.iat[row, table.text.columns.get_loc(label)] if label is not None else None
    return None if v is None else re.sub(r"\s+", " ", str(v)).strip()


def _total_label(table: Table, lay: Layout, rows: Rows, r: int, ctx: Context, catalog: Catalog,
                 role: str) -> str | None:
    """What a 合计 row stands for: the parent of the regions it sums (or the table's region), or in a table of
    indicators the table's subject; None (left out) when nothing says."""
    if role == "region":
        found = []
        for m in rows.members.get(r, []):
            name = _parent_text(table, lay, m) if rows.kind.get(m) == "subtotal" else None
            found.append(catalog.find_region(name or rows.label.get(m) or _text(table, lay, m) or ""))
        common = _common_parent([f.code for f in found if f is not None], catalog) \
            if found and all(f is not None for f in found) else None
        if common is not None:
            return catalog.regions[common].name_zh
        region = ctx.first("region") or ctx.first("region_text")
        if region is not None:
            return catalog.regions[region.value].name_zh if region.kind == "region" else str(region.value)
        return _text(table, lay, r)
    if any(c.label and not c.region for c in lay.columns.values() if c.role == "value"):
        return ""                  # categories × measures: the total of a column is the column's own figure
    subject = ctx.first("subject")
    return f"{subject.value}" if subject is not None else _text(table, lay, r)


def _common_parent(codes: list[str], catalog: Catalog) -> str | None:
    """The nearest region above all of these (communities of one 办事处 → it; 派出所 of three 办事处 → the district)."""
    chains = []
    for code in codes:
        chain, reg = [], catalog.regions.get(code)
        while reg is not None and reg.parent is not None:
            chain.append(reg.parent)
            reg = catalog.regions.get(reg.parent)
        chains.append(chain)
    if not chains:
        return None
    shared = set(chains[0]).intersection(*map(set, chains[1:]))
    return next((c for c in chains[0] if c in shared), None)


def _not_reported(table: Table, lay: Layout, sheet: str, col: Collector) -> None:
    """Value cells written as —, 无, 暂无, / or left blank in figure rows: one line saying they are not reported."""
    values = [c.index for c in lay.columns.values() if c.role == "value"]
    if not values:
        return
    rows = table.data_rows
    n, first = 0, None
    for c in values:
        p = table.parsed[c]
        miss = p.missing[rows]
        if miss.any():
            n += int(miss.sum())
            k = int(rows[np.flatnonzero(miss)[0]])
            if first is None or k < first[0]:
                first = (k, c)
    if n and first is not None:
        col.add("info", "not_reported", sheet, first[0] + table.grid.row0, col_letter(first[1] + table.grid.col0),
                n=n)


def _context_issues(reading: TableReading, sheet: str, col: Collector) -> None:
    """One info line per value taken from the table's surroundings (title, sheet or file name)."""
    for what, value, where in dict.fromkeys(reading.used):
        src = where if where in ("sheet", "file", "steer") else "cell"
        m = re.fullmatch(r"([A-Z]+)(\d+)", where) if src == "cell" else None
        col.add("info", "context_used", sheet, int(m.group(2)) if m else None, m.group(1) if m else None,
                value=value, where=where, _key=f"context_{what}_{src}")
