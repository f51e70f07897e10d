"""Export guards: CSV text that a spreadsheet could run as a formula is defused (OWASP CSV injection); bidi controls
in any exported text are written out as \\uXXXX so that a name cannot reorder itself.

An xlsx text cell is stored as text (a shared string): Excel never runs it, so xlsx text keeps no guard quote.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..visible import BIDI, BIDI_CHARS, reveal_bidi

# What a spreadsheet may take as the start of a formula: = + - @ tab CR, and their full-width forms, which WPS and
# Excel with a Chinese input method turn into the ASCII ones (＝SUM(A1) runs).
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
GUARD = "'"
_PATTERN = r"^[=+\-@\t\r＝＋－＠]"


def neutralise_text(values: pa.Array) -> pa.Array:
    """Prefix a single quote to every string starting with a formula trigger (vectorised)."""
    return pc.replace_substring_regex(values, pattern=_PATTERN, replacement=GUARD + r"\0", max_replacements=1)


def reveal_bidi_text(values: pa.Array) -> pa.Array:
    """Bidi controls written out as \\uXXXX in a string array (vectorised)."""
    for ch in BIDI_CHARS:
        values = pc.replace_substring(values, pattern=ch, replacement=f"\\u{ord(ch):04x}")
    return values


def neutralise_value(text: str) -> str:
    """The CSV guard for one string."""
    return GUARD + text if text.startswith(TRIGGERS) else text


def _csv_text(v: object) -> object:
    return neutralise_value(reveal_bidi(v)) if isinstance(v, str) else v


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Copy of df whose text columns are guarded for CSV; numeric, date and bool columns untouched."""
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if series.dtype == "str":                          # vectorised: only a column holding bidi is mapped
            if series.str.contains(f"[{BIDI}]", regex=True, na=False).any():
                series = series.map(reveal_bidi, na_action="ignore").astype("str")
            out[col] = series.where(~series.str.match(_PATTERN, na=False), GUARD + series)
        elif series.dtype == object:
            out[col] = series.map(_csv_text)
    return out
