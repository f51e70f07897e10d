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


def region_prefix_zh(level: str, name_zh: str) -> str:
    """全区 / 全市 / the sub-region's name: how official Chinese text opens a figure of a region."""
    return {"district": "全区", "city": "全市"}.get(level, name_zh)


def direction_zh(change: float, decimals: int) -> str:
    """持平 (rounds to zero) / 上升 / 下降."""
    if round(change, decimals) == 0:
        return "持平"
    return "上升" if change > 0 else "下降"


def amount_zh(change: float, unit: str, decimals: int) -> str:
    """The size of a change: 24.21% for counts, 1.20个百分点 for rates."""
    return fmt_number(abs(change), decimals) + ("个百分点" if unit == "pp" else "%")


def change_zh(change: float | None, unit: str, decimals: int) -> str:
    """同比下降24.21% / 同比上升1.20个百分点 / 同比持平 / '' (no change known)."""
    if change is None or not is_finite(change):
        return ""
    word = direction_zh(change, decimals)
    return "同比持平" if word == "持平" else f"同比{word}{amount_zh(change, unit, decimals)}"


def change_en(change: float | None, unit: str, decimals: int) -> str:
    """down 24.21% year on year / up 1.20 percentage points year on year / unchanged year on year / ''."""
    if change is None or not is_finite(change):
        return ""
    if round(change, decimals) == 0:
        return "unchanged year on year"
    amount = fmt_number(abs(change), decimals) + (" percentage points" if unit == "pp" else "%")
    return f"{'up' if change > 0 else 'down'} {amount} year on year"


def sentence_zh(f: Figure) -> str:
    """全区110刑事治安总警情1052起，同比下降24.21%."""
    head = region_prefix_zh(f.region_level, f.region_zh) + f.name_zh
    if f.rank is not None:
        return f"{head}为全市第{cn_number(f.rank)}"
    change = change_zh(f.change, f.change_unit, f.change_decimals)
    if f.value is None or not is_finite(f.value):
        return head + change if change else head + "暂无数据"
    body = head + value_zh(f.value, f.unit, f.decimals, f.qualifier)
    return f"{body}，{change}" if change else body


def sentence_en(f: Figure) -> str:
    """Dapeng New District: 110 criminal and public-security incidents 1,052, down 24.21% year on year."""
    head = f"{f.region_en}: {f.name_en}"
    if f.rank is not None:
        return f"{head} ranked {f.rank}{_ordinal(f.rank)} in the city"
    change = change_en(f.change, f.change_unit, f.change_decimals)
    if f.value is None or not is_finite(f.value):
        return f"{head} {change}" if change else f"{head}: no data"
    body = f"{head} {value_en(f.value, f.unit, f.decimals, f.qualifier)}"
    return f"{body}, {change}" if change else body


def _ordinal(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


_DERIVATION_EN = (("唯一整数基数", "the only whole-number base"), ("唯一整数", "the only whole number"), ("；", "; "),
                  ("（", " ("), ("）", ")"), ("，", ", "), ("：", ": "))


def derivation_text(text: str, lang: str) -> str:
    """How a derived value was computed, in the reader's language: the seed's formulas are written in Chinese words
    around numbers (…；唯一整数基数（1387→−24.15%，1389→−24.26%）), whose few words have a fixed English form."""
    if lang == "zh" or not text:
        return text
    for zh, en in _DERIVATION_EN:
        text = text.replace(zh, en)
    return text
