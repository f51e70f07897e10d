"""The 「生成简报」 button: the briefing for the filters in view, as Word or PDF, built (and audited) on click."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ..actions import Actor
from ..actions.report import briefing
from ..catalog import Catalog
from ..report import FORMATS, ReportRequest, file_name
from ..report.content import title
from ..report.images import chart_problem
from ..report.pdf import pdf_problem
from ..selection import Selection
from .data import catalog, own_connection
from .lang import current_lang, tr
from .session import actor
from .widgets import md_escape

ICONS = {"docx": ":material/description:", "pdf": ":material/picture_as_pdf:"}


def _builder(cat: Catalog, request: ReportRequest, who: Actor) -> Callable[[], bytes]:
    """What the download button runs on click, outside the script: the briefing action (check, build, audit)."""
    def build() -> bytes:
        with own_connection() as con:
            return briefing(con, who, cat, request, channel="web").data
    return build


def report_button(sel: Selection, domain: str | None = None) -> None:
    """A popover with the briefing's title and one download per format; says what PDF or charts need if missing."""
    lang, cat, who = current_lang(), catalog(), actor()
    scope = tr("report.scope_domain") if domain else ""
    with st.popover(tr("report.button"), icon=":material/article:", help=tr("report.button_help", scope=scope)):
        requests = {fmt: ReportRequest(sel.period, sel.compare, sel.region, domain, fmt, lang) for fmt in FORMATS}
        st.caption(md_escape(tr("report.popover_caption", title=title(cat, requests["docx"]))))
        problems = {"docx": None, "pdf": pdf_problem(lang)}
        for fmt, req in requests.items():
            st.download_button(tr(f"report.download_{fmt}"), _builder(cat, req, who),
                               file_name=file_name(cat, req), mime=FORMATS[fmt], on_click="ignore",
                               key=f"report_{fmt}", icon=ICONS[fmt], disabled=problems[fmt] is not None,
                               width="stretch")
        if problems["pdf"]:
            st.caption(md_escape(tr("report.pdf_unavailable", reason=problems["pdf"])))
        charts = chart_problem(lang)
        if charts:
            st.caption(md_escape(tr("report.charts_unavailable", reason=charts)))
