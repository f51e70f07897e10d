"""The fixed OOXML parts of a workbook: content types, relationships, workbook, styles, properties."""

from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

# Cell style ids (cellXfs order): 0 default, 1 header, 2 wrapped text, 3 bold key; number formats from 4 on.
STYLE_DEFAULT, STYLE_HEADER, STYLE_WRAP, STYLE_KEY = 0, 1, 2, 3
FIRST_NUMBER_STYLE = 4


def content_types(n_sheets: int) -> str:
    """[Content_Types].xml for n worksheets, styles, shared strings and document properties."""
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT_SHEET}"/>'
                     for i in range(1, n_sheets + 1))
    return (_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + sheets +
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            '</Types>')


def root_rels() -> str:
    """_rels/.rels: the workbook and the document properties."""
    base = "http://schemas.openxmlformats.org"
    return (_DECL + f'<Relationships xmlns="{NS_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{base}/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{base}/package/2006/relationships/metadata/core-properties" '
            'Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{base}/officeDocument/2006/relationships/extended-properties" '
            'Target="docProps/app.xml"/>'
            '</Relationships>')


def workbook_rels(n_sheets: int) -> str:
    """xl/_rels/workbook.xml.rels: sheets, styles, shared strings."""
    t = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = "".join(f'<Relationship Id="rId{i}" Type="{t}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, n_sheets + 1))
    rels += f'<Relationship Id="rId{n_sheets + 1}" Type="{t}/styles" Target="styles.xml"/>'
    rels += f'<Relationship Id="rId{n_sheets + 2}" Type="{t}/sharedStrings" Target="sharedStrings.xml"/>'
    return _DECL + f'<Relationships xmlns="{NS_PKG_REL}">{rels}</Relationships>'


def quote_sheet(name: str) -> str:
    """A sheet name quoted for a formula reference."""
    return "'" + name.replace("'", "''") + "'"


def workbook(sheet_names: list[str], filters: dict[int, str], print_titles: dict[int, str]) -> str:
    """xl/workbook.xml with the sheets and the defined names for autofilter and repeated header rows."""
    sheets = "".join(f"<sheet name={quoteattr(n)} sheetId=\"{i}\" r:id=\"rId{i}\"/>"
                     for i, n in enumerate(sheet_names, start=1))
    names = "".join(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                    f"{escape(ref)}</definedName>" for i, ref in sorted(filters.items()))
    names += "".join(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{escape(ref)}</definedName>'
                     for i, ref in sorted(print_titles.items()))
    defined = f"<definedNames>{names}</definedNames>" if names else ""
    return (_DECL + f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
            '<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="16000"/></bookViews>'
            f"<sheets>{sheets}</sheets>{defined}<calcPr calcId=\"191029\"/></workbook>")


def styles(number_formats: list[str]) -> str:
    """xl/styles.xml: header, wrap and key styles, then one style per number format (custom ids from 164)."""
    fmts = "".join(f'<numFmt numFmtId="{164 + i}" formatCode={quoteattr(code)}/>'
                   for i, code in enumerate(number_formats))
    num_xfs = "".join(f'<xf numFmtId="{164 + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
                      for i in range(len(number_formats)))
    n_xf = FIRST_NUMBER_STYLE + len(number_formats)
    numfmts = f'<numFmts count="{len(number_formats)}">{fmts}</numFmts>' if number_formats else ""
    return (_DECL + f'<styleSheet xmlns="{NS_MAIN}">{numfmts}'
            '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
            '<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>'
            '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
            '</fill><fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/>'
            '</patternFill></fill></fills>'
            '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
            '<border><left/><right/><top/><bottom style="thin"><color rgb="FF808080"/></bottom><diagonal/></border>'
            '</borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{n_xf}">'
            '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" '
            'applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
            '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
            '<alignment vertical="top" wrapText="1"/></xf>'
            '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
            '<alignment vertical="top"/></xf>'
            f"{num_xfs}</cellXfs>"
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>")


def core_props(creator: str, title: str, when: datetime) -> str:
    """docProps/core.xml: title, author and creation time."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (_DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(creator)}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>")


def app_props() -> str:
    """docProps/app.xml: the producing application."""
    return (_DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>治理指标看板</Application></Properties>")


def shared_strings_head(count: int, unique: int) -> str:
    """Opening of xl/sharedStrings.xml."""
    return _DECL + f'<sst xmlns="{NS_MAIN}" count="{count}" uniqueCount="{unique}">'


def sheet_head(dimension: str, frozen: bool, cols: str, selected: bool = False) -> str:
    """Opening of a worksheet up to <sheetData>: fit-to-width page setup, frozen header row, column widths."""
    pane = ('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>') if frozen else ""
    tab = ' tabSelected="1"' if selected else ""
    return (_DECL + f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<dimension ref="{dimension}"/>'
            f'<sheetViews><sheetView workbookViewId="0"{tab}>{pane}</sheetView>'
            '</sheetViews><sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>")


def sheet_tail(autofilter: str | None) -> str:
    """Close of a worksheet: autofilter, margins, landscape page fitted to one page wide."""
    af = f'<autoFilter ref="{autofilter}"/>' if autofilter else ""
    return ("</sheetData>" + af +
            '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
            "</worksheet>")
