"""Fonts of Chinese official documents where this server has them, else Noto CJK (installed by scripts/test.sh).

Titles 小标宋 (else 黑体), first-level headings 黑体, second-level headings 楷体, body and tables 仿宋 (GB/T 9704).
The PDF is laid out on this server, so a family is used only when fontconfig lists it here.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

SANS, SERIF = "Noto Sans CJK SC", "Noto Serif CJK SC"
CANDIDATES = {
    "title": ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "黑体", "SimHei"),
    "heading": ("黑体", "SimHei", "方正黑体_GBK", "STHeiti"),
    "subheading": ("楷体_GB2312", "楷体", "KaiTi", "KaiTi_GB2312", "STKaiti", "AR PL UKai CN"),
    "body": ("仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312", "STFangsong"),
}
FALLBACK = {"title": SANS, "heading": SANS, "subheading": SERIF, "body": SERIF}
LATIN = {"title": "Liberation Sans", "heading": "Liberation Sans", "subheading": "Liberation Serif",
         "body": "Liberation Serif"}


@dataclass(frozen=True)
class FontSet:
    """The East Asian and Latin family of each role: title, heading, subheading, body."""

    east_asian: dict[str, str]
    latin: dict[str, str]


@lru_cache(maxsize=1)
def installed() -> frozenset[str]:
    """Font families fontconfig knows on this server (empty when fc-list is missing)."""
    exe = shutil.which("fc-list")
    if not exe:
        return frozenset()
    try:
        out = subprocess.run([exe, ":", "family"], capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(","))


def choose(role: str, have: frozenset[str]) -> str:
    """The first official family installed for the role, else its Noto CJK fallback."""
    return next((f for f in CANDIDATES[role] if f in have), FALLBACK[role])


def font_set(lang: str, have: frozenset[str] | None = None) -> FontSet:
    """Fonts for a document in zh (official families for everything) or en (Latin families, CJK for names)."""
    have = installed() if have is None else have
    east = {role: choose(role, have) for role in CANDIDATES}
    latin = dict(east) if lang == "zh" else {r: f if f in have or not have else FALLBACK[r] for r, f in LATIN.items()}
    return FontSet(east, latin)
