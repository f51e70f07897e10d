"""Every table a person sees: missing values read — (never Streamlit's None, NaN or <NA>); numbers stay numbers."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

MISSING = "—"


def styled(frame: pd.DataFrame, precision: int | None = None) -> Styler:
    """A Styler whose missing cells read — (its own text for NaN is 'nan', which Streamlit shows as it is)."""
    return frame.style.format(precision=precision, na_rep=MISSING)


def show_table(data: Any, **kwargs: Any) -> Any:
    """st.dataframe with missing values shown as —; returns what st.dataframe returns (a selection event).

    A styled table must come from styled() (a later Styler.format would drop its na_rep).
    """
    return st.dataframe(data, placeholder=MISSING, **kwargs)
