"""Dashboard filter values (period, comparison period, region, indicator) checked against the catalogue.

Filter values arrive as plain strings from a shared URL; they are looked up, never evaluated. A value that is
unknown or has no data falls back to the default and is reported as a Problem so the page can say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .catalog import Catalog, Region
from .errors import UserError
from .periods import parse_period, sort_key

PARAMS = ("period", "compare", "region")


@dataclass(frozen=True)
class Problem:
    """A filter value that could not be used: which parameter, the value given, and why."""

    param: str
    value: str
    reason: str  # unknown | no_data | not_comparable


@dataclass
class Selection:
    """Resolved filters: always valid values, plus the problems met on the way."""

    period: str
    compare: str
    region: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def default_compare(self) -> str:
        """Same period one year earlier."""
        return parse_period(self.period).previous_year().code

    def as_params(self) -> dict[str, str]:
        """Query parameters describing this selection (compare only when not the default)."""
        out = {"period": self.period, "region": self.region}
        if self.compare != self.default_compare:
            out["compare"] = self.compare
        return out


def period_options(periods: list[str]) -> list[str]:
    """Periods holding data as people name them (2021YTD06 and 2021H1 are one entry, 2021H1), newest first."""
    ok = set()
    for code in set(periods):
        try:
            ok.add(parse_period(code).canonical().code)
        except UserError:
            continue
    return sorted(ok, key=sort_key, reverse=True)


def default_period(options: list[str], coverage: dict[str, int] | None = None) -> str | None:
    """The latest period, and among those ending in the latest month the one with the widest coverage (most
    indicators with figures; then the longest span): at the end of June, 2022年上半年 rather than 2022年6月."""
    if not options:
        return None
    cov = coverage or {}

    def rank(code: str) -> tuple:
        p = parse_period(code)
        first, last = p.months()
        return p.year, last, cov.get(code, 0), last - first
    return max(options, key=rank)


def compare_options(period: str, periods: list[str]) -> list[str]:
    """Comparison periods: same period last year first, then earlier periods of the same kind with data."""
    p = parse_period(period)
    default = p.previous_year().code
    same_kind = [c for c in period_options(periods)
                 if parse_period(c).kind == p.kind and parse_period(c) < p and c != default]
    return [default, *same_kind]


def region_options(catalog: Catalog, with_data: list[str] | None = None) -> list[Region]:
    """The district first, then its sub-regions (and any other region holding data)."""
    home = catalog.default_region()
    out = [home, *catalog.children(home.code)]
    seen = {r.code for r in out}  # codes, not Region objects: comparing dataclasses field by field is slow
    for code in with_data or []:
        reg = catalog.regions.get(code)
        if reg and reg.code not in seen:
            seen.add(reg.code)
            out.append(reg)
    return out


def _pick_period(raw: str | None, options: list[str], problems: list[Problem],
                 coverage: dict[str, int] | None) -> str | None:
    if raw:
        try:
            code = parse_period(raw).canonical().code
        except UserError:
            problems.append(Problem("period", raw, "unknown"))
            return default_period(options, coverage)
        if code in options:
            return code
        problems.append(Problem("period", raw, "no_data"))
    return default_period(options, coverage)


def _pick_compare(raw: str | None, period: str, problems: list[Problem]) -> str:
    default = parse_period(period).previous_year().code
    if not raw:
        return default
    try:
        c = parse_period(raw).canonical()
    except UserError:
        problems.append(Problem("compare", raw, "unknown"))
        return default
    p = parse_period(period)
    if c.kind != p.kind or not c < p:
        problems.append(Problem("compare", raw, "not_comparable"))
        return default
    return c.code


def _pick_region(raw: str | None, catalog: Catalog, options: list[Region], problems: list[Problem]) -> str:
    home = options[0].code
    if not raw:
        return home
    reg = catalog.regions.get(raw) or catalog.find_region(raw)  # exact code first: norm_label drops digits
    if reg is None or reg not in options:
        problems.append(Problem("region", raw, "unknown"))
        return home
    return reg.code


def resolve(raw: dict[str, str | None], catalog: Catalog, periods: list[str],
            regions_with_data: list[str] | None = None, coverage: dict[str, int] | None = None) -> Selection | None:
    """Valid filters from raw strings (URL or session); None when no period holds data at all. `coverage` (indicators
    with figures per canonical period) picks the default period (default_period)."""
    problems: list[Problem] = []
    options = period_options(periods)
    period = _pick_period(raw.get("period"), options, problems, coverage)
    if period is None:
        return None
    compare = _pick_compare(raw.get("compare"), period, problems)
    region = _pick_region(raw.get("region"), catalog, region_options(catalog, regions_with_data), problems)
    return Selection(period, compare, region, problems)


def resolve_indicator(raw: str | None, catalog: Catalog) -> tuple[str, Problem | None]:
    """Indicator id from an id, name or alias; the first indicator (and a problem) when unknown."""
    first = next(iter(catalog.indicators))
    if not raw:
        return first, None
    ind = catalog.indicators.get(raw) or catalog.find_indicator(raw)
    return (ind.id, None) if ind else (first, Problem("indicator", raw, "unknown"))
