"""One indicator's figure for a region and period: value, prior, change, assessment, provenance, sentence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from .catalog import Catalog, Indicator, Region
from .compute import (
    NOT_COMPARABLE,
    Change,
    Figure,
    Reconciliation,
    exact_change_pct,
    exact_rate,
    reconcile,
    round_half_up,
    sentence_en,
    sentence_zh,
)
from .compute.change import assessments, change_of, change_units, changes, significance, within_noise
from .compute.rounding import shown_decimals
from .compute.sentences import derivation_text
from .periods import Period, canonical_code, parse_period
from .store.queries import current


@dataclass(frozen=True)
class Value:
    """A stored value with its provenance."""

    value: float
    origin: str
    qualifier: str
    decimals: int
    source: str
    derivation: str | None
    period: str
    batch_id: int

    def how(self, lang: str) -> str:
        """Where the value comes from: how it was derived (in the reader's language), else its source."""
        if self.origin == "derived" and self.derivation:
            return derivation_text(self.derivation, lang)
        return self.source


@dataclass
class IndicatorFigure:
    """Everything a page, CLI or export says about an indicator in one region and period."""

    indicator: Indicator
    region: Region
    period: Period
    compare: Period
    current: Value | None = None
    previous: Value | None = None
    reported_change: Value | None = None
    computed_change: Change | None = None
    change: float | None = None
    change_unit: str = "pct"
    change_origin: str | None = None
    change_decimals: int = 2
    rank: Value | None = None
    computed_value: float | None = None
    reconciliations: dict[str, Reconciliation] = field(default_factory=dict)
    assessment: str = NOT_COMPARABLE
    noise: bool = False   # the change has a direction but lies within normal variation (Poisson test)

    @property
    def has_data(self) -> bool:
        """Whether anything is known for this period."""
        return any(v is not None for v in (self.current, self.reported_change, self.rank))

    @property
    def disagreements(self) -> list[str]:
        """Names of reconciliations where reported and computed figures disagree."""
        return [k for k, r in self.reconciliations.items() if r.agrees is False]

    def as_figure(self) -> Figure:
        """The sentence builder's view of this figure."""
        v = self.current
        return Figure(self.indicator.name_zh, self.indicator.name_en, self.indicator.unit, self.region.name_zh,
                      self.region.name_en, self.region.level, v.value if v else None, v.decimals if v else 0,
                      v.qualifier if v else "exact", self.change, self.change_unit, self.change_decimals,
                      int(self.rank.value) if self.rank and not v and self.change is None else None)

    def sentence(self, lang: str) -> str:
        """Official-style sentence in zh or en."""
        return sentence_zh(self.as_figure()) if lang == "zh" else sentence_en(self.as_figure())


def _value(row: Mapping[str, Any]) -> Value:
    dec = row["decimals"]
    value = float(row["value"])
    return Value(value, row["origin"], row["qualifier"], shown_decimals(value, int(dec) if pd.notna(dec) else 0),
                 row["source"] or "", row["derivation"] if pd.notna(row["derivation"]) else None,
                 row["period"], int(row["batch_id"]))


def _lookup(rows: pd.DataFrame) -> dict[tuple[str, str, str], Value]:
    """(indicator, canonical period, measure) → Value. Two codes of one period (2021H1 and 2021YTD06) are one key:
    the later batch's row wins, as a later batch supersedes an earlier one for the same code."""
    cols = ["indicator", "period", "measure", "value", "origin", "qualifier", "decimals", "source", "derivation",
            "batch_id"]
    rows = rows[cols].sort_values("batch_id", kind="stable")
    keys = rows["period"].map({c: canonical_code(c) for c in rows["period"].unique()})
    return {(r["indicator"], k, r["measure"]): _value(r) for k, r in zip(keys, rows.to_dict("records"), strict=True)}


def _rank_in(lookup: dict, ind: str, period: Period) -> Value | None:
    """Rank at the period itself, else the latest rank reported inside it (e.g. H1 within the year)."""
    direct = lookup.get((ind, period.code, "rank"))
    if direct:
        return direct
    a, b = period.months()
    inside = [v for (i, p, m), v in lookup.items() if i == ind and m == "rank" and _within(p, period.year, a, b)]
    return max(inside, key=lambda v: parse_period(v.period).months()[1]) if inside else None


def _within(code: str, year: int, first: int, last: int) -> bool:
    p = parse_period(code)
    a, b = p.months()
    return p.year == year and first <= a and b <= last


def _values(f: IndicatorFigure, lookup: dict, ranks: dict) -> IndicatorFigure:
    """Fill a figure's looked-up values: current, previous, rank, reported change."""
    ind, code = f.indicator, f.period.code
    f.current = lookup.get((ind.id, code, "value"))
    f.previous = lookup.get((ind.id, f.compare.code, "value"))
    f.rank = _rank_in(ranks, ind.id, f.period)
    f.change_unit = "pp" if ind.is_rate else "pct"
    f.reported_change = lookup.get((ind.id, code, "yoy_pp" if ind.is_rate else "yoy_pct"))
    return f


def build(inds: list[Indicator], region: Region, period: Period, compare: Period,
          lookup: dict[tuple[str, str, str], Value],
          ranks: dict[tuple[str, str, str], Value] | None = None) -> list[IndicatorFigure]:
    """Assemble the figures of these indicators from the looked-up values (pure), changes computed as one column."""
    ranks = {k: v for k, v in lookup.items() if k[2] == "rank"} if ranks is None else ranks
    figs = [_values(IndicatorFigure(ind, region, period, compare), lookup, ranks) for ind in inds]
    cur = np.array([f.current.value if f.current else np.nan for f in figs], dtype=float)
    prev = np.array([f.previous.value if f.previous else np.nan for f in figs], dtype=float)
    is_rate = np.array([f.indicator.is_rate for f in figs], dtype=bool)
    values = changes(cur, prev, is_rate)
    z, sig = significance(cur, prev, np.array([f.indicator.kind == "count" for f in figs], dtype=bool) & ~is_rate)
    for n, f in enumerate(figs):
        f.computed_change = change_of(f.current.value if f.current else None,
                                      f.previous.value if f.previous else None, bool(is_rate[n]), values[n], z[n],
                                      sig[n])
        _choose_change(f)
        _reconcile(f, lookup)
    chosen = np.array([np.nan if f.change is None else f.change for f in figs], dtype=float)
    tested = np.array([_sig(f) for f in figs], dtype=float)
    polarity = np.array([f.indicator.polarity for f in figs], dtype=float)
    verdicts = assessments(chosen, polarity, change_units(is_rate))
    for f, verdict, noise in zip(figs, verdicts, within_noise(tested, verdicts), strict=True):
        f.assessment, f.noise = verdict, bool(noise)
    return figs


def _sig(f: IndicatorFigure) -> float:
    """1.0 / 0.0 when the figure's two counts were tested for significance, else NaN (within_noise's encoding)."""
    ch = f.computed_change
    return float(ch.significant) if ch and ch.comparable and ch.significant is not None else np.nan


def _choose_change(f: IndicatorFigure) -> None:
    """Prefer the reported change; else the computed one (derived), else none."""
    if f.reported_change:
        f.change, f.change_origin = f.reported_change.value, "reported"
        f.change_decimals = f.reported_change.decimals
    elif f.computed_change and f.computed_change.comparable:
        f.change, f.change_origin = f.computed_change.value, "derived"


def _reconcile(f: IndicatorFigure, lookup: dict) -> None:
    """Check reported change against values, and a reported rate against its components."""
    if f.reported_change and f.current and f.previous and f.previous.origin == "reported":
        exact = (f.current.value - f.previous.value) if f.indicator.is_rate else exact_change_pct(
            f.current.value, f.previous.value)
        f.reconciliations["change"] = reconcile(f.reported_change.value, exact, f.reported_change.decimals)
    ind = f.indicator
    if ind.numerator and ind.denominator:
        num = lookup.get((ind.numerator, f.period.code, "value"))
        den = lookup.get((ind.denominator, f.period.code, "value"))
        if num and den and not (num.origin == "derived" or den.origin == "derived"):
            exact = exact_rate(num.value, den.value)
            f.computed_value = round_half_up(exact, 2) if exact is not None else None
            if f.current and f.current.origin == "reported":
                f.reconciliations["rate"] = reconcile(f.current.value, exact, f.current.decimals)


def _codes_of_year(year: int) -> list[str]:
    """Every canonical period code inside a year: the year, halves, quarters, months and year-to-date."""
    parts = [("year", 0), *(("half", i) for i in (1, 2)), *(("quarter", i) for i in range(1, 5)),
             *((kind, m) for kind in ("month", "ytd") for m in range(1, 13))]
    return [Period(year, kind, index).code for kind, index in parts]


def figures(con: duckdb.DuckDBPyConnection, catalog: Catalog, period: str, region: str,
            compare: str | None = None, indicators: list[str] | None = None) -> list[IndicatorFigure]:
    """Figures for every (or the given) indicator in a region and period, compared like for like."""
    p = parse_period(period).canonical()
    c = parse_period(compare).canonical() if compare else p.previous_year()
    reg = catalog.regions[region]
    wanted = None
    if indicators:
        parts = [catalog.indicators[i] for i in indicators]
        wanted = sorted({*indicators, *(x for i in parts for x in (i.numerator, i.denominator) if x)})
    codes = [*_codes_of_year(p.year), *(x.code for x in (*p.same_span(), *c.same_span()))]
    rows = current(con, regions=[region], indicators=wanted, periods=codes)
    lookup = _lookup(rows)
    chosen = indicators or list(catalog.indicators)
    return build([catalog.indicators[i] for i in chosen], reg, p, c, lookup)
