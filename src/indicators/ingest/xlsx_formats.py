"""Number formats the cell values alone do not carry: an xlsx cell holding 0.985 with a percent format is the
98.5 % the office sees. Found from styles.xml and the sheets' style indexes, without loading the workbook."""

from __future__ import annotations

import re
import zipfile

import pandas as pd

_XF = re.compile(rb"<(?:\w+:)?xf\b[^>]*?numFmtId=\"(\d+)\"")
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", re.S)
_NUMFMT = re.compile(rb"<(?:\w+:)?numFmt\b[^>]*?numFmtId=\"(\d+)\"[^>]*?formatCode=\"([^\"]*)\"")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*)>")
_REF = re.compile(rb"\br=\"([A-Z]+)(\d+)\"")
_STYLE = re.compile(rb"\bs=\"(\d+)\"")
_TYPE = re.compile(rb"\bt=\"(\w+)\"")
_ERROR_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*\bt=\"e\"[^>]*)>(.*?)</(?:\w+:)?c>", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
BUILTIN_PERCENT = {9, 10}


def _is_percent(code: str) -> bool:
    """A format code that shows a percent sign (outside quoted text and escapes)."""
    plain = re.sub(r'"[^"]*"|\\.', "", code)
    return "%" in plain


def percent_styles(zf: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles (cellXfs) that show numbers as percentages."""
    try:
        styles = zf.read("xl/styles.xml")
    except KeyError:
        return set()
    codes = {int(i): c.decode("utf-8", "replace").replace("&quot;", '"') for i, c in _NUMFMT.findall(styles)}
    block = _CELL_XFS.search(styles)
    if block is None:
        return set()
    out = set()
    for k, fmt in enumerate(_XF.findall(block.group(0))):
        n = int(fmt)
        if n in BUILTIN_PERCENT or (n in codes and _is_percent(codes[n])):
            out.add(k)
    return out


def _letters(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def sheet_xml(zf: zipfile.ZipFile, path: str) -> bytes:
    """The XML of one worksheet."""
    with zf.open(path) as f:
        return f.read()


def error_cells(xml: bytes) -> list[tuple[int, int, str]]:
    """(Excel row, column index, text) of the cells holding an Excel error (#DIV/0!, #N/A, #VALUE! …)."""
    if b't="e"' not in xml:
        return []
    out = []
    for m in _ERROR_CELL.finditer(xml):
        ref, v = _REF.search(m.group(1)), _VALUE.search(m.group(2))
        if ref is not None:
            out.append((int(ref.group(2)), _letters(ref.group(1)), v.group(1).decode("utf-8", "replace") if v
                        else "#ERROR"))
    return out


def apply_errors(cells: pd.DataFrame, row0: int, col0: int, hits: list[tuple[int, int, str]]) -> None:
    """Excel error cells shown as their error text (a reader gives them as empty: they would pass for blanks)."""
    for row, col, text in hits:
        r, c = row - row0, col - col0
        if 0 <= r < len(cells) and c in cells.columns and cells.iat[r, cells.columns.get_loc(c)] in (None, ""):
            cells.iat[r, cells.columns.get_loc(c)] = text


def percent_cells(xml: bytes, styles: set[int]) -> list[tuple[int, int]]:
    """(Excel row, column index) of the numeric cells of a sheet that carry a percent style."""
    if not styles:
        return []
    out = []
    for m in _CELL.finditer(xml):
        attrs = m.group(1)
        s = _STYLE.search(attrs)
        if s is None or int(s.group(1)) not in styles:
            continue
        t = _TYPE.search(attrs)
        if t is not None and t.group(1) not in (b"n",):
            continue
        ref = _REF.search(attrs)
        if ref is not None:
            out.append((int(ref.group(2)), _letters(ref.group(1))))
    return out


def apply_percent(cells: pd.DataFrame, row0: int, col0: int, hits: list[tuple[int, int]]) -> None:
    """Write the percent-formatted fractions of a grid as the percentages shown (0.985 → '98.5%')."""
    for row, col in hits:
        r, c = row - row0, col - col0
        if 0 <= r < len(cells) and c in cells.columns:
            v = cells.iat[r, cells.columns.get_loc(c)]
            try:
                x = float(v)
            except (TypeError, ValueError):
                continue
            cells.iat[r, cells.columns.get_loc(c)] = f"{round(x * 100, 10)!r}%"
