"""Batch actions: roll back (administrators)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from ..errors import Named, UserError
from ..store.batches import mark_rolled_back, shown_rows
from ..store.catalog_sync import catalog_from_db
from ..store.merges import merges_copying
from .actor import Actor
from .catalogue import unmerge_batch
from .perform import Done, perform


@dataclass(frozen=True)
class RolledBack:
    """A rolled-back batch and how many of its values were still shown (0: later batches had replaced them all)."""

    batch: int
    shown: int


def roll_back(con: duckdb.DuckDBPyConnection, actor: Actor, batch_id: int) -> RolledBack:
    """Restore the values a batch superseded (the batch stays in the history, marked rolled back).

    Rolling back a merge's batch undoes the merge (the merged indicator comes back). A batch whose figures a later
    merge copied to another indicator is refused until that merge is undone: the copies would outlive their source.
    """
    def work(c: duckdb.DuckDBPyConnection) -> Done[RolledBack]:
        if later := merges_copying(c, batch_id):
            merge_batch, source, into = later[0]
            every = catalog_from_db(c).with_retired().indicators
            name = lambda i: Named(every[i].name_zh, every[i].name_en) if i in every else i  # noqa: E731
            raise UserError("catalogue.rollback_merged", batch=batch_id, merge=merge_batch, name=name(source),
                            into=name(into))
        shown = shown_rows(c, batch_id)
        unmerged = unmerge_batch(c, actor, batch_id)
        if unmerged is not None:
            return Done(RolledBack(batch_id, shown), unmerged)
        mark_rolled_back(c, batch_id, actor.name)
        return Done(RolledBack(batch_id, shown), [("rollback", {"batch": batch_id})])
    return perform(con, actor, "admin", work)
