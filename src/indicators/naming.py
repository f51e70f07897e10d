"""How batches and periods are named for people: never an internal code (2022YTD06, 2021H1, "seed")."""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd

from .errors import UserError
from .i18n import t
from .periods import parse_period

_SUMMARY_YEAR = re.compile(r"(\d{4})年工作总结")


def batch_name(kind: str | None, file_name: str | None, lang: str) -> str:
    """The seed as 初始数据（2021年工作总结）, an upload by its file name."""
    if kind == "seed":
        m = _SUMMARY_YEAR.search(file_name or "")
        return t("upload.seed_name", lang, year=m.group(1)) if m else t("upload.kind_seed", lang)
    return file_name or ""


def period_text(code: object, lang: str) -> str:
    """A stored period code as people write it (2022YTD06 → 2022年1-6月 / Jan–Jun 2022); text that is no period code
    is shown as it is."""
    try:
        return parse_period(str(code)).label(lang)
    except UserError:
        return "" if code is None else str(code)


def when_text(value: object, empty: str = "") -> str:
    """A stored time to the minute (2026-11-29 14:42); `empty` for a time never set (None, NaT)."""
    if value is None or pd.isna(value):
        return empty
    return f"{pd.Timestamp(value):%Y-%m-%d %H:%M}" if isinstance(value, (datetime, pd.Timestamp, str)) else str(value)
