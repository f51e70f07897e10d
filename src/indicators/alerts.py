"""Adverse movements and figures needing attention, ranked by severity (pure, built on figures)."""

from __future__ import annotations

from dataclasses import dataclass

from .compute import WORSENED, attainment
from .compute.change import STABLE_PCT, STABLE_PP
from .figures import IndicatorFigure
from .i18n import t

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


def split_by_noise(items: list[Alert]) -> tuple[list[Alert], list[Alert]]:
    """需要关注 in two groups: significant changes and other checks first, then worsenings within normal
    variation (each group keeps the severity order)."""
    noise = [a for a in items if a.kind == WORSENED_KIND and a.figure.noise]
    return [a for a in items if a not in noise], noise


def signed_change(f: IndicatorFigure, lang: str) -> str | None:
    """-24.21% / +1.20个百分点 (ASCII sign, the change's own decimals); None without a change."""
    if f.change is None:
        return None
    unit = "%" if f.change_unit == "pct" else t("pages.pp", lang)
    return f"{f.change:+.{f.change_decimals}f}{unit}"


def alert_text(a: Alert, lang: str, selected: str | None = None) -> str:
    """One line naming the figure and what is wrong with it (plain text: escape before Markdown); the figure's
    period is named when it is not the `selected` one (a domain showing its latest figures)."""
    f = a.figure
    name = f.indicator.name(lang)
    if selected and f.period.code != selected:
        name = t("pages.name_in_period", lang, name=name, period=f.period.label(lang))
    if a.kind == WORSENED_KIND:
        return t("pages.alert_worsened", lang, name=name, change=signed_change(f, lang),
                 compare=f.compare.label(lang))
    if a.kind == BELOW_TARGET:
        return t("pages.alert_below_target", lang, name=name, attainment=f"{a.detail:.1f}")
    if a.kind == DISAGREES:
        return t("pages.alert_disagrees", lang, name=name)
    if a.kind == ABOVE_WARN:
        return t("pages.alert_above_warn", lang, name=name, value=f"{a.detail:g}", unit=f.indicator.unit)
    return name
