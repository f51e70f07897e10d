"""A layout's fingerprint: what stays the same when an office sends the same template again next month.

Taken from the texts (not the numbers) of each sheet's first rows, with digits masked, so 「2024年3月」 and
「2024年4月」 titles, and 「1-3月累计」 and 「1-4月累计」 headers, give the same fingerprint; the sheet names are
masked likewise. Figures, and rows beyond the head of the sheet, do not count.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from .workbook import Workbook

HEAD_ROWS = 12
_DIGITS = re.compile(r"[0-9〇零一二三四五六七八九十]+")
_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"[\s+\-−]*[\d,，.．]+\s*[%％]?\s*")


def _mask(text: str) -> str:
    return _DIGITS.sub("#", _SPACE.sub("", unicodedata.normalize("NFKC", str(text))))


def fingerprint(wb: Workbook) -> str:
    """16 hex digits naming the layout of a workbook (sheet names, head texts and their columns)."""
    h = hashlib.sha256()
    for grid in wb.sheets:
        h.update(("\x1e" + _mask(grid.name)).encode())
        head = grid.cells.iloc[: HEAD_ROWS * 3]
        seen = 0
        for r in range(len(head)):
            row = head.iloc[r]
            texts = []
            for c, v in row.items():
                if v is None:
                    continue
                if not _NUMBER.fullmatch(str(v)):
                    texts.append(f"{int(c) + grid.col0}:{_mask(v)}")
            if texts:
                h.update(("\x1f" + "\t".join(texts)).encode())
                seen += 1
            if seen >= HEAD_ROWS:
                break
    return h.hexdigest()[:16]
