"""Limits checked before any reader allocates: each xlsx sheet's extent from its own XML, a text file's shape.

A spreadsheet reader allocates a sheet's whole used range (last row × last column) however few cells are filled,
so one stray cell at XFD1048576 costs 549 GB. The extent therefore comes from the sheet XML itself, streamed in
bounded chunks: the `<dimension>` element can lie or be missing, and rows and cells may carry no `r` attribute.
A text file is measured on its bytes: line lengths, fields per line and the number of lines.
"""

from __future__ import annotations

import functools
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from .model import Limits, col_letter
from .readers import ReadRefused, _dialect, _sheet_paths, check_size, check_zip, detect_encoding, sniff

EXCEL_ROWS = 1_048_576          # rows of an xlsx sheet
EXCEL_COLS = 16_384             # columns of an xlsx sheet (XFD)
XLS_ROWS = 65_536               # rows of an xls (BIFF8) sheet
CHUNK = 1 << 20                 # bytes of sheet XML inflated at a time
MAX_TAG = 1 << 20               # a single XML tag longer than this is not a spreadsheet

# One pass over the XML finds every <row r="N"> and every cell that is not a plain r-first cell with a one-letter
# column (those are by far the most common and cannot widen the sheet past column Z). Anything else (a cell with
# a longer column, a row or cell without r, r not first) is looked at, and a row or cell without a leading r
# switches the sheet to the exact scan.
_NS = rb"(?:[A-Za-z_][\w.-]*:)?"           # an optional namespace prefix (x:row, x:c)
_ROWS = re.compile(rb'<row(?=[\s/>])( r="(\d{1,10})")?')           # every row; r when it comes first
_PREFIXED = re.compile(rb':(?:c|row)[\s/>]')                        # x:c, x:row (readers ignore prefixes)
_CELL_REF = re.compile(rb'\s*r="([A-Za-z]{1,10})(\d{1,10})"')
_TAG = re.compile(rb'<' + _NS + rb'(row|c)(?=[\s/>])([^>]*)>')
_R_ATTR = re.compile(rb'\sr="([A-Za-z]*)(\d*)"')
_END_C = rb'\s*</' + _NS + rb'c>'
_EMPTY = rb'(?:' + _END_C + rb'|\s*<' + _NS + rb'v\s*/>' + _END_C + rb'|\s*<' + _NS + rb'v></' + _NS + rb'v>' \
    + _END_C + rb')'                                            # a cell element holding nothing: the readers skip it
_EMPTY_CELL = re.compile(_EMPTY)
_EMPTY_PLAIN = rb'(?:\s*</c>|\s*<v\s*/>\s*</c>|\s*<v></v>\s*</c>)'
_FILLED = re.compile(rb'<c r="([A-Za-z]{1,10})(\d{1,10})"(?:\s[^>]*)?(?<!/)>(?!' + _EMPTY_PLAIN + rb')')
_FILLED_IN_ROW = re.compile(rb'<c[\s>](?:[^>]*)?(?<!/)>(?!' + _EMPTY_PLAIN + rb')')


@dataclass(frozen=True)
class Extent:
    """The used range of a sheet as a reader sees it: its last row and last column (1-based; 0 when empty)."""

    rows: int
    cols: int

    @property
    def cells(self) -> int:
        """Cells a reader allocates for the range A1 to the far corner."""
        return self.rows * self.cols

    @property
    def corner(self) -> str:
        """The far corner as a cell reference (XFD1048576)."""
        return f"{col_letter(max(self.cols, 1) - 1)}{max(self.rows, 1)}"


def check_upload(data: bytes, file_name: str, sheet: str | None, limits: Limits, sheets: bool = True) -> None:
    """Refuse (ReadRefused) a file whose size or sheet extents exceed a limit, or a text file with a first line
    too long or too wide; before any reader, the fast CSV path included (its reader keeps every line as wide as the
    first and within a block, and leaves it when one is not). sheets=False leaves the xlsx sheets to the caller.
    """
    if not data:
        return
    check_size(data, limits)
    kind = sniff(data, file_name)
    if kind == "xlsx" and sheets:
        check_sheets(data, sheet, limits)
    elif kind == "text":
        check_first_line(data, _stem(file_name), limits)


def check_sheets(data: bytes, sheet: str | None, limits: Limits) -> None:
    """Refuse an xlsx too large or whose sheets (or the chosen one) reach too far; anything else passes."""
    check_size(data, limits)
    if data.startswith(b"PK\x03\x04"):
        check_workbook(check_zip(data, limits), sheet, limits)


def check_lines(data: bytes, file_name: str, limits: Limits) -> None:
    """Refuse a text file with any line too long or too wide, or too many lines (before the general reader)."""
    if data and sniff(data, file_name) == "text":
        check_text(data, _stem(file_name), limits)


def rows_allowed(lines: int, limits: Limits) -> bool:
    """Whether a text file of this many lines passes the row limits (check_text says why not)."""
    return lines not in (EXCEL_ROWS, XLS_ROWS) and lines <= limits.max_rows


def _stem(file_name: str) -> str:
    return PurePath(file_name).stem or "csv"


# ---------------------------------------------------------------- xlsx

def check_workbook(zf: zipfile.ZipFile, sheet: str | None, limits: Limits) -> None:
    """Measure every sheet a reader would load (only `sheet` when one is chosen) against the limits."""
    total = 0
    for name, path in _sheets(zf, sheet):
        ext = sheet_extent(zf, path, limits)
        _check_extent(name, ext, limits)
        total += ext.cells
        if total > limits.max_cells:
            raise ReadRefused("too_many_cells", cells=f"{total:,}", limit=f"{limits.max_cells:,}")


def _sheets(zf: zipfile.ZipFile, sheet: str | None) -> list[tuple[str, str]]:
    """(name, member) of the sheets to measure: those the workbook names, plus any other worksheet part."""
    names = set(zf.namelist())
    try:
        named = {n: p for n, p in _sheet_paths(zf).items() if p in names}
    except (KeyError, ValueError, UnicodeDecodeError):
        named = {}
    if sheet is not None:
        stripped = {n.strip(): n for n in named}
        pick = sheet if sheet in named else stripped.get(sheet.strip())
        if pick is not None:
            return [(pick, named[pick])]
    known = set(named.values())
    extra = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml") and n not in known)
    return list(named.items()) + [(PurePath(n).stem, n) for n in extra]


def _check_extent(name: str, ext: Extent, limits: Limits) -> None:
    if ext.cols > limits.max_columns:
        raise ReadRefused("too_many_columns", sheet=name, cols=f"{ext.cols:,}", limit=f"{limits.max_columns:,}",
                          cell=f"{col_letter(ext.cols - 1)}{max(ext.rows, 1)}")
    if ext.cells > limits.max_cells:
        raise ReadRefused("sheet_too_large", sheet=name, cell=ext.corner, rows=f"{ext.rows:,}", cols=f"{ext.cols:,}",
                          cells=f"{ext.cells:,}", limit=f"{limits.max_cells:,}")
    if ext.rows >= EXCEL_ROWS:
        raise ReadRefused("excel_last_row", sheet=name, rows=f"{EXCEL_ROWS:,}")
    if ext.rows > limits.max_rows:
        raise ReadRefused("too_many_rows", sheet=name, rows=f"{ext.rows:,}", limit=f"{limits.max_rows:,}")


def _within(ext: Extent, limits: Limits) -> bool:
    """Whether a sheet of this range passes every limit."""
    return ext.cols <= limits.max_columns and ext.cells <= limits.max_cells and ext.rows < EXCEL_ROWS \
        and ext.rows <= limits.max_rows


def sheet_extent(zf: zipfile.ZipFile, path: str, limits: Limits) -> Extent:
    """The sheet's used range from its XML, read in bounded chunks.

    A quick pass bounds the range by every row element and every cell reference beyond it (cells inside the
    bound are skipped by a regular expression, so a regular sheet costs two scans of its XML). Past a limit the
    bound stands only if its last row and last column hold something (the readers skip empty cells); otherwise a
    second pass counts just the filled cells. A sheet whose rows or cells carry no leading r attribute, or whose
    elements carry a namespace prefix, is followed element by element with its implicit positions.
    """
    bound = _quick_bound(zf, path)
    if bound is None:
        return _exact_extent(zf, path)
    if _within(bound.extent, limits) or (bound.row_filled and bound.col_filled):
        return bound.extent
    return _filled_extent(zf, path)


@dataclass
class _Bound:
    """The quick pass's range, and whether its last row and last column are known to hold something."""

    extent: Extent
    row_filled: bool
    col_filled: bool


def _chunks(zf: zipfile.ZipFile, path: str):
    """The member's XML in pieces that each end just before a '<', so no tag is split between two pieces."""
    carry = b""
    with zf.open(path) as f:
        while True:
            block = f.read(CHUNK)
            if not block:
                if carry:
                    yield carry
                return
            buf = carry + block
            cut = buf.rfind(b"<")
            if cut <= 0:
                if len(buf) > MAX_TAG and b">" not in buf[-MAX_TAG:]:
                    raise ReadRefused("corrupt", detail=f"{path}: XML tag over {MAX_TAG // 1024} KB")
                carry = buf
                continue
            yield buf[:cut]
            carry = buf[cut:]


def _letters(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _at_most(digits: bytes, alphabet: bytes) -> bytes:
    """A regular expression for strings over alphabet (in order) that sort at or below `digits` (same length or
    shorter: column letters or row numbers without leading zeros)."""
    first, last = chr(alphabet[0]).encode(), chr(alphabet[-1]).encode()
    any_ = b"[" + first + b"-" + last + b"]"
    parts = [any_ + b"{1,%d}" % (len(digits) - 1)] if len(digits) > 1 else []
    for i, ch in enumerate(digits):
        if ch > alphabet[0]:
            rest = any_ + b"{%d}" % (len(digits) - i - 1) if i < len(digits) - 1 else b""
            parts.append(re.escape(digits[:i]) + b"[" + first + b"-" + chr(ch - 1).encode() + b"]" + rest)
    parts.append(re.escape(digits))
    return b"(?:" + b"|".join(parts) + b")"


_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = b"0123456789"


@functools.lru_cache(maxsize=64)
def _beyond(cols: int, rows: int) -> re.Pattern:
    """Cells outside the range A1:<cols><rows>, and cells without a leading r attribute."""
    inside = b' r="' + _at_most(col_letter(cols - 1).encode(), _LETTERS) + _at_most(str(rows).encode(), _DIGITS) + b'"'
    return re.compile(rb'<c(?=[\s/>])(?!' + inside + rb')')


def _quick_bound(zf: zipfile.ZipFile, path: str) -> _Bound | None:
    """An upper bound of the range (every row and cell, filled or not), or None when the sheet needs the exact
    pass: some row or cell has no leading r attribute, or elements carry a namespace prefix."""
    rows, cols, row_filled, col_filled = 0, 1, False, False
    for chunk in _chunks(zf, path):
        if _PREFIXED.search(chunk):
            return None
        found = _ROWS.findall(chunk)
        if found:
            if not all(r for r, _ in found):
                return None
            top = max(int(n) for _, n in found)
            if top >= rows:
                rows, row_filled = top, _row_filled(chunk, top) or (top == rows and row_filled)
        pos, rx = 0, _beyond(cols, max(rows, 1))
        while m := rx.search(chunk, pos):
            ref = _CELL_REF.match(chunk, m.end())
            if ref is None:
                return None
            col, row = _letters(ref.group(1)), int(ref.group(2))
            filled = _FILLED.match(chunk, m.start()) is not None
            if col >= cols:
                cols, col_filled = col, filled or (col == cols and col_filled)
            if row >= rows:
                rows, row_filled = row, filled or (row == rows and row_filled)
            pos, rx = ref.end(), _beyond(cols, rows)
    return _Bound(Extent(rows, cols if rows else 0), row_filled, col_filled)


def _row_filled(chunk: bytes, n: int) -> bool:
    """Whether row n's element in this chunk holds a filled cell (False when unsure: its end is elsewhere)."""
    start = chunk.rfind(b'<row r="%d"' % n)
    end = chunk.find(b"</row>", start)
    return start >= 0 and end >= 0 and _FILLED_IN_ROW.search(chunk, start, end) is not None


def _filled_extent(zf: zipfile.ZipFile, path: str) -> Extent:
    """The range of the cells that hold something, in a sheet whose cells all carry a leading r attribute."""
    rows, cols = 0, 0
    for chunk in _chunks(zf, path):
        found = _FILLED.findall(chunk)
        if found:
            rows = max(rows, max(int(r) for r in {r for _, r in found}))
            cols = max(cols, max(_letters(c) for c in {c for c, _ in found}))
    return Extent(rows, cols)


def _exact_extent(zf: zipfile.ZipFile, path: str) -> Extent:
    """Follow every row and cell (implicit positions included); count only cells that are not empty."""
    row, col, max_row, max_col = 0, 0, 0, 0
    for chunk in _chunks(zf, path):
        for m in _TAG.finditer(chunk):
            tag, attrs = m.group(1), m.group(2)
            ref = _R_ATTR.search(attrs)
            if tag == b"row":
                row = int(ref.group(2)) if ref and ref.group(2) else row + 1
                col = 0
                continue
            if ref and ref.group(1):
                col = _letters(ref.group(1))
                if ref.group(2):
                    row = int(ref.group(2))
            else:
                col += 1
            if attrs.endswith(b"/") or _EMPTY_CELL.match(chunk, m.end()):
                continue
            max_row, max_col = max(max_row, row), max(max_col, col)
    return Extent(max_row, max_col)


# ---------------------------------------------------------------- text

def _utf8(data: bytes) -> bytes:
    """UTF-16 text re-encoded (its line breaks are two bytes), anything else as it is."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode(detect_encoding(data)[1], errors="replace").encode("utf-8")
    return data


def _line_break(data: bytes) -> bytes:
    head = data[:MAX_TAG]
    return b"\n" if b"\n" in head or b"\r" not in head else b"\r"


def _separator(data: bytes) -> bytes:
    return _dialect(data[:65536].decode("utf-8", errors="ignore").lstrip("\ufeff")).encode()


def check_first_line(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a text file whose first line is longer or wider than the limits (the header sets the width)."""
    head = _utf8(data[:limits.max_line_bytes * 2 + 4])
    nl = _line_break(head)
    end = head.find(nl, 0, limits.max_line_bytes + 1)
    if end < 0 and len(head) > limits.max_line_bytes:
        whole = _utf8(data)
        length = whole.find(nl) if nl in whole else len(whole)
        raise ReadRefused("line_too_long", sheet=name, line=1, size=_size(length), limit=_size(limits.max_line_bytes))
    _check_fields(head, 0, len(head) if end < 0 else end, _separator(head), 1, name, limits)


def check_text(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a text file with a line too long, too many fields on a line, or too many lines, before parsing."""
    data = _utf8(data)
    nl = _line_break(data)
    lines = data.count(nl) + (0 if data.endswith(nl) else 1)
    _long_lines(data, nl, _separator(data), name, limits)
    if rows_allowed(lines, limits):
        return
    if lines in (EXCEL_ROWS, XLS_ROWS):
        raise ReadRefused("excel_last_row", sheet=name, rows=f"{lines:,}")
    if lines > limits.max_rows:
        raise ReadRefused("too_many_rows", sheet=name, rows=f"{lines:,}", limit=f"{limits.max_rows:,}")


def _long_lines(data: bytes, nl: bytes, sep: bytes, name: str, limits: Limits) -> None:
    """Look at every line longer than the column limit (only those can hold too many fields) or the line limit.

    Aligned windows of half that length that hold no line break are where such lines are: a line of length L
    covers at least one whole window when windows are L/2 long, so the probe costs one find per window.
    """
    step = max(1, min(limits.max_columns, limits.max_line_bytes) // 2)
    pos, n = 0, len(data)
    while pos < n:
        if data.find(nl, pos, pos + step) >= 0:
            pos += step
            continue
        start = data.rfind(nl, 0, pos) + 1
        end = data.find(nl, pos)
        end = n if end < 0 else end
        row = data.count(nl, 0, start) + 1
        if end - start > limits.max_line_bytes:
            raise ReadRefused("line_too_long", sheet=name, line=row, size=_size(end - start),
                              limit=_size(limits.max_line_bytes))
        _check_fields(data, start, end, sep, row, name, limits)
        pos = end + 1


def _check_fields(data: bytes, start: int, end: int, sep: bytes, row: int, name: str, limits: Limits) -> None:
    """Refuse when the line data[start:end] holds more fields than the limit (quoted separators not counted)."""
    if data.count(sep, start, end) < limits.max_columns:
        return
    line = data[start:end]
    fields = line.count(sep) + 1
    if b'"' in line:                                    # separators inside quotes are not field breaks
        import csv

        text = line.decode("utf-8", errors="replace")
        fields = max((len(r) for r in csv.reader([text], delimiter=sep.decode())), default=1)
    if fields > limits.max_columns:
        raise ReadRefused("too_many_columns", sheet=name, cols=f"{fields:,}", limit=f"{limits.max_columns:,}",
                          cell=f"{col_letter(fields - 1)}{row}")


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{n / 1024:.0f} KB"
