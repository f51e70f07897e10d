"""Checks over the observations of an upload, vectorised, every problem collected (lazy, pandera-style)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..catalog import Catalog
from ..periods import parse_period

if TYPE_CHECKING:
    from .pipeline import Collector

KEYS = ["_ind", "_reg", "period", "measure"]


def run_checks(obs: pd.DataFrame, catalog: Catalog, col: Collector) -> None:
    """Duplicates, bounds, numerator ≤ denominator, parts ≤ total, reported changes against values."""
    if obs.empty:
        return
    obs["_ind"] = obs["indicator_id"].where(obs["indicator_id"].notna(), "?" + obs["indicator_text"].astype(str))
    obs["_reg"] = obs["region_code"].where(obs["region_code"].notna(), "?" + obs["region_text"].astype(str))
    check_duplicates(obs, col)
    check_bounds(obs, catalog, col)
    values = _unique_values(obs)
    check_ratios(values, catalog, col)
    check_parts(values, catalog, col)
    check_changes(obs, values, col)


def _at(col: Collector, level: str, code: str, row: pd.Series, **params: object) -> None:
    col.add(level, code, row["_sheet"], int(row["_row"]), row["_col"], **params)


def check_duplicates(obs: pd.DataFrame, col: Collector) -> None:
    """The same key twice: identical value → warning, different values → error."""
    dup = obs.duplicated(KEYS, keep=False)
    if not dup.any():
        return
    d = obs[dup]
    spread = d.groupby(KEYS, dropna=False)["value"].transform("nunique")
    first_src = d.groupby(KEYS, dropna=False)["source"].transform("first")
    later = d[d.duplicated(KEYS, keep="first")]
    for idx, r in later.iterrows():
        same = spread[idx] == 1
        _at(col, "warning" if same else "error", "duplicate_same" if same else "duplicate_conflict", r,
            first=first_src[idx], value=_fmt(r["value"]))


def _fmt(v: float) -> str:
    return f"{v:,.10g}"


def check_bounds(obs: pd.DataFrame, catalog: Catalog, col: Collector) -> None:
    """Catalogue bounds: below min / above max is an error, above warn_above a warning; rates 0–100."""
    mask = obs["measure"].eq("value") & obs["indicator_id"].notna()
    if not mask.any():
        return
    o = obs[mask]
    inds = catalog.indicators
    ids = o["indicator_id"]
    lo = ids.map({k: (i.min_value if i.min_value is not None else (0.0 if i.kind in ("count", "rate", "amount")
                                                                      else None)) for k, i in inds.items()})
    hi = ids.map({k: (i.max_value if i.max_value is not None else
                      (100.0 if i.is_rate and i.warn_above is None else None)) for k, i in inds.items()})
    warn = ids.map({k: i.warn_above for k, i in inds.items()})
    v = o["value"]
    below = lo.notna() & (v < lo.astype(float))
    above = hi.notna() & (v > hi.astype(float))
    warned = warn.notna() & (v > warn.astype(float)) & ~above
    for idx in o.index[below.to_numpy()]:
        r = obs.loc[idx]
        code = "negative" if lo[idx] == 0 else "below_min"
        _at(col, "error", code, r, value=_fmt(r["value"]), limit=_fmt(lo[idx]), name=_name(catalog, r))
    for idx in o.index[above.to_numpy()]:
        r = obs.loc[idx]
        _at(col, "error", "above_max", r, value=_fmt(r["value"]), limit=_fmt(hi[idx]), name=_name(catalog, r))
    for idx in o.index[warned.to_numpy()]:
        r = obs.loc[idx]
        _at(col, "warning", "above_warn", r, value=_fmt(r["value"]), limit=_fmt(warn[idx]), name=_name(catalog, r))


def _name(catalog: Catalog, r: pd.Series) -> str:
    ind = catalog.indicators.get(r["indicator_id"]) if isinstance(r["indicator_id"], str) else None
    return ind.name_zh if ind else str(r["indicator_text"])


def _unique_values(obs: pd.DataFrame) -> pd.DataFrame:
    """Mapped 'value' figures, one per key (first occurrence), with their cell."""
    o = obs[obs["measure"].eq("value") & obs["indicator_id"].notna() & obs["region_code"].notna()
            & obs["period"].notna()]
    return o.drop_duplicates(["indicator_id", "region_code", "period"])


def check_ratios(values: pd.DataFrame, catalog: Catalog, col: Collector) -> None:
    """Numerator above denominator (破案数 > 立案数): error, or a warning where the rate may exceed 100."""
    for rate in catalog.indicators.values():
        if not (rate.numerator and rate.denominator):
            continue
        num = values[values["indicator_id"] == rate.numerator]
        den = values[values["indicator_id"] == rate.denominator]
        if num.empty or den.empty:
            continue
        j = num.merge(den, on=["region_code", "period"], suffixes=("", "_den"))
        over = j[j["value"] > j["value_den"]]
        level = "warning" if rate.warn_above is not None else "error"
        for _, r in over.iterrows():
            _at(col, level, "num_above_den", r, num=catalog.indicators[rate.numerator].name_zh,
                num_value=_fmt(r["value"]), den=catalog.indicators[rate.denominator].name_zh,
                den_value=_fmt(r["value_den"]), den_cell=r["source_den"])
        rates = values[values["indicator_id"] == rate.id]
        if rates.empty:
            continue
        k = j.merge(rates, on=["region_code", "period"], suffixes=("", "_rate"))
        if k.empty:
            continue
        computed = k["value"] / k["value_den"].replace(0, np.nan) * 100
        tol = 0.5 * 10 ** -(rate.decimals or 0) + 1e-9
        bad = k[(computed - k["value_rate"]).abs() > tol]
        for idx, r in bad.iterrows():
            where = pd.Series({"_sheet": r["_sheet_rate"], "_row": r["_row_rate"], "_col": r["_col_rate"]})
            _at(col, "warning", "rate_mismatch", where, rate=rate.name_zh, value=_fmt(r["value_rate"]),
                computed=f"{computed[idx]:.{rate.decimals}f}")


def check_parts(values: pd.DataFrame, catalog: Catalog, col: Collector) -> None:
    """Parts above their total: child indicators above the parent, sub-regions above their region."""
    inds = catalog.indicators
    parent_of = {k: i.parent for k, i in inds.items() if i.parent}
    additive = {k for k, i in inds.items() if i.kind in ("count", "amount")}
    v = values[values["indicator_id"].isin(additive)]
    if v.empty:
        return
    kids = v[v["indicator_id"].isin(parent_of)].assign(_parent=lambda d: d["indicator_id"].map(parent_of))
    _parts_over(kids, v, ["_parent", "region_code", "period"], ["indicator_id", "region_code", "period"],
                col, catalog, "parts_above_total_ind")
    reg_parent = {k: r.parent for k, r in catalog.regions.items() if r.parent}
    kids = v[v["region_code"].isin(reg_parent)].assign(_parent=lambda d: d["region_code"].map(reg_parent))
    _parts_over(kids, v, ["indicator_id", "_parent", "period"], ["indicator_id", "region_code", "period"],
                col, catalog, "parts_above_total_reg")


def _parts_over(kids: pd.DataFrame, values: pd.DataFrame, kid_keys: list[str], total_keys: list[str],
                col: Collector, catalog: Catalog, code: str) -> None:
    if kids.empty:
        return
    sums = kids.groupby(kid_keys, as_index=False).agg(parts=("value", "sum"), n=("value", "size"))
    sums.columns = total_keys + ["parts", "n"]
    j = values.merge(sums, on=total_keys)
    for _, r in j[j["parts"] > j["value"] + 1e-9].iterrows():
        _at(col, "error", code, r, total=_fmt(r["value"]), parts=_fmt(r["parts"]), n=int(r["n"]),
            name=_name(catalog, r))


def check_changes(obs: pd.DataFrame, values: pd.DataFrame, col: Collector) -> None:
    """A reported year-on-year change (%) that disagrees with this year's and last year's values in the file."""
    yoy = obs[obs["measure"].eq("yoy_pct") & obs["indicator_id"].notna() & obs["period"].notna()]
    if yoy.empty or values.empty:
        return
    prev = {p: parse_period(p).previous_year().code for p in yoy["period"].unique()}
    y = yoy.assign(_prev=yoy["period"].map(prev))
    base = values[["indicator_id", "region_code", "period", "value"]]
    j = y.merge(base.rename(columns={"value": "_cur"}), on=["indicator_id", "region_code", "period"])
    j = j.merge(base.rename(columns={"value": "_old", "period": "_prev"}), on=["indicator_id", "region_code", "_prev"])
    j = j[j["_old"] != 0]
    computed = (j["_cur"] - j["_old"]) / j["_old"] * 100
    bad = j[(computed - j["value"]).abs() > 0.06]
    for idx, r in bad.iterrows():
        _at(col, "warning", "change_mismatch", r, value=_fmt(r["value"]), computed=f"{computed[idx]:.2f}")
