"""Shared display pieces: KPI cards coloured by polarity, chart + caption, escaped text."""

from __future__ import annotations

import re

import streamlit as st

from ..alerts import signed_change
from ..charts import ChartSpec
from ..compute import value_en, value_zh
from ..errors import UserError
from ..figures import IndicatorFigure, Value
from ..periods import parse_period
from ..summary import is_rank_only
from ..visible import reveal
from .lang import current_lang, tr

_MD = re.compile(r"([\\`*_\[\]<>#|~$&!])")
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|xmpp)(?=:)|\b(www)(?=\.)|(@)")   # what GFM turns into links
WORD_JOINER = "\u2060"   # invisible; splits a bare URL so that Streamlit's markdown does not link it
_LINE_START = re.compile(r"(?m)^(\s*)([-+])")
_ORDERED = re.compile(r"(?m)^(\s*\d+)([.)])")
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True,
                 "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}


def md_escape(text: object) -> str:
    """Text shown literally by Streamlit's Markdown (never markup, HTML or a link; bidi controls as \\uXXXX)."""
    text = _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, _MD.sub(r"\\\1", reveal(str(text))))
    return _ORDERED.sub(r"\1\\\2", _LINE_START.sub(r"\1\\\2", text))


def show_error(e: UserError) -> None:
    """A user error in the reader's language, as plain text."""
    st.error(md_escape(e.text(current_lang())))


def value_text(v: Value, unit: str, lang: str) -> str:
    """1052起 / 1,052 incidents / 93.42% / 40余家."""
    return value_zh(v.value, unit, v.decimals, v.qualifier) if lang == "zh" else value_en(
        v.value, unit, v.decimals, v.qualifier)


def delta_text(f: IndicatorFigure) -> str | None:
    """-24.21% / +1.20 pp (ASCII sign so Streamlit draws the arrow), None without a change."""
    return signed_change(f, current_lang())


def delta_color(f: IndicatorFigure) -> str:
    """normal when higher is better, inverse when lower is better, off when neutral or stable."""
    if f.assessment in ("stable", "not_comparable") or f.indicator.polarity == 0:
        return "off"
    return "normal" if f.indicator.polarity > 0 else "inverse"


def _origin_line(v: Value | None, what: str) -> str:
    if v is None:
        return ""
    how = v.derivation if v.origin == "derived" and v.derivation else v.source
    return tr("pages.origin_line", what=what, origin=tr(f"common.{v.origin}"), how=how)


def provenance_text(f: IndicatorFigure) -> str:
    """Where the card's figures come from: value, comparison value and change, each reported or derived."""
    lines = [_origin_line(f.current, tr("common.value")), _origin_line(f.previous, f.compare.label(current_lang()))]
    if f.change_origin == "reported":
        lines.append(_origin_line(f.reported_change, tr("common.change")))
    elif f.change_origin == "derived":
        lines.append(tr("pages.origin_line", what=tr("common.change"), origin=tr("common.derived"),
                        how=tr("pages.derived_change")))
    if is_rank_only(f):
        lines.append(_origin_line(f.rank, tr("pages.rank")))
    if f.current is None and f.change is not None:
        lines.insert(0, tr("pages.change_only"))
    return md_escape("\n\n".join(x for x in lines if x))


def card_value(f: IndicatorFigure, lang: str) -> str:
    """What the card shows big: the value with unit, the rank, or 'change only'."""
    if f.current:
        text = value_text(f.current, f.indicator.unit, lang)
        return text + (tr("pages.derived_tag") if f.current.origin == "derived" else "")
    if is_rank_only(f):
        return tr("pages.rank_value", rank=int(f.rank.value))
    return tr("pages.change_only_value")


def kpi(f: IndicatorFigure) -> None:
    """One KPI card: value and unit, numeric delta coloured by polarity, provenance on hover."""
    lang = current_lang()
    label = md_escape(f.indicator.name(lang))
    desc = tr("pages.vs", compare=f.compare.label(lang)) if f.change is not None else None
    if is_rank_only(f):
        desc = f.rank and tr("pages.rank_period", period=_period_label(f.rank.period, lang))
    desc = desc and md_escape(desc)
    st.metric(label, md_escape(card_value(f, lang)), delta_text(f), delta_color=delta_color(f), help=provenance_text(f),
              border=True, delta_description=desc)


def _period_label(code: str, lang: str) -> str:
    return parse_period(code).label(lang)


def kpi_grid(figs: list[IndicatorFigure], per_row: int = 4) -> None:
    """KPI cards in rows of per_row."""
    for start in range(0, len(figs), per_row):
        cols = st.columns(per_row)
        for col, f in zip(cols, figs[start:start + per_row], strict=False):
            with col:
                kpi(f)


def chart(spec: ChartSpec) -> None:
    """A Plotly chart with its caption (provenance and notes, shown as plain text)."""
    st.plotly_chart(spec.figure, key=spec.key, config=PLOTLY_CONFIG, theme=None)
    if spec.caption:
        st.caption(md_escape(spec.caption))


def chart_grid(specs: list[ChartSpec], per_row: int = 2) -> None:
    """Charts two to a row (wide charts like change bars take a full row)."""
    pending: list[ChartSpec] = []
    for spec in specs:
        if spec.kind == "change":
            chart(spec)
            continue
        pending.append(spec)
        if len(pending) == per_row:
            _row(pending, per_row)
            pending = []
    if pending:
        _row(pending, per_row)


def _row(specs: list[ChartSpec], per_row: int) -> None:
    for col, spec in zip(st.columns(per_row), specs, strict=False):
        with col:
            chart(spec)
