"""The audit trail: who did what, when."""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
import pandas as pd


def log(con: duckdb.DuckDBPyConnection, user: str | None, action: str, detail: dict | str | None = None) -> None:
    """Append one audit row (call inside the transaction of the action it records)."""
    text = detail if isinstance(detail, str) or detail is None else json.dumps(detail, ensure_ascii=False)
    con.execute("INSERT INTO audit (id, ts, user_name, action, detail) "
                "VALUES (nextval('audit_seq'), $ts, $user, $action, $detail)",
                {"ts": datetime.now(), "user": user, "action": action, "detail": text})


def entries(con: duckdb.DuckDBPyConnection, user: str | None = None, action: str | None = None,
            since: datetime | None = None, limit: int = 1000) -> pd.DataFrame:
    """Audit rows, newest first, optionally filtered."""
    return con.execute(
        """SELECT id, ts, user_name, action, detail FROM audit
           WHERE ($user::VARCHAR IS NULL OR user_name = $user) AND ($action::VARCHAR IS NULL OR action = $action)
             AND ($since::TIMESTAMP IS NULL OR ts >= $since)
           ORDER BY id DESC LIMIT $limit""",
        {"user": user, "action": action, "since": since, "limit": limit}).df()
