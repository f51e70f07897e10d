"""Spreadsheets that are really web pages or XML: an .xls saved as HTML (government sites, older systems), a
single-file web page (MHT), and Excel's XML Spreadsheet 2003. Each becomes string grids with merged ranges."""

from __future__ import annotations

import email
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pandas as pd

from .workbook import Grid, ReadRefused

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.I)
_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
MAX_CELLS = 2_000_000


def decode_markup(data: bytes) -> tuple[str, str]:
    """Text of an HTML or XML file and the encoding used: BOM, the declared charset, UTF-8, then GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8-BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    head = data[:4096]
    declared = _CHARSET.search(head) or _XML_ENCODING.search(head)
    candidates = [declared.group(1).decode("ascii").lower()] if declared else []
    candidates += ["utf-8", "gb18030", "big5"]
    for codec in candidates:
        codec = {"gb2312": "gb18030", "gbk": "gb18030"}.get(codec, codec)
        try:
            return data.decode(codec), codec.upper()
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace"), "UTF-8"


class _Tables(HTMLParser):
    """Collects every <table>'s rows of cell texts with their colspan / rowspan (nested tables kept apart)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self._stack: list[list[list[tuple[str, int, int]]]] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self.cells = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._stack.append([])
        elif tag == "tr" and self._stack:
            self._stack[-1].append([])
        elif tag in ("td", "th") and self._stack:
            if not self._stack[-1]:
                self._stack[-1].append([])
            a = dict(attrs)
            self._cell, self._span = [], (_int(a.get("colspan")), _int(a.get("rowspan")))
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._stack:
            self._stack[-1][-1].append(("".join(self._cell).strip(), *self._span))
            self._cell = None
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise ReadRefused("too_many_cells", cells=self.cells, limit=MAX_CELLS)
        elif tag == "table" and self._stack:
            self.tables.append(self._stack.pop())

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _int(v: str | None) -> int:
    try:
        return max(1, min(int(str(v).strip()), 1000)) if v else 1
    except ValueError:
        return 1


def _grid(name: str, rows: list[list[tuple[str, int, int]]]) -> Grid:
    """Place cells with spans on a grid (cells under a rowspan shift right, as browsers do)."""
    taken: dict[tuple[int, int], bool] = {}
    cells: dict[tuple[int, int], str] = {}
    merged = []
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for text, colspan, rowspan in row:
            while taken.get((r, c)):
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken[(r + dr, c + dc)] = True
            if text.replace("\xa0", "").strip():
                cells[(r, c)] = text.replace("\xa0", " ").strip()
            if colspan > 1 or rowspan > 1:
                merged.append((r, c, r + rowspan - 1, c + colspan - 1))     # grid positions, 0-based
            c += colspan
            width = max(width, c)
    frame = pd.DataFrame([[cells.get((r, c)) for c in range(width)] for r in range(len(rows))],
                         columns=range(width), dtype=object)
    return Grid(name, frame, 1, 0, merged)


def read_html(data: bytes, stem: str) -> tuple[list[Grid], str]:
    """The tables of a web page saved as .xls (or .htm) as grids; the largest tables first keep their order."""
    text, encoding = decode_markup(data)
    parser = _Tables()
    parser.feed(text)
    parser.close()
    tables = [t for t in parser.tables if len(t) >= 2 and sum(len(r) for r in t) >= 4]
    if not tables:
        raise ReadRefused("html_no_table")
    names = [stem] if len(tables) == 1 else [f"{stem}_{k + 1}" for k in range(len(tables))]
    return [_grid(n, t) for n, t in zip(names, tables, strict=True)], encoding


def read_mht(data: bytes, stem: str) -> tuple[list[Grid], str]:
    """A single-file web page (.mht): the HTML part read as a web page."""
    msg = email.message_from_bytes(data)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            if charset and b"charset" not in payload[:2048].lower():
                payload = f'<meta charset="{charset}">'.encode() + payload
            return read_html(payload, stem)
    raise ReadRefused("html_no_table")


def read_spreadsheetml(data: bytes) -> list[Grid]:
    """Excel's XML Spreadsheet 2003: each Worksheet's Table, with ss:Index gaps and MergeAcross / MergeDown."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
        raise ReadRefused("corrupt", detail="DOCTYPE")             # no entities: nothing to expand
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise ReadRefused("corrupt", detail=str(e)[:80]) from None
    grids = []
    for ws in root.iter(f"{_SS}Worksheet"):
        name = ws.get(f"{_SS}Name") or f"Sheet{len(grids) + 1}"
        rows: dict[int, dict[int, str]] = {}
        merged = []
        r = 0
        for row in ws.iter(f"{_SS}Row"):
            r = int(row.get(f"{_SS}Index") or r + 1)
            c = 0
            for cell in row.iter(f"{_SS}Cell"):
                c = int(cell.get(f"{_SS}Index") or c + 1)
                data_el = cell.find(f"{_SS}Data")
                text = "".join(data_el.itertext()).strip() if data_el is not None else ""
                if text:
                    rows.setdefault(r, {})[c] = text
                across, down = int(cell.get(f"{_SS}MergeAcross") or 0), int(cell.get(f"{_SS}MergeDown") or 0)
                if across or down:
                    merged.append((r - 1, c - 1, r - 1 + down, c - 1 + across))
                c += across
        if not rows:
            continue
        width = max(max(cs) for cs in rows.values())
        height = max(rows)
        frame = pd.DataFrame([[rows.get(i, {}).get(j) for j in range(1, width + 1)] for i in range(1, height + 1)],
                             columns=range(width), dtype=object)
        grids.append(Grid(name, frame, 1, 0, merged))
    return grids
