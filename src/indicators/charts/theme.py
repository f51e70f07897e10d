"""One look for every chart: fonts that render Chinese, an official palette, titles that carry the unit."""

from __future__ import annotations

import html
import math
import re

import plotly.graph_objects as go

from ..compute import fmt_number
from ..figures import Value
from ..i18n import t
from ..units import unit_name
from ..visible import reveal

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
BLUE, GREY, GREEN, RED, AMBER, LIGHT = "#1f4e9c", "#9aa5b1", "#2e8b57", "#c0392b", "#d68910", "#dfe6ee"
PALETTE = [BLUE, "#4f86c6", "#7fb2e5", AMBER, "#6c8f3d", "#8e6c8a", GREY]
GREEN_LIGHT, RED_LIGHT = "#a9d6ba", "#efb1a9"     # the same directions, within normal variation


def verdict_color(assessment: str | None, noise: bool = False) -> str:
    """Green for the better, red for the worse (a lighter shade when within normal variation), grey otherwise."""
    if assessment == "improved":
        return GREEN_LIGHT if noise else GREEN
    if assessment == "worsened":
        return RED_LIGHT if noise else RED
    return GREY
HEIGHT = 380
STANDOFF = 8        # pixels between a horizontal bar's category name and the bar
TOP_UNTITLED = 34   # room above the plot for the unit line and a legend once the title is on the page


def plain(text: object) -> str:
    """Text safe for Plotly labels: markup characters escaped (never HTML), bidi controls shown as \\uXXXX."""
    return html.escape(reveal(str(text)), quote=False)


_CJK = "\u2e80-\u9fff\u3000-\u303f\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_OPENING, _CLOSING = "（【《「『“‘〔", "）】》」』”’〕，。、；：！？"
_DATE_ZH = (r"\d{1,4}年(?:\d{1,2}(?:[-–~至]\d{1,2})?月(?:\d{1,2}[日号])?|[上下]半年|第?[一二三四1-4]季度|度)?"
            r"|\d{1,2}(?:[-–~至]\d{1,2})?月(?:\d{1,2}[日号])?|\d{1,2}[日号]")
_UNIT_ZH = r"(?:(?<=\d)(?:万人次|万元|亿元|[万亿起件人名个次户元岁天项宗条]))?"
# What a line may never be broken inside: a Chinese date (2021年10月19日), a run of other text without spaces (a
# date 2021-10-19, a number 1,234.5%, a code 2022YTD06, an English word) with the unit after a number, or one Chinese
# character; an opening bracket stays with what follows it, closing punctuation with what precedes it.
_TOKEN = re.compile(rf"[{_OPENING}]*(?:{_DATE_ZH}|[^\s{_CJK}]+{_UNIT_ZH}|[{_CJK}])[{_CLOSING}]*")


def wrap(text: str, width: int = 10) -> str:
    """Plain text broken into lines of about `width` characters (at least 12 where it has spaces), only at spaces
    and beside Chinese characters: never inside a date, a number or a code (a token longer than a line keeps its
    own line); the lines balanced, so the last is never a lone character (社区矫正人员重新犯罪 / 率)."""
    limit = max(width, 12) if " " in text.strip() else width
    lines = _greedy(text, limit)
    for narrower in range(math.ceil(len(text.strip()) / len(lines)), limit):
        if len(lines) > 1 and len(fewer := _greedy(text, narrower)) == len(lines):
            lines = fewer     # the narrowest width that needs no more lines evens them out
            break
    if len(lines) > 1 and len(lines[-1]) == 1:
        lines = _greedy(text, limit + 1)   # a line one character long beats a lone character below it
    return "<br>".join(plain(x) for x in lines)


def _greedy(text: str, limit: int) -> list[str]:
    """Lines of at most `limit` characters, filled one after another (a token longer than a line keeps its own)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        for n, token in enumerate(_TOKEN.findall(word)):
            piece = (" " if n == 0 and line else "") + token
            if line and len(line) + len(piece) > limit:
                lines.append(line)
                piece = token
                line = ""
            line += piece
    lines.append(line)
    return lines


def row_height(labels: list[str], least: int = 58) -> int:
    """Pixels per category of a horizontal chart: enough for its tallest label (lines of ~17 px), so wrapped labels
    of neighbouring bars never overlap."""
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    return max(least, 17 * lines + 14)


def num(value: float, decimals: int = 0) -> str:
    """A number as shown on charts: thousands separators, the indicator's decimals."""
    return fmt_number(value, decimals, thousands=True)


def unit_label(unit: str, lang: str) -> str:
    """The unit as an axis title."""
    return t("pages.unit_axis", lang, unit=unit_name(unit, lang))


def unit_on_y(fig: go.Figure, unit: str, lang: str) -> go.Figure:
    """The unit written level above the y axis (rotated Chinese axis titles are hard to read)."""
    fig.add_annotation(text=plain(unit_label(unit, lang)), xref="paper", yref="paper", x=0, y=1.0, yshift=8,
                       xanchor="left", yanchor="bottom", showarrow=False, font={"size": 12, "color": "#566573"})
    fig.update_yaxes(rangemode="tozero")
    return fig


def provenance(v: Value | None, lang: str, width: int = 36) -> str:
    """Hover text for a value: reported or derived, and where it comes from (escaped, wrapped)."""
    if v is None:
        return ""
    origin = t(f"common.{v.origin}", lang) if v.origin in ("reported", "derived") else plain(v.origin)
    lines = [origin]
    source = v.how(lang)
    if source:
        lines.append(wrap(source, width))
    return "<br>".join(lines)


def untitled(fig: go.Figure) -> go.Figure:
    """A copy without the title (kept as layout.meta.title) and with the top margin it needed given back."""
    out = go.Figure(fig)
    title = out.layout.title.text or ""
    out.update_layout(title=None, meta={"title": title}, margin={"t": TOP_UNTITLED})
    return out


def layout(fig: go.Figure, title: str, lang: str, height: int = HEIGHT) -> go.Figure:
    """Apply the house layout and the title (which names the unit)."""
    fig.update_layout(
        title={"text": plain(title), "x": 0.0, "xanchor": "left", "font": {"size": 16}},
        font={"family": FONT, "size": 13, "color": "#1c2833"}, colorway=PALETTE, height=height,
        paper_bgcolor="white", plot_bgcolor="white", margin={"l": 10, "r": 20, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1.0},
        hoverlabel={"font": {"family": FONT}, "align": "left"}, separators=".,",
    )
    fig.update_xaxes(gridcolor=LIGHT, zerolinecolor=GREY, automargin=True)
    fig.update_yaxes(gridcolor=LIGHT, zerolinecolor=GREY, automargin=True)
    return _unit_into_legend(fig)


def _unit_into_legend(fig: go.Figure) -> go.Figure:
    """With a legend, the unit line (unit_on_y) becomes the legend's title, both left: side by side at the top they
    overlapped on a phone."""
    notes = [a for a in fig.layout.annotations if a.yref == "paper" and a.y == 1.0 and a.xanchor == "left"]
    legend = [d for d in fig.data if d.showlegend is not False and d.name]
    if notes and len(legend) > 1:
        fig.update_layout(legend={"title": {"text": notes[0].text + "　", "font": {"size": 12, "color": "#566573"}},
                                  "x": 0.0, "xanchor": "left"})
        fig.layout.annotations = [a for a in fig.layout.annotations if a is not notes[0]]
    return fig
