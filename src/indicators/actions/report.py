"""Briefing action: the monthly report leaders read, as Word or PDF (viewers, like an export); audited.

Who is asking is checked before anything is read, the file is built outside any transaction (charts, LibreOffice),
and the report's audit row is written when the file is ready.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from ..catalog import Catalog
from ..report import BuiltReport, ReportRequest, build
from .actor import Actor
from .perform import Done, check, perform

VIEWER = "viewer"


def briefing(con: duckdb.DuckDBPyConnection, actor: Actor, catalog: Catalog, request: ReportRequest, *,
             channel: str = "web", when: datetime | None = None) -> BuiltReport:
    """The briefing for the request; who, filters, format, file, charts and seconds go to the audit log."""
    check(con, actor, VIEWER)
    report = build(con, catalog, request, when)
    detail = {**request.as_dict(), "file": report.name, "channel": channel, "charts": len(report.document.charts()),
              "chart_problem": report.chart_problem, "seconds": round(sum(report.timings.values()), 2)}
    perform(con, actor, VIEWER, lambda _c: Done(None, [("report", detail)]))
    return report
