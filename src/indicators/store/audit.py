"""The audit trail: who did what, when."""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
import pandas as pd


def log(con: duckdb.DuckDBPyConnection, user: str | None, action: str, detail: dict | str | None = None) -> None:
    """Append one audit row (call inside the transaction of the action it records)."""
    text = detail if isinstance(detail, str) or detail is None else json.dumps(detail, ensure_ascii=False)
    con.execute("INSERT INTO audit VALUES (nextval('audit_seq'), ?, ?, ?, ?)",
                [datetime.now(), user, action, text])


def entries(con: duckdb.DuckDBPyConnection, user: str | None = None, action: str | None = None,
            since: datetime | None = None, limit: int = 1000) -> pd.DataFrame:
    """Audit rows, newest first, optionally filtered."""
    return con.execute(
        """SELECT id, ts, user_name, action, detail FROM audit
           WHERE (? IS NULL OR user_name = ?) AND (? IS NULL OR action = ?) AND (? IS NULL OR ts >= ?)
           ORDER BY id DESC LIMIT ?""",
        [user, user, action, action, since, since, limit]).df()
