"""Scoring arithmetic of the 平安指数 on arrays (regions x components): rules, re-normalised weights, contributions.

Pure numpy: every function takes and returns arrays, NaN meaning "no data". Rules are documented in
data/safety_index.toml; the weights are re-normalised within each domain over the components that hold data,
then across the domains that hold data, so each component's contribution (effective weight x score) adds up to
the score exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .index_file import Component, IndexSpec


def score_target(value: np.ndarray, target: float, zero_at: float) -> np.ndarray:
    """100 at the target or better, 0 at zero_at or worse, linear between (either direction)."""
    return np.clip(100.0 * (value - zero_at) / (target - zero_at), 0.0, 100.0)


def score_relative(value: np.ndarray, baseline: np.ndarray, direction: int, par: float, slope: float,
                   damping: float) -> np.ndarray:
    """par + slope x relative improvement against the baseline, within 0-100 (NaN without a baseline)."""
    diff = direction * (value - baseline)
    denom = baseline + damping
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(denom > 0, diff / np.where(denom > 0, denom, 1.0), np.sign(diff) * np.inf)
    g = np.where(diff == 0, 0.0, g)
    out = np.clip(par + slope * g, 0.0, 100.0)
    return np.where(np.isnan(value) | np.isnan(baseline), np.nan, out)


def history_baseline(history: list[np.ndarray]) -> np.ndarray:
    """Mean of the same period in earlier years (a list of arrays, nearest year first), ignoring gaps."""
    stack = np.stack(history)
    n = np.sum(~np.isnan(stack), axis=0)
    total = np.nansum(stack, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, total / np.maximum(n, 1), np.nan)


MIN_PEERS = 3


def peer_baseline(value: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Median of each column over the rows of the same group (level), ignoring gaps; NaN with under 3 peers."""
    out = np.full_like(value, np.nan, dtype=float)
    for g in np.unique(groups):
        rows = groups == g
        block = value[rows]
        has = np.sum(~np.isnan(block), axis=0) >= MIN_PEERS
        med = np.full(block.shape[1], np.nan)
        if has.any():
            med[has] = np.nanmedian(block[:, has], axis=0)
        out[rows] = med
    return out


def component_scores(comps: list[Component], value: np.ndarray, history: dict[int, np.ndarray],
                     groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scores and baselines (regions x components) of one period; history[k] is the value k years earlier."""
    scores = np.full(value.shape, np.nan)
    baselines = np.full(value.shape, np.nan)
    peers = peer_baseline(value, groups) if any(c.rule == "peers" for c in comps) else None
    for j, c in enumerate(comps):
        v = value[:, j]
        if c.rule == "target":
            scores[:, j], baselines[:, j] = score_target(v, c.target, c.zero_at), c.target
            continue
        if c.rule == "history":
            base = history_baseline([history[k][:, j] for k in range(1, c.years + 1)])
        else:
            base = peers[:, j]
        baselines[:, j] = base
        scores[:, j] = score_relative(v, base, c.direction, c.par, c.slope, c.damping)
    return scores, baselines


@dataclass
class Aggregate:
    """The scores of one period: overall, per domain, coverage, effective weights and contributions."""

    score: np.ndarray          # (R,) NaN when no component holds data
    coverage: np.ndarray       # (R,) share of the full weight holding data, 0-1
    domain_scores: np.ndarray  # (R, D)
    weights: np.ndarray        # (R, C) effective weight of each component in the score (0 where missing)
    contributions: np.ndarray  # (R, C) weight x score; adds up to score


def aggregate(spec: IndexSpec, scores: np.ndarray) -> Aggregate:
    """Weighted means with weights re-normalised over what holds data, within domains and across them."""
    comps = spec.components
    dom_of = np.array([next(i for i, d in enumerate(spec.domains) if d.id == c.domain) for c in comps])
    w = np.array([c.weight for c in comps], dtype=float)
    big_w = np.array([d.weight for d in spec.domains], dtype=float)
    present = ~np.isnan(scores)
    n_dom = len(spec.domains)
    onehot = np.zeros((len(comps), n_dom))
    onehot[np.arange(len(comps)), dom_of] = 1.0
    w_present = (present * w) @ onehot                      # (R, D) weight holding data per domain
    w_full = w @ onehot                                     # (D,)
    dom_has = w_present > 0
    big_present = dom_has * big_w                           # (R, D)
    big_total = big_present.sum(axis=1)                     # (R,)
    with np.errstate(invalid="ignore", divide="ignore"):
        within = np.where(present, w / np.maximum(w_present[:, dom_of], 1e-300), 0.0)          # (R, C)
        across = np.where(big_total[:, None] > 0, big_present / np.maximum(big_total, 1e-300)[:, None], 0.0)
    weights = within * across[:, dom_of]
    contributions = np.where(present, weights * np.nan_to_num(scores), 0.0)
    score = np.where(big_total > 0, contributions.sum(axis=1), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        domain_scores = np.where(dom_has, (np.nan_to_num(scores) * present * w) @ onehot / np.maximum(
            w_present, 1e-300), np.nan)
    full_share = (w / w_full[dom_of]) * (big_w[dom_of] / big_w.sum())     # (C,) share of the full weight
    coverage = (present * full_share).sum(axis=1)
    return Aggregate(score, coverage, domain_scores, weights, contributions)


GRADES = ("green", "blue", "orange", "red")
INSUFFICIENT = "insufficient"


def grade(score: float | None, bands: tuple[float, float, float]) -> str:
    """green / blue / orange / red by the bands (judged on the score as shown, one decimal), or insufficient."""
    if score is None or np.isnan(score):
        return INSUFFICIENT
    shown = round(float(score) + 1e-9, 1)
    for name, low in zip(GRADES, bands, strict=False):
        if shown >= low:
            return name
    return "red"


def ranks(score: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Rank (1 = best, ties share the better rank) of each score among rows of its group; 0 where no score."""
    out = np.zeros(len(score), dtype=int)
    for g in np.unique(groups):
        rows = np.flatnonzero((groups == g) & ~np.isnan(score))
        vals = np.round(score[rows] + 1e-9, 1)           # as shown: equal shown scores share a rank
        ordered = np.sort(vals)
        out[rows] = 1 + len(vals) - np.searchsorted(ordered, vals, side="right")
    return out
