"""Units and measure names as people read them: one rule each, for pages, charts and exports alike."""

from __future__ import annotations

from .catalog import MEASURES
from .compute.sentences import UNIT_EN
from .i18n import t

# English names of units that read as a unit on their own (axis titles, Unit columns); UNIT_EN holds the words that
# follow a number in a sentence ("1,052 incidents", "3" for 个).
UNIT_NAMES_EN = {"个": "count", "位": "count", "名": "people", "万人次": "10,000 visits", "项": "items"}
ALL_MEASURES = "all"                                  # the query filter's choice of every measure


def unit_name(unit: str, lang: str) -> str:
    """The unit in the page language: 起 → incidents, 个 → count; Chinese units unchanged in Chinese."""
    if lang == "zh" or unit == "%":
        return unit
    return UNIT_NAMES_EN.get(unit) or UNIT_EN.get(unit) or unit


def value_unit(unit: str, lang: str) -> str:
    """The unit of a value written in words (value_zh / value_en): English scales 万 out (1080万人次 → 10.8 million
    visits), so beside such a value the unit is "visits", not "10,000 visits"."""
    if lang == "zh" or unit == "%":
        return unit
    return UNIT_EN.get(unit.removeprefix("万")) or unit_name(unit, lang)


def name_with_note(name: str, note: str, lang: str) -> str:
    """「名称（注）」 in Chinese, "Name (note)" in English; the name alone when there is no note."""
    return t("common.name_note", lang, name=name, note=note) if note else name


def name_with_unit(name: str, unit: str, lang: str) -> str:
    """「名称（单位）」 / "Name (unit)", the unit in the page language (unit_name)."""
    return name_with_note(name, unit_name(unit, lang), lang)


def measure_unit(measure: str, unit: str, lang: str) -> str:
    """The unit of a stored figure by its measure: a value in the indicator's unit (unit_name), a year-on-year change
    in % or percentage points, a rank as a rank, never the indicator's unit."""
    if measure == "value":
        return unit_name(unit, lang)
    if measure == "yoy_pct":
        return "%"
    if measure in ("yoy_pp", "rank"):
        return t(f"common.unit_{measure}", lang)
    return unit


def measure_label(measure: str, lang: str) -> str:
    """value / yoy_pct / yoy_pp / rank (or the query's "all") in words (数值, 同比（%）…); an unknown one as it is."""
    return t(f"pages.measure_{measure}", lang) if measure in (*MEASURES, ALL_MEASURES) else measure
