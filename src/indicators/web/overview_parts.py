"""Pieces of the overview page: the summary paragraphs, the alert list and one tile per domain."""

from __future__ import annotations

import streamlit as st

from ..alerts import WORSENED_KIND, Alert, alert_text, split_by_noise
from ..catalog import Catalog
from ..charts import ChartSpec, plan_overview
from ..coverage import domain_periods
from ..errors import UserError
from ..figures import IndicatorFigure
from ..periods import parse_period
from ..selection import Selection
from .data import cached_figures, catalog, coverage_rows
from .lang import tr
from .nav import PAGES, domain_spec
from .routes import page
from .safety_data import OverviewFacts, overview_facts
from .widgets import md_escape

ICONS = {s.key: s.icon for s in PAGES}


@st.cache_resource(show_spinner=False, max_entries=64)  # shared, read-only: no unpickling per rerun
def overview_charts(version: str, period: str, region: str, compare: str, lang: str) -> list[ChartSpec]:
    """The overview's charts, built once per data version and filter."""
    return plan_overview(cached_figures(period, region, compare), lang)


def shown_figures(sel: Selection, cat: Catalog) -> tuple[list[IndicatorFigure], dict[str, str | None]]:
    """Every domain's figures for the overview: the selected period's where the domain holds figures in it, else
    the domain's latest figures (coverage.domain_periods), so a half-year upload of one domain empties no other.
    Returns the figures in catalogue order and the period shown for each domain."""
    periods = domain_periods(coverage_rows(sel.region), sel.period, list(cat.domains))
    figs = [f for f in cached_figures(sel.period, sel.region, sel.compare)
            if periods.get(f.indicator.domain) in (sel.period, None)]
    for period in sorted({p for p in periods.values() if p and p != sel.period}):
        figs += [f for f in cached_figures(period, sel.region) if periods[f.indicator.domain] == period]
    order = {i: n for n, i in enumerate(cat.indicators)}
    return sorted(figs, key=lambda f: order.get(f.indicator.id, len(order))), periods


def period_note(period: str | None, sel: Selection, lang: str) -> str:
    """（2021年，本领域最近一期） for a domain shown at another period than the selected one; else ''."""
    return tr("pages.latest_of_domain", period=parse_period(period).label(lang)) if period and period != sel.period \
        else ""


def summary_block(paragraphs: list[tuple[str, str]], cat: Catalog, lang: str,
                  notes: dict[str, str] | None = None) -> None:
    """The generated official-style summary, one paragraph per domain (plain text, escaped), each domain shown at
    another period than the selected one named with its period (`notes`)."""
    st.subheader(tr("pages.summary"))
    for domain, text in paragraphs:
        head = cat.domains[domain].name(lang) + (notes or {}).get(domain, "")
        st.markdown(f"**{md_escape(head)}**　{md_escape(text)}")
    st.caption(tr("pages.summary_note"))


def alert_list(items: list[Alert], lang: str, selected: str | None = None) -> None:
    """Adverse movements and figures to check, most severe first; then worsenings within normal variation."""
    st.subheader(tr("pages.alerts"))
    if not items:
        st.success(tr("pages.no_alerts"), icon=":material/check_circle:")
        return
    firm, noise = split_by_noise(items)
    if firm:
        st.caption(tr("pages.alerts_firm"))
    for n, a in enumerate(firm, start=1):
        icon = ":material/trending_down:" if a.kind == WORSENED_KIND else ":material/error:"
        box = st.error if a.kind == WORSENED_KIND else st.warning
        box(f"{n}. {md_escape(alert_text(a, lang, selected))}", icon=icon)
    if noise:
        st.caption(tr("pages.alerts_noise"))
    for n, a in enumerate(noise, start=len(firm) + 1):
        st.warning(f"{n}. {md_escape(alert_text(a, lang, selected))}", icon=":material/trending_down:")


def _tile_counts(figs: list[IndicatorFigure], domain: str) -> dict[str, int]:
    mine = [f for f in figs if f.indicator.domain == domain and f.has_data]
    return {"n": len(mine), "up": sum(f.assessment == "improved" for f in mine),
            "down": sum(f.assessment == "worsened" for f in mine)}


def domain_tiles(cat: Catalog, figs: list[IndicatorFigure], sel: Selection, lang: str,
                 notes: dict[str, str] | None = None) -> None:
    """One bordered tile per domain linking to its page with the same filters; a domain shown at its latest period
    says which (`notes`)."""
    st.subheader(tr("pages.domains"))
    domains = sorted(cat.domains.values(), key=lambda d: d.order)
    params = {**sel.as_params(), "lang": lang}
    for n, dom in enumerate(domains):
        if n % 3 == 0:
            cols = st.columns(3)   # a row at a time: on a phone the tiles stack in catalogue order
        with cols[n % 3].container(border=True):
            spec = domain_spec(dom)
            st.page_link(page(spec, cat, lang), label=dom.name(lang), icon=spec.icon, query_params=params)
            st.caption(md_escape(dom.description_zh if lang == "zh" else dom.description_en))
            st.caption(tr("pages.tile_counts", **_tile_counts(figs, dom.id)) + (notes or {}).get(dom.id, ""))


def _index_tile(sel: Selection, facts: OverviewFacts, lang: str) -> None:
    st.caption(tr("safety.overview_index", region=md_escape(_region_name(sel.region, lang)),
                  period=parse_period(sel.period).label(lang)))
    label = tr(f"safety.grade_{facts.grade}")
    text = label if facts.score is None else f"{facts.score:.1f} · {label}"
    st.badge(text, color={"insufficient": "gray"}.get(facts.grade, facts.grade), icon=":material/shield:")
    params = {"lang": lang, "index_region": sel.region, **({"index_period": facts.index_period}
                                                          if facts.index_period else {})}
    st.page_link("pages/safety_index.py", label=tr("safety.overview_open_index"), icon=ICONS.get("safety_index"),
                 query_params=params)


def _warning_tile(facts: OverviewFacts, lang: str) -> None:
    if facts.month is None:
        st.caption(tr("safety.overview_warnings", month=tr("safety.overview_no_months")))
        st.page_link("pages/risk_warnings.py", label=tr("safety.overview_open_warnings"),
                     icon=ICONS.get("risk_warnings"), query_params={"lang": lang})
        return
    st.caption(tr("safety.overview_warnings", month=parse_period(facts.month).label(lang)))
    st.page_link("pages/risk_warnings.py", icon=ICONS.get("risk_warnings"),
                 label=tr("safety.overview_warning_counts", red=facts.red, orange=facts.orange),
                 query_params={"warning_month": facts.month, "lang": lang})


def _region_name(code: str, lang: str) -> str:
    reg = catalog().regions.get(code)
    return reg.name(lang) if reg else code


def safety_tiles(sel: Selection, lang: str) -> None:
    """The selected region's 平安指数 grade and the month's red/orange warning counts, linking to both pages.

    A faulty index file or setting is said in its tile; the rest of the overview carries on.
    """
    left, right = st.columns(2)
    try:
        facts = overview_facts(sel.period, sel.region)
    except UserError as e:
        left.caption(md_escape(str(e)))
        return
    with left.container(border=True):
        _index_tile(sel, facts, lang)
    with right.container(border=True):
        _warning_tile(facts, lang)
