"""Adverse movements and figures needing attention, ranked by severity (pure, built on figures)."""

from __future__ import annotations

from dataclasses import dataclass

from .compute import WORSENED, attainment
from .compute.change import STABLE_PCT, STABLE_PP
from .figures import IndicatorFigure

# kinds of alert, most serious first when severities tie
WORSENED_KIND, BELOW_TARGET, DISAGREES, ABOVE_WARN = "worsened", "below_target", "disagrees", "above_warn"


@dataclass(frozen=True)
class Alert:
    """One thing a leader should look at: which figure, what kind, how severe (higher is worse)."""

    figure: IndicatorFigure
    kind: str
    severity: float
    detail: float | None = None  # the change, the attainment % or the reported-vs-computed gap


def _worsened(f: IndicatorFigure) -> Alert | None:
    """A change against the indicator's polarity; severity in multiples of the 'stable' band (1 %, 0.5 pp)."""
    if f.assessment != WORSENED or f.change is None:
        return None
    band = STABLE_PP if f.change_unit == "pp" else STABLE_PCT
    severity = abs(f.change) / band
    return Alert(f, WORSENED_KIND, round(severity, 2), f.change)


def _below_target(f: IndicatorFigure) -> Alert | None:
    """A value short of the catalogue target."""
    ind = f.indicator
    if ind.target is None or f.current is None:
        return None
    if ind.target_year is not None and ind.target_year != f.period.year:
        return None
    att = attainment(f.current.value, ind.target, ind.polarity)
    if att is None or att >= 100:
        return None
    return Alert(f, BELOW_TARGET, round((100 - att) / 5.0, 2), att)


def _disagrees(f: IndicatorFigure) -> list[Alert]:
    """Reported figures that do not match what their components give."""
    out = []
    for name in f.disagreements:
        r = f.reconciliations[name]
        gap = r.difference if r.difference is not None else 0.0
        out.append(Alert(f, DISAGREES, 1.0, round(gap, 4)))
    return out


def _above_warn(f: IndicatorFigure) -> Alert | None:
    """A value above the catalogue's confirmation threshold (e.g. clearance rate over 100 %)."""
    w = f.indicator.warn_above
    if w is None or f.current is None or f.current.value <= w:
        return None
    return Alert(f, ABOVE_WARN, 0.5, f.current.value)


_ORDER = {WORSENED_KIND: 0, BELOW_TARGET: 1, DISAGREES: 2, ABOVE_WARN: 3}


def alerts(figs: list[IndicatorFigure]) -> list[Alert]:
    """Every alert of the figures, most severe first."""
    out: list[Alert] = []
    for f in figs:
        if not f.has_data:
            continue
        out += [a for a in (_worsened(f), _below_target(f), _above_warn(f)) if a]
        out += _disagrees(f)
    return sorted(out, key=lambda a: (-a.severity, _ORDER[a.kind], a.figure.indicator.id))
