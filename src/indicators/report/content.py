"""The briefing's content in official style, from the same figures, sentences and charts the pages show.

一、总体情况 (the overview's generated summary, counts and points needing attention), 二、分领域情况 (per domain:
counts, key-figures table, one page chart), optional sections, 附：数据说明. Nothing here the pages would not show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import settings
from ..alerts import alert_text, alerts
from ..catalog import Catalog
from ..charts.print import print_note
from ..compute import IMPROVED, STABLE, WORSENED
from ..compute.sentences import cn_number
from ..figures import IndicatorFigure
from ..i18n import t
from ..periods import parse_period
from ..summary import summary
from .data import ReportData
from .keyfigures import key_figures, key_table
from .model import Block, Chart, Document, Heading, Paragraph
from .notes import appendix, date_text
from .request import ReportRequest


@dataclass
class Numbers:
    """Running numbers of sections, tables and figures."""

    section: int = 0
    table: int = 0
    chart: int = 0


def _num(n: int, lang: str) -> str:
    return cn_number(n) if lang == "zh" else str(n)


def _sub(section: int | str, m: int, lang: str) -> str:
    """Number of a subsection: 一 (its section implied, as in official documents) or 2.1 / A.1."""
    return cn_number(m) if lang == "zh" else f"{section}.{m}"


def title(catalog: Catalog, req: ReportRequest) -> str:
    """大鹏新区社会治理指标月报（2024年6月）, or the domain's name as the subject."""
    lang, period = req.lang, parse_period(req.period)
    subject = catalog.domains[req.domain].name(lang) if req.domain else t("report.subject_all", lang)
    return t("report.title", lang, region=catalog.regions[req.region].name(lang), subject=subject,
             kind=t(f"report.kind_{period.kind}", lang), period=period.label(lang))


def unit_name(lang: str) -> str:
    """The issuing office (settings report.unit_zh / report.unit_en)."""
    return str(settings.get(f"report.unit_{lang}"))


def _counts(figs: list[IndicatorFigure]) -> dict[str, int]:
    return {"n": len(figs), "up": sum(f.assessment == IMPROVED for f in figs),
            "down": sum(f.assessment == WORSENED for f in figs), "stable": sum(f.assessment == STABLE for f in figs)}


def overall(data: ReportData, lang: str, numbers: Numbers) -> list[Block]:
    """Counts, the generated summary paragraph of each domain, and the points needing attention."""
    figs, sel = data.reported(), data.request.selection
    if not figs:
        return []
    region = figs[0].region.name(lang) if lang == "en" else {"district": "全区", "city": "全市"}.get(
        figs[0].region.level, figs[0].region.name_zh)
    blocks: list[Block] = [Paragraph(t("report.overall_counts", lang, period=parse_period(sel.period).label(lang),
                                       region=region, compare=parse_period(sel.compare).label(lang),
                                       **_counts(figs)))]
    blocks += [Paragraph(text, lead=data.catalog.domains[d].name(lang) + ("　" if lang == "zh" else ": "))
               for d, text in summary(figs, data.catalog, lang)]
    items = alerts(figs)
    blocks.append(Paragraph("" if items else t("report.no_attention", lang), lead=t("report.attention", lang)))
    blocks += [Paragraph(f"{n}. {alert_text(a, lang)}", style="list") for n, a in enumerate(items, start=1)]
    return blocks


def domain_blocks(data: ReportData, domain: str, lang: str, numbers: Numbers) -> list[Block]:
    """One domain: counts, key-figures table, one chart."""
    figs = [f for f in data.in_domain(domain) if f.has_data]
    name = data.catalog.domains[domain].name(lang)
    numbers.table += 1
    caption = t("report.table_caption", lang, n=numbers.table, domain=name,
                period=parse_period(data.request.period).label(lang))
    key = key_figures(figs)
    counts = t("report.domain_counts", lang, **_counts(figs))
    if len(key) < len(figs):
        counts += t("report.more_on_page", lang, k=len(key), rest=len(figs) - len(key), domain=name)
    blocks: list[Block] = [Paragraph(counts, keep_with_next=True), key_table(key, caption, lang)]
    spec = data.charts.get(domain)
    if spec is not None:
        numbers.chart += 1
        blocks.append(Chart(f"{domain}:{spec.key}", spec, t("report.chart_caption", lang, n=numbers.chart,
                                                              title=spec.title), print_note(spec, lang)))
    return blocks


def by_domain(data: ReportData, lang: str, numbers: Numbers) -> list[Block]:
    """A subsection per covered domain."""
    blocks: list[Block] = []
    for m, domain in enumerate(data.domains(), start=1):
        name = data.catalog.domains[domain].name(lang)
        blocks.append(Heading(t("report.subsection", lang, n=_sub(numbers.section, m, lang), text=name), 2))
        blocks += domain_blocks(data, domain, lang, numbers)
    return blocks


def annex(data: ReportData, lang: str) -> list[Block]:
    """附：数据说明, one numbered subheading per kind of note."""
    blocks: list[Block] = [Heading(t("report.appendix", lang), 1)]
    for m, (head, lines) in enumerate(appendix(data, lang), start=1):
        blocks.append(Heading(t("report.subsection", lang, n=_sub("A", m, lang), text=head), 2))
        blocks += [Paragraph(line, style="note") for line in lines]
    return blocks


Section = Callable[[ReportData, str, Numbers], list[Block]]
# Numbered sections in order: (title key, builder). A builder returning [] leaves its section out. The 平安指数 and
# 风险预警 sections of issue #13 join here as two more entries once that code is on main.
SECTIONS: list[tuple[str, Section]] = [("report.overall", overall), ("report.by_domain", by_domain)]


def document(data: ReportData) -> Document:
    """The whole briefing."""
    lang = data.request.lang
    meta = t("report.meta", lang, unit=unit_name(lang), date=date_text(data.when, lang))
    doc = Document(title(data.catalog, data.request), meta, lang, unit_name(lang))
    numbers = Numbers()
    for key, build in SECTIONS:
        if key == "report.by_domain" and data.request.domain:
            key = "report.by_indicator"
        numbers.section += 1
        blocks = build(data, lang, numbers)
        if not blocks:
            numbers.section -= 1
        else:
            doc.blocks.append(Heading(t("report.section", lang, n=_num(numbers.section, lang), text=t(key, lang))))
            doc.blocks += blocks
    doc.blocks += annex(data, lang)
    return doc
