"""The values the 平安指数 scores: each component's value per region and period, resolved from the store.

Periods are as people name them (Period.canonical): a value stored under a year-to-date code of the same months is
the period's own (2022YTD06 is 2022H1, 2022YTD03 2022Q1, 2022YTD12 the year); where both codes hold a value, the
later batch's is current (period_rows.one_code_per_period), as everywhere else.

A period's value is the stored value for that period; else, for counts and amounts, the sum of its months when
every month is stored; else, for rates with numerator and denominator, the ratio of the parts' values resolved the
same way; else, for rates and indexes, the value of the shortest stored period that contains it (a survey).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from ..catalog import Catalog
from ..period_rows import one_code_per_period
from ..periods import Period, span_codes
from ..store.queries import current_values

# How a value was found (kept beside each value, shown with it)
STORED, MONTHS, PARTS, COVERING = 0, 1, 2, 3
HOW = {STORED: "stored", MONTHS: "months", PARTS: "parts", COVERING: "covering"}
_ADDITIVE = ("count", "amount")




@dataclass
class Inputs:
    """Dense arrays (regions x indicators) per period code, NaN where nothing resolves."""

    regions: list[str]
    indicators: list[str]
    value: dict[str, np.ndarray] = field(default_factory=dict)
    how: dict[str, np.ndarray] = field(default_factory=dict)
    source_period: dict[str, np.ndarray] = field(default_factory=dict)
    batch: dict[str, np.ndarray] = field(default_factory=dict)


def needed_codes(periods: list[Period]) -> list[str]:
    """Every period that can serve these periods, as people name it: themselves, their months, their covering
    periods."""
    codes: set[str] = set()
    for p in periods:
        p = p.canonical()
        codes.add(p.code)
        if p.kind != "month":
            codes.update(m.code for m in p.month_periods())
        codes.update(c.code for c in p.covering())
    return sorted(codes)


def stored_codes(codes: list[str]) -> list[str]:
    """Every code a value of these periods may be stored under (2022H1 → 2022H1, 2022YTD06)."""
    return sorted({s for c in codes for s in span_codes(c)})


def part_indicators(cat: Catalog, indicators: list[str]) -> list[str]:
    """The indicators plus the numerators and denominators of those that are rates."""
    out = list(indicators)
    for i in indicators:
        ind = cat.indicators[i]
        for part in (ind.numerator, ind.denominator):
            if part and part not in out:
                out.append(part)
    return out


def fetch(con: duckdb.DuckDBPyConnection, indicators: list[str], codes: list[str],
          regions: list[str] | None = None) -> pd.DataFrame:
    """Current values of these indicators for these periods (every region, or those given), one per period as people
    name it: a value stored under 2022YTD06 is 2022H1's, and of two codes of one period the later batch's counts."""
    rows = current_values(con, indicators, stored_codes(codes), regions).to_pandas()
    return one_code_per_period(rows, batch="batch")


class _Cube:
    """Stored values as an array: period code x region x indicator (NaN where nothing is stored)."""

    def __init__(self, stored: pd.DataFrame, codes: list[str], regions: list[str], indicators: list[str]):
        self.codes = {c: n for n, c in enumerate(codes)}
        self.value = np.full((len(codes), len(regions), len(indicators)), np.nan)
        self.batch = np.full(self.value.shape, -1, dtype=np.int64)
        p = pd.Categorical(stored["period"], categories=codes).codes
        r = pd.Categorical(stored["region"], categories=regions).codes
        i = pd.Categorical(stored["indicator"], categories=indicators).codes
        ok = (p >= 0) & (r >= 0) & (i >= 0)
        self.value[p[ok], r[ok], i[ok]] = stored["value"].to_numpy(dtype=float)[ok]
        self.batch[p[ok], r[ok], i[ok]] = stored["batch"].to_numpy(dtype=np.int64)[ok]

    def at(self, code: str) -> tuple[np.ndarray, np.ndarray]:
        """Values and batches stored for one period code."""
        n = self.codes[code]
        return self.value[n], self.batch[n]


@dataclass
class Resolved:
    """Values of one period (regions x indicators) with how each was found, its period and batch."""

    value: np.ndarray
    how: np.ndarray
    source: np.ndarray
    batch: np.ndarray

    def fill(self, mask: np.ndarray, value: np.ndarray, how: int, source: str, batch: np.ndarray) -> None:
        """Take value where mask holds and nothing was found yet."""
        take = mask & np.isnan(self.value) & ~np.isnan(value)
        self.value[take], self.how[take], self.source[take], self.batch[take] = value[take], how, source, batch[take]


def resolve(cat: Catalog, cube: _Cube, p: Period, indicators: list[str]) -> Resolved:
    """Each indicator's value for period p in every region (see the module's rules)."""
    value, batch = cube.at(p.code)
    shape = value.shape
    out = Resolved(np.full(shape, np.nan), np.full(shape, -1), np.full(shape, None, dtype=object),
                   np.full(shape, -1, dtype=np.int64))
    everywhere = np.ones(shape, dtype=bool)
    out.fill(everywhere, value, STORED, p.code, batch)
    additive = np.array([cat.indicators[i].kind in _ADDITIVE for i in indicators])[None, :] & everywhere
    if p.kind != "month":
        months = [cube.at(m.code) for m in p.month_periods()]
        vals = np.stack([m[0] for m in months])
        complete = ~np.isnan(vals).any(axis=0)
        out.fill(additive & complete, np.where(complete, np.nansum(vals, axis=0), np.nan), MONTHS, p.code,
                 np.stack([m[1] for m in months]).max(axis=0))
    _rates_from_parts(cat, out, p, indicators)
    for cov in p.covering():
        value, batch = cube.at(cov.code)
        out.fill(~additive, value, COVERING, cov.code, batch)
    return out


def _rates_from_parts(cat: Catalog, out: Resolved, p: Period, indicators: list[str]) -> None:
    """Rates not stored for p, from their numerator and denominator resolved for p (ratio x 100)."""
    col = {i: n for n, i in enumerate(indicators)}
    for i in indicators:
        ind = cat.indicators[i]
        if ind.kind in _ADDITIVE or not (ind.numerator in col and ind.denominator in col):
            continue
        num, den = out.value[:, col[ind.numerator]], out.value[:, col[ind.denominator]]
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(den > 0, num / np.where(den > 0, den, 1) * 100, np.nan)
        batch = np.maximum(out.batch[:, col[ind.numerator]], out.batch[:, col[ind.denominator]])
        mask = np.zeros(out.value.shape, dtype=bool)
        mask[:, col[i]] = True
        full = np.full(out.value.shape, np.nan)
        full[:, col[i]] = ratio
        b = np.full(out.value.shape, -1, dtype=np.int64)
        b[:, col[i]] = batch
        out.fill(mask, full, PARTS, p.code, b)


def load(con: duckdb.DuckDBPyConnection, cat: Catalog, indicators: list[str], periods: list[Period],
         regions: list[str]) -> Inputs:
    """Dense (regions x indicators) arrays of every period's resolved values."""
    wanted = part_indicators(cat, indicators)
    codes = needed_codes(periods)
    cube = _Cube(fetch(con, wanted, codes, regions), codes, regions, wanted)
    out = Inputs(regions, indicators)
    k = len(indicators)
    for p in periods:
        r = resolve(cat, cube, p.canonical(), wanted)
        out.value[p.code], out.how[p.code] = r.value[:, :k], r.how[:, :k]
        out.source_period[p.code], out.batch[p.code] = r.source[:, :k], r.batch[:, :k]
    return out
