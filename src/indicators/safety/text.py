"""Sentences about the 平安指数 and the warnings, in Chinese or English (strings from i18n/strings/safety.toml)."""

from __future__ import annotations

import math

import pandas as pd

from ..catalog import Catalog
from ..charts.theme import unit_name
from ..i18n import t
from ..periods import parse_period


def _unit(cat: Catalog, indicator: str, lang: str) -> str:
    return unit_name(cat.indicators[indicator].unit, lang)


def region_name(cat: Catalog, code: str, lang: str) -> str:
    """The region's name (the code itself when the catalogue lacks it)."""
    reg = cat.regions.get(code)
    return reg.name(lang) if reg else code


def warning_reason(w: object, cat: Catalog, lang: str) -> str:
    """Why a warning fired: value, expected value, the limit crossed or the run of rises."""
    ind = cat.indicators[w.indicator]
    values = {"region": region_name(cat, w.region, lang), "period": parse_period(w.period).label(lang),
              "indicator": ind.name(lang), "value": f"{w.value:,.0f}", "expected": f"{w.expected:,.1f}",
              "limit": f"{w.limit:,.0f}", "unit": _unit(cat, w.indicator, lang), "n": int(w.run)}
    if w.rule == "sustained_rise":
        return t("safety.reason_sustained", lang, **values)
    text = t("safety.reason_limit", lang, limit_name=t(f"safety.limit_{w.rule}", lang), **values)
    if w.sustained:
        text += t("safety.reason_also_sustained", lang, **values)
    return text


def change_reason(region: pd.Series, comps: pd.DataFrame, cat: Catalog, lang: str, top: int = 2) -> str:
    """'南澳办事处 fell from 86.0 to 78.0 (−8.0), mainly because of …': the components that moved the score most."""
    name = region_name(cat, region["region"], lang)
    now, before = region["score"], region["previous_score"]
    if math.isnan(now):
        return t("safety.why_insufficient", lang, region=name)
    if math.isnan(before):
        return t("safety.why_no_previous", lang, region=name, score=f"{now:.1f}")
    change = now - before
    if abs(change) < 0.05:
        return t("safety.why_flat", lang, region=name, score=f"{now:.1f}")
    movers = comps.dropna(subset=["change_contribution"])
    movers = movers[movers["change_contribution"] * change > 0]
    movers = movers.reindex(movers["change_contribution"].abs().sort_values(ascending=False).index).head(top)
    parts = t("pages.list_sep", lang).join(
        f"{cat.indicators[r.indicator].name(lang)}（{r.change_contribution:+.1f}）" if lang == "zh" else
        f"{cat.indicators[r.indicator].name(lang)} ({r.change_contribution:+.1f})" for r in movers.itertuples())
    key = "safety.why_fell" if change < 0 else "safety.why_rose"
    return t(key, lang, region=name, before=f"{before:.1f}", now=f"{now:.1f}", change=f"{change:+.1f}",
             parts=parts or "—")
