"""Indicator arithmetic: pure functions, no I/O and no Streamlit."""

from .change import (
    IMPROVED,
    NEUTRAL,
    NOT_COMPARABLE,
    STABLE,
    WORSENED,
    Change,
    assess,
    assess_change,
    attainment,
    poisson_z,
    rate,
    yoy,
)
from .reconcile import Reconciliation, exact_change_pct, exact_rate, implied_base, reconcile
from .rounding import fmt_number, round_half_up
from .sentences import Figure, sentence_en, sentence_zh, value_en, value_zh

__all__ = [
    "IMPROVED", "NEUTRAL", "NOT_COMPARABLE", "STABLE", "WORSENED", "Change", "Figure", "Reconciliation",
    "assess", "assess_change", "attainment", "exact_change_pct", "exact_rate", "fmt_number", "implied_base",
    "poisson_z", "rate", "reconcile", "round_half_up", "sentence_en", "sentence_zh", "value_en", "value_zh", "yoy",
]
