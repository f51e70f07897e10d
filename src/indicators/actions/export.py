"""Export actions: a filtered table as xlsx or csv (viewers), the audit log as xlsx (administrators); each audited.

Who is asking is checked before anything is read, the file is built outside any transaction, and the export's
audit row is written when the file is ready.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from ..auth import audit_log
from ..catalog import Catalog
from ..explore import Filters, query
from ..export.query_export import ExportFile, render
from .actor import Actor
from .perform import Done, check, perform

VIEWER, ADMIN = "viewer", "admin"


def table_file(con: duckdb.DuckDBPyConnection, actor: Actor, catalog: Catalog, filters: Filters, fmt: str, *,
               lang: str = "zh", table: pd.DataFrame | None = None, channel: str = "web") -> ExportFile:
    """The filtered table (queried unless given) as a file; the export is written to the audit log."""
    check(con, actor, VIEWER)
    table = query(con, filters) if table is None else table
    result = render(catalog, filters, table, fmt, user=actor.name, lang=lang)
    detail = {"filters": filters.as_dict(), "format": fmt, "rows": result.rows, "file": result.name,
              "channel": channel}
    perform(con, actor, VIEWER, lambda _c: Done(None, [("export", detail)]))
    return result


def audit_file(con: duckdb.DuckDBPyConnection, actor: Actor, flt: audit_log.AuditFilter) -> bytes:
    """The audit rows matching the filter as an xlsx workbook; the export itself is audited."""
    check(con, actor, ADMIN)
    rows = audit_log.search(con, flt)
    data = audit_log.workbook(rows, actor.name, flt)
    detail = {"what": "audit", "rows": len(rows), "user": flt.user, "actions": list(flt.actions),
              "start": str(flt.start or ""), "end": str(flt.end or ""), "text": flt.text}
    perform(con, actor, ADMIN, lambda _c: Done(None, [("export", detail)]))
    return data
