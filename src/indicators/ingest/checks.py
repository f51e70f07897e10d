"""Checks over the observations of an upload, vectorised, every problem collected (lazy, pandera-style).

Labels are factorised into integer codes once; the relational checks (numerator ≤ denominator, rates
against their counts, parts ≤ totals, reported changes) run as joins in an in-memory DuckDB over those codes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd

from ..catalog import Catalog
from ..periods import parse_period

if TYPE_CHECKING:
    from .pipeline import Collector


class Coded:
    """Integer codes of indicator, region and period per observation, and their distinct values."""

    def __init__(self, obs: pd.DataFrame):
        self.has_indicator = obs["indicator_id"].notna().to_numpy()
        has_region = obs["region_code"].notna().to_numpy()
        ind = _or_text(obs["indicator_id"], self.has_indicator, obs["indicator_text"])
        reg = _or_text(obs["region_code"], has_region, obs["region_text"])
        self.ind, self.ind_values = pd.factorize(ind, use_na_sentinel=True)
        self.reg, self.reg_values = pd.factorize(reg, use_na_sentinel=True)
        self.per, self.per_values = pd.factorize(obs["period"], use_na_sentinel=True)
        self.measure, self.measure_values = pd.factorize(obs["measure"], use_na_sentinel=True)
        self.measure_pair = (self.measure, self.measure_values)
        self.mapped = self.has_indicator & has_region
        self._lookups: dict[int, dict] = {}
        self.has_duplicates = True

    def code_of(self, values: pd.Index, key: object) -> int:
        """Code of a value, or -2 when absent."""
        lookup = self._lookups.get(id(values))
        if lookup is None:
            lookup = self._lookups[id(values)] = {v: k for k, v in enumerate(values)}
        return lookup.get(key, -2)


def _or_text(ids: pd.Series, known: np.ndarray, text: pd.Series) -> np.ndarray:
    """The id where known, else '?' + the label as written (only the unknown rows are built)."""
    out = ids.to_numpy(dtype=object).copy()
    if not known.all():
        out[~known] = ("?" + text[~known].astype(str)).to_numpy(dtype=object)
    return out


def _is(pair: tuple[np.ndarray, pd.Index], value: str) -> np.ndarray:
    """Rows whose coded value equals value (one comparison per distinct value)."""
    codes, values = pair
    hits = [k for k, v in enumerate(values) if v == value]
    return np.isin(codes, hits) if hits else np.zeros(len(codes), dtype=bool)


def run_checks(obs: pd.DataFrame, catalog: Catalog, col: Collector) -> bool:
    """Duplicates, bounds, numerator ≤ denominator, rates vs counts, parts ≤ total, reported changes.

    Returns whether every key (indicator, region, period, measure) occurs once.
    """
    if obs.empty:
        return True
    coded = Coded(obs)
    check_duplicates(obs, coded, col)
    check_bounds(obs, catalog, col, coded)
    check_fraction_rates(obs, catalog, col, coded)
    sql_checks(obs, coded, catalog, col)
    return not coded.has_duplicates


def _at(col: Collector, level: str, code: str, obs: pd.DataFrame, pos: int, **params: object) -> None:
    if col.over_cap(code):
        return
    r = obs.iloc[int(pos)]
    col.add(level, code, r["_sheet"], int(r["_row"]), r["_col"], **params)


def _fmt(v: float) -> str:
    return f"{v:,.10g}"


def check_duplicates(obs: pd.DataFrame, coded: Coded, col: Collector) -> None:
    """The same key twice: identical value → warning, different values → error."""
    key = pd.DataFrame({"i": coded.ind, "r": coded.reg, "p": coded.per, "m": coded.measure})
    dup = key.duplicated(keep=False).to_numpy()
    coded.has_duplicates = bool(dup.any())
    if not coded.has_duplicates:
        return
    d = key[dup].assign(v=obs["value"].to_numpy()[dup], pos=np.flatnonzero(dup))
    g = d.groupby(["i", "r", "p", "m"])
    spread = g["v"].transform("nunique").to_numpy()
    first = g["pos"].transform("first").to_numpy()
    for k in np.flatnonzero(d["pos"].to_numpy() != first):
        same = spread[k] == 1
        pos = int(d["pos"].iat[k])
        _at(col, "warning" if same else "error", "duplicate_same" if same else "duplicate_conflict", obs, pos,
            first=obs["source"].iat[int(first[k])], value=_fmt(obs["value"].iat[pos]))


def check_bounds(obs: pd.DataFrame, catalog: Catalog, col: Collector, coded: Coded) -> None:
    """Catalogue bounds: below min / above max is an error, above warn_above a warning; rates 0–100."""
    mask = _is(coded.measure_pair, "value") & coded.has_indicator
    if not mask.any():
        return
    codes, ids = pd.factorize(obs["indicator_id"].to_numpy()[mask])
    inds = [catalog.indicators[i] for i in ids]
    lo = np.array([i.min_value if i.min_value is not None else (0.0 if i.kind in ("count", "rate", "amount")
                                                                 else np.nan) for i in inds], dtype=float)[codes]
    hi = np.array([i.max_value if i.max_value is not None else (100.0 if i.is_rate and i.warn_above is None
                                                                 else np.nan) for i in inds], dtype=float)[codes]
    warn = np.array([i.warn_above if i.warn_above is not None else np.nan for i in inds], dtype=float)[codes]
    v = obs["value"].to_numpy(dtype=float)[mask]
    pos = np.flatnonzero(mask)
    below, above = v < lo, v > hi
    warned = (v > warn) & ~above
    for k in np.flatnonzero(below):
        _at(col, "error", "negative" if lo[k] == 0 else "below_min", obs, pos[k], value=_fmt(v[k]),
            limit=_fmt(lo[k]), name=inds[codes[k]].name_zh)
    for k in np.flatnonzero(above):
        _at(col, "error", "above_max", obs, pos[k], value=_fmt(v[k]), limit=_fmt(hi[k]), name=inds[codes[k]].name_zh)
    for k in np.flatnonzero(warned):
        _at(col, "warning", "above_warn", obs, pos[k], value=_fmt(v[k]), limit=_fmt(warn[k]),
            name=inds[codes[k]].name_zh)


def check_fraction_rates(obs: pd.DataFrame, catalog: Catalog, col: Collector, coded: Coded) -> None:
    """A rate whose every figure lies in 0–1 (0.955) was probably typed as a fraction or formatted as % in Excel."""
    mask = _is(coded.measure_pair, "value") & coded.has_indicator
    if not mask.any():
        return
    rates = [k for k in (coded.code_of(coded.ind_values, i) for i, ind in catalog.indicators.items() if ind.is_rate)
             if k >= 0]
    mask &= np.isin(coded.ind, rates)
    if not mask.any():
        return
    v = obs["value"].to_numpy(dtype=float)[mask]
    frame = pd.DataFrame({"code": coded.ind[mask], "v": v, "pos": np.flatnonzero(mask), "frac": v % 1 != 0})
    g = frame.groupby("code", sort=False).agg(lo=("v", "min"), hi=("v", "max"), pos=("pos", "first"),
                                              frac=("frac", "any"))
    g.index = [coded.ind_values[k] for k in g.index]
    for ind, r in g[(g["lo"] >= 0) & (g["hi"] <= 1) & g["frac"]].iterrows():
        _at(col, "warning", "rate_as_fraction", obs, int(r["pos"]), name=catalog.indicators[ind].name_zh,
            value=_fmt(obs["value"].iat[int(r["pos"])]))


_VALUES_UNIQUE = "CREATE TEMP TABLE v AS SELECT * FROM obs WHERE is_value AND mapped AND per >= 0"
_VALUES = _VALUES_UNIQUE + " QUALIFY row_number() OVER (PARTITION BY ind, reg, per ORDER BY pos) = 1"

_NUM_ABOVE_DEN = """SELECT r.id AS rate, n.pos, n.value AS num_value, d.value AS den_value, d.pos AS den_pos
    FROM cat r JOIN v n ON n.ind = r.num
    JOIN v d ON d.ind = r.den AND d.reg = n.reg AND d.per = n.per
    WHERE n.value > d.value ORDER BY n.pos"""

_RATE_MISMATCH = """SELECT r.id AS rate, x.pos, x.value, n.value / d.value * 100 AS computed, r.decimals
    FROM cat r JOIN v n ON n.ind = r.num
    JOIN v d ON d.ind = r.den AND d.reg = n.reg AND d.per = n.per
    JOIN v x ON x.ind = r.code AND x.reg = n.reg AND x.per = n.per
    WHERE d.value <> 0 AND abs(n.value / d.value * 100 - x.value) > 0.5 * pow(10, -r.decimals) + 1e-9
    ORDER BY x.pos"""

_PARTS_IND = """SELECT t.pos, t.value, s.parts, s.n, c.id FROM (
        SELECT c.parent, v.reg, v.per, sum(v.value) AS parts, count(*) AS n
        FROM v JOIN cat c ON c.code = v.ind WHERE c.parent >= 0 AND c.additive GROUP BY ALL) s
    JOIN v t ON t.ind = s.parent AND t.reg = s.reg AND t.per = s.per JOIN cat c ON c.code = t.ind
    WHERE s.parts > t.value + 1e-9 ORDER BY t.pos"""

_PARTS_REG = """SELECT t.pos, t.value, s.parts, s.n, c.id FROM (
        SELECT v.ind, g.parent, v.per, sum(v.value) AS parts, count(*) AS n
        FROM v JOIN reg g ON g.code = v.reg JOIN cat c ON c.code = v.ind
        WHERE g.parent >= 0 AND c.additive GROUP BY ALL) s
    JOIN v t ON t.ind = s.ind AND t.reg = s.parent AND t.per = s.per JOIN cat c ON c.code = t.ind
    WHERE s.parts > t.value + 1e-9 ORDER BY t.pos"""

_CHANGES = """SELECT y.pos, y.value, (c.value - p.value) / p.value * 100 AS computed
    FROM obs y JOIN prev ON prev.per = y.per
    JOIN v c ON c.ind = y.ind AND c.reg = y.reg AND c.per = y.per
    JOIN v p ON p.ind = y.ind AND p.reg = y.reg AND p.per = prev.prev
    WHERE y.is_yoy AND y.mapped AND p.value <> 0
      AND abs((c.value - p.value) / p.value * 100 - y.value) > 0.06 ORDER BY y.pos"""


def _frames(obs: pd.DataFrame, coded: Coded, catalog: Catalog) -> dict[str, pd.DataFrame]:
    """Integer-coded observations and the catalogue relations, for DuckDB."""
    frame = pd.DataFrame({"pos": np.arange(len(obs)), "ind": coded.ind, "reg": coded.reg, "per": coded.per,
                          "value": obs["value"].to_numpy(dtype=float), "mapped": coded.mapped,
                          "is_value": _is(coded.measure_pair, "value"), "is_yoy": _is(coded.measure_pair, "yoy_pct")})
    ic = coded.code_of
    cat = pd.DataFrame({
        "id": [i.id for i in catalog.indicators.values()],
        "code": [ic(coded.ind_values, i.id) for i in catalog.indicators.values()],
        "num": [ic(coded.ind_values, i.numerator) if i.numerator else -2 for i in catalog.indicators.values()],
        "den": [ic(coded.ind_values, i.denominator) if i.denominator else -2 for i in catalog.indicators.values()],
        "parent": [ic(coded.ind_values, i.parent) if i.parent else -2 for i in catalog.indicators.values()],
        "additive": [i.kind in ("count", "amount") for i in catalog.indicators.values()],
        "decimals": [int(i.decimals or 0) for i in catalog.indicators.values()],
    })
    reg = pd.DataFrame({"code": [ic(coded.reg_values, r.code) for r in catalog.regions.values()],
                        "parent": [ic(coded.reg_values, r.parent) if r.parent else -2
                                   for r in catalog.regions.values()]})
    pers = [(k, p) for k, p in enumerate(coded.per_values)]
    prev = pd.DataFrame({"per": [k for k, _ in pers],
                         "prev": [ic(coded.per_values, parse_period(p).previous_year().code) for _, p in pers]},
                        dtype="int64")
    return {"obs": frame, "cat": cat, "reg": reg, "prev": prev}


def sql_checks(obs: pd.DataFrame, coded: Coded, catalog: Catalog, col: Collector) -> None:
    """Ratio, parts and change checks as joins in an in-memory DuckDB (vectorised, any file size)."""
    con = duckdb.connect()
    try:
        frames = _frames(obs, coded, catalog)
        for name, frame in frames.items():           # the large one is scanned in place, the small ones copied
            con.register(f"{name}_df", frame)
            kind = "VIEW" if name == "obs" else "TABLE"
            con.execute(f"CREATE TEMP {kind} {name} AS SELECT * FROM {name}_df")  # noqa: S608 - fixed names
        con.execute(_VALUES if coded.has_duplicates else _VALUES_UNIQUE)
        _report(con, obs, catalog, col, has_changes=bool(frames["obs"]["is_yoy"].any()))
    finally:
        con.close()


def _report(con: duckdb.DuckDBPyConnection, obs: pd.DataFrame, catalog: Catalog, col: Collector,
            has_changes: bool = True) -> None:
    inds = catalog.indicators
    for r in con.execute(_NUM_ABOVE_DEN).df().to_dict("records"):
        rate = inds[r["rate"]]
        _at(col, "warning" if rate.warn_above is not None else "error", "num_above_den", obs, r["pos"],
            num=inds[rate.numerator].name_zh, num_value=_fmt(r["num_value"]), den=inds[rate.denominator].name_zh,
            den_value=_fmt(r["den_value"]), den_cell=obs["source"].iat[int(r["den_pos"])])
    for r in con.execute(_RATE_MISMATCH).df().to_dict("records"):
        _at(col, "warning", "rate_mismatch", obs, r["pos"], rate=inds[r["rate"]].name_zh, value=_fmt(r["value"]),
            computed=f"{r['computed']:.{int(r['decimals'])}f}")
    for sql, code in ((_PARTS_IND, "parts_above_total_ind"), (_PARTS_REG, "parts_above_total_reg")):
        for r in con.execute(sql).df().to_dict("records"):
            _at(col, "error", code, obs, r["pos"], total=_fmt(r["value"]), parts=_fmt(r["parts"]), n=int(r["n"]),
                name=inds[r["id"]].name_zh)
    for r in con.execute(_CHANGES).df().to_dict("records") if has_changes else []:
        _at(col, "warning", "change_mismatch", obs, r["pos"], value=_fmt(r["value"]), computed=f"{r['computed']:.2f}")
