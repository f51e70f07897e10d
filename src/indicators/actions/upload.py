"""Upload actions: what a checked file would change (preview), and its commit as one batch (analysts).

    res = ingest(data, "file.xlsx", catalog)              # indicators.ingest: never raises for the file
    diff, counts = upload.preview(con, res)               # new / changed / unchanged
    upload.commit(con, actor, res, confirm_warnings=True)  # role, one transaction, audit
"""

from __future__ import annotations

from collections.abc import Mapping

import duckdb
import pandas as pd

from ..errors import Message, UserError, message
from ..ingest.model import IngestResult, repeated
from ..store import batches
from .actor import Actor
from .catalogue import alias_rows
from .perform import Done, perform

ANALYST = "analyst"
PREVIEW_COLUMNS = ["indicator_id", "indicator_text", "region_code", "region_text", "period", "measure", "value",
                   "old_value", "status", "qualifier", "unit", "source"]


def store_rows(result: IngestResult) -> pd.DataFrame:
    """The committable observations as store rows (index: the observations'); source stays 'sheet!cell', or 'cell'
    for a CSV (it has no sheet: its one grid is named after the file, which the commit puts before the source)."""
    obs = result.committable
    n = len(obs)
    source = obs["source"].astype(str)
    if result.sheetless and result.sheets:
        source = source.str.removeprefix(f"{result.sheets[0]}!")
    rows = pd.DataFrame({
        "indicator_id": obs["indicator_id"], "region_code": obs["region_code"], "period": obs["period"],
        "measure": obs["measure"], "value": obs["value"].astype(float), "qualifier": obs["qualifier"],
        "origin": pd.Series(repeated("reported", n), index=obs.index), "decimals": obs["decimals"].astype("Int64"),
        "source": source, "derivation": pd.Series(repeated(None, n), index=obs.index),
    })
    if not result.unique_keys:               # the checks found a key twice (or did not run): keep the first copy
        rows = rows.drop_duplicates(subset=[*batches.KEY, "value", "qualifier"])
    return rows


def preview(con: duckdb.DuckDBPyConnection, result: IngestResult) -> tuple[pd.DataFrame, dict]:
    """What a commit would change: each figure as new / changed (with old value) / unchanged, and counts."""
    rows = store_rows(result)
    if rows.empty:
        return pd.DataFrame(columns=PREVIEW_COLUMNS), {"new": 0, "changed": 0, "unchanged": 0}
    d = batches.diff(con.cursor(), rows)
    obs = result.observations.loc[rows.index]            # the same figures, identical duplicates left out
    out = pd.DataFrame({c: d[c] if c in d else obs[c] for c in PREVIEW_COLUMNS}).reset_index(drop=True)
    counts = out["status"].value_counts()
    return out, {k: int(counts.get(k, 0)) for k in ("new", "changed", "unchanged")}


def _refusal(result: IngestResult, confirm_warnings: bool) -> UserError | None:
    """Why the checked file may not be committed (errors, unconfirmed warnings, nothing to store), or None."""
    if result.errors:
        return UserError("ingest.commit_errors", n=len(result.errors))
    if result.warnings and not confirm_warnings:
        return UserError("ingest.commit_warnings", n=len(result.warnings))
    if result.committable.empty:
        return UserError("ingest.commit_nothing")
    return None


def _store(c: duckdb.DuckDBPyConnection, actor: Actor, rows: pd.DataFrame, meta: Mapping[str, str],
           aliases: Mapping[str, str]) -> Done[batches.BatchResult]:
    """Insert the batch (unless this very file is stored already) and the aliases; the audit rows."""
    dup = batches.find_by_sha(c, meta["sha256"])
    if dup:
        return Done(batches.BatchResult(None, 0, 0, 0, duplicate_of=dup))
    res = batches.insert_batch(c, rows, kind="upload", user=actor.name, **meta)
    audit = alias_rows(c, aliases, actor.name)
    audit.append(("upload", {"batch": res.batch_id, "file": meta["file_name"], "sha256": meta["sha256"],
                             "new": res.n_new, "changed": res.n_changed, "unchanged": res.n_unchanged}))
    return Done(res, audit)


def batch_note(result: IngestResult) -> str:
    """What the batch keeps of the file besides its figures: the notes below its tables (注、说明、数据来源) and
    the recipe it was read with."""
    lines = list(result.notes)
    if result.recipe is not None:
        lines.append(f"recipe: {result.recipe[1]}")
    return "\n".join(lines) if lines else result.layout


def commit(con: duckdb.DuckDBPyConnection, actor: Actor, result: IngestResult, *, confirm_warnings: bool = False,
           aliases: Mapping[str, str] | None = None) -> batches.BatchResult:
    """Write a checked upload as one batch, with the header mappings that made it readable, in one transaction.

    Refused (UserError) when the file has errors, unconfirmed warnings or nothing to store; a file already stored
    adds nothing (the result names the batch that holds it).
    """
    meta = {"file_name": result.file, "sha256": result.sha256, "sheets": ",".join(result.sheets),
            "note": batch_note(result), "source_prefix": f"{result.file}!"}

    def work(c: duckdb.DuckDBPyConnection) -> Done[batches.BatchResult]:
        refusal = _refusal(result, confirm_warnings)
        if refusal:
            raise refusal
        return _store(c, actor, store_rows(result), meta, aliases or {})
    return perform(con, actor, ANALYST, work)


def commit_rows(con: duckdb.DuckDBPyConnection, actor: Actor, rows: pd.DataFrame, *, file_name: str, sha256: str,
                sheets: str = "", note: str = "", source_prefix: str = "") -> batches.BatchResult:
    """Store observation rows made elsewhere (a script, a test) as one upload batch, like a checked file."""
    meta = {"file_name": file_name, "sha256": sha256, "sheets": sheets, "note": note, "source_prefix": source_prefix}
    return perform(con, actor, ANALYST, lambda c: _store(c, actor, rows, meta, {}))


def duplicate_note(res: batches.BatchResult) -> Message | None:
    """'Already uploaded as batch N at …' for a file that was stored before, else None."""
    if not res.duplicate_of:
        return None
    batch_id, when = res.duplicate_of
    return message("ingest.duplicate_file", batch=batch_id, when=f"{when:%Y-%m-%d %H:%M:%S}")
