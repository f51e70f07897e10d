"""Seeding: the work summary's figures, loaded once as the first batch."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from ..paths import data_dir
from .batches import insert_batch
from .catalog_sync import sync_catalog
from .db import scalar, transaction
from .schema import migrate

SEED_FILE = "seed/work_summary_2021.csv"
SEED_TITLE = "大鹏新区政法办公室2021年工作总结和2021年工作思路（2021-10-19）"


@dataclass
class InitReport:
    """What `init` did: migrations applied, catalogue synced, seed loaded."""

    migrations: list[int] = field(default_factory=list)
    catalog_synced: bool = False
    seed_batch: int | None = None

    @property
    def changed(self) -> bool:
        """Whether anything was written."""
        return bool(self.migrations or self.catalog_synced or self.seed_batch)


def seed_path() -> Path:
    """The seed observations CSV under data/."""
    return data_dir() / SEED_FILE


def read_seed(path: Path | None = None) -> pd.DataFrame:
    """Seed observations as an observation frame (source = the document's sentence)."""
    raw = pd.read_csv(path or seed_path(), dtype=str, keep_default_na=False, encoding="utf-8")
    return pd.DataFrame({
        "indicator_id": raw["indicator"], "region_code": raw["region"], "period": raw["period"],
        "measure": raw["measure"], "value": raw["value"].astype(float), "qualifier": raw["qualifier"],
        "origin": raw["origin"], "decimals": raw["decimals"].astype(int),
        "source": SEED_TITLE + "：" + raw["source_sentence"],
        "derivation": raw["derivation"].replace("", None),
    })


def load_seed(con: duckdb.DuckDBPyConnection) -> int | None:
    """Insert the seed as a batch unless this exact seed file is already loaded (caller's transaction)."""
    path = seed_path()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if scalar(con, "SELECT count(*) FROM batch WHERE sha256 = $sha", {"sha": digest}):
        return None
    res = insert_batch(con, read_seed(path), kind="seed", file_name=SEED_TITLE, sha256=digest,
                       user="system", sheets="", note=str(path.name))
    return res.batch_id


def ensure_ready(con: duckdb.DuckDBPyConnection) -> InitReport:
    """Create or migrate the schema, sync the catalogue and seed, all in one transaction."""
    report = InitReport()
    with transaction(con):
        report.migrations = migrate(con)
        report.catalog_synced = sync_catalog(con)
        report.seed_batch = load_seed(con)
    return report
