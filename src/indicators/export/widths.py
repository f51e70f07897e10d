"""Column widths that fit Chinese text: a CJK (full-width) character counts as two Latin widths."""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

WIDE = (r"[\x{1100}-\x{115F}\x{2E80}-\x{A4CF}\x{AC00}-\x{D7A3}\x{F900}-\x{FAFF}"
        r"\x{FE30}-\x{FE4F}\x{FF00}-\x{FF60}\x{FFE0}-\x{FFE6}]")
MIN_WIDTH, MAX_WIDTH, PADDING = 6.0, 60.0, 2.0


def display_widths(arr: pa.Array) -> pa.Array:
    """Display width of each string: its length plus one extra per wide character."""
    return pc.add(pc.utf8_length(arr), pc.count_substring_regex(arr, pattern=WIDE))


def max_width(arr: pa.Array) -> float:
    """Widest display width from byte and character counts: CJK (3 bytes) counts 2, ASCII 1, 2-byte letters 1.5."""
    if len(arr) == arr.null_count:
        return 0.0
    both = pc.add(pc.binary_length(arr), pc.utf8_length(arr))
    return float(pc.max(both).as_py() or 0) / 2.0


def text_width(text: str) -> int:
    """Display width of one string."""
    return int(display_widths(pa.array([text])).to_pylist()[0] or 0)


def decimals_of(number_format: str) -> int:
    """Decimal places shown by a number format such as '#,##0.00' or '0.0"%"'."""
    head = number_format.split(";")[0]
    if "." not in head:
        return 0
    return sum(1 for ch in head.split(".", 1)[1] if ch in "0#")


def number_width(values: np.ndarray, number_format: str) -> float:
    """Width of the widest number once formatted (digits, separators, decimals, sign, suffix)."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 0.0
    biggest = float(np.max(np.abs(finite)))
    digits = len(str(int(biggest))) if biggest >= 1 else 1
    if "," in number_format:
        digits += (digits - 1) // 3
    decimals = decimals_of(number_format)
    sign = 1 if (finite < 0).any() else 0
    suffix = 1 if "%" in number_format else 0
    if "yy" in number_format:
        return float(len(number_format))
    return float(digits + (decimals + 1 if decimals else 0) + sign + suffix)


def fit(header: str, content_width: float) -> float:
    """Column width for a header and its widest content, with room for the filter button."""
    width = max(text_width(header) + 3.0, content_width + PADDING, MIN_WIDTH)
    return float(min(math.ceil(width), MAX_WIDTH))
