"""Users, roles and password hashing; no Streamlit here (the session lives in indicators.web.session).

`require_role(con, user, role)` is the server-side check every write action calls first.
"""

from __future__ import annotations

import duckdb

from ..store import audit
from .login import LoginResult, authenticate, logout
from .passwords import hash_password, verify_password
from .roles import RANK, ROLE_ZH, ROLES, PermissionDenied, at_least
from .users import (
    User,
    add_user,
    count_users,
    get_user,
    list_users,
    remove_user,
    set_disabled,
    set_password,
    set_role,
)

__all__ = ["RANK", "ROLES", "ROLE_ZH", "LoginResult", "PermissionDenied", "User", "add_user", "at_least",
           "authenticate", "count_users", "get_user", "hash_password", "list_users", "logout", "remove_user",
           "require_role", "set_disabled", "set_password", "set_role", "verify_password"]


def require_role(con: duckdb.DuckDBPyConnection, user: str | None, role: str) -> None:
    """Raise PermissionDenied unless user exists, is enabled, is not locked and has at least this role.

    A refusal is written to the audit table (when the caller's transaction rolls back, with it).
    """
    if role not in RANK:
        raise ValueError(f"unknown role {role!r}")
    try:
        _check(con, user, role)
    except PermissionDenied as e:
        audit.log(con, user or None, "permission_denied", {"needed": role, "reason": e.reason})
        raise


def _check(con: duckdb.DuckDBPyConnection, user: str | None, role: str) -> None:
    if not user:
        raise PermissionDenied(f"请先登录：此操作需要{ROLE_ZH[role]}权限 "
                               f"please log in: this action needs the {role} role", reason="anonymous")
    account = get_user(con, user)
    if account is None or account.disabled:
        raise PermissionDenied(f"账户不存在或已停用 account unknown or disabled: {user}", reason="no_account")
    if account.locked():
        raise PermissionDenied(f"账户已临时锁定 account temporarily locked: {user}", reason="locked")
    if not at_least(account.role, role):
        raise PermissionDenied(f"权限不足：此操作需要{ROLE_ZH[role]}权限，当前为{ROLE_ZH[account.role]} "
                               f"permission denied: this action needs the {role} role, {user} is {account.role}",
                               reason="role")
