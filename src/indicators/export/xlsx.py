"""A fast xlsx writer: OOXML parts streamed into a zip, sheet XML built per column with pyarrow, not per cell."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..cellref import col_letter
from ..errors import UserError
from . import cells, xml_parts
from .widths import fit, max_width, number_width

MAX_SHEET_ROWS = 1_048_576          # rows an Excel sheet holds, header included
MAX_SHEET_COLUMNS = 16_384
CHUNK_ROWS = 50_000                 # rows of XML built at a time
DATETIME_FORMAT, DATE_FORMAT = "yyyy-mm-dd hh:mm:ss", "yyyy-mm-dd"
Formats = Mapping[str, str | Sequence[str] | pd.Series]


class _Styles:
    """Number formats in first-use order, each a cell style id."""

    def __init__(self) -> None:
        self.codes: list[str] = []

    def style(self, code: str) -> str:
        """Style id (as text) of a number format."""
        if code not in self.codes:
            self.codes.append(code)
        return str(xml_parts.FIRST_NUMBER_STYLE + self.codes.index(code))


class _SharedStrings:
    """The workbook's shared-string table, grown column by column."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def add(self, arr: pa.Array) -> pa.Array:
        """Shared-string index of every value (null stays null)."""
        encoded = pc.dictionary_encode(arr)
        ids = [self.index.setdefault(text, len(self.index)) for text in encoded.dictionary.to_pylist()]
        self.count += len(arr) - arr.null_count
        return pc.take(pa.array(ids, type=pa.int64()), encoded.indices)

    def xml(self) -> bytes:
        """xl/sharedStrings.xml."""
        uniques = cells.escape_xml(pa.array(list(self.index), type=pa.string()))
        items = pc.binary_join_element_wise('<si><t xml:space="preserve">', uniques, "</t></si>", "")
        head = xml_parts.shared_strings_head(max(self.count, len(self.index)), len(self.index))
        return head.encode() + bytes(cells.as_bytes(items)) + b"</sst>"


@dataclass
class _Column:
    """One column ready to write: its cells' values, style ids and width."""

    header: str
    kind: str
    values: np.ndarray | pa.Array
    style: pa.Array | str
    width: float


def default_format(values: np.ndarray) -> str:
    """Thousands separators and just the decimals the numbers need (up to 6), else General."""
    finite = values[np.isfinite(values)]
    for decimals in range(7):
        scaled = finite * 10**decimals
        if np.allclose(scaled, np.round(scaled), rtol=0, atol=1e-6):
            return "#,##0" + ("." + "0" * decimals if decimals else "")
    return "General"


def _default_spec(kind: str, values: np.ndarray) -> str:
    """Format for a column without one: dates with or without time, plain booleans, numbers as needed."""
    if kind == "datetime":
        return DATE_FORMAT if np.allclose(values[np.isfinite(values)] % 1, 0) else DATETIME_FORMAT
    return "General" if kind == "bool" else default_format(values)


def _style_column(spec: str | Sequence[str] | pd.Series, n: int, styles: _Styles) -> tuple[pa.Array | str, str]:
    """Style ids for a column's format spec (one code or one per row) and the widest code."""
    if isinstance(spec, str):
        return styles.style(spec), spec
    codes, uniques = pd.factorize(pd.Series(list(spec) if not isinstance(spec, pd.Series) else spec.to_numpy()))
    if len(codes) != n:
        raise ValueError(f"format list has {len(codes)} entries for {n} rows")
    ids = pa.array([styles.style(str(u)) for u in uniques], type=pa.string())
    return pc.take(ids, pa.array(np.where(codes < 0, 0, codes))), max(map(str, uniques), key=len, default="General")


def _prepare(df: pd.DataFrame, formats: Formats, styles: _Styles, strings: _SharedStrings) -> list[_Column]:
    """Columns of df converted once for the whole frame."""
    out = []
    for name in df.columns:
        series, header = df[name], str(name)
        kind = cells.kind_of(series)
        if kind == "text":
            arr = cells.texts(series)
            widest = max_width(arr)
            out.append(_Column(header, kind, strings.add(arr), "0", fit(header, widest)))
            continue
        values = cells.numbers(series)
        spec = formats.get(name)
        style, widest = _style_column(_default_spec(kind, values) if spec is None else spec, len(series), styles)
        out.append(_Column(header, kind, values, style, fit(header, number_width(values, widest))))
    return out


def _cols_xml(columns: list[_Column]) -> str:
    return "".join(f'<col min="{i}" max="{i}" width="{c.width:g}" customWidth="1"/>'
                   for i, c in enumerate(columns, start=1))


def _header_row(columns: list[_Column], strings: _SharedStrings) -> bytes:
    ids = strings.add(pa.array([c.header for c in columns], type=pa.string())).to_pylist()
    body = "".join(f'<c r="{col_letter(i)}1" t="s" s="{xml_parts.STYLE_HEADER}"><v>{sid}</v></c>'
                   for i, sid in enumerate(ids))
    return f'<row r="1">{body}</row>'.encode()


def _block(columns: list[_Column], start: int, stop: int, first_row: int) -> memoryview:
    """XML of data rows start..stop (frame positions) written from sheet row first_row."""
    rows = pc.cast(pa.array(np.arange(first_row, first_row + stop - start)), pa.string())
    fragments = []
    for i, col in enumerate(columns):
        ref = cells.cell_refs(col_letter(i), rows)
        style = col.style if isinstance(col.style, str) else col.style.slice(start, stop - start)
        if col.kind == "text":
            fragments.append(cells.shared_cells(ref, col.values.slice(start, stop - start), style))
        else:
            flag = ' t="b"' if col.kind == "bool" else ""
            fragments.append(cells.number_cells(ref, col.values[start:stop], style, flag))
    return cells.as_bytes(cells.row_xml(rows, fragments))


def _write_sheet(zf: zipfile.ZipFile, number: int, columns: list[_Column], strings: _SharedStrings,
                 span: tuple[int, int], *, data_sheet: bool) -> str:
    """Stream one worksheet (header, rows span[0]..span[1], frozen pane, autofilter); return its absolute range."""
    start, stop = span
    last = f"{col_letter(max(len(columns) - 1, 0))}{stop - start + 1}"
    head = xml_parts.sheet_head(f"A1:{last}", data_sheet, _cols_xml(columns), selected=number == 1)
    big = (stop - start) * max(len(columns), 1) * 64 > 1_500_000_000  # zip64 only when the part may pass 2 GiB
    with zf.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=big) as out:
        out.write(head.encode())
        out.write(_header_row(columns, strings))
        for block_start in range(start, stop, CHUNK_ROWS):
            block_stop = min(block_start + CHUNK_ROWS, stop)
            out.write(_block(columns, block_start, block_stop, block_start - start + 2))
        out.write(xml_parts.sheet_tail(f"A1:{last}" if data_sheet else None).encode())
    return "$A$1:" + re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", last)


def safe_sheet_name(name: str, taken: Sequence[str] = ()) -> str:
    """A legal, unique sheet name: no []:*?/\\, at most 31 characters, not blank."""
    clean = re.sub(r"[\[\]:*?/\\]", "_", name).strip().strip("'") or "Sheet"
    clean = clean[:31] if clean.lower() != "history" else "History_"  # Excel reserves "History"
    candidate, n = clean, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f"_{n}"
        candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
    return candidate


def notes_frame(notes: Mapping[str, object], headers: tuple[str, str]) -> pd.DataFrame:
    """Two-column notes table: a key and its text; a list value gives one row per item."""
    rows: list[tuple[str | None, str]] = []
    for key, value in notes.items():
        items = value if isinstance(value, (list, tuple)) else [value]
        items = [("" if v is None else str(v)) for v in items] or [""]
        rows.extend((str(key) if i == 0 else None, text) for i, text in enumerate(items))
    return pd.DataFrame(rows, columns=list(headers), dtype="str")


def _notes_columns(frame: pd.DataFrame, strings: _SharedStrings) -> list[_Column]:
    key, text = frame.columns
    return [_Column(key, "text", strings.add(cells.texts(frame[key])), str(xml_parts.STYLE_KEY), 22.0),
            _Column(text, "text", strings.add(cells.texts(frame[text])), str(xml_parts.STYLE_WRAP), 100.0)]


def _spans(n_rows: int, max_rows: int) -> list[tuple[int, int]]:
    return [(s, min(s + max_rows, n_rows)) for s in range(0, n_rows, max_rows)] or [(0, 0)]


def write_xlsx(df: pd.DataFrame, target: str | os.PathLike | BinaryIO, *, sheet_name: str = "数据",
               notes: Mapping[str, object] | None = None, formats: Formats | None = None,
               notes_sheet: str = "说明", notes_headers: tuple[str, str] = ("项目", "内容"),
               creator: str = "", title: str = "", max_rows: int | None = None,
               compresslevel: int = 1) -> list[str]:
    """Write df as a formatted workbook plus an optional notes sheet; overflow rows go on more sheets; sheet names."""
    max_rows = max_rows or MAX_SHEET_ROWS - 1
    if len(df.columns) > MAX_SHEET_COLUMNS:
        raise UserError("errors.too_many_columns", n=f"{len(df.columns):,}", limit=f"{MAX_SHEET_COLUMNS:,}")
    if isinstance(target, (str, os.PathLike)):
        path = Path(target)
        part = path.with_name(path.name + ".part")
        try:
            with part.open("wb") as f:
                names = write_xlsx(df, f, sheet_name=sheet_name, notes=notes, formats=formats,
                                   notes_sheet=notes_sheet, notes_headers=notes_headers, creator=creator,
                                   title=title, max_rows=max_rows, compresslevel=compresslevel)
            os.replace(part, path)
        finally:
            part.unlink(missing_ok=True)
        return names
    styles, strings = _Styles(), _SharedStrings()
    columns = _prepare(df.reset_index(drop=True), formats or {}, styles, strings)
    spans = _spans(len(df), max_rows)
    names: list[str] = []
    for _ in spans:
        names.append(safe_sheet_name(sheet_name if not names else f"{sheet_name}_{len(names) + 1}", names))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as zf:
        zf.writestr("[Content_Types].xml", xml_parts.content_types(len(spans) + (1 if notes else 0)))
        zf.writestr("_rels/.rels", xml_parts.root_rels())  # the package's entry points first, as Office writes them
        ranges = [_write_sheet(zf, number, columns, strings, span, data_sheet=True)
                  for number, span in enumerate(spans, start=1)]
        if notes:
            names.append(safe_sheet_name(notes_sheet, names))
            frame = notes_frame(notes, notes_headers)
            _write_sheet(zf, len(names), _notes_columns(frame, strings), strings, (0, len(frame)), data_sheet=False)
        _write_package(zf, names, ranges, styles, strings, creator, title or sheet_name)
    return names


def _write_package(zf: zipfile.ZipFile, names: list[str], ranges: list[str], styles: _Styles,
                   strings: _SharedStrings, creator: str, title: str) -> None:
    """The workbook, styles, strings and properties; data sheets get filter and print-title defined names."""
    filters = {i: f"{xml_parts.quote_sheet(names[i])}!{ref}" for i, ref in enumerate(ranges)}
    titles = {i: f"{xml_parts.quote_sheet(names[i])}!$1:$1" for i in range(len(ranges))}
    zf.writestr("docProps/core.xml", xml_parts.core_props(creator, title, datetime.now(UTC)))
    zf.writestr("docProps/app.xml", xml_parts.app_props())
    zf.writestr("xl/workbook.xml", xml_parts.workbook(names, filters, titles))
    zf.writestr("xl/_rels/workbook.xml.rels", xml_parts.workbook_rels(len(names)))
    zf.writestr("xl/styles.xml", xml_parts.styles(styles.codes))
    zf.writestr("xl/sharedStrings.xml", strings.xml())
