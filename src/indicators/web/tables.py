"""Every table a person sees: missing values read — (never Streamlit's None, NaN or <NA>); numbers stay numbers."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from .style import ems

MISSING = "—"
EM, PAD = 14, 30           # pixels per em of the table font (a Chinese character), and a cell's padding and sort icon
NARROWEST, WIDEST = 56, 420   # a column is never narrower than its header nor wider than WIDEST (long text wraps off)
SAMPLE = 300               # rows looked at to judge a column's typical text
BUDGET, LEAST_TEXT, FIRST_TEXT = 960, 140, 260   # a table's width on a 1440 px page beside the sidebar; the least a
# long text keeps, and the least the first column (what a row is about: the indicator, the period) keeps


def styled(frame: pd.DataFrame, precision: int | None = None) -> Styler:
    """A Styler whose missing cells read — (its own text for NaN is 'nan', which Streamlit shows as it is)."""
    return frame.style.format(precision=precision, na_rep=MISSING)


def show_table(data: Any, **kwargs: Any) -> Any:
    """st.dataframe with missing values shown as — and every column wide enough for its header and its typical
    text (widths given in column_config win); returns what st.dataframe returns (a selection event).

    A styled table must come from styled() (a later Styler.format would drop its na_rep).
    """
    given = dict(kwargs.pop("column_config", None) or {})
    config = {}
    for name, width in column_widths(_frame(data)).items():
        mine = given.pop(name, None)
        if isinstance(mine, dict) and "width" not in mine:
            mine = {**mine, "width": width}
        config[name] = mine if mine is not None else {"width": width}
    return st.dataframe(data, placeholder=MISSING, column_config={**config, **given}, **kwargs)


def column_widths(frame: pd.DataFrame) -> dict[str, int]:
    """Pixels for each column: its header whole, and its typical cell (the 90th percentile of text lengths in the
    first rows) up to WIDEST; when that exceeds a desktop page's table (BUDGET), the widest columns give up room
    first, down to a common width but never below their header or LEAST_TEXT (past that the table scrolls)."""
    floors, wants = {}, {}
    for n, name in enumerate(frame.columns):
        texts = [str(v) for v in frame[name].head(SAMPLE).dropna()]
        typical = sorted(ems(x) for x in texts)[math.ceil(0.9 * len(texts)) - 1] if texts else 0.0
        head = max(NARROWEST, ems(str(name)) * EM + PAD)
        wants[str(name)] = want = min(WIDEST, max(head, typical * EM + PAD))
        floors[str(name)] = max(head, min(want, LEAST_TEXT if n else FIRST_TEXT))   # the first names the row
    cap = WIDEST
    while cap > LEAST_TEXT and sum(min(w, max(floors[k], cap)) for k, w in wants.items()) > BUDGET:
        cap -= 4      # the widest columns shrink together until the table fits
    return {k: math.ceil(min(w, max(floors[k], cap))) for k, w in wants.items()}


def _frame(data: Any) -> pd.DataFrame:
    """The frame behind what show_table is given (a DataFrame, a Styler or a dict of columns)."""
    if isinstance(data, Styler):
        return data.data
    return data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
