"""The page's chart restyled for paper: no title (the document numbers it), larger type, legible in black and white.

Same figure, same data: only colours that look alike in grey (green and red) are darkened or lightened and hatched,
and the screen caption's sentences about colours and hovering are replaced by their printed equivalents.
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..i18n import t
from .plan import ChartSpec
from .theme import GREEN, GREEN_LIGHT, RED, RED_LIGHT

WIDTH, FONT_SIZE = 760, 16
# very dark vs light: apart in grey as well as in hue; within normal variation a step lighter each
PRINT_COLOR = {GREEN: "#143d24", GREEN_LIGHT: "#4f7a60", RED: "#f1c4bf", RED_LIGHT: "#f9e6e3"}
HATCH = {RED: "x", RED_LIGHT: "x"}                   # and worse is cross-hatched
SCREEN_NOTES = {"cap_change": "print_change", "cap_compare": "print_compare", "cap_rates": "print_rates",
                "cap_values": "print_values", "cap_trend": "print_trend", "cap_pipeline": "print_pipeline",
                "cap_regions": "print_regions"}


def _luma(color: str) -> float:
    """Perceived lightness 0–255 of a #rrggbb colour (other notations count as mid-grey)."""
    if not (isinstance(color, str) and color.startswith("#") and len(color) == 7):
        return 128.0
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def _as_list(value: object, n: int) -> list:
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value] * n


def _restyle_bar(trace: go.Bar) -> None:
    """Print colours per bar; hatch the bars that were red; pattern lines drawn in a contrasting grey."""
    n = len(trace.x if trace.orientation == "h" else trace.y) if (trace.x is not None or trace.y is not None) else 1
    colors = _as_list(trace.marker.color, n)
    shapes = _as_list(trace.marker.pattern.shape or "", n)
    shapes = [s or HATCH.get(c, "") for s, c in zip(shapes, colors, strict=False)]
    new = [PRINT_COLOR.get(c, c) for c in colors]
    trace.marker.color = new
    if any(shapes):
        trace.marker.pattern = {"shape": shapes, "bgcolor": new, "solidity": 0.35, "fillmode": "replace",
                                "fgcolor": ["#ffffff" if _luma(c) < 110 else "#333333" for c in new]}


def for_print(spec: ChartSpec) -> go.Figure:
    """A copy of the spec's figure for an A4 page: title removed, type enlarged, print colours and hatching."""
    fig = go.Figure(spec.figure)
    fig.update_layout(title=None, width=WIDTH, font={"size": FONT_SIZE}, margin={"l": 10, "r": 30, "t": 40, "b": 10})
    for trace in fig.data:
        if trace.type == "bar":
            _restyle_bar(trace)
    return fig


def print_note(spec: ChartSpec, lang: str) -> str:
    """The chart's caption with its screen-only sentences (colours, hovering) replaced by the printed wording."""
    text = spec.caption
    for screen, paper in SCREEN_NOTES.items():
        text = text.replace(t(f"pages.{screen}", lang), t(f"report.{paper}", lang))
    return text.strip()
