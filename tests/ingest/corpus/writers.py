"""The corpus model (a sheet is a grid of cells, a figure cell carries what it must yield) and the file writers.

Writers: openpyxl, xlsxwriter, a WPS-style xlsx and a POI-style (inline strings) xlsx written by hand, legacy
BIFF8 .xls through LibreOffice, CSV / tab text in any encoding, an HTML table saved as .xls, and an
XML Spreadsheet 2003 saved as .xls.
"""

from __future__ import annotations

import csv
import html
import io
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape


@dataclass
class Pct:
    """A number stored as a fraction with a percent format (Excel shows 98.5% for 0.985)."""

    fraction: float
    decimals: int = 1

    def text(self) -> str:
        """How the cell reads on screen."""
        return f"{self.fraction * 100:.{self.decimals}f}%"


@dataclass
class Formula:
    """A formula with the value Excel cached when it last saved the file."""

    expr: str
    cached: float


@dataclass
class Fig:
    """A cell that must yield figures: what the cell holds and the figures (dicts) it means."""

    shown: object
    figs: list[dict]


@dataclass
class Blank:
    """A "not reported" cell (—, 无, 暂无, /): no figure, an info line."""

    shown: str


@dataclass
class Stray:
    """Text that is neither a number, a blank nor a change, in a figure cell: an error."""

    shown: str


@dataclass
class Sheet:
    """A grid of cells with merged ranges (0-based, inclusive) and per-cell styles."""

    name: str
    rows: list[list] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    indents: set[tuple[int, int]] = field(default_factory=set)

    def row(self, cells: list, span: int = 0) -> int:
        """Append a row; span > 1 merges its first cell across that many columns. Returns the 0-based row."""
        self.rows.append(list(cells))
        r = len(self.rows) - 1
        if span > 1:
            self.merges.append((r, 0, r, span - 1))
        return r

    def blank(self) -> None:
        """Append an empty row."""
        self.rows.append([])

    def merge(self, r1: int, c1: int, r2: int, c2: int) -> None:
        """Merge a range (0-based, inclusive)."""
        self.merges.append((r1, c1, r2, c2))

    @property
    def width(self) -> int:
        """Number of columns used."""
        return max((len(r) for r in self.rows), default=0)


def col_letter(index: int) -> str:
    """Excel column letters of a 0-based column index."""
    out, n = "", index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def raw(cell: object) -> object:
    """The stored content of a cell (the figure wrapper removed)."""
    while isinstance(cell, (Fig, Blank, Stray)):
        cell = cell.shown
    return cell


def num_text(v: float | int) -> str:
    """A number as a plain text file writes it."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(v) if isinstance(v, float) else str(v)


def as_text(cell: object) -> str:
    """What a text export (CSV, HTML) shows for a cell."""
    v = raw(cell)
    if v is None:
        return ""
    if isinstance(v, Pct):
        return v.text()
    if isinstance(v, Formula):
        return num_text(v.cached)
    if isinstance(v, (int, float)):
        return num_text(v)
    return str(v)


def covered(sheet: Sheet) -> set[tuple[int, int]]:
    """Cells hidden under a merge (every cell of a merged range but its top-left one)."""
    out = set()
    for r1, c1, r2, c2 in sheet.merges:
        out |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {(r1, c1)}
    return out


# ---------------------------------------------------------------- openpyxl / xlsxwriter

def write_openpyxl(sheets: list[Sheet], creator: str = "openpyxl") -> bytes:
    """Workbook written by openpyxl (merged titles, percent formats, indented labels)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = creator
    for sh in sheets:
        ws = wb.create_sheet(sh.name)
        for r, row in enumerate(sh.rows):
            for c, cell in enumerate(row):
                v = raw(cell)
                if v is None:
                    continue
                target = ws.cell(row=r + 1, column=c + 1)
                if isinstance(v, Pct):
                    target.value, target.number_format = v.fraction, "0." + "0" * v.decimals + "%"
                elif isinstance(v, Formula):
                    target.value = v.cached        # openpyxl cannot cache a formula's value: store the value
                else:
                    target.value = v
                if (r, c) in sh.indents:
                    target.alignment = Alignment(indent=2)
        for r1, c1, r2, c2 in sh.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
            ws.cell(row=r1 + 1, column=c1 + 1).alignment = Alignment(horizontal="center", vertical="center")
        if sh.rows and sh.merges and sh.merges[0][:2] == (0, 0):
            ws.cell(row=1, column=1).font = Font(name="方正小标宋简体", size=16, bold=True)
    buf = io.BytesIO()
    wb.save(buf)
    return stable_zip(buf.getvalue())


def write_xlsxwriter(sheets: list[Sheet]) -> bytes:
    """Workbook written by xlsxwriter (formulas with cached values, merged ranges, formats)."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False})
    wb.set_properties({"author": "zfb", "company": "大鹏新区"})
    title = wb.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"})
    merged = wb.add_format({"align": "center", "valign": "vcenter", "border": 1})
    plain = wb.add_format({"border": 1})
    indent = wb.add_format({"border": 1, "indent": 2})
    pct_fmt = {d: wb.add_format({"border": 1, "num_format": "0." + "0" * d + "%"}) for d in (0, 1, 2)}
    for sh in sheets:
        ws = wb.add_worksheet(sh.name)
        hidden = covered(sh)
        starts = {(r1, c1): m for m in sh.merges for r1, c1 in [m[:2]]}
        for r, row in enumerate(sh.rows):
            for c, cell in enumerate(row):
                v = raw(cell)
                if (r, c) in hidden:
                    continue
                fmt = indent if (r, c) in sh.indents else plain
                if (r, c) in starts:
                    r1, c1, r2, c2 = starts[(r, c)]
                    m_fmt = title if (r, c) == (0, 0) else merged
                    ws.merge_range(r1, c1, r2, c2, None, m_fmt)
                    fmt = m_fmt
                if v is None:
                    continue
                if isinstance(v, Pct):
                    ws.write_number(r, c, v.fraction, pct_fmt[v.decimals])
                elif isinstance(v, Formula):
                    ws.write_formula(r, c, v.expr, fmt, v.cached)
                elif isinstance(v, (int, float)):
                    ws.write_number(r, c, v, fmt)
                else:
                    ws.write_string(r, c, str(v), fmt)
    wb.close()
    return stable_zip(buf.getvalue())


# ---------------------------------------------------------------- hand-written xlsx: WPS and POI flavours

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_EXT = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_ETC = "http://www.wps.cn/officeDocument/2017/etCustomData"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _content_types(n: int, wps: bool) -> str:
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
                     f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(n))
    shared = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
              'officedocument.spreadsheetml.sharedStrings+xml"/>') if wps else ""
    custom = ('<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-'
              'officedocument.custom-properties+xml"/>') if wps else ""
    return (f'{_XML}<Types xmlns="{_CT}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
            'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/>' + sheets + shared +
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/'
            'vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            + custom + '</Types>')


def _app_xml(names: list[str], application: str) -> str:
    titles = "".join(f"<vt:lpstr>{escape(n)}</vt:lpstr>" for n in names)
    return (f'{_XML}<Properties xmlns="{_EXT}" xmlns:vt="{_VT}"><Application>{application}</Application>'
            f'<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>工作表</vt:lpstr>'
            f'</vt:variant><vt:variant><vt:i4>{len(names)}</vt:i4></vt:variant></vt:vector></HeadingPairs>'
            f'<TitlesOfParts><vt:vector size="{len(names)}" baseType="lpstr">{titles}</vt:vector>'
            '</TitlesOfParts></Properties>')


_CORE = (f'{_XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-'
         'properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>{creator}</dc:creator>'
         '<cp:lastModifiedBy>{creator}</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">'
         '2024-10-08T01:12:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2024-10-09T08:45:31Z'
         '</dcterms:modified></cp:coreProperties>')

_WPS_CUSTOM = (f'{_XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
               f'xmlns:vt="{_VT}"><property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" '
               'name="KSOProductBuildVer"><vt:lpwstr>2052-12.1.0.17147</vt:lpwstr></property>'
               '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="ICV"><vt:lpwstr>'
               '8F1A3C2B9D6E4E1FA7C05B2D1E3F4A6B_12</vt:lpwstr></property></Properties>')

_STYLES = (f'{_XML}<styleSheet xmlns="{_NS}"><numFmts count="1"><numFmt numFmtId="176" formatCode="0.0%"/>'
           '</numFmts><fonts count="2"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font>'
           '<font><b/><sz val="16"/><name val="方正小标宋简体"/><charset val="134"/></font></fonts>'
           '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
           '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
           '<alignment horizontal="center" vertical="center"/></xf>'
           '<xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
           '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
           '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _sheet_xml(sh: Sheet, wps: bool, strings: dict[str, int]) -> str:
    hidden = covered(sh)
    out = []
    for r, row in enumerate(sh.rows):
        cells = []
        for c, cell in enumerate(row):
            v = raw(cell)
            if v is None or (r, c) in hidden:
                continue
            ref = f"{col_letter(c)}{r + 1}"
            style = ' s="1"' if (r, c) == (0, 0) and sh.merges and sh.merges[0][:2] == (0, 0) else ""
            if isinstance(v, Pct):
                cells.append(f'<c r="{ref}" s="2"><v>{num_text(v.fraction)}</v></c>')
            elif isinstance(v, Formula):
                cells.append(f'<c r="{ref}"><f>{escape(v.expr.lstrip("="))}</f><v>{num_text(v.cached)}</v></c>')
            elif isinstance(v, (int, float)):
                cells.append(f'<c r="{ref}"{style}><v>{num_text(v)}</v></c>')
            elif wps:
                k = strings.setdefault(str(v), len(strings))
                text_style = style or (' s="3"' if str(v).strip().replace(",", "").replace(".", "").isdigit()
                                       else "")
                cells.append(f'<c r="{ref}"{text_style} t="s"><v>{k}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(v))}</t></is></c>')
        spans = f' spans="1:{max(sh.width, 1)}"' if wps else ""
        out.append(f'<row r="{r + 1}"{spans}>{"".join(cells)}</row>' if cells else "")
    merges = "".join(f'<mergeCell ref="{col_letter(c1)}{r1 + 1}:{col_letter(c2)}{r2 + 1}"/>'
                     for r1, c1, r2, c2 in sh.merges)
    merge_xml = f'<mergeCells count="{len(sh.merges)}">{merges}</mergeCells>' if sh.merges else ""
    dim = f"A1:{col_letter(max(sh.width, 1) - 1)}{max(len(sh.rows), 1)}"
    if wps:
        head = (f'<worksheet xmlns="{_NS}" xmlns:r="{_R}" xmlns:etc="{_ETC}"><sheetPr/><dimension ref="{dim}"/>'
                '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><selection activeCell="A1" sqref="A1"/>'
                '</sheetView></sheetViews><sheetFormatPr defaultColWidth="9" defaultRowHeight="13.5"/>')
        tail = ('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
                '<headerFooter/></worksheet>')
    else:
        head = f'<worksheet xmlns="{_NS}" xmlns:r="{_R}"><dimension ref="A1"/><sheetViews><sheetView ' \
               'workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15.0"/>'
        tail = '<pageMargins bottom="0.75" footer="0.3" header="0.3" left="0.7" right="0.7" top="0.75"/></worksheet>'
    return f'{_XML}{head}<sheetData>{"".join(out)}</sheetData>{merge_xml}{tail}'


def write_raw_xlsx(sheets: list[Sheet], flavour: str) -> bytes:
    """An xlsx as WPS Office writes it (flavour 'wps': shared strings, numbers typed as text, KSO properties)
    or as a Java system export streams it (flavour 'poi': inline strings, Apache POI)."""
    wps = flavour == "wps"
    strings: dict[str, int] = {}
    sheet_parts = [_sheet_xml(sh, wps, strings) for sh in sheets]
    names = [sh.name for sh in sheets]
    rels = "".join(f'<Relationship Id="rId{i + 1}" Type="{_R}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                   for i in range(len(sheets)))
    n = len(sheets)
    rels += f'<Relationship Id="rId{n + 1}" Type="{_R}/styles" Target="styles.xml"/>'
    if wps:
        rels += f'<Relationship Id="rId{n + 2}" Type="{_R}/sharedStrings" Target="sharedStrings.xml"/>'
    book_sheets = "".join(f'<sheet name="{escape(nm)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                          for i, nm in enumerate(names))
    etc = f' xmlns:etc="{_ETC}"' if wps else ""
    workbook = (f'{_XML}<workbook xmlns="{_NS}" xmlns:r="{_R}"{etc}>'
                + ('<fileVersion appName="xl" lastEdited="3" lowestEdited="5" rupBuild="9302"/>'
                   '<workbookPr/>' if wps else '<workbookPr date1904="false"/>')
                + f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{book_sheets}</sheets>'
                + ('<calcPr calcId="144525"/>' if wps else "") + '</workbook>')
    root_rels = (f'{_XML}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_R}/officeDocument" '
                 'Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/'
                 '2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" '
                 f'Type="{_R}/extended-properties" Target="docProps/app.xml"/>'
                 + (f'<Relationship Id="rId4" Type="{_R}/custom-properties" Target="docProps/custom.xml"/>'
                    if wps else "") + '</Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _content_types(n, wps))
        z.writestr("_rels/.rels", root_rels)
        z.writestr("docProps/app.xml", _app_xml(names, "WPS 表格" if wps else "Apache POI"))
        z.writestr("docProps/core.xml", _CORE.replace("{creator}", "Administrator" if wps else "Apache POI"))
        if wps:
            z.writestr("docProps/custom.xml", _WPS_CUSTOM)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", f'{_XML}<Relationships xmlns="{_PKG}">{rels}</Relationships>')
        z.writestr("xl/styles.xml", _STYLES)
        for i, part in enumerate(sheet_parts):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", part)
        if wps:
            items = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
            z.writestr("xl/sharedStrings.xml", f'{_XML}<sst xmlns="{_NS}" count="{len(strings)}" '
                                               f'uniqueCount="{len(strings)}">{items}</sst>')
    return stable_zip(buf.getvalue())


def stable_zip(data: bytes) -> bytes:
    """The same workbook with fixed zip times and document dates, so that regenerating changes no byte."""
    import re

    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2024-10-09T08:45:31Z", body)
            z.writestr(zipfile.ZipInfo(info.filename, date_time=(2024, 10, 9, 16, 45, 30)), body,
                       compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# ---------------------------------------------------------------- legacy BIFF8 through LibreOffice

def write_xls_batch(books: dict[str, list[Sheet]], known: dict[str, str], folder: Path) -> dict[str, bytes]:
    """BIFF8 .xls files: each workbook written with openpyxl, converted by LibreOffice headless in one run.

    LibreOffice stamps the time into every file: a committed .xls whose source workbook is unchanged (its sha256
    in `known`, updated in place) is kept as it is.
    """
    import hashlib

    sources = {name: write_openpyxl(sheets, creator="Administrator") for name, sheets in books.items()}
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in sources.items()}
    keep = {name: (folder / name).read_bytes() for name in books
            if known.get(name) == digests[name] and (folder / name).is_file()}
    known.clear()
    known.update(digests)
    todo = {name: data for name, data in sources.items() if name not in keep}
    if not todo:
        return keep
    if shutil.which("soffice") is None:
        raise SystemExit("LibreOffice (soffice) is needed to write the .xls files: apt-get install libreoffice-calc")
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp, "src"), Path(tmp, "out")
        src.mkdir()
        stems = {}
        for k, (name, data) in enumerate(todo.items()):
            stems[name] = f"book{k:02d}"
            (src / f"book{k:02d}.xlsx").write_bytes(data)
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to",
                        "xls:MS Excel 97", "--outdir", str(out), *sorted(str(p) for p in src.iterdir())],
                       check=True, capture_output=True, timeout=600)
        return {**keep, **{name: (out / f"{stem}.xls").read_bytes() for name, stem in stems.items()}}


# ---------------------------------------------------------------- text containers

def write_delimited(sheet: Sheet, encoding: str, *, delimiter: str = ",", pad: bool = True,
                    newline: str = "\r\n") -> bytes:
    """CSV (or tab text) as Excel saves it: merged areas blank, short rows padded to the width when pad."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    width = sheet.width
    for row in sheet.rows:
        cells = [as_text(c) for c in row]
        if pad:
            cells += [""] * (width - len(cells))
        w.writerow(cells)
    text = out.getvalue()
    if encoding == "utf-16":
        return text.encode("utf-16")                      # BOM + little endian on this machine, as Excel writes
    if encoding == "utf-8-sig":
        return text.encode("utf-8-sig")
    return text.encode(encoding)


def write_html_xls(sheet: Sheet, charset: str, excel_ns: bool) -> bytes:
    """An HTML table saved with the .xls extension, as web systems export "Excel" files."""
    hidden = covered(sheet)
    spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in sheet.merges}
    lines = []
    for r, row in enumerate(sheet.rows):
        tds = []
        for c in range(max(len(row), 1 if not row else len(row))):
            if (r, c) in hidden:
                continue
            cell = row[c] if c < len(row) else None
            rs, cs = spans.get((r, c), (1, 1))
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            v = raw(cell)
            text = html.escape(as_text(cell)) if v is not None else "&nbsp;"
            if excel_ns and isinstance(v, (int, float)) and not isinstance(v, bool):
                attrs += ' x:num'
            if isinstance(v, str) and v.startswith("  "):
                text = "&nbsp;&nbsp;" + html.escape(v.strip())
            tds.append(f"<td{attrs}>{text}</td>")
        lines.append("  <tr>" + "".join(tds) + "</tr>")
    if excel_ns:
        head = ('<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:'
                f'excel" xmlns="http://www.w3.org/TR/REC-html40">\n<head>\n<meta http-equiv="Content-Type" '
                f'content="text/html; charset={charset}">\n<meta name="ProgId" content="Excel.Sheet">\n'
                '<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets><x:ExcelWorksheet><x:Name>'
                f'{html.escape(sheet.name)}</x:Name><x:WorksheetOptions><x:DisplayGridlines/></x:WorksheetOptions>'
                '</x:ExcelWorksheet></x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]-->\n'
                '<style>td{mso-number-format:"\\@";}</style>\n</head>\n<body>\n<table border="1">\n')
    else:
        head = (f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="{charset}">\n<title>{html.escape(sheet.name)}'
                '</title>\n</head>\n<body>\n<table border="1" cellspacing="0" cellpadding="2">\n')
    doc = head + "\n".join(lines) + "\n</table>\n</body>\n</html>\n"
    return doc.encode(charset)


def write_xml2003(sheets: list[Sheet]) -> bytes:
    """XML Spreadsheet 2003 (SpreadsheetML) saved as .xls, as Java report systems export it."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
             '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:'
             'office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:'
             'office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">\n <DocumentProperties xmlns="urn:'
             'schemas-microsoft-com:office:office"><Author>admin</Author><Created>2024-07-02T09:12:41Z</Created>'
             '</DocumentProperties>\n <Styles><Style ss:ID="Default" ss:Name="Normal"><Alignment ss:Vertical='
             '"Center"/><Font ss:FontName="宋体" x:CharSet="134" ss:Size="11"/></Style><Style ss:ID="t"><Font '
             'ss:FontName="宋体" x:CharSet="134" ss:Size="16" ss:Bold="1"/></Style></Styles>\n']
    for sh in sheets:
        hidden = covered(sh)
        spans = {(r1, c1): (r2 - r1, c2 - c1) for r1, c1, r2, c2 in sh.merges}
        parts.append(f' <Worksheet ss:Name="{escape(sh.name)}">\n  <Table>\n')
        for r, row in enumerate(sh.rows):
            cells, skipped = [], False
            for c, cell in enumerate(row):
                v = raw(cell)
                if (r, c) in hidden or v is None:
                    skipped = True
                    continue
                down, across = spans.get((r, c), (0, 0))
                attrs = (f' ss:Index="{c + 1}"' if skipped or (c and not cells) else "")
                attrs += (f' ss:MergeAcross="{across}"' if across else "") + (f' ss:MergeDown="{down}"' if down else "")
                kind = "Number" if isinstance(v, (int, float)) else "String"
                cells.append(f'<Cell{attrs}><Data ss:Type="{kind}">{escape(as_text(cell))}</Data></Cell>')
                skipped = False
            parts.append(f'   <Row ss:Index="{r + 1}">{"".join(cells)}</Row>\n' if cells else "")
        parts.append("  </Table>\n </Worksheet>\n")
    parts.append("</Workbook>\n")
    return "".join(parts).encode("utf-8")
