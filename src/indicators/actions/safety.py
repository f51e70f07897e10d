"""平安指数 actions: publishing a period's scores (administrators in the app; the command line by the shell policy).

The scores are computed from the current data inside the action's transaction, so the snapshot and the batches
it names are the ones the scores came from; a period with no region scored is refused.
"""

from __future__ import annotations

import json
from dataclasses import asdict

import duckdb
import pandas as pd

from ..catalog import Catalog, Region
from ..errors import UserError
from ..periods import parse_period
from ..safety.index import Rules, compute_index, rules_from_settings
from ..safety.index_file import IndexSpec
from ..safety.snapshots import Publication
from ..store.batches import insert_batch
from ..store.catalog_sync import insert_regions
from ..store.db import set_meta
from ..store.publications import insert_publication
from .actor import Actor
from .perform import Done, perform

ADMIN = "admin"


def publish(con: duckdb.DuckDBPyConnection, actor: Actor, catalog: Catalog, spec: IndexSpec, period: str,
            rules: Rules | None = None, note: str = "") -> Publication:
    """Snapshot the period's current scores as a new version; audited as index_publish."""
    rules = rules or rules_from_settings()

    def work(c: duckdb.DuckDBPyConnection) -> Done[Publication]:
        result = compute_index(c, catalog, spec, period, rules)
        if result.regions["score"].isna().all():
            raise UserError("errors.nothing_to_publish", period=parse_period(result.period).named())
        batches = sorted({int(b) for b in result.components["batch"] if b is not None and b >= 0})
        frames = (result.regions.assign(previous_period=result.previous), result.components, result.domains)
        pub_id, version, when = insert_publication(
            c, period=result.period, user=actor.name, index_text=spec.text, index_sha256=spec.sha256,
            rules=asdict(rules), batches=batches, note=note, frames=frames)
        scored = int(result.regions["score"].notna().sum())
        pub = Publication(pub_id, result.period, version, when, actor.name, spec.sha256, tuple(batches), asdict(rules))
        return Done(pub, [("index_publish", {"period": result.period, "version": version, "publication": pub_id,
                                             "regions": scored, "batches": batches, "index_sha256": spec.sha256})])
    return perform(con, actor, ADMIN, work)


def load_demo(con: duckdb.DuckDBPyConnection, actor: Actor, regions: list[Region], rows: pd.DataFrame, *,
              file_name: str, sha256: str, note: str, meta_key: str, info: dict) -> dict:
    """The demo's synthetic regions and figures as one batch (kind demo), marked in meta; audited as demo_create."""
    def work(c: duckdb.DuckDBPyConnection) -> Done[dict]:
        insert_regions(c, regions, "demo")
        res = insert_batch(c, rows, kind="demo", file_name=file_name, sha256=sha256, user=actor.name, note=note)
        done = {**info, "batch": res.batch_id, "rows": len(rows)}
        set_meta(c, meta_key, json.dumps(done))
        return Done(done, [("demo_create", done)])
    return perform(con, actor, ADMIN, work)
