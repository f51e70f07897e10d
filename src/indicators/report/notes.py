"""附：数据说明 — sources, definitions (口径), derived values and changes within normal variation."""

from __future__ import annotations

from ..catalog import Catalog
from ..figures import IndicatorFigure
from ..i18n import t
from ..units import name_with_unit
from .data import ReportData, Source
from .keyfigures import change_text, value_text


def date_text(d: object, lang: str) -> str:
    """2026年11月29日 / 2026-11-29."""
    return t("report.date", lang, year=d.year, month=d.month, day=d.day)


def source_lines(sources: list[Source], lang: str) -> list[str]:
    """Each batch the figures come from: document or file name and when it was loaded (no internal ids)."""
    keys = {"seed": "report.source_seed", "upload": "report.source_upload"}
    return [t(keys.get(s.kind, "report.source_other"), lang, file=s.file_name, date=date_text(s.committed, lang))
            for s in sources]


def definition_lines(catalog: Catalog, figs: list[IndicatorFigure], lang: str) -> list[str]:
    """Each reported indicator's definition (口径), unit and source department."""
    out = []
    for f in figs:
        ind = catalog.indicators[f.indicator.id]
        dept = t("report.dept", lang, dept=ind.source_department) if ind.source_department else ""
        out.append(t("report.definition_line", lang, name_unit=name_with_unit(ind.name(lang), ind.unit, lang),
                     definition=ind.definition or t("report.definition_missing", lang), dept=dept))
    return out


def derived_lines(figs: list[IndicatorFigure], lang: str) -> list[str]:
    """Which values are derived and how; which changes were computed rather than reported."""
    out = []
    for f in figs:
        for v, period in ((f.current, f.period), (f.previous, f.compare)):
            if v is not None and v.origin == "derived":
                out.append(t("report.derived_value_line", lang, name=f.indicator.name(lang),
                             period=period.label(lang), value=value_text(v, f.indicator.unit, lang).removesuffix(
                                 t("report.derived_mark", lang)), how=v.how(lang) or t("common.derived", lang)))
    computed = [f.indicator.name(lang) for f in figs if f.change_origin == "derived"]
    if computed:
        out.append(t("report.derived_change_line", lang, names=t("pages.list_sep", lang).join(computed)))
    return out or [t("report.none_derived", lang)]


def normal_lines(figs: list[IndicatorFigure], lang: str) -> list[str]:
    """Changes within normal variation (not significant under the Poisson test), with their direction and the rule."""
    out = [t("report.normal_line", lang, name=f.indicator.name(lang), change=change_text(f, lang))
           for f in figs if f.noise and f.change is not None]
    return [*out, t("report.normal_rule", lang)] if out else [t("report.none_normal", lang)]


def reading_lines(data: ReportData, lang: str) -> list[str]:
    """How to read units, assessments and the generation note."""
    when = f"{date_text(data.when, lang)} {data.when:%H:%M}"
    return [t("report.reading_units", lang), t("report.reading_assessment", lang),
            t("report.reading_generated", lang, when=when)]


def appendix(data: ReportData, lang: str) -> list[tuple[str, list[str]]]:
    """(subheading, lines) of the annex, in order."""
    figs = data.reported()
    return [(t("report.note_sources", lang), source_lines(data.sources, lang)),
            (t("report.note_definitions", lang), definition_lines(data.catalog, figs, lang)),
            (t("report.note_derived", lang), derived_lines(figs, lang)),
            (t("report.note_normal", lang), normal_lines(figs, lang)),
            (t("report.note_reading", lang), reading_lines(data, lang))]
