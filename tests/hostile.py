"""Hostile uploads generated on the fly (nothing large is committed): shared by the tests and bench/hostile.py.

Each generator writes the bytes directly (sheet XML by string joins, CSV by bytes repetition), so even the
1,048,576-row workbook takes about a second to make.
"""

from __future__ import annotations

import io
import zipfile

CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 b'<Default Extension="xml" ContentType="application/xml"/>'
                 b'<Override PartName="/xl/workbook.xml" '
                 b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 b'<Override PartName="/xl/worksheets/sheet1.xml" '
                 b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                 b'</Types>')
ROOT_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             b'officeDocument" Target="xl/workbook.xml"/></Relationships>')
WB_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           b'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NS_R = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def workbook(sheet_data: bytes, sheet: str = "数据", dimension: str | None = None) -> bytes:
    """A minimal xlsx with one sheet whose <sheetData> content is sheet_data (and an optional <dimension>)."""
    dim = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    xml = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ' + NS + b">" + dim + \
        b"<sheetData>" + sheet_data + b"</sheetData></worksheet>"
    wb = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook ' + NS + b" " + NS_R + b"><sheets>"
          + f'<sheet name="{sheet}" sheetId="1" r:id="rId1"/>'.encode() + b"</sheets></workbook>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", WB_RELS)
        z.writestr("xl/worksheets/sheet1.xml", xml)
    return buf.getvalue()


def far_cell_xlsx(far: str = "XFD1048576", dimension: str | None = "auto") -> bytes:
    """One number at A1 and one at a far cell (XFD1048576: the last cell of a sheet); ~1 KB.

    dimension "auto" states the true extent, None leaves <dimension> out, any other value is written as given
    (a lie such as "A1:B2").
    """
    col = far.rstrip("0123456789")
    row = far[len(col):]
    dim = f"A1:{far}" if dimension == "auto" else dimension
    data = (f'<row r="1"><c r="A1"><v>1</v></c></row>'
            f'<row r="{row}"><c r="{far}"><v>2</v></c></row>').encode()
    return workbook(data, dimension=dim)


def implicit_xlsx(rows: int = 1, cols: int = 1) -> bytes:
    """A sheet whose rows and cells carry no r attribute (positions are implicit), the last cell holding a number.

    Only the last cell of the last row has a value, so the file stays tiny while its extent is rows × cols.
    """
    empty_row = b"<row/>"
    last = b"<row>" + b"<c/>" * (cols - 1) + b"<c><v>1</v></c></row>"
    return workbook(b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' + empty_row * max(0, rows - 2) + last)


def rows_xlsx(rows: int = 1_048_576) -> bytes:
    """A long table (指标, 地区, 期间, 数值) filling `rows` rows of a sheet: real figures, not padding."""
    head = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xe6\x8c\x87\xe6\xa0\x87</t></is></c>'
            b'<c r="B1" t="inlineStr"><is><t>\xe5\x9c\xb0\xe5\x8c\xba</t></is></c>'
            b'<c r="C1" t="inlineStr"><is><t>\xe6\x9c\x9f\xe9\x97\xb4</t></is></c>'
            b'<c r="D1" t="inlineStr"><is><t>\xe6\x95\xb0\xe5\x80\xbc</t></is></c></row>')
    label = "<c r=\"A{0}\" t=\"inlineStr\"><is><t>两盗案件</t></is></c>" \
            "<c r=\"B{0}\" t=\"inlineStr\"><is><t>葵涌</t></is></c>"
    body = "".join(f'<row r="{r}">{label.format(r)}<c r="C{r}"><v>{1900 + r % 120}</v></c>'
                   f'<c r="D{r}"><v>{r % 97}</v></c></row>' for r in range(2, rows + 1))
    return workbook(head + body.encode())


def wide_csv(cols: int = 20_000, rows: int = 1) -> bytes:
    """A CSV of `rows` lines with `cols` columns each (20,000 columns: 40 KB a line)."""
    return b"\n".join([b",".join([b"1"] * cols)] * rows) + b"\n"


def one_line_csv(mb: float = 5, sep: bytes = b",") -> bytes:
    """A CSV whose whole size sits on one line: `1,1,1,…` (mb × 2^20 bytes, half of them separators)."""
    n = int(mb * 1024 * 1024) // 2
    return (b"1" + sep) * n + b"\n"


def one_field_csv(mb: float = 5) -> bytes:
    """A header line, then one line holding a single mb-sized field (no separator)."""
    return b"\xe6\x8c\x87\xe6\xa0\x87,\xe6\x95\xb0\xe5\x80\xbc\n" + b"x" * int(mb * 1024 * 1024) + b"\n"


def rows_csv(rows: int = 1_048_576) -> bytes:
    """The same long table as rows_xlsx, as CSV: a header and rows - 1 figures."""
    body = "".join(f"两盗案件,葵涌,{1900 + r % 120},{r % 97}\n" for r in range(2, rows + 1))
    return ("指标,地区,期间,数值\n" + body).encode()
