"""Logins that last: server-side session records behind an HTTP-only cookie (no Streamlit here).

A login starts a record and hands out a one-time ticket (valid TICKET_SECONDS); the browser exchanges the ticket,
once, for the session token, which it keeps only in an HTTP-only cookie. The store keeps SHA-256 digests of the
ticket and the token, never the values, so reading the table gives no one a login. A record ends at logout, after
the idle timeout, and when its user's password changes or the account is disabled or removed; an ended record's
token opens nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from ..store import audit
from ..store.db import transaction
from .users import get_user

TICKET_SECONDS = 60          # the browser exchanges its ticket within a moment of the login
TOUCH_AFTER = 60             # last_seen is written at most once a minute per session (not on every click)
TOKEN_BYTES = 32


@dataclass(frozen=True)
class Started:
    """A new session record: its id (not secret) and the one-time ticket the browser exchanges for its cookie."""

    id: str
    ticket: str


@dataclass(frozen=True)
class Live:
    """A session that is still valid: its id, user and the user's role as stored now."""

    id: str
    user: str
    role: str


def digest(secret: str) -> str:
    """SHA-256 of a ticket or token (they are random 256-bit values: no slow hash needed)."""
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def start(con: duckdb.DuckDBPyConnection, user: str, now: datetime | None = None) -> Started:
    """Open a session record for a user who has just logged in; return its id and one-time ticket."""
    now = now or datetime.now()
    sid, ticket = secrets.token_hex(16), secrets.token_urlsafe(TOKEN_BYTES)
    with transaction(con):
        con.execute("INSERT INTO login_session (id, user_name, ticket_hash, ticket_expires, created_at, last_seen) "
                    "VALUES ($id, $user, $ticket, $expires, $now, $now)",
                    {"id": sid, "user": user, "ticket": digest(ticket), "now": now,
                     "expires": now + timedelta(seconds=TICKET_SECONDS)})
    return Started(sid, ticket)


def redeem(con: duckdb.DuckDBPyConnection, ticket: str, now: datetime | None = None) -> str | None:
    """Exchange a ticket (once, before it expires, while its session lives) for a new session token."""
    now = now or datetime.now()
    if not ticket:
        return None
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction(con):
        sid = con.execute("SELECT id FROM login_session WHERE ticket_hash = $ticket AND ticket_expires >= $now "
                          "AND ended_at IS NULL", {"ticket": digest(ticket), "now": now}).fetchone()
        if sid is None:
            return None
        con.execute("UPDATE login_session SET token_hash = $token, ticket_hash = NULL, ticket_expires = NULL "
                    "WHERE id = $id", {"token": digest(token), "id": sid[0]})
    return token


def redeemed(con: duckdb.DuckDBPyConnection, sid: str) -> bool:
    """Whether the browser has exchanged this session's ticket for its cookie."""
    row = con.execute("SELECT token_hash FROM login_session WHERE id = $id", {"id": sid}).fetchone()
    return row is not None and row[0] is not None


def _expired(last_seen: datetime, idle_seconds: float, now: datetime) -> bool:
    return bool(idle_seconds) and (now - last_seen).total_seconds() > idle_seconds


_FIND = {"token": "SELECT id, user_name, last_seen FROM login_session WHERE ended_at IS NULL AND token_hash = $key",
         "id": "SELECT id, user_name, last_seen FROM login_session WHERE ended_at IS NULL AND id = $key"}


def _live(con: duckdb.DuckDBPyConnection, by: str, key: str, idle_seconds: float,
          now: datetime) -> tuple[Live | None, str | None]:
    """The session found by token digest or id, if valid (touched); else (None, why it ended now: idle | disabled)."""
    row = con.execute(_FIND[by], {"key": key}).fetchone()
    if row is None:
        return None, None
    sid, user, last_seen = row
    account = get_user(con, user)
    why = "idle" if _expired(last_seen, idle_seconds, now) else \
        "disabled" if account is None or account.disabled else None
    if why:
        with transaction(con):
            _close(con, sid, why, now)
            audit.log(con, user, "logout", {"reason": why})   # as a logout the user sees happen
        return None, why
    if (now - last_seen).total_seconds() >= TOUCH_AFTER:
        with transaction(con):
            con.execute("UPDATE login_session SET last_seen = $now WHERE id = $id", {"now": now, "id": sid})
    return Live(sid, user, account.role), None


def resume(con: duckdb.DuckDBPyConnection, token: str, idle_seconds: float,
           now: datetime | None = None) -> tuple[Live | None, str | None]:
    """The session of a cookie's token when it is still valid (its last_seen refreshed); else None and why."""
    if not token:
        return None, None
    return _live(con, "token", digest(token), idle_seconds, now or datetime.now())


def check(con: duckdb.DuckDBPyConnection, sid: str, idle_seconds: float,
          now: datetime | None = None) -> tuple[Live | None, str | None]:
    """Whether a session (by id) is still valid, as `resume` (every script run of a logged-in page asks)."""
    return _live(con, "id", sid, idle_seconds, now or datetime.now())


def end(con: duckdb.DuckDBPyConnection, sid: str, reason: str, now: datetime | None = None) -> None:
    """End one session (logout, idle, disabled): its token and ticket open nothing from now on."""
    with transaction(con):
        _close(con, sid, reason, now or datetime.now())


def _close(con: duckdb.DuckDBPyConnection, sid: str, reason: str, now: datetime) -> None:
    con.execute("UPDATE login_session SET ended_at = $now, end_reason = $reason, token_hash = NULL, "
                "ticket_hash = NULL WHERE id = $id AND ended_at IS NULL", {"now": now, "reason": reason, "id": sid})


def end_token(con: duckdb.DuckDBPyConnection, token: str, reason: str) -> None:
    """End the session a cookie's token belongs to (the browser's logout request)."""
    if token:
        with transaction(con):
            con.execute("UPDATE login_session SET ended_at = $now, end_reason = $reason, token_hash = NULL "
                        "WHERE token_hash = $token AND ended_at IS NULL",
                        {"now": datetime.now(), "reason": reason, "token": digest(token)})


def end_user(con: duckdb.DuckDBPyConnection, user: str, reason: str) -> None:
    """End every session of a user (password changed, account disabled or removed): inside the caller's transaction."""
    con.execute("UPDATE login_session SET ended_at = $now, end_reason = $reason, token_hash = NULL, "
                "ticket_hash = NULL WHERE user_name = $user AND ended_at IS NULL",
                {"now": datetime.now(), "reason": reason, "user": user})


def live_ids(con: duckdb.DuckDBPyConnection, idle_seconds: float, now: datetime | None = None) -> set[str]:
    """Ids of the sessions not ended and not idle (an upload staged for any other session may be removed)."""
    now = now or datetime.now()
    rows = con.execute("SELECT id, last_seen FROM login_session WHERE ended_at IS NULL").fetchall()
    return {sid for sid, seen in rows if not _expired(seen, idle_seconds, now)}
