"""The 平安指数 of every region for a period: score, grade, rank, change, and each component's contribution."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from .. import settings
from ..catalog import Catalog
from ..errors import UserError
from ..periods import Period, read_period
from . import inputs
from .index_file import IndexSpec
from .scoring import aggregate, component_scores, grade, ranks

INDEX_KINDS = ("month", "quarter", "half", "year")


@dataclass(frozen=True)
class Rules:
    """The settings the index depends on: grade bands and minimum coverage."""

    bands: tuple[float, float, float] = (90.0, 80.0, 70.0)
    min_coverage: float = 0.6


def rules_from_settings() -> Rules:
    """Bands and coverage from data/settings.toml (checked: the bands must fall, the coverage lie in 0-1)."""
    bands = tuple(float(settings.get(f"safety_index.{k}_from")) for k in ("green", "blue", "orange"))
    if not bands[0] > bands[1] > bands[2]:
        raise UserError("errors.index_bands", green=f"{bands[0]:g}", blue=f"{bands[1]:g}", orange=f"{bands[2]:g}")
    cov = float(settings.get("safety_index.min_coverage"))
    if not 0 <= cov <= 1:
        raise UserError("errors.index_coverage", value=f"{cov:g}")
    return Rules(bands, cov)  # type: ignore[arg-type]


@dataclass
class IndexResult:
    """Scores of one period and its previous period for every region holding data."""

    period: str
    previous: str
    regions: pd.DataFrame      # one row per region (see REGION_COLUMNS)
    components: pd.DataFrame   # one row per region and component (see COMPONENT_COLUMNS)
    domains: pd.DataFrame      # one row per region and domain: score, previous_score


REGION_COLUMNS = ["region", "region_zh", "region_en", "level", "parent", "period", "score", "grade", "coverage",
                  "rank", "n_ranked", "previous_score", "previous_grade", "change"]
COMPONENT_COLUMNS = ["region", "domain", "indicator", "rule", "weight", "score", "contribution", "value",
                     "baseline", "how", "source_period", "batch", "previous_weight", "previous_score",
                     "previous_contribution", "previous_value", "change_contribution"]


def index_period(code: str) -> Period:
    """A period the index can be computed for (month, quarter, half-year or year), as people name it: a code or the
    way people write it, and a year-to-date of the same months is that period (2022YTD06, 2022年1-6月 → 2022H1)."""
    p = read_period(code).canonical()
    if p.kind not in INDEX_KINDS:
        raise UserError("errors.index_period", text=code)
    return p


@dataclass
class _Period:
    """Arrays of one scored period."""

    scores: np.ndarray
    baselines: np.ndarray
    agg: object
    score: np.ndarray       # NaN where below the minimum coverage


def _score_period(spec: IndexSpec, data: inputs.Inputs, p: Period, groups: np.ndarray, rules: Rules) -> _Period:
    comps = spec.components
    history = {k: data.value[p.shift_years(-k).code] for k in range(1, max(c.years for c in comps) + 1)}
    scores, baselines = component_scores(comps, data.value[p.code], history, groups)
    agg = aggregate(spec, scores)
    enough = agg.coverage + 1e-9 >= rules.min_coverage
    return _Period(scores, baselines, agg, np.where(enough, agg.score, np.nan))


def compute_index(con: duckdb.DuckDBPyConnection, cat: Catalog, spec: IndexSpec, period: str,
                  rules: Rules | None = None, levels: list[str] | None = None) -> IndexResult:
    """Score every catalogued region (or those of some levels) for the period and the one before it.

    Ranks and the peers rule compare regions of the same level, so a level is always scored whole.
    """
    rules = rules or rules_from_settings()
    p = index_period(period)
    prev = p.previous()
    comps = spec.components
    years = max(c.years for c in comps)
    wanted = [q.shift_years(-k) for q in (p, prev) for k in range(years + 1)]
    regions = [r.code for r in cat.regions.values() if levels is None or r.level in levels]
    data = inputs.load(con, cat, [c.indicator for c in comps], wanted, regions)
    groups = np.array([cat.regions[r].level for r in regions])
    now, before = _score_period(spec, data, p, groups, rules), _score_period(spec, data, prev, groups, rules)
    keep = (now.agg.coverage > 0) | (before.agg.coverage > 0)
    return IndexResult(p.code, prev.code, _region_frame(cat, regions, groups, p, now, before, rules, keep),
                       _component_frame(spec, data, regions, p, prev, now, before, keep),
                       _domain_frame(spec, regions, now, before, keep))


def _region_frame(cat: Catalog, regions: list[str], groups: np.ndarray, p: Period, now: _Period,
                  before: _Period, rules: Rules, keep: np.ndarray) -> pd.DataFrame:
    rank = ranks(now.score, groups)
    n_ranked = pd.Series(~np.isnan(now.score)).groupby(groups).transform("sum").to_numpy()
    frame = pd.DataFrame({
        "region": regions, "region_zh": [cat.regions[r].name_zh for r in regions],
        "region_en": [cat.regions[r].name_en for r in regions], "level": groups,
        "parent": [cat.regions[r].parent for r in regions], "period": p.code, "score": now.score,
        "grade": [grade(s, rules.bands) for s in now.score], "coverage": now.agg.coverage,
        "rank": np.where(rank > 0, rank, 0), "n_ranked": n_ranked, "previous_score": before.score,
        "previous_grade": [grade(s, rules.bands) for s in before.score], "change": now.score - before.score})
    frame["rank"] = frame["rank"].where(frame["rank"] > 0).astype("Int64")
    return frame[keep].reset_index(drop=True)[REGION_COLUMNS]


def _component_frame(spec: IndexSpec, data: inputs.Inputs, regions: list[str], p: Period, prev: Period,
                     now: _Period, before: _Period, keep: np.ndarray) -> pd.DataFrame:
    comps = spec.components
    n_r, n_c = len(regions), len(comps)
    has_now = ~np.isnan(now.score)[:, None] & np.ones((1, n_c), bool)
    has_before = ~np.isnan(before.score)[:, None] & np.ones((1, n_c), bool)
    contrib = np.where(has_now, now.agg.contributions, np.nan)
    prev_contrib = np.where(has_before, before.agg.contributions, np.nan)
    frame = pd.DataFrame({
        "region": np.repeat(regions, n_c), "domain": np.tile([c.domain for c in comps], n_r),
        "indicator": np.tile([c.indicator for c in comps], n_r), "rule": np.tile([c.rule for c in comps], n_r),
        "weight": np.where(has_now, now.agg.weights, np.nan).ravel(), "score": now.scores.ravel(),
        "contribution": contrib.ravel(), "value": data.value[p.code].ravel(),
        "baseline": now.baselines.ravel(), "how": [inputs.HOW.get(h, "") for h in data.how[p.code].ravel()],
        "source_period": data.source_period[p.code].ravel(), "batch": data.batch[p.code].ravel(),
        "previous_weight": np.where(has_before, before.agg.weights, np.nan).ravel(),
        "previous_score": before.scores.ravel(), "previous_contribution": prev_contrib.ravel(),
        "previous_value": data.value[prev.code].ravel(),
        "change_contribution": (contrib - prev_contrib).ravel()})
    return frame[np.repeat(keep, n_c)].reset_index(drop=True)[COMPONENT_COLUMNS]


def _domain_frame(spec: IndexSpec, regions: list[str], now: _Period, before: _Period,
                  keep: np.ndarray) -> pd.DataFrame:
    ids = [d.id for d in spec.domains]
    frame = pd.DataFrame({"region": np.repeat(regions, len(ids)), "domain": np.tile(ids, len(regions)),
                          "score": now.agg.domain_scores.ravel(), "previous_score": before.agg.domain_scores.ravel()})
    return frame[np.repeat(keep, len(ids))].reset_index(drop=True)
