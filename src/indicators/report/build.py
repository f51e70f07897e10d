"""A briefing end to end: data → content → chart images → .docx → (PDF), each step timed (bench/report.py)."""

from __future__ import annotations

import logging
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from .. import logs
from ..catalog import Catalog
from ..charts.print import for_print
from ..errors import Named, UserError
from ..export.query_export import clean_file_part
from ..i18n import t
from ..periods import parse_period
from .content import document
from .data import ReportData, gather
from .docx_writer import write_docx
from .images import chart_problem, render_png
from .model import Document
from .pdf import Conversion
from .request import FORMATS, ReportRequest

log = logging.getLogger(__name__)


@dataclass
class BuiltReport:
    """The file (name, bytes, MIME type), the document it shows, what could not be drawn, time per step."""

    name: str
    data: bytes
    mime: str
    document: Document
    chart_problem: str | None = None
    timings: dict[str, float] = field(default_factory=dict)


def file_name(catalog: Catalog, request: ReportRequest) -> str:
    """Region, subject and period, e.g. 大鹏新区_社会治理指标月报_2024年6月.docx."""
    lang, period = request.lang, parse_period(request.period)
    subject = catalog.domains[request.domain].name(lang) if request.domain else t("report.subject_all", lang)
    kind = t(f"report.kind_{period.kind}", lang)
    middle = f"{subject}指标{kind}" if lang == "zh" else f"{subject} {kind}"
    parts = [catalog.regions[request.region].name(lang), middle, period.label(lang)]
    return "_".join(clean_file_part(p) for p in parts) + f".{request.fmt}"


def chart_images(doc: Document) -> tuple[dict[str, bytes], str | None]:
    """PNG of every chart of the document (print style), or none and the reason."""
    charts = doc.charts()
    problem = chart_problem(doc.lang)
    if problem or not charts:
        return {}, problem
    try:
        pngs = render_png([for_print(c.spec) for c in charts])
    except Exception as e:  # noqa: BLE001 - a browser failure must not cost the leader the whole report
        ref = logs.unexpected(log, "rendering the briefing's charts")       # the traceback goes to the log file
        return {}, t("report.chart_failed", doc.lang, detail=f"{type(e).__name__}: {e}"[:160] + f" [{ref}]")
    return {c.key: png for c, png in zip(charts, pngs, strict=True)}, None


def build(con: duckdb.DuckDBPyConnection, catalog: Catalog, request: ReportRequest,
          when: datetime | None = None) -> BuiltReport:
    """The requested file; UserError when nothing is reported or the PDF route fails."""
    clock = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = now - clock
        clock = now

    data: ReportData = gather(con, catalog, request, when)
    if not data.domains():
        reg, p = catalog.regions[request.region], parse_period(request.period)
        raise UserError("report.no_data", region=Named(reg.name_zh, reg.name_en),
                        period=Named(p.label("zh"), p.label("en")))
    doc = document(data)
    lap("data")
    with ExitStack() as stack:
        pdf = stack.enter_context(Conversion(request.lang)) if request.fmt == "pdf" else None  # starts up meanwhile
        images, problem = chart_images(doc)
        lap("charts")
        payload = write_docx(doc, images, problem)
        lap("docx")
        if pdf is not None:
            payload = pdf.finish(payload)
            lap("pdf")
    return BuiltReport(file_name(catalog, request), payload, FORMATS[request.fmt], doc, problem, timings)

