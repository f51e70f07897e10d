"""User accounts in the DuckDB file: read them, and the writes the account actions are made of.

The writes here run inside the caller's transaction and write no audit row: indicators.actions.users checks who
is asking, opens the transaction and audits.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from ..errors import UserError
from ..store.db import insert_sql, scalar
from .passwords import check_strength, hash_password
from .roles import PermissionDenied, check_role_name

MAX_NAME = 64
# Letters (any script), digits and . _ - + @: enough for e-mail addresses, nothing that Markdown would render.
NAME_PATTERN = re.compile(r"[\w.+@-]+")
USER_COLUMNS = ("name", "role", "disabled", "locked_until", "failed_attempts", "source")
LIST_COLUMNS = (*USER_COLUMNS, "created_at", "created_by", "password_changed_at", "last_login_at")
INSERT_COLUMNS = (*LIST_COLUMNS, "password_hash")      # every column of the users table
_INSERT_USER = insert_sql("users", INSERT_COLUMNS)


@dataclass(frozen=True)
class User:
    """One account as stored (never the hash)."""

    name: str
    role: str
    disabled: bool
    locked_until: datetime | None
    failed_attempts: int
    source: str

    def locked(self, now: datetime | None = None) -> bool:
        """Whether the account is locked at this moment."""
        return self.locked_until is not None and self.locked_until > (now or datetime.now())


def clean_name(name: str) -> str:
    """A user name stripped and NFC-normalised; refuse empty, overlong, spaces or control characters."""
    text = unicodedata.normalize("NFC", (name or "").strip())
    if not text:
        raise UserError("errors.user_name_empty")
    if len(text) > MAX_NAME:
        raise UserError("errors.user_name_long", limit=MAX_NAME)
    if not NAME_PATTERN.fullmatch(text):
        raise UserError("errors.user_name_chars")
    return text


def count_users(con: duckdb.DuckDBPyConnection) -> int:
    """How many accounts exist (disabled ones included)."""
    return int(scalar(con, "SELECT count(*) FROM users") or 0)


def get_user(con: duckdb.DuckDBPyConnection, name: str | None) -> User | None:
    """The account of this name, or None."""
    if not name:
        return None
    rows = con.execute(f"SELECT {', '.join(USER_COLUMNS)} FROM users WHERE name = $name",  # noqa: S608 - fixed columns
                       {"name": name}).fetchall()
    return User(*rows[0]) if rows else None


def need_user(con: duckdb.DuckDBPyConnection, name: str) -> User:
    """The account of this name, or a UserError saying there is none."""
    user = get_user(con, name)
    if user is None:
        raise UserError("errors.no_such_user", name=name)
    return user


def list_users(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Accounts without their hashes, by name."""
    return con.execute(f"SELECT {', '.join(LIST_COLUMNS)} FROM users ORDER BY name").df()  # noqa: S608


def _active_admins(con: duckdb.DuckDBPyConnection) -> int:
    return int(scalar(con, "SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled") or 0)


def _keep_an_admin(con: duckdb.DuckDBPyConnection, user: User, what: str) -> None:
    """Refuse to demote, disable or remove the last active administrator."""
    if user.role == "admin" and not user.disabled and _active_admins(con) <= 1:
        raise PermissionDenied(f"errors.last_admin_{what}")


def new_password(password: str) -> str:
    """The hash of an acceptable password (hashing takes ~50 ms: done before any transaction opens)."""
    check_strength(password)
    return hash_password(password)


def insert_user(con: duckdb.DuckDBPyConnection, name: str, digest: str, role: str, by: str | None) -> str:
    """Create a local account with an already hashed password; return the cleaned name."""
    name, role = clean_name(name), check_role_name(role)
    if get_user(con, name):
        raise UserError("errors.user_exists", name=name)
    now = datetime.now()
    insert_row(con, name=name, role=role, password_hash=digest, source="local", created_at=now, created_by=by,
               password_changed_at=now)
    return name


def insert_row(con: duckdb.DuckDBPyConnection, **values: object) -> None:
    """Insert an account row (caller's transaction): the named INSERT_COLUMNS, the rest as a new account's."""
    row = dict.fromkeys(INSERT_COLUMNS) | {"disabled": False, "failed_attempts": 0} | values
    con.execute(_INSERT_USER, row)


def update_password(con: duckdb.DuckDBPyConnection, name: str, digest: str) -> None:
    """Replace a user's password hash; this also clears failed attempts and any lock."""
    need_user(con, name)
    con.execute("""UPDATE users SET password_hash = $hash, password_changed_at = $now, failed_attempts = 0,
                   locked_until = NULL WHERE name = $name""",
                {"hash": digest, "now": datetime.now(), "name": name})


def update_role(con: duckdb.DuckDBPyConnection, name: str, role: str) -> str:
    """Change a user's role (never demoting the last active admin); return the role it had."""
    role = check_role_name(role)
    user = need_user(con, name)
    if role != "admin":
        _keep_an_admin(con, user, "demoted")
    con.execute("UPDATE users SET role = $role WHERE name = $name", {"role": role, "name": name})
    return user.role


def update_disabled(con: duckdb.DuckDBPyConnection, name: str, disabled: bool) -> None:
    """Disable or re-enable an account (never the last active admin)."""
    user = need_user(con, name)
    if disabled:
        _keep_an_admin(con, user, "disabled")
    con.execute("UPDATE users SET disabled = $disabled, failed_attempts = 0, locked_until = NULL WHERE name = $name",
                {"disabled": disabled, "name": name})


def delete_user(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """Delete an account (its past actions stay in the audit table; never the last active admin); return its role."""
    user = need_user(con, name)
    _keep_an_admin(con, user, "removed")
    con.execute("DELETE FROM users WHERE name = $name", {"name": name})
    return user.role
