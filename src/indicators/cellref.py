"""Spreadsheet cell references: the one place column numbers become letters (uploads' issues, exported sheets)."""

from __future__ import annotations


def col_letter(index: int) -> str:
    """Excel column letters of a 0-based column index (0 → A, 25 → Z, 26 → AA)."""
    out = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out
