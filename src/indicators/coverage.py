"""Which periods hold figures for a region, by domain: the default period's coverage, and the period whose figures
each domain shows when the selected one has none for it (pure: a small frame in, codes out)."""

from __future__ import annotations

import pandas as pd

from .periods import canonical_code, parse_period


def by_period(rows: pd.DataFrame) -> dict[str, int]:
    """Canonical period → how many indicators hold figures in it (store.queries.coverage's rows; two codes of one
    span counted once per domain at the larger count)."""
    if rows.empty:
        return {}
    canon = rows.assign(period=rows["period"].map(canonical_code))
    per_domain = canon.groupby(["period", "domain"])["n"].max()
    return {str(k): int(v) for k, v in per_domain.groupby(level=0).sum().items()}


def _end(code: str) -> tuple[int, int]:
    p = parse_period(code)
    return p.year, p.months()[1]


def domain_periods(rows: pd.DataFrame, period: str, domains: list[str]) -> dict[str, str | None]:
    """For each domain, the period whose figures it shows: the selected one where the domain holds figures, else its
    latest period ending no later (the longest span among those ending together); None when it has none."""
    if rows.empty:
        return dict.fromkeys(domains)
    canon = rows.assign(period=rows["period"].map(canonical_code))
    held = canon.groupby("domain")["period"].agg(lambda s: sorted(set(s)))
    end = _end(period)
    out: dict[str, str | None] = {}
    for d in domains:
        codes = held.get(d, [])
        if period in codes:
            out[d] = period
            continue
        earlier = [c for c in codes if _end(c) <= end]
        out[d] = max(earlier, key=lambda c: (*_end(c), -parse_period(c).months()[0])) if earlier else None
    return out
