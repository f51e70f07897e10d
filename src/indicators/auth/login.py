"""Logging in and out: password check, lock after repeated failures, audit of every attempt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from .. import settings
from ..store import audit
from ..store.db import scalar, transaction
from .passwords import verify_password
from .users import get_user


@dataclass(frozen=True)
class LoginResult:
    """Outcome of a login: ok, or why not ('bad' covers unknown name, wrong password and disabled)."""

    ok: bool
    reason: str                      # ok | bad | locked
    name: str | None = None
    role: str | None = None
    locked_until: datetime | None = None


def authenticate(con: duckdb.DuckDBPyConnection, name: str, password: str,
                 now: datetime | None = None) -> LoginResult:
    """Check a name and password; count failures, lock after too many, audit the attempt."""
    now = now or datetime.now()
    name = (name or "").strip()
    user = get_user(con, name)
    stored = scalar(con, "SELECT password_hash FROM users WHERE name = $name", {"name": name}) if user else None
    matches = verify_password(password or "", stored)   # always hashes, so timing hides who exists
    if user is None:
        # The name that was tried goes in the user column (an admin must see who tried), cut to the field's length.
        with transaction(con):
            audit.log(con, name[:64] or None, "login_failed", {"reason": "unknown_name"})
        return LoginResult(False, "bad")
    if user.locked(now):
        with transaction(con):
            audit.log(con, user.name, "login_failed", {"reason": "locked"})
        return LoginResult(False, "locked", user.name, locked_until=user.locked_until)
    if user.disabled or not matches:
        return _failed(con, user.name, "disabled" if user.disabled else "wrong_password", now)
    with transaction(con):
        con.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL, last_login_at = $now "
                    "WHERE name = $name", {"now": now, "name": user.name})
        audit.log(con, user.name, "login", {"method": "password"})
    return LoginResult(True, "ok", user.name, user.role)


def _failed(con: duckdb.DuckDBPyConnection, name: str, reason: str, now: datetime) -> LoginResult:
    limit = int(settings.get("lock_after_failures"))
    with transaction(con):
        failures = int(scalar(con, "SELECT failed_attempts FROM users WHERE name = $name", {"name": name}) or 0) + 1
        until = now + timedelta(minutes=int(settings.get("lock_minutes"))) if limit and failures >= limit else None
        con.execute("UPDATE users SET failed_attempts = $failures, locked_until = $until WHERE name = $name",
                    {"failures": 0 if until else failures, "until": until, "name": name})
        audit.log(con, name, "login_failed", {"reason": reason, "attempt": failures})
        if until:
            audit.log(con, name, "account_locked", {"until": until.isoformat(timespec="seconds")})
    return LoginResult(False, "bad", name)


def logout(con: duckdb.DuckDBPyConnection, name: str | None, reason: str = "user") -> None:
    """Record a logout (reason: user | idle)."""
    if name:
        with transaction(con):
            audit.log(con, name, "logout", {"reason": reason})
