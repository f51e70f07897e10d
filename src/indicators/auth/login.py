"""Logging in and out: password check, growing delays after repeated failures (throttle.py), audit of every attempt."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from datetime import datetime

import duckdb

from .. import settings
from ..store import audit
from ..store.db import scalar, transaction
from .passwords import verify_password
from .throttle import THROTTLE, keys_for
from .users import get_user


@dataclass(frozen=True)
class LoginResult:
    """Outcome of a login: ok, or why not ('bad' covers unknown name, wrong password and disabled; 'throttled':
    too many failures for this name or from this source, answered alike whether the name exists or not)."""

    ok: bool
    reason: str                      # ok | bad | throttled
    name: str | None = None
    role: str | None = None
    wait_seconds: int = 0


# Login writes one at a time in this process: twelve simultaneous failures are twelve counted, audited failures,
# never a DuckDB write conflict shown to the person typing.
_WRITES = threading.Lock()


def authenticate(con: duckdb.DuckDBPyConnection, name: str, password: str, source: str | None = None) -> LoginResult:
    """Check a name and password under the throttle (by name and by source); count, audit every attempt.

    Whether the name exists changes neither the answer nor the work done: the same read, one password hash (a dummy
    one for an unknown name), the same throttle and one transaction of the same statements.
    """
    name = (name or "").strip()
    keys = keys_for(name, source)
    user = get_user(con, name)
    stored = scalar(con, "SELECT password_hash FROM users WHERE name = $name", {"name": name})   # unknown names too
    matches = verify_password(password or "", stored)   # always hashes, so timing hides who exists
    with _WRITES, transaction(con):
        wait = THROTTLE.wait(con, keys)       # read in the write transaction: no other process counts in between
        ok = wait <= 0 and user is not None and not user.disabled and matches
        if ok:
            THROTTLE.clear(con, keys)
            con.execute("UPDATE users SET failed_attempts = 0, last_login_at = $now WHERE name = $name",
                        {"now": datetime.now(), "name": name})
            audit.log(con, user.name, "login", {"method": "password"})
            return LoginResult(True, "ok", user.name, user.role)
        known = user.name if user else (name[:64] or None)   # the name tried: an admin must see who tried
        if wait > 0:
            audit.log(con, known, "login_failed", {"reason": "throttled", "wait_seconds": math.ceil(wait)})
            return LoginResult(False, "throttled", wait_seconds=math.ceil(wait))
        failures = THROTTLE.fail(con, keys)
        con.execute("UPDATE users SET failed_attempts = failed_attempts + 1 WHERE name = $name", {"name": name})
        reason = "unknown_name" if user is None else "disabled" if user.disabled else "wrong_password"
        audit.log(con, known, "login_failed", {"reason": reason, **({"attempt": failures} if user else {})})
        if failures == int(settings.get("lock_after_failures")):
            audit.log(con, known, "login_throttled", {"after": failures})
    return LoginResult(False, "bad")


def logout(con: duckdb.DuckDBPyConnection, name: str | None, reason: str = "user") -> None:
    """Record a logout (reason: user | idle)."""
    if name:
        with transaction(con):
            audit.log(con, name, "logout", {"reason": reason})
