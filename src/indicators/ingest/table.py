"""Finding the table in a sheet: the data rows, the header rows above them, titles, units and context."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..period_text import mentions
from .cells import Parsed, parse_column
from .context import is_date_text, is_note_line, is_title_text, meta_key, meta_line
from .workbook import Grid

MAX_HEADER_ROWS = 4
_TITLE = re.compile(r"^(表\s*[\d一二三四五六七八九十]|table\s*[a-z]?\d|附表|图\s*\d)", re.I)
_PREAMBLE = re.compile(r"^(数据库|數據庫|指标|指標|时间|時間|地区|地區|单位|單位|数据来源|資料來源|注|註|附註|附注|"
                       r"制表|填报|填報|统计|統計)\s*[:：]")
_UNIT = re.compile(r"^(?:单位|單位|计量单位|unit|units)\s*[:：]?\s*(.*)$", re.I)
UNIT_WORDS = {"numbers", "number", "percentage", "percent", "%", "rate", "rates", "count", "counts",
              "percentage change", "rate per 1,000 population", "rate per 100,000 population"}


@dataclass
class Table:
    """One located table of a sheet: data rows, header rows, and the lines around it (positions in the sheet)."""

    grid: Grid
    text: pd.DataFrame
    parsed: dict[int, Parsed]
    data_rows: np.ndarray
    header_rows: list[int]
    context: list[str] = field(default_factory=list)
    header: dict[int, list[str]] = field(default_factory=dict)
    filled: pd.DataFrame | None = None
    context_rows: list[int] = field(default_factory=list)   # title, meta and caption lines above the header
    note_rows: list[int] = field(default_factory=list)      # footnotes and signature lines below the body
    start: int = 0                                          # first and last row of the sheet this table owns
    end: int = -1
    limit: int = -1                                         # where the next table's lines begin (exclusive)

    def filled_frame(self) -> pd.DataFrame:
        """Boolean frame: which cells hold something (computed once)."""
        if self.filled is None:
            self.filled = pd.DataFrame({c: np.not_equal(self.text[c].to_numpy(), None) for c in self.text.columns},
                                       index=self.text.index)
        return self.filled

    def cell(self, row: int, col: int) -> str:
        """Excel reference of a grid position ('C5')."""
        from .model import col_letter

        return f"{col_letter(col + self.grid.col0)}{row + self.grid.row0}"

    def lines(self, rows: list[int]) -> list[tuple[str, str]]:
        """The non-empty cells of these rows as (text, cell), left to right."""
        out = []
        for r in rows:
            for c, v in self.text.iloc[r].items():
                if v is not None:
                    out.append((str(v), self.cell(r, int(c))))
        return out


def _numeric_like(parsed: Parsed, filled: np.ndarray) -> np.ndarray:
    return parsed.number | (parsed.missing & filled)


@dataclass
class _Sheet:
    """Per-row facts of a sheet used to find its tables."""

    text: pd.DataFrame
    parsed: dict[int, Parsed]
    filled: dict[int, np.ndarray]
    score: np.ndarray          # numeric-like cells per row
    strict: np.ndarray         # numbers per row
    count: np.ndarray          # filled cells per row
    years: np.ndarray          # rows whose numbers are all years (a header of years)
    data: np.ndarray           # data row positions

    def filled_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.filled, index=self.text.index)


def _scan(grid: Grid) -> _Sheet | None:
    texts, parsed, filled = {}, {}, {}
    for c in grid.cells.columns:
        texts[c], p = parse_column(grid.cells[c])
        filled[c] = np.not_equal(p.texts, None)[p.idx]           # one comparison per distinct text
        if not p.missing.all() or filled[c].any():
            parsed[c] = p
    text = pd.DataFrame(texts, index=grid.cells.index, columns=grid.cells.columns, dtype=object, copy=False)
    if not parsed:
        return None
    n = len(text)
    score = np.zeros(n, dtype=np.int64)
    strict = np.zeros(n, dtype=np.int64)
    count = np.zeros(n, dtype=np.int64)
    for c, p in parsed.items():
        score += _numeric_like(p, filled[c])
        strict += p.number
        count += filled[c]
    years = _year_only_rows(parsed, n)
    positive = score[strict > 0]
    data = np.zeros(0, dtype=np.int64)
    if positive.size:
        typical = float(np.quantile(positive, 0.9))
        data = np.flatnonzero((score >= max(1, math.ceil(typical * 0.5))) & (strict > 0))
    return _Sheet(text, parsed, filled, score, strict, count, years, data)


def find_table(grid: Grid) -> Table | None:
    """The first table of a sheet (None when the sheet holds no figures)."""
    tables = find_tables(grid)
    return tables[0] if tables else None


def find_tables(grid: Grid) -> list[Table]:
    """Every table of a sheet, top to bottom: tables stacked in one sheet, each with its own caption and header,
    are read as separate tables; titles, meta lines and footnotes around each are its context."""
    if grid.cells.empty:
        return []
    sh = _scan(grid)
    if sh is None:
        return []
    if not len(sh.data):
        table = _keyword_table(grid, sh.text, sh.parsed, sh.filled)
        return [table] if table is not None else []
    data = sh.data
    while len(data) > 1 and sh.years[data[0]] and not sh.years[data[1]]:
        data = data[1:]
    numeric_rows = (sh.strict > 0) & ~sh.years
    runs = _split_runs(sh, data)
    heads, prev = [], 0
    for run in runs:
        heads.append(_header_rows(sh.text, sh.count, int(run[0]), numeric_rows, prev))
        prev = int(run[-1]) + 1
    tables, start = [], 0
    for k, run in enumerate(runs):
        header_rows, top = heads[k]
        body = run[run > (header_rows[-1] if header_rows else -1)]
        if not len(body):
            continue
        limit = heads[k + 1][1] if k + 1 < len(runs) else len(sh.text)
        notes = _notes(sh, int(body[-1]), limit, k + 1 == len(runs))
        context_rows = [r for r in range(start, top) if sh.count[r]]
        context_rows += [h for h in range(top, int(body[0])) if sh.count[h] and h not in header_rows
                         and not numeric_rows[h]]
        end = notes[-1] if notes else int(body[-1])
        table = Table(grid, sh.text, sh.parsed, body, header_rows, filled=sh.filled_frame(),
                      context_rows=context_rows, note_rows=notes, start=start, end=end, limit=limit)
        table.context = [t for t, _ in table.lines(context_rows)]
        table.header = _header_parts(table)
        tables.append(table)
        start = end + 1
    return tables


def _notes(sh: _Sheet, body_end: int, limit: int, last: bool) -> list[int]:
    """Rows after the body that are its footnotes and signature lines (注：…, 填表人：…). Before a next table only
    those, up to the first other line (the next table's caption); after the last table every text line."""
    rows = []
    for r in range(body_end + 1, limit):
        if not sh.count[r]:
            continue
        if _line_of(sh.text.iloc[r]) or (last and sh.strict[r] == 0 and sh.count[r] == 1):
            rows.append(r)
        else:
            break
    return rows


def _value_columns(sh: _Sheet, rows: np.ndarray) -> list[int]:
    """Columns that hold figures in most of these rows."""
    out = []
    for c, p in sh.parsed.items():
        num = p.number[rows]
        if num.sum() >= max(1, 0.5 * np.count_nonzero(sh.filled[c][rows])):
            out.append(c)
    return out


def _split_runs(sh: _Sheet, data: np.ndarray) -> list[np.ndarray]:
    """Data rows grouped by table: a new table starts where header rows (text in the figure columns) come
    between two runs of data rows."""
    if len(data) < 2:
        return [data]
    cols = _value_columns(sh, data)
    if not cols:
        return [data]
    is_data = np.zeros(len(sh.text), dtype=bool)
    is_data[data] = True
    texts = np.zeros(len(sh.text), dtype=np.int64)
    numbers = np.zeros(len(sh.text), dtype=np.int64)
    years = np.zeros(len(sh.text), dtype=np.int64)
    for c in cols:
        p = sh.parsed[c]
        numeric = _numeric_like(p, sh.filled[c])
        texts += sh.filled[c] & ~numeric
        numbers += numeric
        years += p.ok
    header_like = (texts >= 2) & (numbers == 0) | (sh.years & (years >= 2))
    gaps = np.flatnonzero(np.diff(data) > 1)              # only where rows lie between two data rows
    cuts = [i + 1 for i in gaps if header_like[data[i] + 1:data[i + 1]].any()]
    return np.split(np.asarray(data, dtype=np.int64), cuts)


def _line_of(row: pd.Series) -> bool:
    """A row whose first text is a footnote or meta line (注：…, 填表人：…)."""
    first = next((str(v) for v in row if v is not None), "")
    return is_note_line(first) or meta_line(first) is not None


_FOOTNOTE = re.compile(r"^(注|註|附注|附註|说明|數據來源|数据来源|資料來源|资料来源|source|note)", re.I)
_HEAD_WORDS = ("指标", "指標", "地区", "地區", "期间", "時間", "时间", "数值", "數值", "indicator", "region", "period",
               "value")


def _meta_pairs(texts: list[str]) -> bool:
    """Cells that pair a meta key with its value (填报单位 | 大鹏新区… ‖ 统计时段 | 2024年上半年), not a header row."""
    if len(texts) not in (2, 4):
        return False
    for key, value in zip(texts[::2], texts[1::2], strict=True):
        kind = meta_key(key)
        if kind is None or meta_key(value) or meta_line(value) or any(k in value.lower() for k in _HEAD_WORDS):
            return False
        if kind == "time" and not mentions(value):
            return False
    return True


def _head_words(row: pd.Series) -> int:
    """How many cells of a row are header words (指标, 地区, 期间, 数值 …)."""
    return sum(any(k in str(v).lower() for k in _HEAD_WORDS) and len(str(v)) <= 12 for v in row.dropna())


def _keyword_table(grid: Grid, text: pd.DataFrame, parsed: dict[int, Parsed],
                   filled: dict[int, np.ndarray]) -> Table | None:
    """A table without a single number (every figure mistyped): found by its header words (指标, 地区, 数值 …)."""
    for h in range(min(len(text), 30)):
        if _head_words(text.iloc[h]) >= 2:
            rows = []
            for r in range(h + 1, len(text)):
                if not text.iloc[r].notna().any():
                    break
                rows.append(r)
            if not rows:
                return None
            table = Table(grid, text, parsed, np.array(rows), [h], [str(v) for i in range(h)
                                                                   for v in text.iloc[i].dropna()],
                          context_rows=list(range(h)), end=rows[-1])
            table.header = _header_parts(table)
            return table
    return None


def extend_rows(table: Table, value_cols: list[int]) -> np.ndarray:
    """Data rows plus the table's other rows that hold something in a value column (mistyped figures),
    up to the first blank row after the last figure; footnotes and the next table excluded."""
    filled = table.filled_frame()
    any_filled = filled.to_numpy().any(axis=1)
    start = table.header_rows[-1] + 1 if table.header_rows else int(table.data_rows[0])
    end = int(table.data_rows[-1]) + 1
    stop = table.limit if table.limit >= 0 else len(any_filled)
    while end < min(len(any_filled), stop) and any_filled[end] and end not in table.note_rows:
        end += 1
    if not value_cols:
        return table.data_rows
    has_value = filled[value_cols].to_numpy()[start:end].any(axis=1)
    has_value[table.data_rows[(table.data_rows >= start) & (table.data_rows < end)] - start] = False
    extra = np.arange(start, end)[has_value]
    if not len(extra):
        return table.data_rows
    notes = [r for r in extra if _FOOTNOTE.match(next((str(v) for v in table.text.iloc[r] if v is not None), ""))
             or r in table.note_rows]
    return np.union1d(table.data_rows, np.setdiff1d(extra, notes))


def _year_only_rows(parsed: dict[int, Parsed], n: int) -> np.ndarray:
    """Rows whose numbers are all whole years 1900–2100 (a header of years written as numbers)."""
    any_num = np.zeros(n, dtype=bool)
    other = np.zeros(n, dtype=bool)
    for p in parsed.values():                       # decided once per distinct cell, spread to the rows
        ok, v = p.unique("ok"), p.unique("value")
        year = ok & (v >= 1900) & (v <= 2100) & (v == np.floor(np.nan_to_num(v)))
        any_num |= p.ok
        other |= (ok & ~year)[p.idx]
    return any_num & ~other


def _is_title(row: pd.Series, first_col: int) -> bool:
    """A title, caption or meta line above the header (表1…, 填报单位：…, one text left of the figures)."""
    vals = row.dropna()
    if vals.empty:
        return False
    texts = [str(v) for v in vals]
    if all(is_title_text(t) or meta_line(t) or _PREAMBLE.match(t) or is_note_line(t) for t in texts) or \
            (any(meta_line(t) for t in texts) and all(meta_line(t) or is_date_text(t) for t in texts)):
        return not all(_UNIT.match(t) for t in texts) or len(texts) == 1
    if _meta_pairs(texts):                                                   # 填报单位 | 大鹏新区… (a form's lines)
        return True
    return len(vals) == 1 and int(vals.index[0]) <= first_col and not _unit_of(texts[0])


def _header_rows(text: pd.DataFrame, counts: np.ndarray, first: int, numeric_rows: np.ndarray,
                 start: int = 0) -> tuple[list[int], int]:
    """Header rows: up to 4 contiguous non-blank rows above the first data row (blank rows between skipped),
    stopping at a title or meta line; and the top row of the header block."""
    first_col = int(np.flatnonzero(text.iloc[first].notna().to_numpy())[0]) if counts[first] else 0
    r = first - 1
    skipped = 0
    while r >= start and (counts[r] == 0 or (numeric_rows[r] and skipped < 3)):
        skipped += bool(counts[r])
        r -= 1
    rows: list[int] = []
    while r >= start and counts[r] > 0 and len(rows) < MAX_HEADER_ROWS and not numeric_rows[r]:
        if _is_title(text.iloc[r], first_col) and rows:
            break
        rows.append(r)
        r -= 1
    rows.reverse()
    keyword_rows = [h for h in rows if _head_words(text.iloc[h]) >= 2]
    if keyword_rows:                       # rows below a 指标/地区/数值 header are data with mistyped figures
        rows = [h for h in rows if h <= keyword_rows[-1]]
    header = [h for h in rows if not _is_title(text.iloc[h], first_col)]
    top = header[0] if header else (rows[-1] + 1 if rows else first)
    return header, top


def _header_parts(table: Table) -> dict[int, list[str]]:
    """Per column, the header texts from top to bottom, merged cells and group headers filled rightwards."""
    if not table.header_rows:
        return {c: [] for c in table.text.columns}
    block = table.text.iloc[table.header_rows].copy()
    g = table.grid
    for r0, c0, r1, c1 in g.merged:
        for r in range(r0, r1 + 1):
            pos = r - (g.row0 - 1)
            if pos in block.index:
                top = table.text.iat[r0 - (g.row0 - 1), c0 - g.col0] if r0 - (g.row0 - 1) >= 0 else None
                for c in range(c0 - g.col0, c1 - g.col0 + 1):
                    if c in block.columns and block.at[pos, c] is None:
                        block.at[pos, c] = top
    if len(block) > 1:
        upper = block.iloc[:-1].ffill(axis=1)
        _regroup(upper, block.iloc[:-1], block.iloc[-1])
        block = pd.concat([upper, block.iloc[[-1]]])
    return {c: [str(v) for v in block[c].tolist() if v is not None] for c in block.columns}


def _regroup(upper: pd.DataFrame, raw: pd.DataFrame, leaves: pd.Series) -> None:
    """Group headers placed off-centre over repeated sub-headers (發生數 破獲數 … 發生數 …): one group per repeat."""
    leaves = pd.Series([re.sub(r"\s+", "", str(v)) if isinstance(v, str) else None for v in leaves],
                       index=leaves.index, dtype=object)
    seen: dict[str, int] = {}
    first = None
    for c, v in leaves.items():
        if v is None:
            continue
        if v in seen:
            first = v
            break
        seen[v] = c
    if first is None or seen[first] != min(seen.values()):
        return                          # sub-headers that do not repeat as whole cycles: the groups stand as written
    starts = [c for c, v in leaves.items() if v == first]
    cols = list(leaves.index)
    last = max(c for c, v in leaves.items() if v is not None)
    for k, s in enumerate(starts):
        end = starts[k + 1] - 1 if k + 1 < len(starts) else last
        span = [c for c in cols if s <= c <= end]
        for r in raw.index:
            texts = [str(raw.at[r, c]) for c in span if raw.at[r, c] is not None]
            if texts:
                upper.loc[r, span] = " ".join(dict.fromkeys(texts))


def _unit_of(text: str) -> str | None:
    """The unit a header text states ('单位：件', 'Numbers', '(万人)'), or None."""
    t = text.strip()
    m = _UNIT.match(t)
    if m:
        return m.group(1).strip() or None
    if re.sub(r"\d+$", "", t).strip().lower() in UNIT_WORDS:
        return re.sub(r"\d+$", "", t).strip()
    return None


def unit_in_brackets(text: str) -> str | None:
    """Unit written in trailing brackets: '發生數 (件)' → '件', '犯罪率\\n(件/十萬人口)' → '件/十萬人口'."""
    m = re.search(r"[（(]\s*([^()（）]{1,12}?)\s*[)）]\s*\d{0,2}\s*$", text)
    if not m or re.fullmatch(r"\d{1,2}(,\d{1,2})*", m.group(1)):
        return None
    return m.group(1)


def unit_of(text: str) -> str | None:
    """Public wrapper of the unit recogniser."""
    return _unit_of(text)
