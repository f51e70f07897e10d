"""An audit row's detail (stored as JSON) in plain words for the admin page: 原因：密码错误；第 2 次, never JSON."""

from __future__ import annotations

import json

import pandas as pd

from ..errors import UserError
from ..i18n import t
from ..periods import parse_period

_SKIP = {"sha256", "index_sha256", "fingerprint", "lang"}       # hashes and codes nobody reads
_CODED = {"reason", "method", "channel", "format", "needed", "role", "from", "to", "what", "kind", "was"}  # coded
_PERIODS = {"period", "compare", "period_from", "period_to"}


def _has(key: str) -> bool:
    return t(key, "zh") != key


def _label(key: str, lang: str) -> str:
    k = f"auth.detail_{key}"
    return t(k, lang) if _has(k) else key


def _value(key: str, value: object, lang: str) -> str:
    """One value in words: a known code by the catalogue, a period as people write it, lists joined, yes/no."""
    if isinstance(value, bool):
        return t("upload.yes" if value else "upload.no", lang)
    if isinstance(value, dict):
        return text_of(value, lang, sep="，")
    if isinstance(value, list):
        return "、".join(_value(key, v, lang) for v in value) if lang == "zh" else ", ".join(
            _value(key, v, lang) for v in value)
    if key in _CODED and isinstance(value, str):
        for k in (f"auth.code_{value}", f"auth.role_{value}", f"auth.action_{value}"):
            if _has(k):
                return t(k, lang)
    if key in _PERIODS and isinstance(value, str):
        try:
            return parse_period(value).label(lang)
        except UserError:   # text that is no period is shown as it is
            return value
    return str(value)


def text_of(detail: dict, lang: str, sep: str = "；") -> str:
    """Label: value pairs in the reader's language, empty values and hashes left out."""
    sep = sep if lang == "zh" else "; " if sep == "；" else ", "
    colon = "：" if lang == "zh" else ": "
    parts = [f"{_label(k, lang)}{colon}{_value(k, v, lang)}" for k, v in detail.items()
             if k not in _SKIP and v not in (None, "", [], {})]
    return sep.join(parts)


def detail_text(raw: object, lang: str) -> str:
    """The stored detail (JSON text or None) in plain words; text that is no JSON object is shown as it is."""
    if raw is None or raw != raw:   # None or NaN
        return ""
    try:
        detail = json.loads(str(raw))
    except ValueError:
        return str(raw)
    return text_of(detail, lang) if isinstance(detail, dict) else str(detail)


def action_text(action: str, lang: str) -> str:
    """An audit action code in words (the code itself when the catalogue has no words for it)."""
    key = f"auth.action_{action}"
    return t(key, lang) if _has(key) else action


def rows_in_words(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Audit rows (audit_log.search) as a person reads them: headers in the language, times to the second, the user
    tried or acting, the action and its detail in words."""
    return pd.DataFrame({
        t("auth.col_id", lang): rows["id"],
        t("auth.col_time", lang): pd.to_datetime(rows["ts"]).dt.strftime("%Y-%m-%d %H:%M:%S"),
        t("auth.col_user", lang): rows["user_name"].fillna(""),
        t("auth.col_action", lang): [action_text(a, lang) for a in rows["action"]],
        t("auth.col_detail", lang): [detail_text(d, lang) for d in rows["detail"]],
    })
