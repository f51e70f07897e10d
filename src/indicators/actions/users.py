"""Account actions (administrators in the app; the command line by the shell policy): each audited."""

from __future__ import annotations

import duckdb

from ..auth import sessions
from ..auth import users as accounts
from .actor import Actor
from .perform import Done, perform

ADMIN = "admin"


def add(con: duckdb.DuckDBPyConnection, actor: Actor, name: str, password: str, role: str) -> str:
    """Create a local account; return its cleaned name."""
    clean, digest = accounts.clean_name(name), accounts.new_password(password)

    def work(c: duckdb.DuckDBPyConnection) -> Done[str]:
        made = accounts.insert_user(c, clean, digest, role, actor.name)
        return Done(made, [("user_add", {"name": made, "role": role})])
    return perform(con, actor, ADMIN, work)


def set_password(con: duckdb.DuckDBPyConnection, actor: Actor, name: str, password: str) -> None:
    """Replace a user's password (also clears failed attempts and any lock)."""
    digest = accounts.new_password(password)

    def work(c: duckdb.DuckDBPyConnection) -> Done[None]:
        accounts.update_password(c, name, digest)
        sessions.end_user(c, name, "password_changed")     # a stolen login dies with the old password
        return Done(None, [("user_passwd", {"name": name})])
    perform(con, actor, ADMIN, work)


def set_role(con: duckdb.DuckDBPyConnection, actor: Actor, name: str, role: str) -> None:
    """Change a user's role; the last active admin cannot be demoted."""
    def work(c: duckdb.DuckDBPyConnection) -> Done[None]:
        before = accounts.update_role(c, name, role)
        return Done(None, [("user_role", {"name": name, "from": before, "to": role})])
    perform(con, actor, ADMIN, work)


def set_disabled(con: duckdb.DuckDBPyConnection, actor: Actor, name: str, disabled: bool) -> None:
    """Disable or re-enable an account; the last active admin cannot be disabled."""
    def work(c: duckdb.DuckDBPyConnection) -> Done[None]:
        accounts.update_disabled(c, name, disabled)
        if disabled:
            sessions.end_user(c, name, "disabled")
        return Done(None, [("user_disable" if disabled else "user_enable", {"name": name})])
    perform(con, actor, ADMIN, work)


def remove(con: duckdb.DuckDBPyConnection, actor: Actor, name: str) -> None:
    """Delete an account (its audit rows stay); never the last active admin."""
    def work(c: duckdb.DuckDBPyConnection) -> Done[None]:
        role = accounts.delete_user(c, name)
        sessions.end_user(c, name, "removed")
        return Done(None, [("user_remove", {"name": name, "role": role})])
    perform(con, actor, ADMIN, work)
