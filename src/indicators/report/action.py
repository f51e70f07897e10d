"""Generate a briefing: check who is asking → build → audit, in one place for the page and the command line.

An export-like action: it reads and writes no data, so the "transaction" is the audit row. It moves to
src/indicators/actions/ (issue #16) once that layer is on main.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from .. import settings
from ..auth import require_role
from ..catalog import Catalog
from ..store import audit
from .build import BuiltReport, build
from .request import ReportRequest

CLI = "cli"


def check_reader(con: duckdb.DuckDBPyConnection, user: str | None, channel: str) -> None:
    """Anyone may read when dashboards are public; otherwise a viewer account (re-read now). The command line
    needs no account: shell access to this machine already means access to the database file."""
    if channel != CLI and not settings.get("public_view"):
        require_role(con, user, "viewer")


def generate_report(con: duckdb.DuckDBPyConnection, catalog: Catalog, request: ReportRequest, *, user: str | None,
                    channel: str = "web", when: datetime | None = None) -> BuiltReport:
    """Check the reader, build the file, record it in the audit log (who, filters, format, file, timings)."""
    check_reader(con, user, channel)
    report = build(con, catalog, request, when)
    audit.log(con, user, "report", {**request.as_dict(), "file": report.name, "channel": channel,
                                    "charts": len(report.document.charts()), "chart_problem": report.chart_problem,
                                    "seconds": round(sum(report.timings.values()), 2)})
    return report
