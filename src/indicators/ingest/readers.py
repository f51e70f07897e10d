"""Reading uploads into string grids: sniffing the format, limits, encodings, xlsx / xls / CSV."""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from datetime import date, datetime, time
from pathlib import PurePath

import pandas as pd

from .model import Limits, col_letter
from .workbook import Grid, ReadRefused, Workbook

log = logging.getLogger(__name__)

FAST_XLSX_BYTES = 2 * 1024 * 1024
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


_MARKUP = (b"<!doctype html", b"<html", b"<table", b"<meta", b"<style", b"<!--", b"<head", b"<body", b"<title",
           b"<div", b"<tr", b"<td")


def sniff(data: bytes, file_name: str) -> str:
    """'xlsx', 'xls', 'encrypted', 'html', 'mht', 'xml2003', 'xml', 'binary' or 'text', by content, not by name."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head == _OLE2:
        return "encrypted" if _ENCRYPTED in data[:65536] or _ENCRYPTED in data[-65536:] else "xls"
    sample = data[:4096]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        sample = data[:8192].decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    start = sample.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"mime-version:") or b"content-type: multipart/related" in start[:2048]:
        return "mht"
    if start.startswith(b"<?xml"):
        return "xml2003" if b"urn:schemas-microsoft-com:office:spreadsheet" in data[:16384] else \
            "html" if b"<html" in start or b"<table" in start else "xml"
    if start.startswith(_MARKUP):
        return "html"
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def check_size(data: bytes, limits: Limits) -> None:
    """Refuse files above the size limit."""
    if len(data) > limits.max_bytes:
        raise ReadRefused("too_large", size_mb=round(len(data) / 1048576, 1),
                          limit_mb=round(limits.max_bytes / 1048576, 1))


def check_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """Open an xlsx container, refusing corrupt archives, non-workbooks and zip bombs before any parsing."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise ReadRefused("corrupt", detail=str(e)[:80]) from None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise ReadRefused("not_excel")
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > limits.max_uncompressed or (total > 20 * 1048576 and total / packed > limits.max_ratio):
        raise ReadRefused("zip_bomb", mb=round(total / 1048576), ratio=round(total / packed))
    return zf


def _cell_text(v: object) -> str | None:
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, (date, time)):
        return v.isoformat()
    return str(v)


def _grid_from_rows(name: str, rows: list[list], merged: list | None = None) -> Grid:
    width = max((len(r) for r in rows), default=0)
    cells = pd.DataFrame([[_cell_text(v) for v in r] + [None] * (width - len(r)) for r in rows],
                         columns=range(width), dtype=object)
    spans = [(a[0], a[1], b[0], b[1]) for a, b in (merged or [])]
    return Grid(name, cells, 1, 0, spans)


def read_calamine(data: bytes, kind: str, sheet: str | None) -> Workbook:
    """Any workbook through python-calamine (typed cells, merged ranges, offsets kept)."""
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = _pick(wb.sheet_names, sheet)
        sheets = []
        for name in names:
            sh = wb.get_sheet_by_name(name)
            merged = getattr(sh, "merged_cell_ranges", None) or []
            sheets.append(_grid_from_rows(name, sh.to_python(skip_empty_area=False), merged))
    except ReadRefused:
        raise
    except Exception as e:  # noqa: BLE001 - any reader failure is a corrupt or protected file
        log.info("calamine refused a %s file: %s", kind, e, exc_info=e)
        text = str(e).lower()
        code = "password" if "password" in text or "encrypt" in text else "corrupt"
        raise ReadRefused(code, detail=str(e).splitlines()[0][:120] if str(e) else type(e).__name__) from None
    return Workbook(kind, sheets)


def _cell_formats(wb: Workbook, zf: zipfile.ZipFile, errors: bool) -> None:
    """What an xlsx's values alone do not say: percent-formatted fractions as the percentages the office sees
    (0.985 → 98.5%), and (errors: office-sized files) Excel error cells (#DIV/0!) as their text, not blanks."""
    from .xlsx_formats import apply_errors, apply_percent, error_cells, percent_cells, percent_styles, sheet_xml

    styles = percent_styles(zf)
    if not styles and not errors:
        return
    paths = _sheet_paths(zf)
    for grid in wb.sheets:
        if grid.name in paths:
            xml = sheet_xml(zf, paths[grid.name])
            apply_percent(grid.cells, grid.row0, grid.col0, percent_cells(xml, styles))
            if errors:
                apply_errors(grid.cells, grid.row0, grid.col0, error_cells(xml))


def _pick(names: list[str], sheet: str | None) -> list[str]:
    if sheet is None:
        return list(names)
    if sheet in names:
        return [sheet]
    stripped = {n.strip(): n for n in names}
    if sheet.strip() in stripped:
        return [stripped[sheet.strip()]]
    raise ReadRefused("no_sheet", wanted=sheet, sheets="、".join(names))


_DIM = re.compile(rb"<(?:\w+:)?dimension ref=\"([A-Z]+)(\d+)")
_CELL = re.compile(rb"<(?:\w+:)?c r=\"([A-Z]+)(\d+)\"")


def _letters_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _sheet_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    wb = zf.read("xl/workbook.xml")
    rels = zf.read("xl/_rels/workbook.xml.rels")
    targets = {m[0]: m[1] for m in re.findall(rb'Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)}
    targets.update({m[1]: m[0] for m in re.findall(rb'Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
    out = {}
    for name, rid in re.findall(rb'<(?:\w+:)?sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"', wb):
        target = targets.get(rid, b"").decode()
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        out[_xml_unescape(name.decode())] = path
    return out


def _xml_unescape(s: str) -> str:
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace(
        "&amp;", "&")


def _origin(zf: zipfile.ZipFile, path: str) -> tuple[int, int]:
    """Excel row (1-based) and column index of a sheet's first cell, from the head of its XML."""
    with zf.open(path) as f:
        head = f.read(1 << 18)
    dim = _DIM.search(head)
    cells = _CELL.findall(head)
    if cells:
        row = min(int(r) for _, r in cells[:50])
        col = min(_letters_index(c) for c, _ in cells)
        if dim:
            col = min(col, _letters_index(dim.group(1)))
        return row, col
    if dim:
        return int(dim.group(2)), _letters_index(dim.group(1))
    return 1, 0


def read_xlsx_fast(data: bytes, zf: zipfile.ZipFile, sheet: str | None) -> Workbook:
    """Large xlsx through fastexcel (Arrow strings), with the sheet origin taken from the sheet XML."""
    import fastexcel

    try:
        reader = fastexcel.read_excel(data)
        names = _pick(reader.sheet_names, sheet)
        paths = _sheet_paths(zf)
        sheets = []
        for name in names:
            table = reader.load_sheet(name, header_row=None, dtypes="string").to_arrow()
            cells = table.to_pandas()
            cells.columns = range(cells.shape[1])
            row0, col0 = _origin(zf, paths[name]) if name in paths else (1, 0)
            sheets.append(Grid(name, cells, row0, col0))
    except ReadRefused:
        raise
    except Exception as e:  # noqa: BLE001 - fall back to calamine, which gives the precise error
        log.info("fast xlsx reader fell back to calamine: %s", e, exc_info=e)
        return read_calamine(data, "xlsx", sheet)
    return Workbook("xlsx", sheets)


def detect_encoding(data: bytes) -> tuple[str, str]:
    """(label, codec) of a text file: UTF-8-BOM, UTF-16, UTF-8, then whichever of GBK, GB18030 and Big5 reads
    as common Chinese, else a single-byte Western encoding (Windows-1252, Latin-1) for a file that is mostly ASCII.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "UTF-8-BOM", "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16", "utf-16"
    try:
        data.decode("utf-8")
        return "UTF-8", "utf-8"
    except UnicodeDecodeError:
        pass
    sample = data[:262144]
    scores = []
    for label, codec in (("GBK", "gbk"), ("GB18030", "gb18030"), ("Big5", "big5")):
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        scores.append((_common_share(sample, codec), label, codec))
    if scores:
        best = max(scores, key=lambda x: x[0])
        if best[0] >= 0.5 or _high_share(sample) > 0.2:
            return best[1], best[2]
    if len(_UTF8_MULTI.findall(sample)) <= 2:          # damaged UTF-8 is not Western text
        for label, codec in (("Windows-1252", "cp1252"), ("Latin-1", "latin-1")):
            try:
                data.decode(codec)
                return label, codec
            except UnicodeDecodeError:
                continue
    raise ReadRefused("encoding")


_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _high_share(sample: bytes) -> float:
    """Share of bytes above 0x7F (Chinese text has many, Western text few)."""
    return sum(b > 0x7F for b in sample) / max(1, len(sample))


def _common_share(sample: bytes, codec: str) -> float:
    """Share of the Chinese characters a decoding yields that are common ones (GB2312 level 1 for simplified
    codecs, Big5's frequent range for Big5): wrong decodings give rare characters."""
    text = sample.decode(codec, errors="ignore")
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not cjk:
        return 0.0
    common = 0
    for ch in cjk[:20000]:
        try:
            b = ch.encode("gb2312" if codec != "big5" else "big5")
        except UnicodeEncodeError:
            continue
        common += (0xB0 <= b[0] <= 0xD7) if codec != "big5" else (0xA4 <= b[0] <= 0xC6)
    return common / len(cjk[:20000])


def _dialect(sample: str) -> str:
    lines = [ln for ln in sample.splitlines()[:50] if ln.strip()]
    counts = {d: sum(ln.count(d) for ln in lines) for d in (",", "\t", ";", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _width(text: str, sep: str) -> int:
    lines = text.splitlines()
    sample = lines[:500] + lines[-500:]
    rows = csv.reader(sample, delimiter=sep)
    return max((len(r) for r in rows), default=1)


def read_text(data: bytes, file_name: str, limits: Limits | None = None) -> Workbook:
    """CSV / TSV with the encoding detected and reported, ragged rows padded, every cell a string."""
    limits = limits or Limits()
    label, codec = detect_encoding(data)
    head = data[:65536].decode(codec, errors="ignore").lstrip("\ufeff")
    tail = data[-65536:].decode(codec, errors="ignore")
    sep = _dialect(head)
    width = _width(head + "\n" + tail, sep)
    name = PurePath(file_name).stem or "csv"
    source = data if codec != "utf-16" else data.decode(codec).encode("utf-8")
    codec = "utf-8" if codec == "utf-16" else codec
    try:
        check_width(width, name, limits)
        cells = _read_csv(source, codec, sep, width)
    except (pd.errors.ParserError, ValueError):
        text = source.decode(codec)
        width = max((len(r) for r in csv.reader(io.StringIO(text), delimiter=sep)), default=1)
        check_width(width, name, limits)
        cells = _read_csv(source, codec, sep, width)
    return Workbook("csv", [Grid(name, cells)], encoding=label)


def check_width(width: int, name: str, limits: Limits) -> None:
    """Refuse a table whose widest record (quoted line breaks joining lines included) has too many fields, before
    pandas allocates `width` columns (guard.py checks every line with it too)."""
    if width > limits.max_columns:
        raise ReadRefused("too_many_columns", sheet=name, cols=f"{width:,}", limit=f"{limits.max_columns:,}",
                          cell=col_letter(width - 1))


def _read_csv(data: bytes, codec: str, sep: str, width: int) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), sep=sep, header=None, names=range(width), dtype=object, encoding=codec,
                       keep_default_na=False, na_values=[""], skip_blank_lines=False, engine="c")


def _read_markup(data: bytes, file_name: str, kind: str, sheet: str | None) -> Workbook:
    """A web page or XML spreadsheet saved as .xls: read, and say so."""
    from .webtables import read_html, read_mht, read_spreadsheetml

    stem = PurePath(file_name).stem or "html"
    if kind == "xml2003":
        grids, encoding, note = read_spreadsheetml(data), None, "xml2003_read"
    else:
        grids, encoding = (read_mht if kind == "mht" else read_html)(data, stem)
        note = "html_read"
    names = _pick([g.name for g in grids], sheet)
    wb = Workbook(kind, [g for g in grids if g.name in names], encoding=encoding)
    wb.notes.append((note, {"ext": PurePath(file_name).suffix.lower() or "—"}))
    return wb


def read_any(data: bytes, file_name: str, sheet: str | None, limits: Limits) -> Workbook:
    """Sniff and read a file, raising ReadRefused with a plain reason when it cannot be read."""
    if not data:
        raise ReadRefused("empty_file")
    check_size(data, limits)
    kind = sniff(data, file_name)
    ext = PurePath(file_name).suffix.lower()
    if kind == "xlsx":
        zf = check_zip(data, limits)
        big = len(data) >= FAST_XLSX_BYTES
        wb = read_xlsx_fast(data, zf, sheet) if big else read_calamine(data, "xlsx", sheet)
        _cell_formats(wb, zf, errors=not big)
        return wb
    if kind == "xls":
        return read_calamine(data, "xls", sheet)
    if kind == "encrypted":
        raise ReadRefused("password")
    if kind in ("html", "mht", "xml2003"):
        return _read_markup(data, file_name, kind, sheet)
    if kind == "xml":
        raise ReadRefused("xml")
    if kind == "binary":
        raise ReadRefused("not_excel" if ext in (".xlsx", ".xls", ".xlsm") else "binary")
    wb = read_text(data, file_name, limits)
    if ext in (".xlsx", ".xls", ".xlsm"):
        wb.notes.append(("text_named_excel", {"ext": ext}))
    if sheet is not None and sheet not in (wb.sheets[0].name, ""):
        raise ReadRefused("no_sheet", wanted=sheet, sheets=wb.sheets[0].name)
    return wb

