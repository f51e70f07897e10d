"""How offices write one region's name: 葵涌街道办, 葵涌街道办事处, 葵涌办事处 and 葵涌街道 are one subdistrict;
溪涌社区工作站, 溪涌社区居委会 and 溪涌居委会 are the community 溪涌社区."""

from __future__ import annotations

import re

from .normalize import norm_label

# (level, organisation suffixes longest first); the stem before a suffix names the region within its level
_FORMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("community", ("社区党群服务中心", "社区居民委员会", "社区工作站", "社区居委会", "社区服务站", "社区居委",
                   "居民委员会", "居委会", "社区")),
    ("subdistrict", ("街道办事处", "街道办", "办事处", "街道", "办")),
    ("police_station", ("派出所",)),
    # a city bureau's branch named after the district (深圳市生态环境局大鹏管理局, 公安局大鹏分局) is that district
    ("district", ("新区管委会", "新区", "管理局", "监管局", "分局")),
)


def name_form(text: str) -> tuple[str, str] | None:
    """(level, stem) of a name that ends in an organisation suffix (葵涌街道办 → subdistrict, 葵涌), else None."""
    key = norm_label(text)
    for level, suffixes in _FORMS:
        for suffix in suffixes:
            if key.endswith(suffix) and len(stem := key[: -len(suffix)]) >= 2 and _plain_stem(stem):
                return level, stem
    return None


def _plain_stem(stem: str) -> bool:
    """A stem that is a place name, not a plural or a phrase (各街道办 and 新区街道 are no region)."""
    return not re.match(r"^(?:各|全|所有|所属|辖区|本|该|下属|相关|有关)", stem) and not stem.endswith(
        ("新区", "区", "市", "街道", "社区"))
