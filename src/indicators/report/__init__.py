"""Briefing documents (简报): the monthly report leaders read, as Word and PDF, from what the pages show.

    request = parse_request(con, catalog, period="2024-06", fmt="pdf")
    report = actions.report.briefing(con, actor, catalog, request)   # check → build → audit
    Path(report.name).write_bytes(report.data)
"""

from .build import BuiltReport, build, file_name
from .request import FORMATS, ReportRequest, parse_request

__all__ = ["FORMATS", "BuiltReport", "ReportRequest", "build", "file_name", "parse_request"]
