"""Batch actions: roll back (administrators)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from ..store.batches import mark_rolled_back, shown_rows
from .actor import Actor
from .perform import Done, perform


@dataclass(frozen=True)
class RolledBack:
    """A rolled-back batch and how many of its values were still shown (0: later batches had replaced them all)."""

    batch: int
    shown: int


def roll_back(con: duckdb.DuckDBPyConnection, actor: Actor, batch_id: int) -> RolledBack:
    """Restore the values a batch superseded (the batch stays in the history, marked rolled back)."""
    def work(c: duckdb.DuckDBPyConnection) -> Done[RolledBack]:
        shown = shown_rows(c, batch_id)
        mark_rolled_back(c, batch_id, actor.name)
        return Done(RolledBack(batch_id, shown), [("rollback", {"batch": batch_id})])
    return perform(con, actor, "admin", work)
