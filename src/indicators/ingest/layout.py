"""Recognising the layout of a located table and melting it into one row per figure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..catalog import Catalog
from ..normalize import norm_label
from ..period_text import yearless
from ..periods import Period, parse_period, parse_period_text, sort_key
from .cells import parse_column
from .context import Context
from .headers import Meaning, is_unit_text, meaning, resolve
from .model import col_letter, obj_frame
from .rows import TOTALS
from .siblings import sibling_region
from .table import Table, _numeric_like, unit_in_brackets, unit_of

PERIOD_KEYS = ("年别", "年份", "年度", "时间", "期间", "月份", "日期", "统计期", "报告期", "时期", "period", "year",
               "month", "date", "quarter")
REGION_KEYS = ("地区", "区域", "街道", "辖区", "省份", "县市", "乡镇", "社区", "区划", "单位名称", "region", "state",
               "county", "district", "areaname", "area", "country", "forcearea")
INDICATOR_KEYS = ("指标", "项目", "案类", "类别", "类型", "indicator", "item", "offence", "offense", "category",
                  "crimetype", "type")
VALUE_KEYS = ("数值", "数据", "值", "value", "数量", "amount", "figure")
UNIT_KEYS = ("单位", "计量单位", "unit", "units")
YOY_KEYS = ("同比", "增减", "增长率", "比上年", "增幅", "升降", "change")
RANK_KEYS = ("排名", "位次", "rank")
TOTAL_WORDS = {"合计", "总计", "总数", "小计", "全部", "total", "totals", "alltotal", "grandtotal", "sum"}
_CODE = re.compile(r"^[A-Za-z]{0,3}\d{3,}[A-Za-z]?$")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_PERIOD_IN_TEXT = re.compile(r"(?:民國|民国)?\d{2,4}年"
                             r"(?:第?[一二三四1-4]季度|[上下]半年|1?[-—–~至]\d{1,2}月|\d{1,2}月)?")


@dataclass
class Column:
    """One column of the table and the role found for it."""

    index: int
    role: str
    header: list[str]
    label: str | None = None
    period: str | None = None
    unit: str | None = None
    measure: str = "value"
    sparse: bool = False
    region: str | None = None
    meaning: Meaning | None = None
    from_context: bool = False          # its period was completed or resolved from the table's context
    total_of: list[int] = field(default_factory=list)   # a 合计 column: the columns it sums
    reason: str = ""                    # why the column got its role (an i18n key under read.)


@dataclass
class Layout:
    """Roles of columns and what the table says about itself."""

    name: str
    columns: dict[int, Column]
    table_indicator: str | None = None
    table_unit: str | None = None
    table_period: str | None = None
    notes: list[tuple[str, dict]] = field(default_factory=list)
    table_units: tuple[str, ...] = ()


def _has(text: str, keys: tuple[str, ...]) -> bool:
    return any(k in text for k in keys)


def _split_header(parts: list[str]) -> tuple[str | None, str | None, str | None, str]:
    """Label, period, unit and measure of a column from its header texts."""
    labels, period, unit, measure = [], None, None, "value"
    for p in parts:
        text = re.sub(r"\s+", " ", p).strip()
        bracket = re.fullmatch(r"[（(]\s*([^()（）]{1,12}?)\s*[)）]", text)
        if bracket:
            unit = unit or bracket.group(1)
            continue
        u = unit_of(text)
        if u is not None or norm_label(text) in ("numbers", "number"):
            unit = unit or u
            if _has(norm_label(text), YOY_KEYS):
                measure = "yoy_pct"
            continue
        per = parse_period_text(text)
        if per is not None:
            period = per.code
            continue
        n = norm_label(text)
        if _has(n, YOY_KEYS) or _has(n, RANK_KEYS):
            if _has(n, RANK_KEYS):
                measure = "rank"
            else:
                measure = "yoy_pp" if "百分点" in n or n.endswith("pp") else "yoy_pct"
            if len(n) <= 8:
                continue
        if text not in labels:
            labels.append(text)
    label = " / ".join(labels) if labels else None
    if label:
        unit = unit_in_brackets(label) or unit
    return label, period, unit, measure


def context_facts(context: list[str]) -> tuple[str | None, str | None, str | None]:
    """Indicator, unit and period stated above the table (指标：…(万人), 单位：件, titles with a year)."""
    indicator = unit = period = None
    for text in context:
        t = re.sub(r"\s+", " ", text).strip()
        m = re.match(r"^(?:指标|指標)\s*[:：]\s*(.+)$", t)
        if m and indicator is None:
            indicator = m.group(1).strip()
            unit = unit or unit_in_brackets(indicator)
            continue
        u = unit_of(t)
        if u and unit is None and re.match(r"^(单位|單位|unit)", t, re.I):
            unit = u
            continue
        if period is None:
            period = _period_in_text(re.sub(r"^(时间|時間)\s*[:：]\s*", "", t))
    return indicator, unit, period


def _period_in_text(text: str) -> str | None:
    p = parse_period_text(text)
    if p is not None:
        return p.code
    for m in _PERIOD_IN_TEXT.finditer(text):
        p = parse_period_text(m.group(0))
        if p is not None:
            return p.code
    low = text.lower()
    for name in _MONTHS:
        m = re.search(name + r"\s+((?:19|20)\d{2})", low)
        if m:
            return m.group(1)
    m = re.search(r"(?<![\d.])((?:19|20)\d{2})(?![\d])", text)
    return m.group(1) if m else None


def _distinct(table: Table, c: int, rows: np.ndarray) -> list[str]:
    """Distinct non-empty texts of column c in these rows, in order of first appearance."""
    p = table.parsed.get(c)
    if p is not None and p.texts is not None and _positional(table):
        return p.distinct(rows)
    return [str(v) for v in table.text[c].iloc[rows].dropna().unique()]


def _positional(table: Table) -> bool:
    """Whether the text frame's labels are its row positions (0, 1, …), as the parsed arrays are."""
    idx = table.text.index
    return isinstance(idx, pd.RangeIndex) and idx.start == 0 and idx.step == 1


_PLACE = re.compile(r"(?:新区|街道办事处|街道办|办事处|街道|社区居委会|社区|居委会|村委会|村|派出所|网格|分局|公安局|"
                    r"局|所|法庭|法院|检察院|中心|镇|乡|片区|警务室)\s*$")


def place_like(text: str) -> bool:
    """A name of a region or reporting unit: 溪涌社区, 南澳派出所, 葵涌街道, 公安分局 …"""
    t = re.sub(r"\s+", "", str(text))
    return bool(_PLACE.search(t)) and 3 <= len(t) <= 24 and not _has(t, ("合计", "小计", "总计"))


def is_period_text(text: str) -> bool:
    """A period with or without its year (2024年3月, 3月, 1-9月累计, 一季度)."""
    return parse_period_text(text) is not None or yearless(text) is not None


def _label_role(uniq: list[str], head: str, catalog: Catalog) -> str:
    uniq = uniq[:500]
    if not uniq:
        return "empty"
    if _has(head, UNIT_KEYS) and not _has(head, ("单位名称",)):
        units = sum(is_unit_text(v) for v in uniq)
        places = sum(place_like(v) or catalog.find_region(v) is not None for v in uniq)
        return "region" if places > units else "unit"
    if sum(is_unit_text(v) for v in uniq) >= 0.8 * len(uniq) and len(uniq) <= 6:
        return "unit"
    periods = sum(is_period_text(v) for v in uniq)
    if _has(head, PERIOD_KEYS) or periods >= 0.8 * len(uniq):
        return "period"
    regions = sum(catalog.find_region(v) is not None or place_like(v) for v in uniq)
    indicators = sum(catalog.find_indicator(v) is not None for v in uniq)
    if regions and regions >= indicators and regions >= 0.5 * len(uniq):
        return "region"
    if indicators >= 0.5 * len(uniq):
        return "indicator"
    if sum(bool(_CODE.match(v)) for v in uniq) >= 0.8 * len(uniq):
        return "code"
    if _has(head, REGION_KEYS):
        return "region"
    if _has(head, INDICATOR_KEYS):
        return "indicator"
    return "other"


MEASURE_OF = {"yoy": "yoy_pct", "mom": "mom_pct", "done": "value"}


def recognise(table: Table, catalog: Catalog, ctx: Context | None = None,
              roles: dict[int, str] | None = None) -> Layout:
    """Give every column a role (value, period, region, indicator, unit, seq, note, code, other) from its header
    and its cells, resolve the value columns' periods against the table's context, and name the layout.

    roles: column index -> role the analyst chose (overrides what the cells suggest; 'ignore' drops a column).
    """
    body = body_rows(table)
    roles = roles or {}
    directions = {a: b for a, b in direction_columns(table, body).items() if a not in roles and b not in roles}
    for a, b in directions.items():
        _join_direction(table, a, b, body)
    filled = table.filled_frame()
    columns: dict[int, Column] = {}
    for c, parsed in table.parsed.items():
        if not filled[c].to_numpy()[body].any() or roles.get(c) == "ignore":
            continue
        if c in directions:
            columns[c] = Column(c, "direction", table.header.get(c, []), reason="read.col_direction")
            continue
        head_parts = table.header.get(c, [])
        if c == min(table.parsed) and head_parts and (corner := _corner(head_parts[-1])) is not None:
            head_parts = [*head_parts[:-1], corner]
        mean = meaning(head_parts)
        label, period, unit, measure = _split_header(head_parts)
        head = norm_label(label or "")
        cell_filled = filled[c].to_numpy()[body]
        numeric = _numeric_like(parsed, filled[c].to_numpy())[body][cell_filled].mean()
        role, reason = _role(c, mean, label, period, measure, head, numeric, table, catalog, body)
        if c in roles:
            role, reason = roles[c], "read.col_steered"
        column = Column(c, role, head_parts, label, period, unit, measure, meaning=mean, reason=reason)
        if role == "value":
            _value_meaning(column, mean)
        if role == "value" and c in directions.values():        # 幅度（%） beside 增/减: a change, not a label
            column.label, column.measure = None, "change_abs" if column.unit not in (None, "%", "％") else "yoy_pct"
        if role == "value" and label and column.measure == "value" and catalog.find_region(label) is not None:
            column.region = label
        columns[c] = column
    _sibling_regions(columns, catalog)
    _units_that_name(columns)
    indicator, unit, period = context_facts(table.context)
    lay = Layout("", columns, indicator, unit, period)
    if ctx is not None:
        _apply_context(lay, ctx)
    _settle_labels(lay, table, catalog)
    _notes_on_the_right(lay)
    _resolve_periods(lay, ctx, catalog)
    _subject_names_indicator(lay, ctx)
    lay.name = _name(lay)
    return lay


def _subject_names_indicator(lay: Layout, ctx: Context | None) -> None:
    """A table whose rows and columns name no indicator (months × years) is about its title's subject."""
    if ctx is None or lay.table_indicator or any(c.role in ("indicator", "indicator_extra")
                                                 for c in lay.columns.values()):
        return
    values = [c for c in lay.columns.values() if c.role == "value"]
    subject = ctx.first("subject")
    if values and subject is not None and all(c.label is None for c in values):
        lay.table_indicator = str(subject.value)


def _role(c: int, mean: Meaning, label: str | None, period: str | None, measure: str, head: str, numeric: float,
          table: Table, catalog: Catalog, body: np.ndarray) -> tuple[str, str]:
    """A column's role and the reason (an i18n key) from its header meaning and its cells."""
    if mean.role == "seq" and (numeric >= 0.5 or _ordinals(table, c, body)):
        return "seq", "read.col_seq_header"
    if mean.role == "note":
        return "note", "read.col_note"
    if mean.role == "benchmark":
        return "code", "read.col_benchmark"
    if c == min(table.parsed) and _bracketed_numbers(table, c, body):      # (1) (2) (3): row numbers, not −1 −2
        return "seq", "read.col_seq_numbers"
    if numeric >= 0.5 and _sequence(table, c, body) and not (mean.period or mean.rel or mean.label):
        return "seq", "read.col_seq_numbers"
    period_head = _has(head, PERIOD_KEYS) and not period and not _has(head, VALUE_KEYS)
    if (numeric >= 0.5 and not period_head) or (_has(head, VALUE_KEYS) and not _has(
            head, PERIOD_KEYS + INDICATOR_KEYS + REGION_KEYS)) or (measure != "value" and label) or period \
            or mean.period or mean.rel or mean.measure != "value" \
            or (label and (catalog.find_region(label) or catalog.find_indicator(label))):
        if mean.role == "unit" and numeric < 0.5:
            return _label_role(_distinct(table, c, body), head or "单位", catalog), "read.col_unit_or_region"
        return "value", "read.col_value"
    role = _label_role(_distinct(table, c, body), head if mean.role not in ("unit", "seq") else
                       "单位" if mean.role == "unit" else "编号", catalog)
    return role, f"read.col_{role}" if role in ("period", "region", "indicator", "unit", "code") else "read.col_label"


_ORDINAL = re.compile(r"^(?:[（(]?[一二三四五六七八九十]+[)）]?[、.．]?|[（(]?\d{1,3}[)）]?[、.．]?|[①-⑳]"
                      r"|[A-Za-z][.、]?)$")


_CORNER = re.compile(r"^\s*(?P<top>[^\s／/\\]{2,8})\s*(?:\n|[／/\\]|\s{2,})\s*(?P<bottom>[^\s／/\\]{2,8})\s*$")


def _corner(text: str) -> str | None:
    """The rows' word of a split corner cell (「地区⏎罪名」, 「项目／月份」: the top word heads the columns, the
    bottom one the rows), else None."""
    m = _CORNER.match(str(text).strip("\u3000 "))
    return m["bottom"] if m else None


def _bracketed_numbers(table: Table, c: int, body: np.ndarray) -> bool:
    """Cells written (1), （2） …: numbered rows."""
    vals = _distinct(table, c, body)[:200]
    return len(vals) >= 2 and sum(bool(re.fullmatch(r"[（(]\d{1,3}[)）]", v.strip())) for v in vals) >= 0.8 * len(vals)


def _ordinals(table: Table, c: int, body: np.ndarray) -> bool:
    """Row numbers written as 一、二 / (1) / ① / A: a 序号 column."""
    vals = _distinct(table, c, body)[:200]
    return bool(vals) and sum(bool(_ORDINAL.match(v.strip())) for v in vals) >= 0.8 * len(vals)


def _sequence(table: Table, c: int, body: np.ndarray) -> bool:
    """Row numbers 1, 2, 3 … (a 序号 column without its header), left of the labels."""
    p = table.parsed[c]
    rows = body[p.ok[body]]
    v = p.value[rows]
    if len(v) < 3 or v[0] not in (0, 1) or not np.all(v == np.floor(v)):
        return False
    steps = np.diff(v)
    return bool((steps == 1).mean() >= 0.8) and c == min(table.parsed)


def _units_that_name(columns: dict[int, Column]) -> None:
    """Under one group header, sub-headers such as 批次 | 人次 name the columns (来访批次, 来访人次) even where
    one of them is also a unit word: the leaf stays in the label when a sibling's leaf is a label."""
    groups: dict[tuple[str, ...], list[Column]] = {}
    for c in columns.values():
        if c.role == "value" and c.meaning is not None and c.meaning.group and c.header:
            groups.setdefault(c.meaning.group, []).append(c)
    for cols in groups.values():
        leaves = {c.index: c.header[-1] for c in cols}
        unit_leaf = [c for c in cols if is_unit_text(leaves[c.index])]
        named = [c for c in cols if not is_unit_text(leaves[c.index]) and c.label and
                 c.label.endswith(str(leaves[c.index]).strip())]
        same = [c for c in unit_leaf if sum(u.label == c.label for u in unit_leaf) > 1]
        if same and len({leaves[c.index] for c in same}) > 1:
            named, unit_leaf = same, same
        if unit_leaf and named:
            for c in unit_leaf:
                leaf = re.sub(r"\s+", " ", str(leaves[c.index])).strip()
                c.label = f"{c.label} / {leaf}" if c.label else leaf
                if c.unit == leaf:
                    c.unit = None


def _sibling_regions(columns: dict[int, Column], catalog: Catalog) -> None:
    """Value columns headed by short region names beside known ones (葵涌 | 大鹏 | 南澳): the regions they name."""
    values = [c for c in columns.values() if c.role == "value" and c.label and c.measure == "value"]
    found = [catalog.find_region(c.label) for c in values]
    levels = [r.level for r in found if r is not None]
    if len(levels) < 2:
        return
    level = max(set(levels), key=levels.count)
    for c, r in zip(values, found, strict=True):
        if r is None and norm_label(c.label) not in TOTALS and (code := sibling_region(c.label, catalog, level)):
            c.region = catalog.regions[code].name_zh


def _value_meaning(column: Column, mean: Meaning) -> None:
    """A value column's measure and unit from its header meaning (同比 → yoy_pct, 个百分点 → yoy_pp, 计划 → target)."""
    m = MEASURE_OF.get(mean.measure, mean.measure)
    if mean.pp and m in ("yoy_pct", "mom_pct"):
        m = m.replace("_pct", "_pp")
    if mean.measure != "value" or column.measure == "value":
        column.measure = m
    column.unit = mean.unit or column.unit
    column.label = mean.label


def _apply_context(lay: Layout, ctx: Context) -> None:
    """Unit, indicator and period the context states, where the header has none."""
    units = ctx.first("unit")
    if units is not None:
        lay.table_units = tuple(units.value)
        lay.table_unit = lay.table_unit or units.value[0]
    ind = ctx.first("indicator")
    if ind is not None and lay.table_indicator is None:
        lay.table_indicator = str(ind.value)


def _resolve_periods(lay: Layout, ctx: Context | None, catalog: Catalog) -> None:
    """Value columns' periods: explicit, yearless (year from context) or relative (本月, 去年同期 …) to the table's
    reference period; a change column without a period refers to the latest period beside it."""
    ref, year = (ctx.period()[0], ctx.year()) if ctx is not None else (None, None)
    if ref is None and lay.table_period:
        try:
            ref = Period(int(lay.table_period), "year") if lay.table_period.isdigit() else None
        except ValueError:
            ref = None
    if year is None and ref is not None:
        year = ref.year
    values = [c for c in lay.columns.values() if c.role == "value"]
    metas = [c.meaning or meaning(c.header) for c in values]
    for c, (per, from_ctx) in zip(values, resolve(metas, ref, year), strict=True):
        if per is not None:
            c.period, c.from_context = per.code, from_ctx
    _cutoff_frame(values, ctx)
    _total_columns(lay, catalog)
    _changes_take_latest_period(lay)
    _measures_take_neighbour_label(lay)


_DIRECTION_WORDS = {"增", "减", "增加", "减少", "上升", "下降", "升", "降", "提高", "降低", "增长", "持平", "↑", "↓",
                    "▲", "▼", "+", "-", "－", "＋"}


def direction_columns(table: Table, body: np.ndarray) -> dict[int, int]:
    """Columns of direction words (增 / 减 / 持平) whose sizes stand in the next column: {word column: size column}."""
    out: dict[int, int] = {}
    cols = list(table.text.columns)
    for a, b in zip(cols, cols[1:], strict=False):
        words = table.text[a].to_numpy()[body]
        said = [w for w in words if w is not None]
        if len(said) < 2 or not all(w in _DIRECTION_WORDS for w in said):
            continue
        sizes = table.parsed[b]
        ok = sizes.unique("ok")[sizes.idx[body]]
        if all(ok[k] for k, w in enumerate(words) if w is not None and w != "持平"):
            out[a] = b
    return out


def _join_direction(table: Table, a: int, b: int, body: np.ndarray) -> None:
    """The size column read as signed changes: 减 | 20 → 减20 (in the header's unit: 减4起, 减20%)."""
    mean = meaning(table.header.get(b, []))
    unit = mean.unit if mean.unit and mean.unit not in ("%", "％") else "%" if mean.unit or mean.sure else ""
    texts = table.text[b].to_numpy(dtype=object).copy()
    words = table.text[a].to_numpy(dtype=object)
    for r in body:
        w, size = words[r], texts[r]
        if w is None or size is None:
            continue
        if w == "持平":
            texts[r] = "持平" if table.parsed[b].unique("value")[table.parsed[b].idx[r]] == 0 else f"持平{size}"
        elif w in ("+", "＋", "-", "－"):
            texts[r] = f"{'-' if w in ('-', '－') else ''}{str(size).lstrip('+-－')}"
        else:
            texts[r] = f"{w}{str(size).lstrip('+-－')}{unit if not str(size).endswith(('%', unit or '%')) else ''}"
    table.text[b], table.parsed[b] = parse_column(texts)


def _notes_on_the_right(lay: Layout) -> None:
    """A text column right of every figure (进度情况: 超序时进度 / 滞后) remarks on its row; it is not a label."""
    values = [c.index for c in lay.columns.values() if c.role == "value"]
    if not values:
        return
    for c in lay.columns.values():
        if c.index > max(values) and c.role in ("other", "indicator_extra", "indicator") and any(
                x.role == "indicator" and x.index < min(values) for x in lay.columns.values()):
            c.role, c.reason = "note", "read.col_note_right"


def _cutoff_frame(values: list[Column], ctx: Context | None) -> None:
    """As of a date (截至11月30日) a table whose first column counts 今年以来 counts every plain column since
    January too (已办结, 办结率 beside 今年以来投诉); a table that starts with a stock (在册) keeps the date's month."""
    fact = ctx.period()[1] if ctx is not None else None
    if fact is None or not fact.value.cutoff or not values or values[0].meaning is None:
        return
    first = values[0]
    if first.meaning.rel != "ytd" or first.period is None:
        return
    for c in values[1:]:
        if c.period is None and c.measure == "value" and c.meaning is not None and c.meaning.rel is None \
                and c.meaning.period is None:
            c.period, c.from_context = first.period, True


def _total_columns(lay: Layout, catalog: Catalog) -> None:
    """A 合计 column across: beside regions it is their parent region; beside months it is the span they cover
    (1…k: the year to date; 7…9: the third quarter). Its siblings are recorded for the row check."""
    values = [c for c in lay.columns.values() if c.role == "value"]
    for c in values:
        is_total = (c.meaning is not None and c.meaning.total) or (c.label and norm_label(c.label) in TOTALS)
        if not is_total or c.measure != "value":
            continue
        group = c.meaning.group if c.meaning is not None else ()
        others = [v for v in values if v is not c and v.measure == "value"
                  and (v.meaning.group if v.meaning is not None else ()) == group]
        regions = [catalog.find_region(v.region) for v in others if v.region]
        if len(regions) >= 2:
            parents = {r.parent for r in regions if r is not None}
            if len(parents) == 1 and (p := parents.pop()) in catalog.regions:
                c.region, c.label = catalog.regions[p].name_zh, None
                c.total_of = [v.index for v in others if v.region]
            continue
        span = _span([parse_period(v.period) for v in others if v.period])
        if span is not None:
            c.period, c.from_context, c.region = span.code, True, None
            c.label = c.label if c.meaning is not None and c.meaning.total and c.meaning.label else None
            c.total_of = [v.index for v in others if v.period]


def _span(periods: list[Period]) -> Period | None:
    """The period months of one year cover together: 1…k the year to date (or the year), a quarter, a half."""
    if not periods or any(p.kind != "month" for p in periods) or len({p.year for p in periods}) != 1:
        return None
    k = sorted(p.index for p in periods)
    if k != list(range(k[0], k[-1] + 1)):
        return None
    y = periods[0].year
    if k[0] == 1:
        return Period(y, "year") if k[-1] == 12 else Period(y, "ytd", k[-1])
    if len(k) == 3 and k[0] % 3 == 1:
        return Period(y, "quarter", k[-1] // 3)
    if len(k) == 6 and k[0] == 7:
        return Period(y, "half", 2)
    return None


def _measures_take_neighbour_label(lay: Layout) -> None:
    """In a table whose rows are not indicators, a 排名 / 同比 / 完成率 column without a label of its own is about
    the figure to its left (考评得分 | 排名 → the rank of 考评得分); a 去年同期（例） after a rate column is about the
    nearest figure in 例 before it (报告病例（例） | 发病率 | 去年同期（例） → 报告病例)."""
    if any(c.role == "indicator" for c in lay.columns.values()) or lay.table_indicator:
        return
    last: str | None = None
    seen: list[Column] = []
    for c in sorted((c for c in lay.columns.values() if c.role == "value"), key=lambda c: c.index):
        if c.label and c.measure == "value" and not c.region:
            last = c.label
            seen.append(c)
        elif not c.label and last and (c.measure != "value" or c.meaning is not None and (
                c.meaning.rel or c.meaning.period)):
            same_unit = [s for s in seen if c.measure == "value" and c.unit and s.unit == c.unit]
            if same_unit and seen[-1].unit != c.unit:
                last = same_unit[-1].label
            c.label = last


def _changes_take_latest_period(lay: Layout) -> None:
    """A change column (同比增减) beside period columns refers to the latest of those periods."""
    values = [c for c in lay.columns.values() if c.role == "value"]
    periods = sorted({c.period for c in values if c.period and c.measure == "value"}, key=sort_key)
    for c in values:
        if c.measure not in ("value", "target") and c.period is None and periods:
            c.period = periods[-1]


def _settle_labels(lay: Layout, table: Table, catalog: Catalog) -> None:
    """One primary region / indicator / period column; 'other' columns become the row label or qualifiers."""
    cols = [c for c in lay.columns.values() if c.role not in ("value", "empty")]
    rows = table.data_rows
    for c in cols:
        c.sparse = bool(_empty_share(table, c.index, rows) >= 0.3) and c.role not in ("unit", "code")
    for role in ("region", "indicator", "period"):
        same = [c for c in cols if c.role == role]
        if len(same) > 1:
            if role == "region" and all(_places(table, c) for c in same):     # 街道 | 社区 | 网格: the finest
                best = max(same, key=lambda c: (len(_distinct(table, c.index, body_rows(table))), c.index))
                for c in same:
                    if c is not best:
                        c.role = "region_parent"
                continue
            best = max(same, key=lambda c: (_matches(table, c, catalog, role), not _codey(table, c)))
            for c in same:
                if c is not best:
                    c.role = "code" if _codey(table, c) else f"{role}_extra"
    others = [c for c in cols if c.role == "other"]
    has_ind = any(c.role == "indicator" for c in cols)
    has_reg = any(c.role == "region" for c in cols)
    if others and not has_ind and not has_reg:
        first = others[0]
        regions = _matches(table, first, catalog, "region")
        indicators = _matches(table, first, catalog, "indicator")
        value_heads_are_ind = any(catalog.find_indicator(v.label or "") for v in lay.columns.values()
                                  if v.role == "value")
        value_heads_are_reg = sum(bool(v.region) for v in lay.columns.values() if v.role == "value") >= 2
        rows_regions = regions > indicators or (regions == indicators and not value_heads_are_reg and (
            lay.table_indicator is not None or value_heads_are_ind))
        first.role = "region" if rows_regions else "indicator"
    for c in cols:
        if c.role == "other":
            c.role = "indicator_extra"


def _places(table: Table, c: Column) -> bool:
    """Whether a column's texts are mostly names of places or reporting units (溪涌社区, 葵涌派出所 …)."""
    vals = [v for v in _distinct(table, c.index, body_rows(table))[:200] if not _has(norm_label(v), (
        "合计", "小计", "总计"))]
    return bool(vals) and sum(place_like(v) for v in vals) >= 0.8 * len(vals)


def _empty_share(table: Table, c: Column | int, rows: np.ndarray) -> float:
    """Share of empty cells of column c in these rows."""
    p = table.parsed.get(c)
    if p is not None and p.texts is not None and _positional(table):
        return float(np.equal(p.texts, None)[p.idx[rows]].mean()) if len(rows) else float("nan")
    return float(table.text[c].iloc[rows].isna().mean())


def body_rows(table: Table) -> np.ndarray:
    """Row positions from below the header to the last data row (label rows between data rows included)."""
    start = (table.header_rows[-1] + 1) if table.header_rows else int(table.data_rows[0])
    return np.arange(start, int(table.data_rows[-1]) + 1)


def _codey(table: Table, c: Column) -> bool:
    vals = _distinct(table, c.index, body_rows(table))[:200]
    return len(vals) > 0 and sum(bool(_CODE.match(v)) for v in vals) >= 0.8 * len(vals)


def _matches(table: Table, c: Column, catalog: Catalog, role: str) -> int:
    vals = [v for v in _distinct(table, c.index, body_rows(table))[:500] if norm_label(v) not in TOTALS]
    find = catalog.find_region if role == "region" else catalog.find_indicator
    if role == "period":
        return sum(parse_period_text(v) is not None for v in vals)
    return sum(find(v) is not None for v in vals)


def _name(lay: Layout) -> str:
    roles = {c.role for c in lay.columns.values()}
    values = [c for c in lay.columns.values() if c.role == "value"]
    if not values:
        return "none"
    sparse_region = any(c.sparse for c in lay.columns.values() if c.role == "region")
    if sparse_region and "indicator" in roles:
        return "blocks_by_region"
    if any(c.region for c in values) and "region" not in roles:
        return "regions_as_columns"
    periods = {c.period for c in values}
    if len(periods - {None}) > 1 or (None not in periods and not any(c.label for c in values)):
        return "wide_by_period"
    if "indicator" in roles and len(values) == 1:
        return "long"
    if "region" in roles:
        return "wide_by_region"
    return "wide_by_indicator"


def _row_labels(table: Table, lay: Layout, role: str) -> np.ndarray | None:
    """Per data row, the text of the columns with this role (and its _extra columns), joined by ' / '."""
    cols = [c for c in lay.columns.values() if c.role in (role, f"{role}_extra")]
    cols.sort(key=lambda c: (c.role != role, c.index))
    if not cols:
        return None
    if role == "region" and parent_column(lay) is not None:       # 街道 merged down beside its 社区: a parent
        cols = [c for c in cols if c.role == role]
    body = None
    parts = []
    for c in cols:
        p = table.parsed.get(c.index)
        if not c.sparse and p is not None and p.texts is not None and _positional(table):
            tidy = np.array([None if t is None else _tidy(t) for t in p.texts], dtype=object)
            parts.append(tidy[p.idx[table.data_rows]])      # each distinct text tidied once, no re-hashing
            continue
        body = table.text.iloc[body_rows(table)] if body is None else body
        col = body[c.index]
        if c.sparse:
            col = col.ffill()
        parts.append(_tidy_all(col.loc[table.data_rows]))
    if len(parts) == 1:
        return parts[0]
    out = parts[0].copy()
    for p in parts[1:]:
        for i in np.flatnonzero(pd.notna(p)):
            out[i] = p[i] if out[i] is None or (isinstance(out[i], float)) else f"{out[i]} / {p[i]}"
    return out


def parent_column(lay: Layout) -> int | None:
    """A region column merged down over groups of the finer region column beside it (街道 | 社区): the parents."""
    main = [c for c in lay.columns.values() if c.role == "region"]
    parents = [c for c in lay.columns.values() if c.role == "region_parent"]
    extra = [c for c in lay.columns.values() if c.role == "region_extra" and c.sparse]
    if len(main) == 1 and parents:
        return max((c for c in parents if c.index < main[0].index), key=lambda c: c.index, default=parents[0]).index
    if len(main) == 1 and not main[0].sparse and extra:
        return extra[0].index
    return None


def _tidy_all(col: pd.Series) -> np.ndarray:
    """Whitespace-collapsed texts, each distinct text tidied once."""
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    tidy = np.array([_tidy(u) for u in uniques] + [None], dtype=object)
    return tidy[codes]


def _tidy(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


@dataclass
class Melted:
    """One row per non-empty value cell, with the texts that label it."""

    frame: pd.DataFrame
    text_cells: pd.DataFrame


def melt(table: Table, lay: Layout) -> Melted:
    """Every value cell of the data rows with its indicator, region and period texts, unit, measure, cell."""
    rows = table.data_rows
    values = [c for c in lay.columns.values() if c.role == "value"]
    nr, nv = len(rows), len(values)
    r_idx = np.repeat(rows, nv)
    v_pos = np.tile(np.arange(nv), nr)

    def stack(field_name: str) -> np.ndarray:
        kind = object if field_name in ("qualifier", "state", "unit", "change") else bool if field_name in (
            "ok", "missing") \
            else float
        takes = [table.parsed[c.index].unique(field_name)[table.parsed[c.index].idx[rows]] for c in values]
        if nv == 1:
            return takes[0].astype(kind, copy=False)
        arr = np.empty((nr, nv), dtype=kind)
        for j, t in enumerate(takes):
            arr[:, j] = t
        return arr.ravel()

    ok, missing = stack("ok"), stack("missing")
    state = np.array(["text", "ok", "missing"], dtype=object)[np.where(ok, 1, np.where(missing, 2, 0))]
    raw_text = np.empty((nr, nv), dtype=object)
    for j, c in enumerate(values):
        raw_text[:, j] = table.text[c.index].to_numpy()[rows]
    raw_text = raw_text.ravel()
    ind_rows = _row_labels(table, lay, "indicator")
    reg_rows = _row_labels(table, lay, "region")
    per_rows = _row_labels(table, lay, "period")
    unit_rows = _row_labels(table, lay, "unit")
    col_label = np.array([None if (c.label and (_has(norm_label(c.label), VALUE_KEYS) or c.region)
                                   and (ind_rows is not None or lay.table_indicator)) else c.label
                          for c in values], dtype=object)
    g = table.grid
    def per_row(a: np.ndarray) -> np.ndarray:
        return a if nv == 1 else np.repeat(a, nv)

    frame = obj_frame({
        "_row": r_idx, "_vpos": v_pos,
        "row_indicator": per_row(ind_rows) if ind_rows is not None else None,
        "col_label": col_label[v_pos],
        "region_text": per_row(reg_rows) if reg_rows is not None else
        np.array([c.region for c in values], dtype=object)[v_pos],
        "row_period": per_row(per_rows) if per_rows is not None else None,
        "col_period": np.array([c.period for c in values], dtype=object)[v_pos],
        "row_unit": per_row(unit_rows) if unit_rows is not None else None,
        "col_unit": np.array([c.unit for c in values], dtype=object)[v_pos],
        "measure": np.array([c.measure for c in values], dtype=object)[v_pos],
        "value": stack("value"), "qualifier": stack("qualifier"), "state": state, "mult": stack("mult"),
        "cell_unit": stack("unit"), "change": stack("change"), "raw": raw_text,
        "excel_row": r_idx + g.row0,
        "col": np.array([col_letter(c.index + g.col0) for c in values], dtype=object)[v_pos],
    })
    text_cells = frame[~ok & ~missing]
    if ok.all():
        return Melted(frame, text_cells)
    return Melted(frame[ok].reset_index(drop=True), text_cells)
