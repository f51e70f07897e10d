"""Official-style sentences for a figure, in Chinese and English."""

from __future__ import annotations

from dataclasses import dataclass

from .rounding import fmt_number, is_finite

UNIT_EN = {"起": "incidents", "宗": "cases", "人": "people", "名": "people", "个": "", "次": "times",
           "份": "copies", "家": "organisations", "场": "sessions", "项": "items", "万人次": "visits",
           "件": "cases", "%": "%", "位": "", "人次": "visits"}
SINGULAR = {"incidents": "incident", "cases": "case", "times": "time", "copies": "copy", "items": "item",
            "organisations": "organisation", "sessions": "session", "visits": "visit"}
_CN = "零一二三四五六七八九"


@dataclass(frozen=True)
class Figure:
    """What a sentence needs to say about one indicator in one region and period."""

    name_zh: str
    name_en: str
    unit: str
    region_zh: str
    region_en: str
    region_level: str = "district"
    value: float | None = None
    decimals: int = 0
    qualifier: str = "exact"
    change: float | None = None
    change_unit: str = "pct"
    change_decimals: int = 2
    rank: int | None = None


def cn_number(n: int) -> str:
    """Chinese numeral for small whole numbers (1 → 一, 12 → 十二)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return (_CN[tens] if tens > 1 else "") + "十" + (_CN[ones] if ones else "")


def value_zh(value: float, unit: str, decimals: int = 0, qualifier: str = "exact") -> str:
    """1052起, 69.6%, 40余家, 10万余份, 1080万人次."""
    more = "余" if qualifier == "at_least" else ""
    if unit == "%":
        return f"{fmt_number(value, decimals)}%"
    if abs(value) >= 10000 and value % 10000 == 0 and not unit.startswith("万"):
        return f"{fmt_number(value / 10000, 0)}万{more}{unit}"
    return f"{fmt_number(value, decimals)}{more}{unit}"


def value_en(value: float, unit: str, decimals: int = 0, qualifier: str = "exact") -> str:
    """1,052 incidents, 69.6%, 40+ organisations, 10.8 million visits."""
    more = "+" if qualifier == "at_least" else ""
    if unit == "%":
        return f"{fmt_number(value, decimals)}%"
    if unit.startswith("万"):
        value, decimals = value * 10000, 0
    word = UNIT_EN.get(unit.removeprefix("万"), unit)
    if value == 1:
        word = SINGULAR.get(word, word)
    if abs(value) >= 1_000_000:
        text = f"{fmt_number(value / 1_000_000, 1).removesuffix('.0')} million"
    else:
        text = fmt_number(value, decimals, thousands=True)
    return f"{text}{more} {word}".strip()


def _region_prefix_zh(f: Figure) -> str:
    return {"district": "全区", "city": "全市"}.get(f.region_level, f.region_zh)


def _change_zh(f: Figure) -> str:
    if f.change is None or not is_finite(f.change):
        return ""
    if round(f.change, f.change_decimals) == 0:
        return "同比持平"
    word = "上升" if f.change > 0 else "下降"
    amount = fmt_number(abs(f.change), f.change_decimals)
    return f"同比{word}{amount}{'个百分点' if f.change_unit == 'pp' else '%'}"


def _change_en(f: Figure) -> str:
    if f.change is None or not is_finite(f.change):
        return ""
    if round(f.change, f.change_decimals) == 0:
        return "unchanged year on year"
    word = "up" if f.change > 0 else "down"
    amount = fmt_number(abs(f.change), f.change_decimals)
    points = " percentage points" if f.change_unit == "pp" else "%"
    return f"{word} {amount}{points} year on year"


def sentence_zh(f: Figure) -> str:
    """全区110刑事治安总警情1052起，同比下降24.21%."""
    head = _region_prefix_zh(f) + f.name_zh
    if f.rank is not None:
        return f"{head}为全市第{cn_number(f.rank)}"
    change = _change_zh(f)
    if f.value is None or not is_finite(f.value):
        return head + change if change else head + "暂无数据"
    body = head + value_zh(f.value, f.unit, f.decimals, f.qualifier)
    return f"{body}，{change}" if change else body


def sentence_en(f: Figure) -> str:
    """Dapeng New District: 110 criminal and public-security incidents 1,052, down 24.21% year on year."""
    head = f"{f.region_en}: {f.name_en}"
    if f.rank is not None:
        return f"{head} ranked {f.rank}{_ordinal(f.rank)} in the city"
    change = _change_en(f)
    if f.value is None or not is_finite(f.value):
        return f"{head} {change}" if change else f"{head}: no data"
    body = f"{head} {value_en(f.value, f.unit, f.decimals, f.qualifier)}"
    return f"{body}, {change}" if change else body


def _ordinal(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
