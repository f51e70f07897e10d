"""Year-over-year change, rates, target attainment and polarity-aware assessment.

One implementation serves a single figure and a whole column: `changes`, `significance` and `assessments` take numpy
arrays (the explore table's columns, every indicator of a page at once); `yoy` and `assess` are the same functions
for one figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .rounding import DEFAULT_DECIMALS, is_finite, round_half_up

IMPROVED, WORSENED, STABLE, NEUTRAL, NOT_COMPARABLE = "improved", "worsened", "stable", "neutral", "not_comparable"
STABLE_PCT = 1.0   # a count moving less than ±1 % is "stable"
STABLE_PP = 0.5    # a rate moving less than ±0.5 percentage points is "stable"
Z_CRITICAL = 1.96  # two-sided 5 % level for the Poisson check


@dataclass(frozen=True)
class Change:
    """A change between two values: in % for counts, in points for rates."""

    current: float | None
    previous: float | None
    value: float | None          # the change, in % or percentage points
    unit: str                    # "pct" or "pp"
    comparable: bool
    reason: str | None = None    # why not comparable: missing_current, missing_previous, zero_base
    z: float | None = None       # Poisson z for counts, when computed
    significant: bool | None = None

    @property
    def pct(self) -> float | None:
        """Change in per cent (counts), else None."""
        return self.value if self.unit == "pct" else None

    @property
    def pp(self) -> float | None:
        """Change in percentage points (rates), else None."""
        return self.value if self.unit == "pp" else None


def _floats(values: object) -> np.ndarray:
    return np.asarray(values, dtype=float)


def change_units(is_rate: np.ndarray) -> np.ndarray:
    """'pp' for rates (compared in percentage points), 'pct' for everything else."""
    return np.where(is_rate, "pp", "pct")


def changes(current: np.ndarray, previous: np.ndarray, is_rate: np.ndarray,
            decimals: int = DEFAULT_DECIMALS) -> np.ndarray:
    """Change of each current over its previous, rounded: points for rates, % otherwise; NaN when not comparable
    (a value missing, or a zero base for a %): never a division by zero."""
    cur, prev = _floats(current), _floats(previous)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(prev != 0, round_half_up((cur - prev) / np.abs(prev) * 100.0, decimals), np.nan)
    return np.where(is_rate, round_half_up(cur - prev, decimals), pct)


def poisson_z(current: float | np.ndarray, previous: float | np.ndarray) -> float | np.ndarray:
    """Variance-stabilised difference of two counts: z = 2(√C − √P)."""
    with np.errstate(invalid="ignore"):
        z = 2.0 * (np.sqrt(current) - np.sqrt(previous))
    return float(z) if np.ndim(z) == 0 else z


def significance(current: np.ndarray, previous: np.ndarray, is_count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Poisson z of each pair of counts and whether |z| ≥ 1.96 (NaN where not tested: not a count, no positive base)."""
    cur, prev = _floats(current), _floats(previous)
    testable = np.asarray(is_count, dtype=bool) & (cur >= 0) & (prev > 0)
    z = np.where(testable, poisson_z(np.where(testable, cur, 0.0), np.where(testable, prev, 0.0)), np.nan)
    return z, np.where(testable, np.abs(z) >= Z_CRITICAL, np.nan)


ASSESSMENTS = (NOT_COMPARABLE, STABLE, NEUTRAL, IMPROVED, WORSENED)   # assessment_codes() numbers them so
MOVED = (IMPROVED, WORSENED, NEUTRAL)                                 # changes that went one way (within_noise)


def assessment_codes(change: np.ndarray, polarity: np.ndarray, unit: np.ndarray) -> np.ndarray:
    """Each change's assessment as its position in ASSESSMENTS: its direction read by the indicator's polarity
    (stable: inside the ±1 % / ±0.5-point band). Whether a change is within normal variation is a separate mark
    (within_noise), never a reason to call it stable: a leader must still see which way it went."""
    ch, pol = _floats(change), _floats(polarity)
    band = np.where(np.asarray(unit) == "pp", STABLE_PP, STABLE_PCT)
    with np.errstate(invalid="ignore"):
        stable = np.abs(ch) < band
        better = (ch > 0) == (pol > 0)
    return np.select([~np.isfinite(ch), stable, pol == 0, better], [0, 1, 2, 3], 4)


def assessments(change: np.ndarray, polarity: np.ndarray, unit: np.ndarray) -> np.ndarray:
    """improved / worsened / stable / neutral / not_comparable for each change (assessment_codes() named)."""
    return np.asarray(np.array(ASSESSMENTS, dtype=object)[assessment_codes(change, polarity, unit)], dtype=object)


def within_noise(significant: np.ndarray, assessment: np.ndarray) -> np.ndarray:
    """Whether each change is within normal variation: the Poisson test ran (1.0 / 0.0, NaN where it did not) and
    found it not significant, for a change that moved (MOVED: not about the same). Assessments as names or as
    assessment_codes() (an integer array; a negative code is no assessment)."""
    verdict = np.asarray(assessment)
    if verdict.dtype.kind in "iu":
        return (_floats(significant) == 0.0) & np.isin(verdict, [ASSESSMENTS.index(a) for a in MOVED])
    return (_floats(significant) == 0.0) & np.isin(verdict.astype(object), MOVED)


def _reason(current: float | None, previous: float | None, is_rate: bool) -> str | None:
    if not is_finite(current):
        return "missing_current"
    if not is_finite(previous):
        return "missing_previous"
    return "zero_base" if not is_rate and previous == 0 else None


def _nan(x: float | None) -> float:
    return float("nan") if x is None else float(x)


def change_of(current: float | None, previous: float | None, is_rate: bool, value: float, z: float,
              significant: float) -> Change:
    """The Change of one figure from its entries in the arrays of changes() and significance()."""
    unit = "pp" if is_rate else "pct"
    reason = _reason(current, previous, is_rate)
    if reason:
        return Change(current, previous, None, unit, False, reason)
    if is_rate or np.isnan(z):
        return Change(current, previous, float(value), unit, True)
    return Change(current, previous, float(value), unit, True, None, round(float(z), 3), bool(significant))


def yoy(current: float | None, previous: float | None, is_rate: bool = False, is_count: bool = True,
        decimals: int = DEFAULT_DECIMALS) -> Change:
    """The change of one figure: points for rates, % otherwise, with the Poisson test for counts."""
    cur, prev = _nan(current), _nan(previous)
    z, sig = significance(cur, prev, is_count and not is_rate)
    return change_of(current, previous, is_rate, float(changes(cur, prev, is_rate, decimals)), float(z), float(sig))


def rate(numerator: float | None, denominator: float | None, decimals: int = DEFAULT_DECIMALS) -> float | None:
    """numerator / denominator in per cent, None when either is missing or the base is zero."""
    if not is_finite(numerator) or not is_finite(denominator) or denominator == 0:
        return None
    return round_half_up(numerator / denominator * 100.0, decimals)


def attainment(value: float | None, target: float | None, polarity: int) -> float | None:
    """Per cent of target reached; for lower-is-better, target / value. None when not computable."""
    if not is_finite(value) or not is_finite(target):
        return None
    if polarity >= 0:
        return round_half_up(value / target * 100.0, 1) if target else None
    if value == 0:
        return 100.0 if target >= 0 else None
    return round_half_up(target / value * 100.0, 1)


def assess(change: float | None, polarity: int, unit: str = "pct") -> str:
    """The assessment of one change (assessments() for a single figure)."""
    return str(assessments(_nan(change), polarity, unit)[()])


def assess_change(ch: Change, polarity: int) -> str:
    """assess() applied to a Change."""
    return assess(ch.value, polarity, ch.unit) if ch.comparable else NOT_COMPARABLE


def noise_of(ch: Change | None, assessment: str) -> bool:
    """within_noise() for one figure's computed change."""
    sig = float(ch.significant) if ch and ch.comparable and ch.significant is not None else np.nan
    return bool(within_noise(np.array([sig]), np.array([assessment], dtype=object))[0])
