"""Shared display pieces: KPI cards coloured by polarity, chart + caption, escaped text."""

from __future__ import annotations

import html
import re

import streamlit as st

from ..alerts import signed_change
from ..charts import ChartSpec
from ..charts.theme import verdict_color
from ..compute import value_en, value_zh
from ..errors import UserError
from ..figures import IndicatorFigure, Value
from ..i18n import LANGS
from ..periods import parse_period
from ..summary import card_kind, change_en, change_zh, is_rank_only
from ..verdicts import legend_items, verdict_label
from ..visible import reveal
from .lang import current_lang, tr
from .style import fit_key

_MD = re.compile(r"([\\`*_\[\]<>#|~$&!])")
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|xmpp)(?=:)|\b(www)(?=\.)|(@)")   # what GFM turns into links
WORD_JOINER = "\u2060"   # invisible; splits a bare URL so that Streamlit's markdown does not link it
# A list marker only where CommonMark sees one (followed by a space or the line's end): "-24.21%", "93.42%" stay as
# they are, "- x" and "1. x" are escaped; "---" too (a rule).
_LINE_START = re.compile(r"(?m)^(\s*)([-+])(?=\s|$|[-+])")
_ORDERED = re.compile(r"(?m)^(\s*\d+)([.)])(?=\s|$)")
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True,
                 "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}


def md_escape(text: object) -> str:
    """Text shown literally by Streamlit's Markdown (never markup, HTML or a link; bidi controls as \\uXXXX)."""
    text = _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, _MD.sub(r"\\\1", reveal(str(text))))
    return _ORDERED.sub(r"\1\\\2", _LINE_START.sub(r"\1\\\2", text))


def select(where, label: str, labels: dict, key: str, value: object = None, **kwargs: object) -> object:
    """A selectbox over labelled choices (value → text in the reader's language) that keeps its choice when the
    language changes: Streamlit 1.67 keeps showing the old label text of a keyed selectbox when only the labels change
    (streamlit/streamlit#13788), so the widget key carries the language and the choice moves over from the other's.
    """
    options, lang = list(labels), current_lang()
    own = f"{key}__{lang}"
    if own in st.session_state:               # its own choice (or one a page set before drawing it)
        return where.selectbox(label, options, format_func=labels.get, key=own, **kwargs)
    previous = [st.session_state[k] for k in (f"{key}__{x}" for x in LANGS if x != lang) if k in st.session_state]
    value = previous[0] if previous else value
    index = options.index(value) if value in options else 0
    return where.selectbox(label, options, index=index, format_func=labels.get, key=own, **kwargs)


def show_error(e: UserError) -> None:
    """A user error in the reader's language, as plain text (one line per problem when it lists several)."""
    lang = current_lang()
    lines = e.lines(lang) if hasattr(e, "lines") else [e.text(lang)]
    st.error("\n\n".join(md_escape(line) for line in lines))


def value_text(v: Value, unit: str, lang: str) -> str:
    """1052起 / 1,052 incidents / 93.42% / 40余家."""
    return value_zh(v.value, unit, v.decimals, v.qualifier) if lang == "zh" else value_en(
        v.value, unit, v.decimals, v.qualifier)


def delta_text(f: IndicatorFigure) -> str | None:
    """-24.21% / +1.20 pp (ASCII sign so Streamlit draws the arrow), None without a change."""
    return signed_change(f, current_lang())


CARD_COLORS = {"improved": "green", "worsened": "red"}   # by direction; stable, neutral, not comparable: gray


def delta_color(f: IndicatorFigure) -> str:
    """green when the change is for the better, red for the worse (within normal variation too: the card's
    description marks that), gray otherwise."""
    return CARD_COLORS.get(f.assessment, "gray")


def _origin_line(v: Value | None, what: str) -> str:
    if v is None:
        return ""
    how = v.how(current_lang())
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


def change_words(f: IndicatorFigure, lang: str) -> str:
    """同比下降75.0% / down 75.0% year on year: a change as the headline of a figure known only as a change."""
    return change_zh(f) if lang == "zh" else change_en(f)


def rank_text(f: IndicatorFigure, lang: str) -> str:
    """全市第1名 / No. 1 in the city."""
    return tr("pages.rank_value", rank=int(f.rank.value)) if f.rank else ""


def card_value(f: IndicatorFigure, lang: str) -> str:
    """What the card shows big (summary.card_kind): the reported value with its unit, the reported change in words,
    or the rank."""
    kind = card_kind(f)
    if kind == "value":
        return value_text(f.current, f.indicator.unit, lang)
    if kind == "change":
        return change_words(f, lang)
    return rank_text(f, lang) if kind == "rank" else ""


def table_value(f: IndicatorFigure, lang: str) -> str:
    """The value cell of a figure table: the value with unit (derived ones tagged), else the rank, else empty (a
    figure known only as a change has its change in the change column)."""
    if f.current:
        text = value_text(f.current, f.indicator.unit, lang)
        return text + (tr("pages.derived_tag") if f.current.origin == "derived" else "")
    return rank_text(f, lang) if is_rank_only(f) else ""


def delta_description(f: IndicatorFigure, lang: str, selected: str | None = None) -> str | None:
    """较2020年 (，在正常波动范围内) under a change; the rank's period under a rank; the figure's own period first
    when it is not the `selected` one (a domain showing its latest figures)."""
    own = f.period.label(lang) if selected and f.period.code != selected else ""
    if card_kind(f) == "rank" and f.change is None:
        return tr("pages.rank_period", period=_period_label(f.rank.period, lang))
    if f.change is None:
        return own or None
    desc = tr("pages.vs", compare=f.compare.label(lang))
    desc = tr("pages.period_vs", period=own, compare=f.compare.label(lang)) if own else desc
    return desc + tr("pages.noise_mark") if f.noise else desc


def kpi(f: IndicatorFigure, selected: str | None = None) -> None:
    """One key-figure card: the headline (card_value, sized to fit its card), the change coloured by its direction
    for the indicator, 'within normal variation' said under it, provenance on hover."""
    lang = current_lang()
    label = md_escape(f.indicator.name(lang))
    delta, arrow = delta_text(f), "auto"
    if card_kind(f) == "change":       # the change is the headline: say its verdict under it
        delta = verdict_label(f.assessment, False, lang) or None
        arrow = "off" if f.assessment in ("stable", "not_comparable") else ("down" if f.change < 0 else "up")
    desc = delta_description(f, lang, selected)
    value = card_value(f, lang)
    with st.container(key=fit_key(value, f"{f.indicator.id}-{f.region.code}")):   # a long value shrinks to fit
        st.metric(label, md_escape(value), delta, delta_color=delta_color(f), help=provenance_text(f),
                  border=True, delta_description=desc and md_escape(desc), delta_arrow=arrow)


def _period_label(code: str, lang: str) -> str:
    return parse_period(code).label(lang)


def kpi_grid(figs: list[IndicatorFigure], per_row: int = 4, selected: str | None = None) -> None:
    """Key-figure cards in rows of per_row, two to a row on a phone (web/style.py); figures without a card_kind get
    none."""
    figs = [f for f in figs if card_kind(f)]
    with st.container(key="kpis"):
        for start in range(0, len(figs), per_row):
            cols = st.columns(per_row)
            for col, f in zip(cols, figs[start:start + per_row], strict=False):
                with col:
                    kpi(f, selected)


def verdict_legend(lang: str) -> None:
    """The colours of cards and charts explained on the page: a swatch per direction, lighter within normal
    variation (our own words only; no data reaches this HTML)."""
    swatch = ('<span style="white-space:nowrap"><span style="display:inline-block;width:0.8em;height:0.8em;'
              'border-radius:2px;margin:0 0.3em 0 0.9em;vertical-align:-0.05em;background:{color}"></span>{label}'
              '</span> ')   # a swatch never parted from its words when the line wraps on a phone
    items = "".join(swatch.format(color=verdict_color(a, noise), label=html.escape(label))
                    for a, noise, label in legend_items(lang))
    st.html(f'<div class="dp-legend" style="font-size:0.82rem;color:#566573;line-height:1.9">'
            f'<b>{html.escape(tr("pages.legend_title"))}</b>{items}<br>'
            f'<span>{html.escape(tr("pages.legend_note"))}</span></div>')


def chart(spec: ChartSpec) -> None:
    """A Plotly chart under its title (page text: it wraps on a phone), with its caption (provenance and notes,
    shown as plain text)."""
    if spec.title:
        st.markdown(f"**{md_escape(spec.title)}**")
    st.plotly_chart(spec.page_figure(), key=spec.key, config=PLOTLY_CONFIG, theme=None)
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
