"""The one shape of every action: check who is asking, then one transaction, then its audit rows, in that order."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import duckdb

from ..auth import PermissionDenied
from ..store import audit
from ..store.db import transaction
from .actor import Actor, authorise

T = TypeVar("T")
# One writer at a time in this process: DuckDB refuses concurrent transactions that touch the same rows, and a
# refused commit would be an error shown for a click that was fine.
_WRITES = threading.Lock()


@dataclass
class Done(Generic[T]):
    """What an action's work returns: its result and the audit rows (action, detail) to write for it."""

    result: T
    audit: list[tuple[str, dict]] = field(default_factory=list)


def perform(con: duckdb.DuckDBPyConnection, actor: Actor, role: str,
            work: Callable[[duckdb.DuckDBPyConnection], Done[T]]) -> T:
    """Check the actor's role, run work in one transaction and write its audit rows in it.

    A refusal commits only its own audit row (permission_denied) and is raised. Any exception of the work rolls the
    whole transaction back: no half-written batch, no audit row for what did not happen.
    """
    refused: PermissionDenied | None = None
    with _WRITES, transaction(con):
        try:
            authorise(con, actor, role)
        except PermissionDenied as e:
            audit.log(con, actor.name, "permission_denied", {"needed": role, "reason": e.reason})
            refused = e
        else:
            done = work(con)
            for action, detail in done.audit:
                audit.log(con, actor.name, action, detail)
    if refused is not None:
        raise refused
    return done.result


def check(con: duckdb.DuckDBPyConnection, actor: Actor, role: str) -> None:
    """Only the check of perform (refusals audited): for actions that read much before their one write."""
    perform(con, actor, role, lambda _c: Done(None))
