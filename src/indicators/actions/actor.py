"""Who is asking: a person logged in to the app, or the command line on the server (the shell policy)."""

from __future__ import annotations

import getpass
import os
import time
from dataclasses import dataclass

import duckdb

from .. import settings
from ..auth import PermissionDenied, check_role

LOGIN, SHELL = "login", "shell"


@dataclass(frozen=True)
class Actor:
    """Who performs an action: `name` is recorded on batches and audit rows; `kind` says how to check them.

    login: a person in the app (None: not logged in); the role is read from the database at every action.
    shell: the command line (or the app itself, as 'system'). Whoever can run it on the server can open the DuckDB
    file directly, so a role check would only pretend: every role is granted, and the name is recorded.
    """

    name: str | None
    kind: str = LOGIN
    until: float | None = None     # a login session's idle deadline (epoch seconds): acting later is refused


def login(name: str | None, until: float | None = None) -> Actor:
    """The person logged in to this app session (None: anonymous); `until`: when the session expires if idle.

    A download button's file is built on click, outside the page run, by an actor made when the page was last
    drawn; its deadline is how a click after the idle timeout is refused though no page run noticed the idle time.
    """
    return Actor(name, LOGIN, until)


def shell(name: str | None = None) -> Actor:
    """The command line: the given name (ingest --user), else INDICATORS_USER, else cli:<OS login>."""
    name = name or os.environ.get("INDICATORS_USER")
    if name:
        return Actor(name, SHELL)
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown"
    return Actor(f"cli:{who}", SHELL)


SYSTEM = Actor("system", SHELL)


def authorise(con: duckdb.DuckDBPyConnection, actor: Actor, role: str) -> None:
    """Raise PermissionDenied unless the actor may act with this role (read in the caller's transaction).

    Viewing (role viewer) is open to anonymous visitors while the setting public_view is on.
    """
    if actor.kind == SHELL:
        return
    if actor.name is not None and actor.until is not None and time.time() > actor.until:
        raise PermissionDenied("auth.session_expired", reason="idle")
    if actor.name is None and role == "viewer" and settings.get("public_view"):
        return
    check_role(con, actor.name, role)
