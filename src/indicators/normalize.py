"""Normalisation of labels so header texts match catalogue names and aliases."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import zhconv

_UNIT_PARENS = re.compile(r"[（(][^()（）]{0,12}[)）]\s*$")
_LEADING = re.compile(r"^(其中|內|内|包括|含)[：:、]?\s*")
_FOOTNOTE_TAIL = re.compile(r"(?<=[^\d\s])\s*(?:\d{1,2}(,\d{1,2})*|[*※†‡]+)$")
_MARK_HEAD = re.compile(r"^[*※†‡]+\s*")
_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def norm_label(text: str) -> str:
    """Canonical form: NFKC, simplified Chinese, no quotes/spaces/footnotes/unit suffix, lower case."""
    s = unicodedata.normalize("NFKC", str(text)).strip()
    s = _LEADING.sub("", _MARK_HEAD.sub("", s))
    for _ in range(2):
        s = _UNIT_PARENS.sub("", s).strip()
        s = _FOOTNOTE_TAIL.sub("", s).strip()
    s = zhconv.convert(s, "zh-cn")
    s = s.translate(_QUOTES)
    return _SPACES.sub("", s).lower()
