"""Batch actions: roll back (administrators)."""

from __future__ import annotations

import duckdb

from ..store.batches import mark_rolled_back
from .actor import Actor
from .perform import Done, perform


def roll_back(con: duckdb.DuckDBPyConnection, actor: Actor, batch_id: int) -> None:
    """Restore the values a batch superseded (the batch stays in the history, marked rolled back)."""
    def work(c: duckdb.DuckDBPyConnection) -> Done[None]:
        mark_rolled_back(c, batch_id, actor.name)
        return Done(None, [("rollback", {"batch": batch_id})])
    perform(con, actor, "admin", work)
