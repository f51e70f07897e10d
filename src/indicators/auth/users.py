"""User accounts in the DuckDB file: add, list, change password or role, disable, remove (all audited)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from ..errors import UserError
from ..store import audit
from ..store.db import scalar, transaction
from .passwords import check_strength, hash_password
from .roles import PermissionDenied, check_role_name

MAX_NAME = 64
# Letters (any script), digits and . _ - + @: enough for e-mail addresses, nothing that Markdown would render.
NAME_PATTERN = re.compile(r"[\w.+@-]+")


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
        raise UserError("用户名不能为空 user name is empty")
    if len(text) > MAX_NAME:
        raise UserError(f"用户名过长（最多 {MAX_NAME} 个字符） user name longer than {MAX_NAME} characters")
    if not NAME_PATTERN.fullmatch(text):
        raise UserError("用户名只能包含文字、数字和 . _ - + @，不能有空格 "
                        "user name may hold only letters, digits and . _ - + @ (no spaces)")
    return text


def count_users(con: duckdb.DuckDBPyConnection) -> int:
    """How many accounts exist (disabled ones included)."""
    return int(scalar(con, "SELECT count(*) FROM users") or 0)


def get_user(con: duckdb.DuckDBPyConnection, name: str | None) -> User | None:
    """The account of this name, or None."""
    if not name:
        return None
    rows = con.execute("SELECT name, role, disabled, locked_until, failed_attempts, source FROM users "
                       "WHERE name = ?", [name]).fetchall()
    return User(*rows[0]) if rows else None


def _need(con: duckdb.DuckDBPyConnection, name: str) -> User:
    user = get_user(con, name)
    if user is None:
        raise UserError(f"用户不存在 no such user: {name}")
    return user


def list_users(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Accounts without their hashes, by name."""
    return con.execute("""SELECT name, role, disabled, locked_until, failed_attempts, source, created_at,
                                 created_by, password_changed_at, last_login_at
                          FROM users ORDER BY name""").df()


def _active_admins(con: duckdb.DuckDBPyConnection) -> int:
    return int(scalar(con, "SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled") or 0)


def add_user(con: duckdb.DuckDBPyConnection, name: str, password: str, role: str, by: str | None = None) -> str:
    """Create a local account with a hashed password; return the cleaned name."""
    name, role = clean_name(name), check_role_name(role)
    check_strength(password)
    digest = hash_password(password)
    with transaction(con):
        if get_user(con, name):
            raise UserError(f"用户已存在 user already exists: {name}")
        con.execute("""INSERT INTO users (name, role, password_hash, disabled, failed_attempts, source,
                                          created_at, created_by, password_changed_at)
                       VALUES (?, ?, ?, false, 0, 'local', ?, ?, ?)""",
                    [name, role, digest, datetime.now(), by, datetime.now()])
        audit.log(con, by, "user_add", {"name": name, "role": role})
    return name


def set_password(con: duckdb.DuckDBPyConnection, name: str, password: str, by: str | None = None) -> None:
    """Replace a user's password; this also clears failed attempts and any lock."""
    check_strength(password)
    digest = hash_password(password)
    with transaction(con):
        _need(con, name)
        con.execute("""UPDATE users SET password_hash = ?, password_changed_at = ?, failed_attempts = 0,
                       locked_until = NULL WHERE name = ?""", [digest, datetime.now(), name])
        audit.log(con, by, "user_passwd", {"name": name})


def set_role(con: duckdb.DuckDBPyConnection, name: str, role: str, by: str | None = None) -> None:
    """Change a user's role; the last active admin cannot be demoted."""
    role = check_role_name(role)
    with transaction(con):
        user = _need(con, name)
        if user.role == "admin" and role != "admin" and not user.disabled and _active_admins(con) <= 1:
            raise PermissionDenied("不能降级最后一位管理员 the last active admin cannot be demoted")
        con.execute("UPDATE users SET role = ? WHERE name = ?", [role, name])
        audit.log(con, by, "user_role", {"name": name, "from": user.role, "to": role})


def set_disabled(con: duckdb.DuckDBPyConnection, name: str, disabled: bool, by: str | None = None) -> None:
    """Disable or re-enable an account; the last active admin cannot be disabled."""
    with transaction(con):
        user = _need(con, name)
        if disabled and user.role == "admin" and not user.disabled and _active_admins(con) <= 1:
            raise PermissionDenied("不能停用最后一位管理员 the last active admin cannot be disabled")
        con.execute("UPDATE users SET disabled = ?, failed_attempts = 0, locked_until = NULL WHERE name = ?",
                    [disabled, name])
        audit.log(con, by, "user_disable" if disabled else "user_enable", {"name": name})


def remove_user(con: duckdb.DuckDBPyConnection, name: str, by: str | None = None) -> None:
    """Delete an account (its past actions stay in the audit table); never the last active admin."""
    with transaction(con):
        user = _need(con, name)
        if user.role == "admin" and not user.disabled and _active_admins(con) <= 1:
            raise PermissionDenied("不能删除最后一位管理员 the last active admin cannot be removed")
        con.execute("DELETE FROM users WHERE name = ?", [name])
        audit.log(con, by, "user_remove", {"name": name, "role": user.role})
