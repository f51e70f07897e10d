"""Finding the table in a sheet: the data rows, the header rows above them, titles, units and context."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .cells import Parsed, parse_column
from .readers import Grid

MAX_HEADER_ROWS = 4
_TITLE = re.compile(r"^(表\s*[\d一二三四五六七八九十]|table\s*[a-z]?\d|附表|图\s*\d)", re.I)
_PREAMBLE = re.compile(r"^(数据库|數據庫|指标|指標|时间|時間|地区|地區|单位|單位|数据来源|資料來源|注|註|附註|附注|"
                       r"制表|填报|填報|统计|統計)\s*[:：]")
_UNIT = re.compile(r"^(?:单位|單位|计量单位|unit|units)\s*[:：]?\s*(.*)$", re.I)
UNIT_WORDS = {"numbers", "number", "percentage", "percent", "%", "rate", "rates", "count", "counts",
              "percentage change", "rate per 1,000 population", "rate per 100,000 population"}


@dataclass
class Table:
    """The located table: data rows, header rows and per-column parsed cells."""

    grid: Grid
    text: pd.DataFrame
    parsed: dict[int, Parsed]
    data_rows: np.ndarray
    header_rows: list[int]
    context: list[str] = field(default_factory=list)
    header: dict[int, list[str]] = field(default_factory=dict)
    filled: pd.DataFrame | None = None

    def filled_frame(self) -> pd.DataFrame:
        """Boolean frame: which cells hold something (computed once)."""
        if self.filled is None:
            self.filled = pd.DataFrame({c: np.not_equal(self.text[c].to_numpy(), None) for c in self.text.columns},
                                       index=self.text.index)
        return self.filled


def _numeric_like(parsed: Parsed, filled: np.ndarray) -> np.ndarray:
    return parsed.number | (parsed.missing & filled)


def find_table(grid: Grid) -> Table | None:
    """Locate data rows (numbers) and the header rows above them; None when the sheet holds no figures."""
    if grid.cells.empty:
        return None
    texts, parsed, filled = {}, {}, {}
    for c in grid.cells.columns:
        texts[c], p = parse_column(grid.cells[c])
        filled[c] = np.not_equal(p.texts, None)[p.idx]           # one comparison per distinct text
        if not p.missing.all() or filled[c].any():
            parsed[c] = p
    text = pd.DataFrame(texts, index=grid.cells.index, columns=grid.cells.columns, dtype=object, copy=False)
    if not parsed:
        return None
    score = np.zeros(len(text), dtype=np.int64)
    strict = np.zeros(len(text), dtype=np.int64)
    for c, p in parsed.items():
        score += _numeric_like(p, filled[c])
        strict += p.number
    positive = score[strict > 0]
    if positive.size == 0:
        return _keyword_table(grid, text, parsed, filled)
    typical = float(np.quantile(positive, 0.9))
    data = np.flatnonzero((score >= max(1, math.ceil(typical * 0.5))) & (strict > 0))
    years = _year_only_rows(parsed, len(text))
    while len(data) > 1 and years[data[0]] and not years[data[1]]:
        data = data[1:]
    header_rows, context = _header_rows(text, pd.DataFrame(filled, index=text.index), int(data[0]),
                                        (strict > 0) & ~years)
    data = data[data > (header_rows[-1] if header_rows else -1)]
    table = Table(grid, text, parsed, data, header_rows, context, filled=pd.DataFrame(filled, index=text.index))
    table.header = _header_parts(table)
    return table


_HEAD_WORDS = ("指标", "指標", "地区", "地區", "期间", "時間", "时间", "数值", "數值", "indicator", "region", "period",
               "value")
_FOOTNOTE = re.compile(r"^(注|註|附注|附註|说明|數據來源|数据来源|資料來源|资料来源|source|note)", re.I)


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
                                                                   for v in text.iloc[i].dropna()])
            table.header = _header_parts(table)
            return table
    return None


def extend_rows(table: Table, value_cols: list[int]) -> np.ndarray:
    """Data rows plus the table's other rows that hold something in a value column (mistyped figures),
    up to the first blank row after the last figure; footnotes excluded."""
    filled = table.filled_frame()
    any_filled = filled.to_numpy().any(axis=1)
    start = table.header_rows[-1] + 1 if table.header_rows else int(table.data_rows[0])
    end = int(table.data_rows[-1]) + 1
    while end < len(any_filled) and any_filled[end]:
        end += 1
    if not value_cols:
        return table.data_rows
    has_value = filled[value_cols].to_numpy()[start:end].any(axis=1)
    has_value[table.data_rows[(table.data_rows >= start) & (table.data_rows < end)] - start] = False
    extra = np.arange(start, end)[has_value]
    if not len(extra):
        return table.data_rows
    notes = [r for r in extra if _FOOTNOTE.match(next((str(v) for v in table.text.iloc[r] if v is not None), ""))]
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
    vals = row.dropna()
    if vals.empty:
        return False
    texts = [str(v) for v in vals]
    if all(_TITLE.match(t) or _PREAMBLE.match(t) for t in texts):
        return not all(_UNIT.match(t) for t in texts)
    return len(vals) == 1 and int(vals.index[0]) <= first_col and not _unit_of(texts[0])


def _header_rows(text: pd.DataFrame, filled: pd.DataFrame, first: int,
                 numeric_rows: np.ndarray) -> tuple[list[int], list[str]]:
    """Header rows: up to 4 contiguous non-blank rows above the first data row (blank rows between skipped)."""
    counts = filled.sum(axis=1).to_numpy()
    first_col = int(np.flatnonzero(filled.iloc[first].to_numpy())[0]) if counts[first] else 0
    r = first - 1
    skipped = 0
    while r >= 0 and (counts[r] == 0 or (numeric_rows[r] and skipped < 3)):
        skipped += bool(counts[r])
        r -= 1
    rows: list[int] = []
    while r >= 0 and counts[r] > 0 and len(rows) < MAX_HEADER_ROWS and not numeric_rows[r]:
        rows.append(r)
        r -= 1
    rows.reverse()
    keyword_rows = [h for h in rows if _head_words(text.iloc[h]) >= 2]
    if keyword_rows:                       # rows below a 指标/地区/数值 header are data with mistyped figures
        rows = [h for h in rows if h <= keyword_rows[-1]]
    header = [h for h in rows if not _is_title(text.iloc[h], first_col)]
    top = rows[0] if rows else first
    context = [str(v) for i in range(0, top) for v in text.iloc[i].dropna()]
    context += [str(v) for h in rows if h not in header for v in text.iloc[h].dropna()]
    return header, context


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
    if first is None:
        return
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
