"""Formula-injection guard (OWASP CSV injection): text that a spreadsheet could run as a formula is defused."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
_PATTERN = r"^[=+\-@\t\r]"


def neutralise_text(values: pa.Array) -> pa.Array:
    """Prefix a single quote to every string starting with = + - @ tab or CR (vectorised)."""
    return pc.replace_substring_regex(values, pattern=_PATTERN, replacement=GUARD + r"\0", max_replacements=1)


def neutralise_value(text: str) -> str:
    """The same guard for one string."""
    return GUARD + text if text.startswith(TRIGGERS) else text


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Copy of df whose text columns are guarded; numeric, date and bool columns untouched."""
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if series.dtype == "str":
            out[col] = series.where(~series.str.match(_PATTERN, na=False), GUARD + series)
        elif series.dtype == object:
            out[col] = series.map(lambda v: neutralise_value(v) if isinstance(v, str) else v)
    return out
