"""Year-over-year change, rates, target attainment and polarity-aware assessment."""

from __future__ import annotations

import math
from dataclasses import dataclass

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


def poisson_z(current: float, previous: float) -> float:
    """Variance-stabilised difference of two counts: z = 2(√C − √P)."""
    return 2.0 * (math.sqrt(current) - math.sqrt(previous))


def yoy(current: float | None, previous: float | None, is_rate: bool = False, is_count: bool = True,
        decimals: int = DEFAULT_DECIMALS) -> Change:
    """Change of current over previous: points for rates, % otherwise; never divides by zero."""
    unit = "pp" if is_rate else "pct"
    if not is_finite(current):
        return Change(current, previous, None, unit, False, "missing_current")
    if not is_finite(previous):
        return Change(current, previous, None, unit, False, "missing_previous")
    if is_rate:
        return Change(current, previous, round_half_up(current - previous, decimals), unit, True)
    if previous == 0:
        return Change(current, previous, None, unit, False, "zero_base")
    pct = round_half_up((current - previous) / abs(previous) * 100.0, decimals)
    if is_count and current >= 0 and previous > 0:
        z = poisson_z(current, previous)
        return Change(current, previous, pct, unit, True, None, round(z, 3), abs(z) >= Z_CRITICAL)
    return Change(current, previous, pct, unit, True)


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


def assess(change: float | None, polarity: int, unit: str = "pct", significant: bool | None = None) -> str:
    """improved / worsened / stable / neutral / not_comparable, by the indicator's polarity."""
    if change is None or not is_finite(change):
        return NOT_COMPARABLE
    band = STABLE_PP if unit == "pp" else STABLE_PCT
    if abs(change) < band or significant is False:
        return STABLE
    if polarity == 0:
        return NEUTRAL
    return IMPROVED if (change > 0) == (polarity > 0) else WORSENED


def assess_change(ch: Change, polarity: int) -> str:
    """assess() applied to a Change."""
    return assess(ch.value, polarity, ch.unit, ch.significant) if ch.comparable else NOT_COMPARABLE
