"""Pieces of the overview page: the summary paragraphs, the alert list and one tile per domain."""

from __future__ import annotations

import streamlit as st

from ..alerts import WORSENED_KIND, Alert, alert_text
from ..catalog import Catalog
from ..charts import ChartSpec, plan_overview
from ..errors import UserError
from ..figures import IndicatorFigure
from ..periods import parse_period
from ..safety.index import INDEX_KINDS
from ..selection import Selection
from .data import cached_figures
from .lang import tr
from .nav import PAGES
from .safety_data import live_index, month_warnings, published, subtree, warning_months
from .widgets import md_escape

ICONS = {s.key: s.icon for s in PAGES}


@st.cache_resource(show_spinner=False, max_entries=64)  # shared, read-only: no unpickling per rerun
def overview_charts(version: str, period: str, region: str, compare: str, lang: str) -> list[ChartSpec]:
    """The overview's charts, built once per data version and filter."""
    return plan_overview(cached_figures(period, region, compare), lang)


def summary_block(paragraphs: list[tuple[str, str]], cat: Catalog, lang: str) -> None:
    """The generated official-style summary, one paragraph per domain (plain text, escaped)."""
    st.subheader(tr("pages.summary"))
    for domain, text in paragraphs:
        st.markdown(f"**{md_escape(cat.domains[domain].name(lang))}**　{md_escape(text)}")
    st.caption(tr("pages.summary_note"))


def alert_list(items: list[Alert], lang: str) -> None:
    """Adverse movements and figures to check, most severe first."""
    st.subheader(tr("pages.alerts"))
    if not items:
        st.success(tr("pages.no_alerts"), icon=":material/check_circle:")
        return
    for n, a in enumerate(items, start=1):
        icon = ":material/trending_down:" if a.kind == WORSENED_KIND else ":material/error:"
        box = st.error if a.kind == WORSENED_KIND else st.warning
        box(f"{n}. {md_escape(alert_text(a, lang))}", icon=icon)


def _tile_counts(figs: list[IndicatorFigure], domain: str) -> dict[str, int]:
    mine = [f for f in figs if f.indicator.domain == domain and f.has_data]
    return {"n": len(mine), "up": sum(f.assessment == "improved" for f in mine),
            "down": sum(f.assessment == "worsened" for f in mine)}


def domain_tiles(cat: Catalog, figs: list[IndicatorFigure], sel: Selection, lang: str) -> None:
    """One bordered tile per domain linking to its page with the same filters."""
    st.subheader(tr("pages.domains"))
    domains = sorted(cat.domains.values(), key=lambda d: d.order)
    cols = st.columns(3)
    params = {**sel.as_params(), "lang": lang}
    for n, dom in enumerate(domains):
        with cols[n % 3].container(border=True):
            st.page_link(f"pages/{dom.id}.py", label=dom.name(lang), icon=ICONS.get(dom.id),
                         query_params=params)
            st.caption(md_escape(dom.description_zh if lang == "zh" else dom.description_en))
            st.caption(tr("pages.tile_counts", **_tile_counts(figs, dom.id)))


def _index_tile(sel: Selection, lang: str) -> None:
    period = parse_period(sel.period)
    st.caption(tr("safety.overview_index", region=md_escape(_region_name(sel.region, lang)), period=period.label(lang)))
    if period.kind not in INDEX_KINDS:
        st.markdown(tr("safety.grade_insufficient"))
        return
    level = _level(sel.region)
    result = published(period.code)[1] or live_index(period.code, (level,) if level else None)
    row = result.regions[result.regions["region"] == sel.region]
    grade = str(row["grade"].iloc[0]) if not row.empty else "insufficient"
    score = float(row["score"].iloc[0]) if not row.empty else float("nan")
    text = tr(f"safety.grade_{grade}") if score != score else f"{score:.1f} · {tr(f'safety.grade_{grade}')}"
    st.badge(text, color={"insufficient": "gray"}.get(grade, grade), icon=":material/shield:")
    st.page_link("pages/safety_index.py", label=tr("safety.overview_open_index"), icon=ICONS.get("safety_index"),
                 query_params={"index_period": period.code, "index_region": sel.region, "lang": lang})


def _warning_tile(sel: Selection, lang: str) -> None:
    end = parse_period(sel.period)
    months = [m for m in warning_months() if parse_period(m).year < end.year or (
        parse_period(m).year == end.year and parse_period(m).index <= end.months()[1])]
    if not months:
        st.caption(tr("safety.overview_warnings", month=tr("safety.overview_no_months")))
        st.page_link("pages/risk_warnings.py", label=tr("safety.overview_open_warnings"),
                     icon=ICONS.get("risk_warnings"), query_params={"lang": lang})
        return
    month = months[0]
    found = month_warnings(month, subtree(sel.region))
    st.caption(tr("safety.overview_warnings", month=parse_period(month).label(lang)))
    counts = tr("safety.overview_warning_counts", red=int((found["severity"] == "red").sum()),
                orange=int((found["severity"] == "orange").sum()))
    st.page_link("pages/risk_warnings.py", label=counts, icon=ICONS.get("risk_warnings"),
                 query_params={"warning_month": month, "lang": lang})


def _region_name(code: str, lang: str) -> str:
    from .data import catalog
    reg = catalog().regions.get(code)
    return reg.name(lang) if reg else code


def _level(code: str) -> str | None:
    from .data import catalog
    reg = catalog().regions.get(code)
    return reg.level if reg else None


def safety_tiles(sel: Selection, lang: str) -> None:
    """The selected region's 平安指数 grade and the month's red/orange warning counts, linking to both pages.

    A faulty index file or setting is said in its tile; the rest of the overview carries on.
    """
    left, right = st.columns(2)
    for box, tile in ((left, _index_tile), (right, _warning_tile)):
        with box.container(border=True):
            try:
                tile(sel, lang)
            except UserError as e:
                st.caption(md_escape(str(e)))
