"""Official-style rounding (四舍五入, half away from zero) and number formatting, for a number or a whole column."""

from __future__ import annotations

import math

import numpy as np

DEFAULT_DECIMALS = 2
SLACK_ULPS = 8   # a value within 8 units in the last place below .5 is taken as the exact .5 it stands for


def round_half_up(x: float | np.ndarray, decimals: int = DEFAULT_DECIMALS) -> float | np.ndarray:
    """Round as official texts do: 69.565 → 69.57, 0.125 → 0.13, -24.205 → -24.21 (not banker's rounding).

    Works on a number or an array. A division that should give x.xx5 may give x.xx4999…: a few units in the last
    place of float error are counted as the exact half (14.285 → 14.29 also when computed as 14.284999999999998).
    """
    scale = 10.0 ** decimals
    scaled = np.abs(x) * scale
    out = np.copysign(np.floor(scaled + 0.5 + SLACK_ULPS * np.spacing(scaled)) / scale, x)
    return float(out) if np.ndim(out) == 0 else out


def fmt_number(x: float, decimals: int = 0, thousands: bool = False) -> str:
    """Fixed decimals, optionally with thousands separators; -0 shown as 0."""
    r = round_half_up(x, decimals)
    if r == 0:
        r = 0.0
    return f"{r:,.{decimals}f}" if thousands else f"{r:.{decimals}f}"


MAX_SHOWN_DECIMALS = 6


def decimals_needed(values: float | np.ndarray, most: int = MAX_SHOWN_DECIMALS) -> int | np.ndarray:
    """The fewest decimals that write each value exactly (−12.37 → 2, 1052 → 0, 0.125 → 3), at most `most`.

    A value read from a cell holds the digits its source wrote (up to float noise, which this ignores)."""
    x = np.abs(np.asarray(values, dtype=float))
    out = np.full(x.shape, most, dtype=np.int64)
    with np.errstate(invalid="ignore"):
        for d in range(most, -1, -1):
            scaled = x * 10.0 ** d
            exact = np.abs(scaled - np.round(scaled)) <= 1e-6 * np.maximum(1.0, scaled)
            out = np.where(exact, d, out)
    out = np.where(np.isfinite(x), out, 0)
    return int(out) if np.ndim(out) == 0 else out


def shown_decimals(values: float | np.ndarray, stored: int | np.ndarray) -> int | np.ndarray:
    """Decimals to show a reported figure with: those it was stored with, or more when its digits need them (a
    reported −12.37 % stays −12.37 % although the catalogue shows the indicator's counts without decimals)."""
    out = np.maximum(np.asarray(stored, dtype=np.int64), decimals_needed(values))
    return int(out) if np.ndim(out) == 0 else out


def is_finite(x: float | None) -> bool:
    """True for a real, finite number."""
    return x is not None and not (isinstance(x, float) and (math.isnan(x) or math.isinf(x)))
