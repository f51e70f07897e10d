"""What a column's header says: its label, its period (absolute, yearless or relative such as 本月 / 去年同期),
its measure (同比, 环比, 计划, 完成率, 排名 …), its unit, and words that give the whole column a role (序号, 备注)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import zhconv

from ..period_text import Mention, mentions, yearless
from ..periods import Period, parse_period_text
from .cells import KNOWN_UNITS

# Relative period words, longest first: (word, meaning)
_REL = [
    ("上年同期数", "prev_year"), ("去年同期数", "prev_year"), ("上年同期", "prev_year"), ("去年同期", "prev_year"),
    ("上年同月", "prev_year"), ("去年同月", "prev_year"), ("同期数", "prev_year"), ("同期", "prev_year"),
    ("本年累计", "ytd"), ("今年累计", "ytd"), ("本年度累计", "ytd"), ("年度累计", "ytd"), ("累计数", "ytd"),
    ("累计值", "ytd"), ("累计", "ytd"), ("累積", "ytd"), ("本月数", "current"), ("当月数", "current"),
    ("本期数", "period"), ("本月", "current"), ("当月", "current"), ("本期", "period"), ("本季度", "period"),
    ("本季", "period"), ("报告期", "period"), ("上月数", "prev_period"), ("上期数", "prev_period"),
    ("上月", "prev_period"),
    ("上期", "prev_period"), ("上季度", "prev_period"), ("本年", "year"), ("今年", "year"), ("本年度", "year"),
    ("上年", "prev_year_whole"), ("去年", "prev_year_whole"), ("上年度", "prev_year_whole"),
]
_REL_RE = re.compile("|".join(re.escape(w) for w, _ in sorted(_REL, key=lambda x: -len(x[0]))))
_REL_OF = dict(_REL)

# Measures a whole (short) header part can name
_MEASURES = [
    (re.compile(r"^(?:同比|比上年|较上年|比去年同期|较去年同期|与去年同期相比|与上年同期相比|比去年|较去年)?"
                r"(?:增减|增长|增减幅度|增减幅|增长幅度|增幅|增减率|增长率|升降|升降幅度|上升或下降|增\(\+\)减\(-\)"
                r"|[±+\-]%?)?"
                r"(?:幅度|率|比例|情况|%|百分比)?$"), "yoy"),
    (re.compile(r"^(?:环比|比上月|较上月|比上期|较上期)(?:增减|增长|增幅|增减幅度|增长率|升降)?"
                r"(?:幅度|率|%)?$"), "mom"),
    (re.compile(r"^(?:计划|计划数|目标|目标值|目标数|任务|任务数|目标任务|年度目标|全年目标|全年任务|"
                r"年度任务)$"), "target"),
    (re.compile(r"^(?:完成|完成数|实际完成|完成值|实绩|已完成|实际)$"), "done"),
    (re.compile(r"^(?:完成率|完成比例|完成进度|完成百分比|任务完成率|目标完成率)$"), "attainment_pct"),
    (re.compile(r"^(?:排名|位次|名次|排位|全市排名|rank|ranking)$", re.I), "rank"),
    (re.compile(r"^(?:占比|比重|所占比例|所占比重|构成比|占总数比例|占.{1,6}(?:比重|比例|百分比))$"), "share_pct"),
]
_CHANGE_WORD = re.compile(r"同比|环比|增减|增长|增幅|升降|比上年|较上年|比去年|较去年|比上月|较上月|比上期|较上期")
_ABS_CHANGE = re.compile(r"增减数|增减量|增加数|增减\((?:起|件|人|宗|个|次|户|名)\)|增减（(?:起|件|人|宗|个|次|户|名)）"
                         r"|增减[起件人宗个次户名]|[+\-±]数")
_ROLE_WORDS = {
    "seq": ("序号", "序號", "编号", "編號", "行次", "序", "顺序号", "no", "no.", "#", "sn"),
    "note": ("备注", "備註", "说明", "說明", "附注", "附註", "情况说明", "备考", "remarks", "remark", "note", "notes"),
    "unit": ("单位", "單位", "计量单位", "計量單位", "unit", "units"),
}
_ROLE_OF = {w: role for role, words in _ROLE_WORDS.items() for w in words}
_TOTAL_PART = re.compile(r"(?:季度|全年|年度|全季|本季|累计|月度)?(?:合计|总计|小计|共计)(?:数)?")
_BRACKET = re.compile(r"[（(]\s*([^()（）]{1,12}?)\s*[)）]")
UNITS = KNOWN_UNITS | {"%", "％", "‰", "批", "批次", "场次", "克", "千克", "公斤"}


@dataclass(frozen=True)
class Meaning:
    """What a column's header parts say, top to bottom."""

    label: str | None = None           # the label part(s), joined ' / '
    period: Mention | None = None      # an explicit period (perhaps without its year)
    rel: str | None = None             # current | ytd | year | prev_year | prev_period | prev_year_whole
    rel_text: str | None = None        # the words it was read from
    measure: str = "value"             # value yoy mom change_abs target done attainment_pct rank share_pct
    pp: bool = False                   # a change in percentage points (个百分点)
    sure: bool = False                 # the header says % (or 百分点): a change in per cent, not in units
    unit: str | None = None
    role: str | None = None            # seq | note | unit when a header word gives the column that role
    group: tuple[str, ...] = ()        # the upper header parts (a two-level header's group)
    total: bool = False                # a 合计 / 季度合计 column: the sum of its siblings


def _clean(text: str) -> str:
    """Header text compared as simplified Chinese without spaces (比上年增減 reads as 比上年增减)."""
    return zhconv.convert(re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))), "zh-cn")


def _unit(text: str) -> tuple[str, str | None]:
    """Text without a trailing bracketed unit, and that unit ('立案数(起)' → ('立案数', '起'))."""
    m = re.search(r"[（(]\s*(?:单位[:：]?)?\s*([^()（）]{1,12}?)\s*[)）]\s*$", text)
    if m and not re.fullmatch(r"\d{1,2}(,\d{1,2})*", m.group(1)):
        return text[:m.start()].rstrip(), m.group(1)
    return text, None


def part_meaning(text: str) -> dict:
    """The meaning of one header part as a dict of the fields it sets."""
    raw = re.sub(r"\s+", " ", str(text)).strip()
    c = _clean(raw)
    low = c.lower()
    if low in _ROLE_OF:
        return {"role": _ROLE_OF[low]}
    base, unit = _unit(c)
    out: dict = {"unit": unit} if unit else {}
    if unit and ("百分点" in unit):
        out["pp"] = True
    if not base:
        return out
    if base.lower() in _ROLE_OF and _ROLE_OF[base.lower()] != "unit":
        out["role"] = _ROLE_OF[base.lower()]
        return out
    from .table import unit_of

    stated = unit_of(raw)
    if stated is not None and not _CHANGE_WORD.search(c):
        out["unit"] = stated
        return out
    if is_unit_text(base) and not unit:
        out["unit"] = base
        return out
    if _TOTAL_PART.fullmatch(base):
        out["total"] = True
        return out
    if _ABS_CHANGE.search(c):
        out["measure"] = "change_abs"
        return out
    if _measure(base, c, out):
        return out
    rest = _period_words(base, out)
    if rest and _measure(rest, c, out):
        return out
    if rest:
        out["label"] = _label_text(raw, rest)
    return out


def _measure(base: str, c: str, out: dict) -> bool:
    """Whether the whole text names a measure (同比, 完成率, 计划 …); out takes it."""
    for rx, measure in _MEASURES:
        if base and rx.match(base) and (measure not in ("yoy",) or _CHANGE_WORD.search(base) or base in ("±%",)):
            out["measure"] = measure
            out["sure"] = bool(re.search(r"%|％|率|幅|百分比|百分点", c))
            if "百分点" in c:
                out["pp"] = True
            return True
    if "百分点" in base and _CHANGE_WORD.search(base):
        out.update(measure="yoy", pp=True, sure=True)
        return True
    if re.fullmatch(r"(?:%|percentage|per ?cent)?\s*change(?:\s*\(%\))?", c.lower()):
        out.update(measure="yoy", sure=True)
        return True
    if re.fullmatch(r"rank(?:ing)?", c.lower()):
        out["measure"] = "rank"
        return True
    return False


def _period_words(text: str, out: dict) -> str:
    """Take period words (本月, 1-9月累计, 2024年, 去年同期 …) out of a header part into out; return the rest."""
    y = yearless(text)
    if y is not None:
        out["period"] = y
        return ""
    p = parse_period_text(text)
    if p is not None:
        out["period"] = Mention(p.year, p.kind, p.index, text)
        return ""
    rest = text
    found = mentions(text)
    if found and all(m.text for m in found):
        m = found[0]
        if text.startswith(m.text) or text.endswith(m.text):
            out["period"] = m
            rest = text.replace(m.text, "", 1)
    m = _REL_RE.search(rest)
    if m:
        out["rel"], out["rel_text"] = _REL_OF[m.group(0)], m.group(0)
        rest = rest[:m.start()] + rest[m.end():]
    cw = re.match(r"^(同比|环比)(?:增减|增长|增幅)?(?:%|率|幅度)?", rest) or \
        re.search(r"(同比|环比)(?:增减|增长|增幅)?(?:%|率|幅度)?$", rest)
    if cw and len(rest) > len(cw.group(0)):
        out["measure"] = "yoy" if cw.group(1) == "同比" else "mom"
        rest = rest.replace(cw.group(0), "", 1)
    return rest.strip("：:-—/ ")


def _label_text(raw: str, rest: str) -> str:
    """The label as written (spacing kept) when nothing was taken out of it, else what remains."""
    return raw if _clean(raw) == _clean(rest) or _clean(_unit(raw)[0]) == rest else rest


def meaning(parts: list[str]) -> Meaning:
    """Combine a column's header parts (top to bottom) into one Meaning; the upper parts are its group."""
    labels: list[str] = []
    fields: dict = {}
    for text in parts:
        m = part_meaning(text)
        if "label" in m and m["label"] not in labels:
            labels.append(m["label"])
        for key in ("period", "unit", "role"):
            if key in m:
                fields[key] = m[key] if key != "unit" else fields.get("unit") or m[key]
        if "rel" in m:
            fields["rel"], fields["rel_text"] = _combine(fields.get("rel"), m["rel"]), m["rel_text"]
        if "measure" in m:
            fields["measure"] = m["measure"]
        for flag in ("pp", "sure", "total"):
            if m.get(flag):
                fields[flag] = True
    group = tuple(re.sub(r"\s+", " ", p).strip() for p in parts[:-1])
    return Meaning(label=" / ".join(labels) if labels else None, group=group, **fields)


def _combine(upper: str | None, lower: str) -> str:
    """A relative word under another: 去年同期 under 累计 is last year's year to date (kept as prev_year of it)."""
    return lower if upper is None or lower.startswith("prev") else lower


def resolve(meanings: list[Meaning], ref: Period | None, year: int | None) -> list[tuple[Period | None, bool]]:
    """Each value column's period from its header and the table's reference period, left to right.

    Returns (period, from_context) per column: period None when the header names none (the row or the table then
    gives it); from_context when a yearless header took the context year or a relative word (本月, 去年同期) was
    resolved against the reference period.
    """
    out: list[tuple[Period | None, bool]] = []
    current: tuple[Period, bool] | None = None
    group: tuple[str, ...] | None = None
    for m in meanings:
        if m.group != group:
            group, current = m.group, _group_current(m, ref, year)
        own = _own(m, ref, year, current)
        if own is not None and m.measure not in ("yoy", "mom", "target") and \
                m.rel not in ("prev_year", "prev_period", "prev_year_whole") and \
                (current is None or _later(own[0], current[0]) or m.rel in ("current", "period", "ytd", "year")):
            current = own
        if own is None and m.measure in ("yoy", "mom", "change_abs", "attainment_pct", "share_pct"):
            own = current or ((ref, True) if ref is not None else None)
        if own is None and m.measure == "target" and (ref is not None or year is not None):
            own = (Period(ref.year if ref is not None else year, "year"), True)      # a target is for the year
        out.append(own if own is not None else (None, False))
    return out


def _group_current(m: Meaning, ref: Period | None, year: int | None) -> tuple[Period, bool] | None:
    """The period a group header such as 「1-9月累计」 or 「本月」 names, if any."""
    for text in m.group:
        p = part_meaning(text)
        if "period" in p and (per := p["period"].period(year)) is not None:
            return per, p["period"].year is None
        if "rel" in p and ref is not None and not p["rel"].startswith("prev"):
            return _relative(p["rel"], ref), True
    return None


def _own(m: Meaning, ref: Period | None, year: int | None,
         current: tuple[Period, bool] | None) -> tuple[Period, bool] | None:
    """The period a column names by itself (given the group's current period for 去年同期 / 上期)."""
    base = None
    if m.period is not None:
        per = m.period.period(year)
        if per is None:
            return None
        base = (per, m.period.year is None)
    if m.rel is None:
        return base
    if m.rel in ("prev_year", "prev_period"):
        anchor = base or current or ((ref, True) if ref else None)
        if anchor is None:
            return None
        p = anchor[0].shift_years(-1) if m.rel == "prev_year" else anchor[0].previous()
        return p, anchor[1]
    if base is not None:
        return base
    if ref is None:
        return None
    return _relative(m.rel, ref), True


def _relative(rel: str, ref: Period) -> Period:
    """本月 / 累计 / 本年 … against the reference period (2024年9月 → 本月 2024-09, 累计 2024YTD09)."""
    last = ref.months()[1]
    if rel == "period":
        return ref
    if rel == "current":
        if ref.kind in ("ytd", "month"):
            return Period(ref.year, "month", last) if ref.kind == "ytd" else ref
        return ref
    if rel == "ytd":
        if ref.kind == "year" or last == 12:
            return Period(ref.year, "year")
        return Period(ref.year, "ytd", last)
    if rel == "year":
        return Period(ref.year, "year") if ref.kind == "year" or last == 12 else Period(ref.year, "ytd", last)
    if rel == "prev_year_whole":
        return _relative("year", ref).shift_years(-1)
    return ref


def _later(a: Period, b: Period) -> bool:
    return (a.year, a.months()[1]) > (b.year, b.months()[1])


def is_unit_text(text: str) -> bool:
    """A cell that is a unit (起, 件, %, 万元, 人次 …)."""
    t = _clean(text).strip("()（）")
    return t in UNITS or t.lower() in ("numbers", "number", "percent", "percentage", "rate")
