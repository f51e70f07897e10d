"""The UI string catalogue: every label in Chinese (default) and English, one lookup for all.

Strings live in strings/<area>.toml as `key = { zh = "…", en = "…" }`; the file name is the
namespace, so `t("common.app_title", "en")` reads strings/common.toml.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
_DIR = Path(__file__).parent / "strings"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """All strings as {"area.key": {"zh": …, "en": …}}."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(_DIR.glob("*.toml")):
        with path.open("rb") as f:
            for key, entry in tomllib.load(f).items():
                out[f"{path.stem}.{key}"] = entry
    return out


def t(key: str, lang: str = DEFAULT_LANG, /, **values: object) -> str:
    """The string for key in lang, formatted with values; the key itself if unknown."""
    entry = catalogue().get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry.get(DEFAULT_LANG, key)
    return text.format(**values) if values else text


def missing() -> list[str]:
    """Keys lacking a non-empty string in some language (for tests)."""
    return [f"{k} ({lang})" for k, e in catalogue().items() for lang in LANGS if not e.get(lang)]
