"""Users, roles and password hashing; no Streamlit here (the session lives in indicators.web.session).

`check_role(con, user, role)` is the server-side check of who is asking; indicators.actions calls it at the start
of every action's transaction. Changes to accounts are actions too (indicators.actions.users).
"""

from __future__ import annotations

import duckdb

from .login import LoginResult, authenticate, logout
from .passwords import hash_password, verify_password
from .roles import ANONYMOUS, RANK, ROLES, PermissionDenied, at_least, rank, role_name
from .users import User, count_users, get_user, list_users

__all__ = ["ANONYMOUS", "RANK", "ROLES", "LoginResult", "PermissionDenied", "User", "at_least", "authenticate",
           "check_role", "count_users", "get_user", "hash_password", "list_users", "logout", "rank", "role_name",
           "verify_password"]


def check_role(con: duckdb.DuckDBPyConnection, user: str | None, role: str) -> None:
    """Raise PermissionDenied unless user exists, is enabled, is not locked and has at least this role.

    The account is read from the database on every call: a role changed or an account disabled a moment ago counts.
    """
    if role not in RANK:
        raise ValueError(f"unknown role {role!r}")
    if not user:
        raise PermissionDenied("errors.login_needed", reason="anonymous", role=role_name(role))
    account = get_user(con, user)
    if account is None or account.disabled:
        raise PermissionDenied("errors.account_unknown", reason="no_account", user=user)
    if account.locked():
        raise PermissionDenied("errors.account_locked", reason="locked", user=user)
    if not at_least(account.role, role):
        raise PermissionDenied("errors.role_too_low", reason="role", user=user, role=role_name(role),
                               current=role_name(account.role))
