"""Official-style rounding (四舍五入, half away from zero) and number formatting."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_DECIMALS = 2


def round_half_up(x: float, decimals: int = DEFAULT_DECIMALS) -> float:
    """Round as official texts do: 69.565 → 69.57, 0.125 → 0.13 (not banker's rounding)."""
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def fmt_number(x: float, decimals: int = 0, thousands: bool = False) -> str:
    """Fixed decimals, optionally with thousands separators; -0 shown as 0."""
    r = round_half_up(x, decimals)
    if r == 0:
        r = 0.0
    return f"{r:,.{decimals}f}" if thousands else f"{r:.{decimals}f}"


def is_finite(x: float | None) -> bool:
    """True for a real, finite number."""
    return x is not None and not (isinstance(x, float) and (math.isnan(x) or math.isinf(x)))
