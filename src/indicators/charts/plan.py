"""Which charts a page shows, chosen from the data available (pure: figures and frames in, specs out)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from ..compute import fmt_number
from ..figures import IndicatorFigure
from ..i18n import t
from .bars import change_bars, comparison_bars, value_bars
from .composition import composition_donut, parts_gap
from .pipeline import pipeline_funnel
from .rates import rate_bullets, rate_reference
from .regions import region_bars
from .theme import unit_name, untitled
from .trend import has_trend, trend_lines

PIPELINES = {"anti_gang": ["gang_cases_filed", "gang_cases_solved", "gang_suspects_arrested",
                           "gang_suspects_prosecuted"]}


@dataclass
class ChartSpec:
    """A chart to show: a stable key, its kind, the figure and a plain-text caption (provenance, notes)."""

    key: str
    kind: str
    figure: go.Figure
    caption: str
    _page: go.Figure | None = field(default=None, repr=False, compare=False)

    @property
    def title(self) -> str:
        """The chart's title text."""
        return self.figure.layout.title.text or ""

    def page_figure(self) -> go.Figure:
        """The figure as a page shows it: the title is written above it by the page (where it wraps on a phone),
        kept in layout.meta; built once per spec (specs are cached per data version and filter)."""
        if self._page is None:
            self._page = untitled(self.figure)
        return self._page


def _names(figs: list[IndicatorFigure], lang: str) -> str:
    return t("pages.list_sep", lang).join(f.indicator.name(lang) for f in figs)


def _derived_notes(figs: list[IndicatorFigure], lang: str) -> str:
    notes = []
    for f in figs:
        for v in (f.current, f.previous):
            if v and v.origin == "derived":
                notes.append(t("pages.derived_note", lang, name=f.indicator.name(lang),
                               period=f.period.label(lang) if v is f.current else f.compare.label(lang),
                               value=fmt_number(v.value, v.decimals), unit=unit_name(f.indicator.unit, lang),
                               how=v.how(lang) or t("common.derived", lang)))
    return " ".join(notes)


def change_chart(figs: list[IndicatorFigure], lang: str, key: str) -> ChartSpec | None:
    """Year-over-year changes of the figures that have one; notes which are reported change only."""
    with_change = [f for f in figs if f.change is not None]
    if not with_change:
        return None
    only = [f for f in with_change if f.current is None]
    derived = [f for f in with_change if f.change_origin == "derived"]
    caption = [t("pages.cap_change", lang)]
    if only:
        caption.append(t("pages.cap_change_only", lang, names=_names(only, lang)))
    if derived:
        caption.append(t("pages.cap_change_computed", lang, names=_names(derived, lang)))
    notes = _derived_notes(with_change, lang)
    return ChartSpec(key, "change", change_bars(with_change, lang), " ".join([*caption, notes] if notes else caption))


def comparable_groups(figs: list[IndicatorFigure]) -> list[list[IndicatorFigure]]:
    """Figures that may share a bar chart: parts of the same total (the catalogue's `parent`: the same kind of
    thing) in the same unit, two or more. A shared unit alone (个 of gangs, working groups and fields) is not enough."""
    groups: dict[tuple[str, str], list[IndicatorFigure]] = {}
    for f in figs:
        if f.indicator.parent:
            groups.setdefault((f.indicator.parent, f.indicator.unit), []).append(f)
    return [g for g in groups.values() if len(g) >= 2]


def comparison_charts(figs: list[IndicatorFigure], lang: str) -> list[ChartSpec]:
    """Current vs comparison bars for each comparable group (comparable_groups) whose figures have both values."""
    out = []
    for n, group in enumerate(comparable_groups([f for f in figs if f.current and f.previous])):
        caption = " ".join(x for x in (t("pages.cap_compare", lang), _derived_notes(group, lang)) if x)
        out.append(ChartSpec(f"compare_{n}", "compare", comparison_bars(group, lang), caption))
    return out


def value_charts(figs: list[IndicatorFigure], lang: str, shown: set[str]) -> list[ChartSpec]:
    """Current values of comparable counts without a comparison value (not charted elsewhere), 2+ per chart."""
    alone = [f for f in figs
             if f.current and not f.previous and not f.indicator.is_rate and f.indicator.id not in shown]
    out = []
    groups = [g for g in comparable_groups(alone) if any(f.current.value for f in g)]  # all-zero: no chart
    for n, group in enumerate(groups):
        caption = " ".join(x for x in (t("pages.cap_values", lang), _derived_notes(group, lang)) if x)
        out.append(ChartSpec(f"values_{n}", "values", value_bars(group, lang), caption))
    return out


def trend_charts(figs: list[IndicatorFigure], series: pd.DataFrame, lang: str) -> list[ChartSpec]:
    """A trend line for every indicator with enough periods of the selected kind."""
    out = []
    for f in figs:
        rows = series[series["indicator"] == f.indicator.id] if not series.empty else series
        if not rows.empty and has_trend(rows, f.period):
            fig = trend_lines(rows, f.indicator, f.period, f.compare, lang)
            out.append(ChartSpec(f"trend_{f.indicator.id}", "trend", fig, t("pages.cap_trend", lang)))
    return out


def stage_runs(steps: list[IndicatorFigure]) -> list[list[IndicatorFigure]]:
    """Consecutive pipeline steps that share a unit, two or more (cases filed → solved; people arrested →
    prosecuted): a stage chart compares stages only where they count the same thing."""
    runs: list[list[IndicatorFigure]] = []
    for f in steps:
        if runs and runs[-1][-1].indicator.unit == f.indicator.unit:
            runs[-1].append(f)
        else:
            runs.append([f])
    return [r for r in runs if len(r) >= 2]


def pipeline_charts(domain: str, figs: list[IndicatorFigure], lang: str) -> list[ChartSpec]:
    """The domain's case pipeline: a funnel for each run of steps with values in one unit."""
    by_id = {f.indicator.id: f for f in figs}
    steps = [by_id[i] for i in PIPELINES.get(domain, []) if i in by_id and by_id[i].current]
    return [ChartSpec(f"pipeline_{domain}_{n}", "pipeline", pipeline_funnel(run, lang), t("pages.cap_pipeline", lang))
            for n, run in enumerate(stage_runs(steps))]


def known_compositions(figs: list[IndicatorFigure]) -> list[tuple[IndicatorFigure, list[IndicatorFigure]]]:
    """(total, parts) where two or more parts (catalogue `parent`) have values that add up to the total's: the only
    totals whose composition is known (no slice of 「其他」 for what the parts leave out)."""
    out = []
    for total in figs:
        parts = [f for f in figs if f.indicator.parent == total.indicator.id and f.current]
        if total.current and len(parts) >= 2 and abs(parts_gap(total, parts)) <= 1e-9 * max(1.0, total.current.value):
            out.append((total, parts))
    return out


def composition_charts(figs: list[IndicatorFigure], lang: str) -> list[ChartSpec]:
    """A donut for every total whose composition is known (known_compositions)."""
    out = []
    for total, parts in known_compositions(figs):
        equation = f"{fmt_number(total.current.value)} = " + " + ".join(fmt_number(p.current.value) for p in parts)
        out.append(ChartSpec(f"composition_{total.indicator.id}", "composition", composition_donut(total, parts, lang),
                             t("pages.cap_composition", lang, equation=equation)))
    return out


def rate_chart(figs: list[IndicatorFigure], lang: str, key: str) -> ChartSpec | None:
    """Bullet gauges for the rates with a current value."""
    rates = [f for f in figs if f.indicator.is_rate and f.current]
    if not rates:
        return None
    derived = [f for f in rates if f.current.origin == "derived"]
    caption = t("pages.cap_rates" if any(rate_reference(f) is not None for f in rates) else "pages.cap_rates_no_target",
                lang)
    if derived:
        caption += " " + t("pages.cap_change_derived", lang, names=_names(derived, lang))
    return ChartSpec(key, "rates", rate_bullets(rates, lang), caption)


def region_charts(figs: list[IndicatorFigure], regions: pd.DataFrame, lang: str) -> list[ChartSpec]:
    """A ranking by sub-region for every indicator with values in two or more sub-regions."""
    out = []
    if regions.empty:
        return out
    for f in figs:
        rows = regions[regions["indicator"] == f.indicator.id]
        if rows["region"].nunique() >= 2:
            fig = region_bars(rows, f.indicator, f.period.label(lang), lang)
            out.append(ChartSpec(f"regions_{f.indicator.id}", "regions", fig, t("pages.cap_regions", lang)))
    return out


def _charted_elsewhere(domain: str, figs: list[IndicatorFigure]) -> set[str]:
    """Indicators a pipeline funnel or a composition already shows (left out of the plain value bars)."""
    by_id = {f.indicator.id: f for f in figs}
    steps = [by_id[i] for i in PIPELINES.get(domain, []) if i in by_id and by_id[i].current]
    shown = {f.indicator.id for run in stage_runs(steps) for f in run}
    return shown | {p.indicator.id for _, parts in known_compositions(figs) for p in parts}


def domain_builders(domain: str, figs: list[IndicatorFigure], series: Callable[[], pd.DataFrame],
                    regions: Callable[[], pd.DataFrame], lang: str) -> list[tuple[str, Callable[[], list]]]:
    """(kind, builder) of every chart a domain page may show, in reading order; `series` and `regions` give the
    trend and sub-region inputs and are only called by the builders that need them."""
    figs = [f for f in figs if f.has_data]
    return [("change", lambda: [change_chart(figs, lang, f"change_{domain}")]),
            ("compare", lambda: comparison_charts(figs, lang)),
            ("trend", lambda: trend_charts(figs, series(), lang)),
            ("pipeline", lambda: pipeline_charts(domain, figs, lang)),
            ("composition", lambda: composition_charts(figs, lang)),
            ("rates", lambda: [rate_chart(figs, lang, f"rates_{domain}")]),
            ("values", lambda: value_charts(figs, lang, _charted_elsewhere(domain, figs))),
            ("regions", lambda: region_charts(figs, regions(), lang))]


def plan_domain(domain: str, figs: list[IndicatorFigure], series: pd.DataFrame, regions: pd.DataFrame,
                lang: str) -> list[ChartSpec]:
    """Every chart the domain page shows for the figures with data, in reading order."""
    builders = domain_builders(domain, figs, lambda: series, lambda: regions, lang)
    return [s for _, build in builders for s in build() if s is not None]


def first_chart(domain: str, figs: list[IndicatorFigure], series: Callable[[], pd.DataFrame],
                regions: Callable[[], pd.DataFrame], lang: str, kinds: Sequence[str]) -> ChartSpec | None:
    """The page's first chart of the first kind in `kinds` that the data allow, building no other chart."""
    builders = dict(domain_builders(domain, figs, series, regions, lang))
    for kind in kinds:
        found = [s for s in builders[kind]() if s is not None]
        if found:
            return found[0]
    return None


def plan_overview(figs: list[IndicatorFigure], lang: str) -> list[ChartSpec]:
    """The overview's chart: every year-over-year change across domains."""
    spec = change_chart([f for f in figs if f.has_data], lang, "change_overview")
    return [spec] if spec else []
