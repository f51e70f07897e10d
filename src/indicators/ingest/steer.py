"""The analyst's corrections to a reading: which rows are the header, rows and columns to ignore, a column's role,
the table's year, period or region, and what a label or region text means. Saved as a recipe, they are applied
automatically the next time the same layout arrives."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from ..period_text import Mention
from ..periods import parse_period
from .context import Context, Fact
from .table import Table, _header_parts, _scan
from .workbook import Grid

ROLES = ("value", "indicator", "region", "period", "unit", "seq", "note", "ignore")


def letter_index(letter: str) -> int:
    """0-based column index of Excel letters ('A' → 0, 'AA' → 26)."""
    n = 0
    for ch in letter.strip().upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


@dataclass(frozen=True)
class SheetSteer:
    """Corrections for one sheet, in Excel terms (rows numbered from 1, columns by letter)."""

    header: tuple[int, int] | None = None
    ignore_rows: tuple[int, ...] = ()
    ignore_cols: tuple[str, ...] = ()
    roles: tuple[tuple[str, str], ...] = ()
    year: int | None = None
    period: str | None = None
    region: str | None = None

    def is_empty(self) -> bool:
        """Whether nothing is corrected."""
        return self == SheetSteer()

    def with_role(self, letter: str, role: str) -> SheetSteer:
        """A copy where a column has this role ('' removes the correction)."""
        roles = tuple((k, v) for k, v in self.roles if k != letter) + (((letter, role),) if role else ())
        return replace(self, roles=roles)

    def toggle_row(self, row: int) -> SheetSteer:
        """A copy where an Excel row is ignored (or no longer ignored)."""
        rows = set(self.ignore_rows) ^ {row}
        return replace(self, ignore_rows=tuple(sorted(rows)))

    def apply_to_grid(self, grid: Grid) -> Grid:
        """The sheet with ignored rows and columns emptied (they then take no part in the reading)."""
        if not self.ignore_rows and not self.ignore_cols:
            return grid
        cells = grid.cells.copy()
        rows = [r - grid.row0 for r in self.ignore_rows if 0 <= r - grid.row0 < len(cells)]
        cols = [letter_index(c) - grid.col0 for c in self.ignore_cols]
        cols = [c for c in cols if c in cells.columns]
        if rows:
            cells.iloc[rows, :] = None
        for c in cols:
            cells[c] = None
        return replace(grid, cells=cells)

    def column_roles(self, table: Table) -> dict[int, str]:
        """Column index → chosen role."""
        return {letter_index(k) - table.grid.col0: v for k, v in self.roles}

    def apply_to_context(self, ctx: Context) -> None:
        """The chosen year, period and region come before anything the table's surroundings say."""
        first: list[Fact] = []
        if self.period:
            p = parse_period(self.period)
            first.append(Fact("period", Mention(p.year, p.kind, p.index, p.code), p.code, "steer"))
        if self.year:
            first.append(Fact("year", int(self.year), str(self.year), "steer"))
            ctx.facts = [f if f.kind != "period" or f.value.year is not None else
                         Fact("period", replace(f.value, year=int(self.year)), f.text, f.where) for f in ctx.facts]
        if self.region:
            first.append(Fact("region", self.region, self.region, "steer"))
        ctx.facts[:0] = first

    def tables(self, grid: Grid, found: list[Table]) -> list[Table]:
        """The tables as found, or the one table under the header rows the analyst chose."""
        if self.header is None:
            return found
        table = table_under(grid, self.header[0] - grid.row0, self.header[1] - grid.row0)
        return [table] if table is not None else found


def table_under(grid: Grid, first: int, last: int) -> Table | None:
    """The table whose header block is rows first..last (positions): its data rows are the figure rows below."""
    sh = _scan(grid)
    if sh is None or first < 0 or last < first or last >= len(sh.text):
        return None
    below = sh.data[sh.data > last]
    if not len(below):
        below = np.arange(last + 1, len(sh.text))[sh.count[last + 1:] > 0]
    if not len(below):
        return None
    table = Table(grid, sh.text, sh.parsed, below, list(range(first, last + 1)), filled=sh.filled_frame(),
                  context_rows=[r for r in range(0, first) if sh.count[r]], start=0, end=int(below[-1]),
                  limit=len(sh.text))
    table.context = [t for t, _ in table.lines(table.context_rows)]
    table.header = _header_parts(table)
    return table


@dataclass
class Steer:
    """Corrections for a whole upload: per sheet, and the meanings of label and region texts."""

    sheets: dict[str, SheetSteer] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)

    def sheet(self, name: str) -> SheetSteer:
        """The corrections of a sheet (none when there are none)."""
        return self.sheets.get(name) or SheetSteer()

    def is_empty(self) -> bool:
        """Whether nothing is corrected."""
        return not self.labels and not self.regions and all(s.is_empty() for s in self.sheets.values())

    def to_json(self) -> str:
        """The corrections as JSON (a recipe's content)."""
        return json.dumps({"sheets": {k: asdict(v) for k, v in self.sheets.items() if not v.is_empty()},
                           "labels": self.labels, "regions": self.regions}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Steer:
        """Corrections read back from JSON (unknown keys ignored)."""
        doc = json.loads(text or "{}")
        sheets = {}
        for name, d in (doc.get("sheets") or {}).items():
            sheets[name] = SheetSteer(
                header=tuple(d["header"]) if d.get("header") else None,
                ignore_rows=tuple(int(r) for r in d.get("ignore_rows") or ()),
                ignore_cols=tuple(str(c) for c in d.get("ignore_cols") or ()),
                roles=tuple((str(k), str(v)) for k, v in d.get("roles") or ()),
                year=int(d["year"]) if d.get("year") else None, period=d.get("period") or None,
                region=d.get("region") or None)
        return cls(sheets, dict(doc.get("labels") or {}), dict(doc.get("regions") or {}))

    def merged(self, other: Steer) -> Steer:
        """These corrections with another's on top."""
        sheets = dict(self.sheets)
        sheets.update(other.sheets)
        return Steer(sheets, {**self.labels, **other.labels}, {**self.regions, **other.regions})

