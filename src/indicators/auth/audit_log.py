"""Reading the audit table for the admin page: filters and the xlsx export (itself audited)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import duckdb
import pandas as pd

from ..export import write_xlsx
from ..i18n import t
from .audit_text import action_text, rows_in_words, text_of

COLUMNS = ["id", "ts", "user_name", "action", "detail"]


@dataclass(frozen=True)
class AuditFilter:
    """What to show: user, actions, a date range (inclusive) and text contained in the detail."""

    user: str | None = None
    actions: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    text: str = ""
    limit: int = 5000


def search(con: duckdb.DuckDBPyConnection, f: AuditFilter) -> pd.DataFrame:
    """Audit rows matching the filter, newest first."""
    start = datetime.combine(f.start, time.min) if f.start else None
    end = datetime.combine(f.end + timedelta(days=1), time.min) if f.end else None
    actions = list(f.actions) or None
    text = f.text.strip() or None
    return con.execute(
        f"""SELECT {', '.join(COLUMNS)} FROM audit
           WHERE ($user::VARCHAR IS NULL OR user_name = $user)
             AND ($actions::VARCHAR[] IS NULL OR list_contains($actions::VARCHAR[], action))
             AND ($start::TIMESTAMP IS NULL OR ts >= $start) AND ($end::TIMESTAMP IS NULL OR ts < $end)
             AND ($text::VARCHAR IS NULL OR strpos(lower(coalesce(detail, '')), lower($text)) > 0)
           ORDER BY id DESC LIMIT $limit""",  # noqa: S608 - the code's columns
        {"user": f.user, "actions": actions, "start": start, "end": end, "text": text, "limit": f.limit}).df()


def known_values(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str]]:
    """Distinct user names and actions in the audit table (for filter widgets)."""
    users = [r[0] for r in con.execute("SELECT DISTINCT user_name FROM audit WHERE user_name IS NOT NULL "
                                       "ORDER BY 1").fetchall()]
    actions = [r[0] for r in con.execute("SELECT DISTINCT action FROM audit ORDER BY 1").fetchall()]
    return users, actions


def filter_text(f: AuditFilter, lang: str = "zh") -> str:
    """The filter in words (用户：ana；操作：登录失败 …), 全部 when nothing narrows it."""
    words = text_of({"user": f.user, "actions": [action_text(a, lang) for a in f.actions],
                     "start": str(f.start or ""), "end": str(f.end or ""), "text": f.text}, lang)
    return words or t("auth.all_users", lang)


def workbook(df: pd.DataFrame, actor: str | None, f: AuditFilter, lang: str = "zh") -> bytes:
    """The audit rows in words (audit_text.rows_in_words) as an xlsx workbook with a notes sheet naming who exported
    them, when and with what filter."""
    notes = {"导出人 exported by": actor, "导出时间 exported at": datetime.now().isoformat(timespec="seconds"),
             "筛选 filter": filter_text(f, lang), "行数 rows": len(df)}
    buf = io.BytesIO()
    write_xlsx(rows_in_words(df, lang), buf, sheet_name="审计日志", notes=notes, title="审计日志 audit log")
    return buf.getvalue()
