"""`python -m indicators demo`: a database of clearly synthetic figures to see the 平安指数 and warnings alive."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ..actions import Actor
from ..actions.safety import load_demo
from ..errors import UserError
from ..store import connect
from ..store.catalog_sync import catalog_from_db
from ..store.db import scalar
from ..store.seed import ensure_ready, read_seed
from .regions import demo_regions
from .series import YEARS, monthly_counts, months, plant, quarterly_rates, resolved

GENERATOR = "1"
DEFAULT_SEED = 20211019
META_KEY = "demo"
SOURCE = "示例数据（合成，非真实统计）synthetic demo data, not real statistics"
FILE_NAME = "示例数据（合成）demo data (synthetic)"


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether this database holds the demo data set."""
    return bool(scalar(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'")) and bool(
        scalar(con, "SELECT count(*) FROM meta WHERE key = $key", {"key": META_KEY}))


def _refuse_real(path: Path) -> None:
    """Never overwrite a database that is not a demo database."""
    if not path.exists():
        return
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as e:
        raise UserError("errors.demo_unreadable", path=str(path), detail=str(e)) from e
    try:
        demo = is_demo(con)
    finally:
        con.close()
    if not demo:
        raise UserError("errors.demo_not_demo", path=str(path))


def observation_rows(regions: dict, seed: int) -> pd.DataFrame:
    """Every synthetic observation: monthly counts, derived yearly sums and monthly rates, quarterly surveys."""
    rng = np.random.default_rng(seed)
    counts = monthly_counts(regions, rng)
    plant(counts, regions)
    counts["disputes_resolved"] = resolved(counts["disputes_received"], regions, rng)
    codes = months()
    frames = [pd.DataFrame({"indicator_id": ind, "region_code": reg, "period": codes, "value": vals.astype(float)})
              for ind, series in counts.items() for reg, vals in series.items()]
    monthly = pd.concat(frames, ignore_index=True)
    monthly["origin"], monthly["derivation"] = "reported", None
    rates = _mediation_rates(monthly)
    surveys = quarterly_rates(regions, rng).assign(origin="reported", derivation=None)
    out = pd.concat([monthly, rates, surveys, _yearly_sums(monthly)], ignore_index=True)
    out["decimals"] = np.where(out["indicator_id"].isin(["pl_work_satisfaction", "resettlement_rate"]), 2,
                               np.where(out["indicator_id"] == "mediation_success_rate", 1, 0))
    out["qualifier"], out["measure"] = "exact", "value"
    out["source"] = SOURCE + f" (generator {GENERATOR}, seed {seed})"
    return out


def _mediation_rates(monthly: pd.DataFrame) -> pd.DataFrame:
    """调解成功率 = 调解成功数 ÷ 受理数 per region and month (derived; months without disputes have none)."""
    wide = monthly[monthly["indicator_id"].isin(["disputes_received", "disputes_resolved"])].pivot_table(
        index=["region_code", "period"], columns="indicator_id", values="value")
    wide = wide[wide["disputes_received"] > 0]
    rate = (wide["disputes_resolved"] / wide["disputes_received"] * 100).round(1)
    out = rate.rename("value").reset_index()
    out["indicator_id"], out["origin"] = "mediation_success_rate", "derived"
    out["derivation"] = "调解成功数 ÷ 受理数 × 100 resolved ÷ received × 100"
    return out


def _yearly_sums(monthly: pd.DataFrame) -> pd.DataFrame:
    """Each year's total of each count: the sum of its 12 months (derived)."""
    counts = monthly[monthly["origin"] == "reported"].copy()
    counts["period"] = counts["period"].str[:4]
    out = counts.groupby(["indicator_id", "region_code", "period"], as_index=False)["value"].sum()
    out["origin"] = "derived"
    out["derivation"] = "1–12月之和 sum of the 12 months"
    return out


def _without_seed_keys(rows: pd.DataFrame) -> pd.DataFrame:
    """Drop rows whose key the work summary already holds (its reported figures stay current and reported)."""
    seed = read_seed()
    keys = set(zip(seed["indicator_id"], seed["region_code"], seed["period"], strict=True))
    mask = [k not in keys for k in zip(rows["indicator_id"], rows["region_code"], rows["period"], strict=True)]
    return rows[mask]


def build_demo(path: Path, actor: Actor, seed: int = DEFAULT_SEED) -> dict[str, object]:
    """Create (or re-create) the demo database at path: schema, catalogue, seed, demo regions and figures."""
    path = Path(path)
    _refuse_real(path)
    path.unlink(missing_ok=True)
    Path(str(path) + ".wal").unlink(missing_ok=True)
    con = connect(path)
    try:
        ensure_ready(con)
        regions = demo_regions()
        cat = catalog_from_db(con)
        rows = _without_seed_keys(observation_rows({**cat.regions, **{r.code: r for r in regions}}, seed))
        info = {"generator": GENERATOR, "seed": seed, "created": datetime.now().isoformat(timespec="seconds"),
                "years": [YEARS[0], YEARS[-1]], "regions": len(regions)}
        done = load_demo(con, actor, regions, rows, file_name=FILE_NAME,
                         sha256=hashlib.sha256(f"demo-{GENERATOR}-{seed}".encode()).hexdigest(),
                         note=f"python -m indicators demo (generator {GENERATOR}, seed {seed})", meta_key=META_KEY,
                         info=info)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return {**done, "path": str(path)}
