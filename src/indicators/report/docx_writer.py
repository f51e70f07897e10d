"""The briefing as a Word file (python-docx): A4, GB/T 9704 margins and type, page numbers, tables kept whole.

Title 2号 (22 pt), headings and body 3号 (16 pt) on a fixed 28 pt line; tables and captions 小四 (12 pt). Text is
set flush left rather than justified: justification stretches the gap between Chinese and digits, which a PDF's
text then reads as a space. Each style
names its East Asian and Latin family (fonts.py); Word's automatic space between Chinese and digits is off, so
「1052起」 reads and copies as written.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from ..i18n import t
from .fonts import FontSet, font_set
from .model import Chart, Document, Heading, Paragraph, Table

TEXT_WIDTH_MM = 156  # 210 − 28 − 26
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
BODY_PT, LINE_PT, SMALL_PT = 16, 28, 12
HEADER_FILL = "E7E6E6"
# style name → (font role, size pt, bold, alignment, first-line indent in characters, outline level)
STYLES = {
    "Normal": ("body", BODY_PT, False, WD_ALIGN_PARAGRAPH.LEFT, 2, None),
    "Title": ("title", 22, False, WD_ALIGN_PARAGRAPH.CENTER, 0, None),
    "Subtitle": ("subheading", BODY_PT, False, WD_ALIGN_PARAGRAPH.CENTER, 0, None),
    "Heading 1": ("heading", BODY_PT, False, WD_ALIGN_PARAGRAPH.LEFT, 2, 0),
    "Heading 2": ("subheading", BODY_PT, False, WD_ALIGN_PARAGRAPH.LEFT, 2, 1),
    "Caption": ("heading", SMALL_PT, False, WD_ALIGN_PARAGRAPH.CENTER, 0, None),
    "Table Text": ("body", SMALL_PT, False, WD_ALIGN_PARAGRAPH.CENTER, 0, None),
    "Chart Note": ("subheading", SMALL_PT, False, WD_ALIGN_PARAGRAPH.LEFT, 0, None),
    "Note": ("body", 14, False, WD_ALIGN_PARAGRAPH.LEFT, 2, None),
}
PARAGRAPH_STYLE = {"body": "Normal", "list": "Normal", "note": "Note", "caption": "Caption"}
_PPR_SUCCESSORS = ("w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                   "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                   "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                   "w:pPrChange")


def _el(tag: str, **attrs: str) -> OxmlElement:
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def _fonts(rpr, latin: str, east: str) -> None:
    """Name the Latin and East Asian families on a run or style (theme fonts removed)."""
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    rpr.insert(0, _el("w:rFonts", ascii=latin, hAnsi=latin, eastAsia=east, cs=latin))


def _no_autospace(ppr) -> None:
    """No automatic space between Chinese and Latin text or digits (schema order kept)."""
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
        ppr.insert_element_before(_el(tag, val="0"), *_PPR_SUCCESSORS)


def _reset(style: ParagraphStyle) -> None:
    """Drop the template's look (theme fonts and colours, borders, spacing) from a style."""
    el = style.element
    for tag in ("w:pPr", "w:rPr"):
        for old in el.findall(qn(tag)):
            el.remove(old)


def _style(doc, name: str, fonts: FontSet, lang: str) -> ParagraphStyle:
    role, size, bold, align, indent, outline = STYLES[name]
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, 1)
        style.base_style = doc.styles["Normal"]
    _reset(style)
    style.font.size, style.font.bold, style.font.color.rgb = Pt(size), bold, RGBColor(0, 0, 0)
    _fonts(style.element.get_or_add_rPr(), fonts.latin[role], fonts.east_asian[role])
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Pt(size * indent) if lang == "zh" else None
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY if size == BODY_PT or name == "Note" else WD_LINE_SPACING.SINGLE
    if fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY:
        fmt.line_spacing = Pt(LINE_PT)
    fmt.widow_control = True
    if outline is not None:
        fmt.keep_with_next = True
        style.element.get_or_add_pPr().append(_el("w:outlineLvl", val=str(outline)))
    return style


def _language(doc, lang: str) -> None:
    """Default run language (zh-CN for Chinese text, en-GB for Latin text and digits) and no autospace."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(_el("w:lang", val="en-GB", eastAsia="zh-CN"))  # digits and "." by Latin rules: 24.21% never breaks
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = _el("w:pPrDefault")
        defaults.append(ppr_default)
    ppr = ppr_default.find(qn("w:pPr"))
    if ppr is None:
        ppr = _el("w:pPr")
        ppr_default.append(ppr)
    _no_autospace(ppr)


def _page(doc) -> None:
    """A4 portrait with official margins and a centred page number — N — in the footer."""
    sec = doc.sections[0]
    sec.orientation, sec.page_width, sec.page_height = WD_ORIENT.PORTRAIT, Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    sec.left_margin, sec.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    sec.footer_distance = Mm(20)
    para = sec.footer.paragraphs[0]
    _styled(para, "Table Text")
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.add_run("— ")
    run = para.add_run()
    run._r.append(_el("w:fldChar", fldCharType="begin"))
    instr = _el("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run._r.append(instr)
    run._r.append(_el("w:fldChar", fldCharType="separate"))
    run._r.append(_el("w:t"))
    run._r[-1].text = "1"
    run._r.append(_el("w:fldChar", fldCharType="end"))
    para.add_run(" —")


def _styled(para: DocxParagraph, style: str) -> DocxParagraph:
    """Give a paragraph a style by its id (python-docx's lookup by name scans every style: 1 s for a report)."""
    para._p.get_or_add_pPr().style = style.replace(" ", "")
    return para


def _add(doc, text: str, style: str) -> DocxParagraph:
    """A new paragraph of the style with the text (empty: an empty line)."""
    para = _styled(doc.add_paragraph(), style)
    if text:
        para.add_run(text)
    return para


def _paragraph(doc, block: Paragraph) -> DocxParagraph:
    para = _add(doc, "", PARAGRAPH_STYLE.get(block.style, "Normal"))
    para.paragraph_format.keep_with_next = block.keep_with_next or None
    if block.lead:
        para.add_run(block.lead).bold = True
    if block.text:
        para.add_run(block.text)
    return para


def _cell_text(cell, text: str, bold: bool, align) -> None:
    para = cell.paragraphs[0]
    _styled(para, "Table Text")
    para.alignment = align
    run = para.add_run(text)
    if bold:  # setting False too would cost a schema-ordered insert per cell
        run.bold = True


def _row_props(row, header: bool) -> None:
    """Rows never split across pages; the header row repeats on each page."""
    trpr = row._tr.get_or_add_trPr()
    trpr.append(_el("w:cantSplit"))
    if header:
        trpr.append(_el("w:tblHeader"))


def _shade(cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_el("w:shd", val="clear", color="auto", fill=fill))


def _table(doc, block: Table) -> DocxTable:
    caption = _add(doc, block.caption, "Caption")
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(6)
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style, table.alignment, table.autofit = doc.styles["Table Grid"], WD_TABLE_ALIGNMENT.CENTER, False
    total = sum(block.widths)
    widths = [Mm(TEXT_WIDTH_MM * w / total) for w in block.widths]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice lays out by
    for r, values in enumerate([block.header, *block.rows]):
        row = table.rows[r]
        _row_props(row, header=r == 0)
        for c, text in enumerate(values):
            cell = row.cells[c]
            cell.width = widths[c]
            left = c == 0 and r > 0
            _cell_text(cell, text, bold=r == 0, align=WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER)
            if r == 0:
                _shade(cell, HEADER_FILL)
    _add(doc, "", "Table Text")  # air after the table
    return table


def _chart(doc, block: Chart, image: bytes | None, lang: str, problem: str | None) -> None:
    if image is not None:
        para = _add(doc, "", "Table Text")
        para.paragraph_format.keep_with_next = True
        para.add_run().add_picture(io.BytesIO(image), width=Mm(TEXT_WIDTH_MM))
    else:
        _add(doc, t("report.chart_missing", lang, reason=problem or "?"), "Chart Note")
    caption = _add(doc, block.caption, "Caption")
    caption.paragraph_format.keep_with_next = bool(block.note)
    if block.note:
        _add(doc, block.note, "Chart Note")
    _add(doc, "", "Table Text")


def _properties(doc, d: Document) -> None:
    props = doc.core_properties
    props.title, props.author, props.language = d.title, d.author, "zh-CN" if d.lang == "zh" else "en-GB"
    props.last_modified_by, props.comments = d.author, d.meta


def write_docx(d: Document, images: Mapping[str, bytes], chart_problem: str | None = None,
               fonts: FontSet | None = None) -> bytes:
    """The document as .docx bytes; `images` maps chart keys to PNG bytes (a missing one is named, not drawn)."""
    doc = new_docx()
    fonts = fonts or font_set(d.lang)
    for name in STYLES:
        _style(doc, name, fonts, d.lang)
    _language(doc, d.lang)
    _page(doc)
    _add(doc, d.title, "Title")
    _add(doc, d.meta, "Subtitle").paragraph_format.space_after = Pt(LINE_PT)
    for block in d.blocks:
        if isinstance(block, Heading):
            _add(doc, block.text, "Heading 1" if block.level == 1 else "Heading 2")
        elif isinstance(block, Paragraph):
            _paragraph(doc, block)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Chart):
            _chart(doc, block, images.get(block.key), d.lang, chart_problem)
    _properties(doc, d)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()

