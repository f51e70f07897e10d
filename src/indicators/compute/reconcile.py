"""Reconciling a reported figure against the one computed from its components."""

from __future__ import annotations

from dataclasses import dataclass

from .rounding import is_finite


@dataclass(frozen=True)
class Reconciliation:
    """Outcome of comparing a reported and a computed figure."""

    reported: float
    computed: float | None
    tolerance: float
    agrees: bool | None  # None when nothing could be computed

    @property
    def difference(self) -> float | None:
        """computed − reported, when computed exists."""
        return None if self.computed is None else self.computed - self.reported


def tolerance_for(decimals: int) -> float:
    """Half a unit of the reported figure's last decimal, plus float slack."""
    return 0.5 * 10 ** (-decimals) + 1e-9


def reconcile(reported: float, computed: float | None, decimals: int) -> Reconciliation:
    """Flag a disagreement larger than the rounding of the reported figure."""
    tol = tolerance_for(decimals)
    if not is_finite(computed):
        return Reconciliation(reported, None, tol, None)
    return Reconciliation(reported, computed, tol, abs(computed - reported) <= tol)


def exact_change_pct(current: float, previous: float) -> float | None:
    """Unrounded % change, None for a zero base (for reconciliation)."""
    return None if previous == 0 else (current - previous) / abs(previous) * 100.0


def exact_rate(numerator: float, denominator: float) -> float | None:
    """Unrounded rate in %, None for a zero base (for reconciliation)."""
    return None if denominator == 0 else numerator / denominator * 100.0


def implied_base(current: float, change_pct: float, decimals: int) -> int | None:
    """The single whole-number prior value consistent with a count and its rounded % change, else None."""
    if change_pct <= -100:
        return None
    guess = current / (1 + change_pct / 100.0)
    tol = tolerance_for(decimals)
    hits = [b for b in range(max(int(guess) - 2, 1), int(guess) + 3)
            if abs((current - b) / b * 100.0 - change_pct) <= tol]
    return hits[0] if len(hits) == 1 else None
