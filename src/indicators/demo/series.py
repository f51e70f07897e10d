"""The demo's synthetic figures: monthly counts top-down from yearly district totals, so every level adds up.

For each indicator and year a district total is drawn around a planned level (or fixed: the work summary's 2020
and 2021 figures), spread over the months by a seasonal profile with noise (Dirichlet-multinomial), and each
month over the communities by their size with noise, then over grid cells; subdistricts and the district are the
sums. Planted anomalies are added afterwards (2022-2023 only, so the work summary's years keep their totals) to a
region and all regions above it. One numpy Generator, seeded: the same seed always gives the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..catalog import Region
from .regions import DISTRICT

YEARS = tuple(range(2018, 2024))
SEASONS = {
    "flat": (1,) * 12,
    "summer": (0.8, 0.9, 0.85, 0.9, 1.0, 1.1, 1.3, 1.35, 1.05, 1.15, 0.9, 0.8),
    "winter": (1.4, 1.3, 1.2, 1.0, 0.8, 0.7, 0.7, 0.7, 0.8, 0.9, 1.1, 1.3),
    "holiday": (1.1, 1.2, 0.9, 1.0, 1.05, 0.95, 1.05, 1.1, 0.95, 1.25, 0.9, 0.95),
    "tourism": (0.7, 1.1, 0.6, 0.8, 1.2, 0.9, 1.5, 1.6, 0.8, 1.5, 0.7, 0.6),
}


@dataclass(frozen=True)
class Plan:
    """One monthly indicator of the demo: district totals per year, fixed years, season, where it is split."""

    indicator: str
    totals: tuple[float, ...]          # per year of YEARS
    fixed: tuple[int, ...] = ()        # years whose totals are the work summary's (exact)
    season: str = "flat"
    grids: bool = False                # also split over the grid cells
    district_only: bool = False


PLANS = [  # 2020 and 2021 totals of the first three and the 0s of 2021 are the work summary's figures
    Plan("police_incidents_110", (1620, 1510, 1388, 1052, 1010, 960), (2020, 2021), "summer", grids=True),
    Plan("violent_crimes_8", (41, 37, 32, 8, 9, 8), (2020, 2021), grids=True),
    Plan("two_thefts", (105, 90, 72, 26, 25, 22), (2020, 2021), "summer", grids=True),
    Plan("telecom_fraud_cases", (96, 150, 205, 238, 196, 172), grids=True),
    Plan("mass_incidents", (6, 5, 5, 4, 4, 3), grids=True),
    Plan("petitions", (720, 690, 650, 610, 590, 570), grids=True),
    Plan("petitions_beyond_level", (30, 26, 22, 18, 15, 14)),
    Plan("fire_incidents", (95, 90, 88, 84, 80, 78), season="winter", grids=True),
    Plan("road_accidents", (1850, 1900, 1700, 1760, 1820, 1790), season="holiday", grids=True),
    Plan("production_accidents", (14, 12, 11, 9, 8, 8)),
    Plan("disputes_received", (1650, 1720, 1810, 1760, 1700, 1680), grids=True),
    Plan("correction_violations", (3, 2, 2, 0, 1, 1), (2021,), grids=True),
    Plan("mental_patient_incidents", (2, 2, 1, 0, 1, 1), (2021,), grids=True),
    Plan("gang_cases_filed", (26, 31, 28, 23, 14, 9), (2021,)),
    Plan("gang_cases_solved", (20, 24, 22, 16, 13, 9), (2021,)),
    Plan("tourists_served", (980, 1120, 720, 1080, 760, 1150), (2021,), "tourism", district_only=True),
]


@dataclass(frozen=True)
class Plant:
    """An anomaly put into the figures on purpose, and whether the warnings should find it.

    A spike adds `amounts` to the region's months; a rise lifts the region's months to at least `amounts` and one
    more than the month before. The extra cases go to `leaf` (the region itself, or a community under it) and to
    every region above the leaf, so every level still adds up.
    """

    indicator: str
    region: str
    months: tuple[str, ...]
    amounts: tuple[int, ...]
    kind: str          # spike | rise | small
    found: bool        # a warning is expected for the last month
    leaf: str = ""


PLANTS = [
    Plant("two_thefts", "440300DP03C01", ("2023-12",), (11,), "spike", True),                 # 渔港社区
    Plant("police_incidents_110", "440300DP01C01G02", ("2023-12",), (14,), "spike", True),    # 海湾社区第2网格
    Plant("telecom_fraud_cases", "440300DP02", ("2023-09", "2023-10", "2023-11", "2023-12"), (9, 10, 11, 12),
          "rise", True, "440300DP02C02"),                                                    # 大鹏办事处 (城南社区)
    Plant("petitions", "440300DP01", ("2023-09", "2023-10", "2023-11", "2023-12"), (23, 26, 29, 32), "rise", True,
          "440300DP01C02"),                                                                  # 葵涌办事处 (松林社区)
    Plant("road_accidents", "440300DP02", ("2023-11",), (70,), "spike", True, "440300DP02C03"),  # 大鹏办事处 (古榕)
    Plant("fire_incidents", "440300DP03C03", ("2022-07",), (9,), "spike", True),              # 灯塔社区
    Plant("mass_incidents", "440300DP03C02", ("2023-12",), (3,), "small", False),             # 珊瑚社区
]


def months() -> list[str]:
    """Every month of the demo, oldest first."""
    return [f"{y}-{m:02d}" for y in YEARS for m in range(1, 13)]


class _Tree:
    """Index arithmetic over the demo's region tree: leaves (communities or grid cells) and their ancestors."""

    def __init__(self, regions: dict[str, Region]):
        self.regions = regions
        self.communities = [r.code for r in regions.values() if r.level == "community"]
        self.grids = {c: [r.code for r in regions.values() if r.parent == c and r.level == "grid"]
                      for c in self.communities}

    def ancestors(self, code: str) -> list[str]:
        out, cur = [], self.regions[code].parent
        while cur and cur in self.regions and self.regions[cur].level != "city":
            out.append(cur)
            cur = self.regions[cur].parent
        return out


def _split(total: np.ndarray, weights: np.ndarray, rng: np.random.Generator, shape: float) -> np.ndarray:
    """Each row's total spread over columns: multinomial with gamma-noised weights (over-dispersed)."""
    noisy = weights * rng.gamma(shape, 1.0 / shape, size=(len(total), weights.shape[-1]))
    probs = noisy / noisy.sum(axis=1, keepdims=True)
    return np.stack([rng.multinomial(int(n), p) for n, p in zip(total, probs, strict=True)])


def _district_months(plan: Plan, rng: np.random.Generator) -> np.ndarray:
    """(years, 12) district counts whose yearly sums are the plan's (exact for fixed years)."""
    totals = np.array([t if y in plan.fixed else rng.poisson(rng.gamma(60, t / 60)) for y, t in
                       zip(YEARS, plan.totals, strict=True)])
    return _split(totals, np.array(SEASONS[plan.season], dtype=float), rng, 40.0)


def monthly_counts(regions: dict[str, Region], rng: np.random.Generator) -> dict[str, dict[str, np.ndarray]]:
    """indicator -> region -> 72 monthly counts, every level adding up (before the plants)."""
    tree = _Tree(regions)
    size = rng.lognormal(0, 0.5, len(tree.communities))
    out: dict[str, dict[str, np.ndarray]] = {}
    for plan in PLANS:
        district = _district_months(plan, rng).ravel()
        series: dict[str, np.ndarray] = {DISTRICT: district}
        if not plan.district_only:
            tilt = size * rng.lognormal(0, 0.3, len(size))
            comm = _split(district, tilt, rng, 15.0)                          # (72, communities)
            for j, code in enumerate(tree.communities):
                series[code] = comm[:, j]
                for parent in tree.ancestors(code)[:-1]:                      # the subdistrict (district done)
                    series[parent] = series.get(parent, 0) + comm[:, j]
                kids = tree.grids[code]
                if plan.grids and kids:
                    share = rng.dirichlet(np.full(len(kids), 8.0))
                    cells = _split(comm[:, j], share, rng, 30.0)
                    series.update({g: cells[:, n] for n, g in enumerate(kids)})
        out[plan.indicator] = series
    return out


def plant(counts: dict[str, dict[str, np.ndarray]], regions: dict[str, Region]) -> None:
    """Put the planted anomalies into their leaf and every region above it (the region among them)."""
    tree, index = _Tree(regions), {m: n for n, m in enumerate(months())}
    for p in PLANTS:
        series = counts[p.indicator]
        leaf = p.leaf or p.region
        while kids := [r.code for r in regions.values() if r.parent == leaf and r.code in series]:
            leaf = kids[0]                                  # down to a leaf, so every level keeps adding up
        for month, amount in zip(p.months, p.amounts, strict=True):
            t = index[month]
            now = series[p.region][t]
            extra = amount if p.kind != "rise" else max(0, amount - now, series[p.region][t - 1] + 1 - now)
            for code in [leaf, *tree.ancestors(leaf)]:
                series[code][t] += extra


def resolved(received: dict[str, np.ndarray], regions: dict[str, Region],
             rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Disputes mediated successfully: a binomial share of those received, summed up the tree like the counts."""
    tree = _Tree(regions)
    leaves = [c for c in tree.communities if not tree.grids[c] or c not in received] + \
        [g for c in tree.communities for g in tree.grids[c] if g in received]
    out: dict[str, np.ndarray] = {}
    for leaf in leaves:
        share = rng.uniform(0.9, 0.98)
        out[leaf] = rng.binomial(received[leaf].astype(np.int64), share)
        for up in tree.ancestors(leaf):
            out[up] = out.get(up, 0) + out[leaf]
    return out


def quarterly_rates(regions: dict[str, Region], rng: np.random.Generator) -> pd.DataFrame:
    """Survey satisfaction and resettlement rates per quarter; parents are the means of their children."""
    tree = _Tree(regions)
    quarters = [f"{y}Q{q}" for y in YEARS for q in range(1, 5)]
    rows = []
    for ind, centre, spread, cap in (("pl_work_satisfaction", 93.5, 1.6, 99.5), ("resettlement_rate", 98.6, 1.2, 100)):
        level = {c: rng.normal(centre, spread) for c in tree.communities}
        for q in quarters:
            vals = {c: min(cap, level[c] + rng.normal(0, 0.8)) for c in tree.communities}
            if ind == "resettlement_rate" and q.startswith("2021"):
                vals = dict.fromkeys(vals, 100.0)         # the work summary: 帮教率达100% in 2021
            for sub in {regions[c].parent for c in tree.communities}:
                vals[sub] = float(np.mean([v for c, v in vals.items() if regions[c].parent == sub]))
            vals[DISTRICT] = float(np.mean([v for c, v in vals.items() if c in tree.communities]))
            rows += [(ind, code, q, round(v, 2)) for code, v in vals.items()]
    return pd.DataFrame(rows, columns=["indicator_id", "region_code", "period", "value"])
