"""Checks a table's own structure asks for, whether or not its labels are in the catalogue: a 合计 or 小计 row
against the rows it sums, 其中 parts against their total, and a reported 同比 / 环比 / 增减 against the two
figures beside it."""

from __future__ import annotations

import math

import pandas as pd

from ..periods import parse_period
from .collect import Collector
from .layout import Column, Layout, Melted
from .model import col_letter
from .rows import Rows
from .table import Table

ADDITIVE = ("value", "target", "change_abs")
_RATE_WORDS = r"率|比例|比重|占比|平均|人均|[(（]%[)）]"
CHANGES = ("yoy_pct", "yoy_pp", "change_abs", "mom_pct", "mom_pp")


def _decimals(raw: object) -> int:
    """Decimals a cell was written with ('-13.50' → 2, '12' → 0)."""
    s = str(raw).strip().rstrip("%％")
    return len(s.split(".", 1)[1]) if "." in s else 0


def _tolerance(raws: list[object]) -> float:
    """Half a unit of the last decimal the cells were written with (rounding), at least 0.005."""
    d = max((_decimals(r) for r in raws), default=0)
    return max(0.5 * 10.0 ** -d, 0.005) + 1e-9


def check_structure(obs: pd.DataFrame, m: Melted, table: Table, lay: Layout, rows: Rows, col: Collector) -> None:
    """Totals, parts and reported changes of one table (warnings at the cell that disagrees)."""
    values = [c for c in lay.columns.values() if c.role == "value"]
    if not values or m.frame.empty:
        return
    cells = _cells(m)
    sheet = table.grid.name
    if rows.members:
        _totals(cells, values, table, rows, col, sheet)
    if any(c.total_of for c in values):
        _total_columns(cells, values, table, m, col, sheet)
    if rows.parent:
        _parts(cells, values, table, rows, col, sheet)
    if any(c.measure in CHANGES for c in values):
        _changes(cells, values, table, m, col, sheet)


def _cells(m: Melted) -> dict[tuple[int, int], tuple[float, object]]:
    """(row position, value position) → (value, raw text) of every figure."""
    f = m.frame
    return {(int(r), int(v)): (float(x), raw) for r, v, x, raw in
            zip(f["_row"].to_numpy(), f["_vpos"].to_numpy(), f["value"].to_numpy(), f["raw"].to_numpy(dtype=object),
                strict=True)}


def _ref(table: Table, row: int, c: Column) -> tuple[int, str]:
    return row + table.grid.row0, col_letter(c.index + table.grid.col0)


def _totals(cells: dict, values: list[Column], table: Table, rows: Rows, col: Collector, sheet: str) -> None:
    """A 合计 / 小计 that differs from the sum of its rows beyond the rounding they were written with."""
    for total, members in rows.members.items():
        if not members:
            continue
        for j, c in enumerate(values):
            if c.measure not in ADDITIVE or _is_rate(c):
                continue
            t = cells.get((total, j))
            parts = [cells.get((r, j)) for r in members]
            parts = [p for p in parts if p is not None]
            if t is None or not parts or any(math.isnan(p[0]) for p in parts):
                continue
            s = sum(p[0] for p in parts)
            if abs(s - t[0]) > _tolerance([t[1], *(p[1] for p in parts)]) * max(1, len(parts) ** 0.5):
                row, letter = _ref(table, total, c)
                col.add("warning", "total_mismatch", sheet, row, letter, total=_fmt(t[0]), parts=_fmt(s),
                        n=len(parts))


def _total_columns(cells: dict, values: list[Column], table: Table, m: Melted, col: Collector, sheet: str) -> None:
    """A 合计 column across that differs, in some row, from the sum of the columns it covers."""
    pos = {c.index: j for j, c in enumerate(values)}
    f = m.frame
    rate_rows = set(f.loc[f["row_indicator"].astype(str).str.contains(_RATE_WORDS, regex=True), "_row"]) \
        if "row_indicator" in f and f["row_indicator"].notna().any() else set()
    for j, c in enumerate(values):
        if not c.total_of:
            continue
        members = [pos[i] for i in c.total_of if i in pos]
        for r in f["_row"].unique():
            if int(r) in rate_rows:
                continue
            t = cells.get((int(r), j))
            parts = [cells.get((int(r), k)) for k in members]
            parts = [p for p in parts if p is not None and not math.isnan(p[0])]
            if t is None or math.isnan(t[0]) or len(parts) < 2 or _is_rate(c):
                continue
            s = sum(p[0] for p in parts)
            if abs(s - t[0]) > _tolerance([t[1], *(p[1] for p in parts)]) * max(1, len(parts) ** 0.5):
                row, letter = _ref(table, int(r), c)
                col.add("warning", "total_mismatch", sheet, row, letter, total=_fmt(t[0]), parts=_fmt(s),
                        n=len(parts))


def _parts(cells: dict, values: list[Column], table: Table, rows: Rows, col: Collector, sheet: str) -> None:
    """其中 parts that together exceed the row they are part of."""
    groups: dict[int, list[int]] = {}
    for part, parent in rows.parent.items():
        groups.setdefault(parent, []).append(part)
    for parent, parts in groups.items():
        for j, c in enumerate(values):
            if c.measure not in ("value", "target") or _is_rate(c):
                continue
            t = cells.get((parent, j))
            got = [cells[(r, j)] for r in parts if (r, j) in cells]
            if t is None or not got:
                continue
            s = sum(p[0] for p in got)
            if s > t[0] + _tolerance([t[1], *(p[1] for p in got)]):
                row, letter = _ref(table, parent, c)
                col.add("warning", "parts_above_total_ind", sheet, row, letter, name=rows.label.get(parent) or
                        str(table.text.iat[parent, 0] or ""), n=len(got), parts=_fmt(s), total=_fmt(t[0]))


def _is_rate(c: Column) -> bool:
    text = f"{c.label or ''}{c.unit or ''}"
    return "率" in text or "%" in text or "％" in text or "比例" in text


def _partners(c: Column, values: list[Column]) -> tuple[int | None, int | None]:
    """Positions of the current and the comparison figure a change column compares."""
    if c.period is None:
        return None, None
    per = parse_period(c.period)
    before = per.previous().code if c.measure.startswith("mom") else per.previous_year().code
    same = [k for k, v in enumerate(values) if v.measure in ("value", "done") and v.label == c.label]
    cur = [k for k in same if values[k].period == c.period]
    prev = [k for k in same if values[k].period == before]
    near = values.index(c)
    pick = lambda ks: min(ks, key=lambda k: abs(k - near)) if ks else None  # noqa: E731
    return pick(cur), pick(prev)


def _changes(cells: dict, values: list[Column], table: Table, m: Melted, col: Collector, sheet: str) -> None:
    """A reported change that disagrees with the current and comparison figures of its row."""
    change_rows = m.frame["_row"].unique()
    for j, c in enumerate(values):
        if c.measure not in CHANGES:
            continue
        cur, prev = _partners(c, values)
        if cur is None or prev is None:
            continue
        for r in change_rows:
            x, a, b = cells.get((int(r), j)), cells.get((int(r), cur)), cells.get((int(r), prev))
            if x is None or a is None or b is None:
                continue
            computed = _computed(c.measure, a[0], b[0])
            if computed is None:
                continue
            if abs(computed - x[0]) > _tolerance([x[1]]) + 0.05 * (c.measure.endswith("_pct")):
                row, letter = _ref(table, int(r), c)
                col.add("warning", "change_mismatch", sheet, row, letter, value=_fmt(x[0]),
                        computed=f"{computed:.2f}".rstrip("0").rstrip(".") if c.measure != "change_abs"
                        else _fmt(computed))


def _computed(measure: str, now: float, before: float) -> float | None:
    if measure.endswith("_pp") or measure == "change_abs":
        return now - before
    if before == 0:
        return None
    return (now - before) / before * 100


def decide_changes(m: Melted, lay: Layout) -> None:
    """A change column whose header does not say % (增减, 同比增减) holds absolute changes when its figures equal
    the difference of the two figures beside it: its measure becomes change_abs."""
    values = [c for c in lay.columns.values() if c.role == "value"]
    unsure = [c for c in values if c.measure == "yoy_pct" and c.meaning is not None and not c.meaning.sure
              and c.meaning.measure == "yoy"]
    if not unsure:
        return
    cells = _cells(m)
    rows = m.frame["_row"].unique()
    f = m.frame
    for c in unsure:
        j = values.index(c)
        if "change" in f and f.loc[f["_vpos"] == j, "change"].notna().any():
            continue                          # cells that say 增长18% / 减少4起 carry their own measure
        cur, prev = _partners(c, values)
        if cur is None or prev is None:
            continue
        fits_abs = fits_pct = 0
        for r in rows:
            x, a, b = cells.get((int(r), j)), cells.get((int(r), cur)), cells.get((int(r), prev))
            if x is None or a is None or b is None:
                continue
            fits_abs += abs((a[0] - b[0]) - x[0]) < 1e-6
            pct = _computed("yoy_pct", a[0], b[0])
            fits_pct += pct is not None and abs(pct - x[0]) <= _tolerance([x[1]]) + 0.05
        if fits_abs > fits_pct:
            c.measure = "change_abs"
            f.loc[f["_vpos"] == j, "measure"] = "change_abs"


def _fmt(v: float) -> str:
    return f"{v:,.10g}"

