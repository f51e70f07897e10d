"""Checks over the observations of an upload, vectorised, every problem collected (lazy, pandera-style).

Labels become integer codes once (a categorical column's own codes); the relational checks (numerator ≤
denominator, rates against their counts, parts ≤ totals, reported changes) find each partner figure by its
codes in a key index (`Figures`), with numpy arrays and no Python loop over rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..catalog import Catalog
from ..periods import parse_period
from .collect import Collector

_DENSE_MIN = 1 << 16          # key spaces this small always get a flat table
_DENSE_PER_ROW = 16           # else a flat table up to this many slots per row (cheaper than hashing) …
_DENSE_MAX = 1 << 26          # … and at most this many (256 MB of int32); beyond it, a hash index


def _dense(size: int, rows: int) -> bool:
    """Whether a key space of this size gets a flat array (fast, memory ~ size) rather than a hash index."""
    return size <= max(_DENSE_MIN, min(_DENSE_PER_ROW * rows, _DENSE_MAX))


class Combos:
    """Consecutive ids for the (a, b) code pairs that occur, so that keys built on them stay small."""

    def __init__(self, a: np.ndarray, b: np.ndarray, nb: int, size: int):
        flat = a.astype(np.int64) * nb + b
        if _dense(size, len(flat)):             # a lookup array over every possible pair
            present = np.zeros(size, dtype=bool)
            present[flat] = True
            self._lut = np.cumsum(present, dtype=np.int32) - 1
            self._lut[~present] = -1
            self.n, self._index = int(np.count_nonzero(present)), None
        else:                                    # a hash index over the pairs that occur
            self._lut, self._index = None, pd.Index(pd.unique(flat))
            self.n = len(self._index)
        self.ids = self.of(flat)

    def of(self, flat: np.ndarray) -> np.ndarray:
        """Id of each pair given as a * nb + b (-1 where it does not occur)."""
        if self._lut is not None:
            return self._lut[flat].astype(np.int64) if len(self._lut) else np.full(len(flat), -1, dtype=np.int64)
        return self._index.get_indexer(flat).astype(np.int64)


class Coded:
    """Integer codes of indicator, region, period and measure per observation, and their distinct values."""

    def __init__(self, obs: pd.DataFrame):
        self.has_indicator = obs["indicator_id"].notna().to_numpy()
        has_region = obs["region_code"].notna().to_numpy()
        self.ind, self.ind_values = _codes(obs["indicator_id"], self.has_indicator, obs["indicator_text"])
        self.reg, self.reg_values = _codes(obs["region_code"], has_region, obs["region_text"])
        self.per, self.per_values = _codes(obs["period"])
        self.measure, self.measure_values = _codes(obs["measure"])
        self.measure_pair = (self.measure, self.measure_values)
        self.mapped = self.has_indicator & has_region
        self.is_value = _is(self.measure_pair, "value")
        self._lookups: dict[int, dict] = {}
        self.has_duplicates = True

    def code_of(self, values: pd.Index, key: object) -> int:
        """Code of a value, or -2 when absent."""
        lookup = self._lookups.get(id(values))
        if lookup is None:
            lookup = self._lookups[id(values)] = {v: k for k, v in enumerate(values)}
        return lookup.get(key, -2)

    def codes_of(self, values: pd.Index, keys: list[object]) -> np.ndarray:
        """Code of each key (-2 where absent) as an int64 array."""
        return np.array([self.code_of(values, k) if k is not None else -2 for k in keys] or [-2], dtype=np.int64)


def _codes(col: pd.Series, known: np.ndarray | None = None,
           text: pd.Series | None = None) -> tuple[np.ndarray, pd.Index]:
    """Codes (-1 for missing) and distinct values of a column; unknown ids coded by their text ('?' + label)."""
    if known is not None and text is not None and not known.all():
        return pd.factorize(_or_text(col, known, text), use_na_sentinel=True)
    if isinstance(col.dtype, pd.CategoricalDtype):          # the column's own (int8 / int16) codes: no hashing
        return col.cat.codes.to_numpy(), col.cat.categories
    return pd.factorize(col, use_na_sentinel=True)


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
    figures = Figures(coded, obs["value"].to_numpy(dtype=float))
    check_duplicates(obs, coded, col, figures)
    check_bounds(obs, catalog, col, coded)
    check_fraction_rates(obs, catalog, col, coded)
    check_ratios(obs, figures, catalog, col)
    check_parts(obs, figures, catalog, col)
    check_changes(obs, figures, catalog, col)
    return not coded.has_duplicates


def _at(col: Collector, level: str, code: str, obs: pd.DataFrame, pos: int, **params: object) -> None:
    if col.over_cap(code):
        return
    r = obs.iloc[int(pos)]
    col.add(level, code, r["_sheet"], int(r["_row"]), r["_col"], **params)


def _fmt(v: float) -> str:
    return f"{v:,.10g}"


def _key(coded: Coded) -> tuple[np.ndarray, int]:
    """One int64 per row naming its (indicator, region, period, measure), missing parts included; and the span."""
    ind_reg = Combos(coded.ind + 1, coded.reg + 1, len(coded.reg_values) + 1,
                     (len(coded.ind_values) + 1) * (len(coded.reg_values) + 1))
    key, span = ind_reg.ids, ind_reg.n
    for codes, values in ((coded.per, coded.per_values), (coded.measure, coded.measure_values)):
        if len(values) == 1 and codes.min() == 0:          # one value, never missing: adds nothing to the key
            continue
        if span * (len(values) + 1) >= 1 << 62:             # re-number densely before it could overflow
            key, uniques = pd.factorize(key)
            key, span = np.asarray(key, dtype=np.int64), len(uniques)
        key *= len(values) + 1
        key += codes
        key += 1
        span *= len(values) + 1
    return key, span


def _repeats(key: np.ndarray, span: int) -> bool:
    """Whether some key occurs twice (a bitmap over the span when it is small enough, else hashing)."""
    if _dense(span, len(key)):
        seen = np.zeros(span, dtype=bool)
        seen[key] = True
        return int(np.count_nonzero(seen)) < len(key)
    return len(pd.unique(key)) < len(key)


def check_duplicates(obs: pd.DataFrame, coded: Coded, col: Collector, figures: Figures) -> None:
    """The same key twice: identical value → warning, different values → error."""
    if figures.every_row:                  # every row a mapped figure: its key index has already looked
        coded.has_duplicates = figures.repeats
        key = _key(coded)[0] if figures.repeats else None
    else:
        key, span = _key(coded)
        coded.has_duplicates = _repeats(key, span)
    if not coded.has_duplicates:
        return
    codes = pd.factorize(key)[0]
    dup = (np.bincount(codes)[codes] > 1) & (coded.per >= 0)     # a figure without a period is reported as such
    value = obs["value"].to_numpy(dtype=float)
    d = pd.DataFrame({"k": key[dup], "pos": np.flatnonzero(dup)})
    first = d.groupby("k", sort=False)["pos"].transform("first").to_numpy()
    for k in np.flatnonzero(d["pos"].to_numpy() != first):
        pos = int(d["pos"].iat[k])
        a, b = value[pos], value[first[k]]
        same = a == b or (np.isnan(a) and np.isnan(b))    # each later row against the key's first row
        _at(col, "warning" if same else "error", "duplicate_same" if same else "duplicate_conflict", obs, pos,
            first=obs["source"].iat[int(first[k])], value=_fmt(obs["value"].iat[pos]))


def _limits(catalog: Catalog, ids: pd.Index) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lower, upper and warning bounds per indicator code (NaN where none applies)."""
    lo, hi, warn = [], [], []
    for i in (catalog.indicators.get(v) for v in ids):
        if i is None:
            lo.append(np.nan), hi.append(np.nan), warn.append(np.nan)
            continue
        lo.append(i.min_value if i.min_value is not None else 0.0 if i.kind in ("count", "rate", "amount") else np.nan)
        hi.append(i.max_value if i.max_value is not None else 100.0 if i.is_rate and i.warn_above is None else np.nan)
        warn.append(i.warn_above if i.warn_above is not None else np.nan)
    return tuple(np.array(x or [np.nan], dtype=float) for x in (lo, hi, warn))


def check_bounds(obs: pd.DataFrame, catalog: Catalog, col: Collector, coded: Coded) -> None:
    """Catalogue bounds: below min / above max is an error, above warn_above a warning; rates 0–100."""
    mask = coded.is_value & coded.has_indicator
    if not mask.any():
        return
    every = bool(mask.all())
    codes = coded.ind if every else coded.ind[mask]
    v = obs["value"].to_numpy(dtype=float)
    v = v if every else v[mask]
    pos = np.arange(len(v)) if every else np.flatnonzero(mask)
    lo_u, hi_u, warn_u = _limits(catalog, coded.ind_values)
    name = lambda k: catalog.indicators[coded.ind_values[codes[k]]].name_zh  # noqa: E731
    none = np.zeros(len(v), dtype=bool)
    below = v < lo_u[codes] if not np.isnan(lo_u).all() else none
    above = v > hi_u[codes] if not np.isnan(hi_u).all() else none
    warned = (v > warn_u[codes]) & ~above if not np.isnan(warn_u).all() else none
    for k in np.flatnonzero(below):
        lo = lo_u[codes[k]]
        _at(col, "error", "negative" if lo == 0 else "below_min", obs, pos[k], value=_fmt(v[k]), limit=_fmt(lo),
            name=name(k))
    for k in np.flatnonzero(above):
        _at(col, "error", "above_max", obs, pos[k], value=_fmt(v[k]), limit=_fmt(hi_u[codes[k]]), name=name(k))
    for k in np.flatnonzero(warned):
        _at(col, "warning", "above_warn", obs, pos[k], value=_fmt(v[k]), limit=_fmt(warn_u[codes[k]]), name=name(k))


def check_fraction_rates(obs: pd.DataFrame, catalog: Catalog, col: Collector, coded: Coded) -> None:
    """A rate whose every figure lies in 0–1 (0.955) was probably typed as a fraction or formatted as % in Excel."""
    inds = catalog.indicators
    is_rate = np.array([(i := inds.get(v)) is not None and i.is_rate for v in coded.ind_values] or [False])
    mask = coded.is_value & coded.has_indicator & is_rate[coded.ind]
    if not mask.any():
        return
    c, v, pos = coded.ind[mask], obs["value"].to_numpy(dtype=float)[mask], np.flatnonzero(mask)
    k = len(is_rate)
    lo, hi, first = np.full(k, np.inf), np.full(k, -np.inf), np.full(k, len(obs))
    np.fmin.at(lo, c, v)
    np.fmax.at(hi, c, v)
    np.minimum.at(first, c, pos)
    frac = np.bincount(c, weights=(v % 1 != 0), minlength=k) > 0
    hits = np.flatnonzero(np.isfinite(lo) & (lo >= 0) & (hi <= 1) & frac)
    for code in sorted(hits, key=lambda h: first[h]):
        p = int(first[code])
        _at(col, "warning", "rate_as_fraction", obs, p, name=inds[coded.ind_values[code]].name_zh,
            value=_fmt(obs["value"].iat[p]))


class Figures:
    """The first value figure of each (indicator, region, period) among mapped rows, found by codes."""

    def __init__(self, coded: Coded, value: np.ndarray):
        self.coded, self.value = coded, value
        keep = coded.is_value & coded.mapped & (coded.per >= 0)
        self.every_row = bool(keep.all())
        rows = np.arange(len(keep)) if self.every_row else np.flatnonzero(keep)
        ind, reg, per = (a if len(rows) == len(a) else a[rows] for a in (coded.ind, coded.reg, coded.per))
        self.dims = tuple(int(a.max()) + 1 if len(a) else 0 for a in (ind, reg, per))
        self._pairs = Combos(ind, reg, self.dims[1], self.dims[0] * self.dims[1])   # (indicator, region) present
        key = self._pairs.ids * self.dims[2] + per
        size = self._pairs.n * self.dims[2]
        self._table = np.full(size, -1, dtype=np.int32 if len(value) < 2**31 else np.int64) \
            if _dense(size, len(rows)) else None
        self.repeats = self._index_keys(key, rows)
        if self.repeats:                               # keep the first row of each key, as the file reads
            key, first = np.unique(key, return_index=True)
            rows, ind, reg, per = rows[first], ind[first], reg[first], per[first]
            if self._table is not None:
                self._table[:] = -1
            self._index_keys(key, rows)
        self.pos, self.ind, self.reg, self.per = rows, ind, reg, per
        small = ind.astype(np.int16) if self.dims[0] < 2**15 else ind      # 16-bit: numpy's radix sort
        self._by_ind = np.argsort(small, kind="stable")
        self._starts = np.concatenate([[0], np.cumsum(np.bincount(ind, minlength=self.dims[0]))])

    def _index_keys(self, key: np.ndarray, rows: np.ndarray) -> bool:
        """Index rows by key, in the flat table or a hash index; whether some key repeats (index then unusable)."""
        if self._table is not None:
            self._table[key] = rows
            return int(np.count_nonzero(self._table >= 0)) < len(rows)
        self._index, self._rows = pd.Index(key), rows
        return not self._index.is_unique

    def of(self, code: int) -> np.ndarray:
        """Indexes (into pos, ind, reg, per) of the figures of one indicator code."""
        if not 0 <= code < self.dims[0]:
            return np.zeros(0, dtype=np.int64)
        return self._by_ind[self._starts[code]:self._starts[code + 1]]

    def lookup(self, ind: np.ndarray | int, reg: np.ndarray, per: np.ndarray) -> np.ndarray:
        """Observation position of the figure with these codes, -1 where there is none."""
        ind = np.broadcast_to(np.asarray(ind, dtype=np.int64), np.shape(reg))
        ok = np.ones(len(reg), dtype=bool)
        for a, n in zip((ind, reg, per), self.dims, strict=True):
            ok &= (a >= 0) & (a < n)
        pair = self._pairs.of(np.where(ok, ind * self.dims[1] + reg, 0))
        ok &= pair >= 0
        key = np.where(ok, pair * self.dims[2] + per, 0)
        if self._table is not None:
            found = self._table[key] if len(self._table) else np.full(len(key), -1)
        else:
            at = self._index.get_indexer(key)
            found = np.where(at >= 0, self._rows[at], -1)
        return np.where(ok, found, -1).astype(np.int64)


def _ordered(parts: list[dict[str, np.ndarray]]) -> list[dict]:
    """Findings of several rules as records, ordered by the cell they are reported at."""
    parts = [p for p in parts if len(p["pos"])]
    if not parts:
        return []
    merged = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    order = np.argsort(merged["pos"], kind="stable")
    return [{k: v[i] for k, v in merged.items()} for i in order]


def check_ratios(obs: pd.DataFrame, fig: Figures, catalog: Catalog, col: Collector) -> None:
    """Numerator above denominator (破案数 > 立案数), and a rate that disagrees with its two counts."""
    c, value, inds = fig.coded, fig.value, catalog.indicators
    above, mismatch = [], []
    for k, rate in enumerate(inds.values()):
        if not (rate.numerator and rate.denominator):
            continue
        j = fig.of(c.code_of(c.ind_values, rate.numerator))
        d = fig.lookup(c.code_of(c.ind_values, rate.denominator), fig.reg[j], fig.per[j])
        j, d = j[d >= 0], d[d >= 0]
        n, nv, dv = fig.pos[j], value[fig.pos[j]], value[d]
        hit = nv > dv
        above.append({"pos": n[hit], "num": nv[hit], "den": dv[hit], "den_pos": d[hit], "rate": np.full(hit.sum(), k)})
        x = fig.lookup(c.code_of(c.ind_values, rate.id), fig.reg[j], fig.per[j])
        keep = (x >= 0) & (dv != 0)
        computed = np.divide(nv, dv, out=np.zeros_like(nv), where=keep) * 100
        off = keep & (np.abs(computed - value[np.maximum(x, 0)]) > 0.5 * 10.0 ** -int(rate.decimals or 0) + 1e-9)
        mismatch.append({"pos": x[off], "computed": computed[off], "rate": np.full(off.sum(), k)})
    rates = list(inds.values())
    for r in _ordered(above):
        rate = rates[int(r["rate"])]
        _at(col, "warning" if rate.warn_above is not None else "error", "num_above_den", obs, r["pos"],
            num=inds[rate.numerator].name_zh, num_value=_fmt(r["num"]), den=inds[rate.denominator].name_zh,
            den_value=_fmt(r["den"]), den_cell=obs["source"].iat[int(r["den_pos"])])
    for r in _ordered(mismatch):
        rate = rates[int(r["rate"])]
        _at(col, "warning", "rate_mismatch", obs, r["pos"], rate=rate.name_zh, value=_fmt(value[int(r["pos"])]),
            computed=f"{r['computed']:.{int(rate.decimals or 0)}f}")


def _sum_into(fig: Figures, j: np.ndarray, total: np.ndarray) -> list[dict]:
    """Figures j summed into the total each belongs to; the totals their parts exceed, in cell order."""
    j, total = j[total >= 0], total[total >= 0]
    n = len(fig.value)
    parts = np.bincount(total, weights=fig.value[fig.pos[j]], minlength=n)
    count = np.bincount(total, minlength=n)
    t = np.flatnonzero(count)
    t = t[parts[t] > fig.value[t] + 1e-9]
    return [{"pos": p, "parts": parts[p], "n": count[p]} for p in t]


def check_parts(obs: pd.DataFrame, fig: Figures, catalog: Catalog, col: Collector) -> None:
    """Parts above their total: sub-indicators (八类暴力案件 within 刑事案件), and subdistricts within the district."""
    c, inds = fig.coded, catalog.indicators
    additive = np.array([(i := inds.get(v)) is not None and i.kind in ("count", "amount") for v in c.ind_values]
                        or [False], dtype=bool)
    parent = c.codes_of(c.ind_values, [(i := inds.get(v)) and i.parent for v in c.ind_values])
    j = np.flatnonzero((parent[fig.ind] >= 0) & additive[fig.ind])
    by_ind = _sum_into(fig, j, fig.lookup(parent[fig.ind[j]], fig.reg[j], fig.per[j]))
    regs = catalog.regions
    up = c.codes_of(c.reg_values, [(r := regs.get(v)) and r.parent for v in c.reg_values])
    j = np.flatnonzero((up[fig.reg] >= 0) & additive[fig.ind])
    by_reg = _sum_into(fig, j, fig.lookup(fig.ind[j], up[fig.reg[j]], fig.per[j]))
    for found, code in ((by_ind, "parts_above_total_ind"), (by_reg, "parts_above_total_reg")):
        for r in found:
            p = int(r["pos"])
            _at(col, "error", code, obs, p, total=_fmt(fig.value[p]), parts=_fmt(r["parts"]), n=int(r["n"]),
                name=inds[c.ind_values[c.ind[p]]].name_zh)


def check_changes(obs: pd.DataFrame, fig: Figures, catalog: Catalog, col: Collector) -> None:
    """A reported year-on-year change that disagrees with this year's and last year's values (by > 0.06 points)."""
    c, value = fig.coded, fig.value
    y = np.flatnonzero(_is(c.measure_pair, "yoy_pct") & c.mapped & (c.per >= 0))
    if not len(y):
        return
    prev = c.codes_of(c.per_values, [parse_period(p).previous_year().code for p in c.per_values])
    now = fig.lookup(c.ind[y], c.reg[y], c.per[y])
    before = fig.lookup(c.ind[y], c.reg[y], prev[c.per[y]])
    keep = (now >= 0) & (before >= 0)
    y, now, before = y[keep], now[keep], before[keep]
    base = value[before]
    keep = base != 0
    y, now, base = y[keep], now[keep], base[keep]
    computed = (value[now] - base) / base * 100
    for k in np.flatnonzero(np.abs(computed - value[y]) > 0.06):
        _at(col, "warning", "change_mismatch", obs, y[k], value=_fmt(value[y[k]]), computed=f"{computed[k]:.2f}")
