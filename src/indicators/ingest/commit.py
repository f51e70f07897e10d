"""Preview (diff against the database) and the atomic commit of an upload."""

from __future__ import annotations

import threading

import duckdb
import pandas as pd

from ..errors import UserError
from ..i18n import t
from ..store import batches
from .model import IngestResult, repeated

_COMMIT_LOCK = threading.Lock()


def store_rows(result: IngestResult) -> pd.DataFrame:
    """The committable observations as store rows (index: the observations'); source stays 'sheet!cell'.

    The commit puts the file before the source.
    """
    obs = result.committable
    n = len(obs)
    rows = pd.DataFrame({
        "indicator_id": obs["indicator_id"], "region_code": obs["region_code"], "period": obs["period"],
        "measure": obs["measure"], "value": obs["value"].astype(float), "qualifier": obs["qualifier"],
        "origin": pd.Series(repeated("reported", n), index=obs.index), "decimals": obs["decimals"].astype("Int64"),
        "source": obs["source"].astype(str), "derivation": pd.Series(repeated(None, n), index=obs.index),
    })
    if not result.unique_keys:               # the checks found a key twice (or did not run): keep the first copy
        rows = rows.drop_duplicates(subset=[*batches.KEY, "value", "qualifier"])
    return rows


PREVIEW_COLUMNS = ["indicator_id", "indicator_text", "region_code", "region_text", "period", "measure", "value",
                   "old_value", "status", "qualifier", "unit", "source"]


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


def commit_upload(con: duckdb.DuckDBPyConnection, result: IngestResult, user: str, *,
                  confirm_warnings: bool = False, role_check: bool = True, lang: str = "zh") -> batches.BatchResult:
    """Write an upload in one transaction, or refuse with a plain message; a file already loaded adds nothing."""
    if role_check:
        from ..auth import require_role

        require_role(con, user, "analyst")
    if result.errors:
        raise UserError(t("ingest.commit_errors", lang, n=len(result.errors)))
    if result.warnings and not confirm_warnings:
        raise UserError(t("ingest.commit_warnings", lang, n=len(result.warnings)))
    rows = store_rows(result)
    if rows.empty:
        raise UserError(t("ingest.commit_nothing", lang))
    with _COMMIT_LOCK:
        return batches.commit_rows(con, rows, kind="upload", file_name=result.file, sha256=result.sha256,
                                   user=user, sheets=",".join(result.sheets), note=result.layout,
                                   source_prefix=f"{result.file}!")


def duplicate_message(res: batches.BatchResult, lang: str = "zh") -> str | None:
    """'Already uploaded as batch N at …' for a duplicate commit, else None."""
    if not res.duplicate_of:
        return None
    batch_id, when = res.duplicate_of
    return t("ingest.duplicate_file", lang, batch=batch_id, when=f"{when:%Y-%m-%d %H:%M:%S}")
