"""The briefing as real files: a .docx python-docx reads back, a PDF LibreOffice made from it, charts as pictures.

Needs Debian's Chromium (chart images), LibreOffice Writer (PDF) and poppler-utils (pdftotext, pdftoppm), which
scripts/test.sh installs; a test whose tool is missing is skipped with the reason.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from indicators.report import build, parse_request
from indicators.report.fonts import installed
from indicators.report.images import chart_problem
from indicators.report.pdf import pdf_problem

WHEN = datetime(2026, 11, 29, 9, 30)
needs_chromium = pytest.mark.skipif(chart_problem("en") is not None, reason="Chromium/kaleido missing")
needs_pdf = pytest.mark.skipif(pdf_problem("en") is not None or not shutil.which("pdftotext"),
                               reason="LibreOffice Writer or poppler-utils missing")


def _build(store, **kw):
    con, cat = store
    return build(con, cat, parse_request(con, cat, **kw), WHEN)


@pytest.fixture(scope="module")
def seed_docx(seed_store):
    return _build(seed_store, period="2021")


@pytest.fixture(scope="module")
def seed_pdf(seed_store):
    return _build(seed_store, period="2021", fmt="pdf")


def _body(report) -> docx.document.Document:
    return docx.Document(io.BytesIO(report.data))


def _pdf_text(pdf: bytes, tmp: Path) -> str:
    path = tmp / "r.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout


@needs_chromium
def test_seed_docx_reads_back_with_text_pictures_and_tables(seed_docx):
    doc = _body(seed_docx)
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "1052起" in body and "同比下降24.21%" in body
    assert len(doc.inline_shapes) == 5 and len(doc.tables) == 6   # 基层治理 has no chart (test_content)
    assert seed_docx.chart_problem is None
    heads = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert heads[0] == ("Heading 1", "一、总体情况") and heads[1] == ("Heading 1", "二、分领域情况")
    assert heads[2] == ("Heading 2", "（一）社会治安") and ("Heading 1", "附：数据说明") in heads
    assert doc.paragraphs[0].text == "大鹏新区社会治理指标年报（2021年）" and doc.paragraphs[0].style.name == "Title"
    for table in doc.tables:
        assert len(table.rows) >= 2 and table.rows[0].cells[1].text == "本期"
    row = next(r for r in doc.tables[0].rows if r.cells[0].text == "110刑事治安总警情")
    assert [c.text for c in row.cells] == ["110刑事治安总警情", "1052起", "1388起（推算）", "下降24.21%", "向好"]


@needs_chromium
def test_seed_docx_layout_a4_page_numbers_rows_kept_whole_fonts(seed_docx):
    doc = _body(seed_docx)
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert round(sec.top_margin.mm) == 37 and round(sec.left_margin.mm) == 28
    footer = sec.footer._element.xml
    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer
    for table in doc.tables:
        rows = table._tbl.tr_lst
        assert all(r.trPr is not None and r.trPr.find(qn("w:cantSplit")) is not None for r in rows)
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None
    fonts = {doc.styles[n].element.rPr.rFonts.get(qn("w:eastAsia")) for n in ("Normal", "Heading 1", "Heading 2")}
    have = installed()
    assert fonts <= have if have else fonts  # a family this server can lay out (official ones, else Noto CJK)
    with zipfile.ZipFile(io.BytesIO(seed_docx.data)) as z:
        assert z.testzip() is None
        assert sum(n.startswith("word/media/") and n.endswith(".png") for n in z.namelist()) == 5


@needs_pdf
@needs_chromium
def test_seed_pdf_has_the_same_text_and_renders(seed_pdf, tmp_path):
    assert seed_pdf.data.startswith(b"%PDF") and seed_pdf.name.endswith(".pdf")
    text = _pdf_text(seed_pdf.data, tmp_path)
    flat = text.replace("\n", "")  # lines wrap in a PDF; no space may creep in between Chinese and digits
    assert "1052起" in flat and "同比下降24.21%" in flat
    assert "大鹏新区社会治理指标年报（2021年）" in flat and "社会治安主要指标（2021年）" in flat
    info = subprocess.run(["pdfinfo", str(tmp_path / "r.pdf")], capture_output=True, text=True, check=True).stdout
    assert "A4" in info
    pages = int(next(ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages:")))
    assert pages >= 5 and f"— {pages} —" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(tmp_path / "r.pdf"),
                    str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000  # not a blank page


@needs_pdf
def test_libreoffice_opens_the_docx_without_repair(seed_docx, tmp_path):
    src = tmp_path / "r.docx"
    src.write_bytes(seed_docx.data)
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--convert-to", "odt", "--outdir", str(tmp_path), str(src)], capture_output=True, timeout=180,
                   check=True)
    assert (tmp_path / "r.odt").stat().st_size > 10_000


@needs_chromium
def test_monthly_report_from_generated_data(monthly_store):
    report = _build(monthly_store, period="2024-06")
    doc = _body(report)
    assert report.name == "大鹏新区_社会治理指标月报_2024年6月.docx"
    assert doc.paragraphs[0].text == "大鹏新区社会治理指标月报（2024年6月）"
    domains = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"][:len(doc.tables)]
    assert len(doc.tables) == len(report.document.tables()) >= 5 and len(domains) == len(doc.tables)
    assert all(len(t.rows) >= 2 and t.rows[1].cells[3].text.startswith(("上升", "下降", "持平"))
               for t in doc.tables)
    assert len(doc.inline_shapes) == len(doc.tables)


@needs_chromium
def test_english_document(seed_store):
    report = _build(seed_store, period="2021", lang="en", domain="public_security")
    doc = _body(report)
    assert doc.paragraphs[0].text == "Dapeng New District: Public security Indicators, Annual Report (2021)"
    assert doc.tables[0].rows[0].cells[2].text == "Same period last year"
    assert any("110 criminal and public-security incidents 1,052 incidents, down 24.21% year on year" in p.text
               for p in doc.paragraphs)


def test_without_chromium_the_docx_says_so_instead_of_failing(seed_store, monkeypatch):
    monkeypatch.setenv("INDICATORS_REPORT_CHROMIUM", "/nonexistent/chromium")
    report = _build(seed_store, period="2021", domain="社会治安")
    doc = _body(report)
    assert len(doc.inline_shapes) == 0 and "Chromium" in report.chart_problem
    assert any(p.text.startswith("（图表未能生成：需要安装 Chromium") for p in doc.paragraphs)


def test_without_libreoffice_pdf_is_refused_plainly(seed_store, monkeypatch):
    from indicators.errors import UserError

    monkeypatch.setenv("INDICATORS_REPORT_SOFFICE", "/nonexistent/soffice")
    monkeypatch.setenv("INDICATORS_REPORT_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(UserError, match="libreoffice-writer-nogui"):
        _build(seed_store, period="2021", fmt="pdf")
