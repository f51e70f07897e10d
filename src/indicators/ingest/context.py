"""What a table says about itself around its cells: title, meta lines, footnotes, sheet name and file name.

Each fact keeps where it was read (`Fact.where`: a cell such as 'A1', 'sheet' or 'file'), so the preview can show
every value the reader took from context, and the analyst can override it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath

from ..catalog import Catalog
from ..normalize import norm_label
from ..period_text import mentions
from ..periods import Period

# 「填报单位：大鹏新区政法办」, 「单位：起、%」, 「统计时间：2024年9月30日」 … (key, then ：or :)
_META_KEYS = {
    "reporter": ("填报单位", "填報單位", "报送单位", "報送單位", "报表单位", "单位名称", "填报部门", "报送部门",
                 "制表单位", "统计单位", "填报", "报送", "reporting unit"),
    "time": ("统计时间", "統計時間", "统计期间", "统计日期", "统计截止时间", "统计截止日期", "报告期", "報告期",
             "统计期", "数据截至", "数据截止", "截至日期", "截止日期", "截至", "截止", "统计时段", "报告时段",
             "统计区间", "时段", "时间", "時間", "日期", "期间", "reporting period",
             "period"),
    "unit": ("计量单位", "金额单位", "数量单位", "單位", "单位", "unit", "units"),
    "note": ("注", "註", "附注", "附註", "说明", "說明", "备注", "備註", "填表说明", "填报说明", "数据来源",
             "數據來源", "资料来源", "資料來源", "来源", "口径说明", "note", "notes", "source"),
    "staff": ("填表人", "填报人", "制表人", "制表", "审核人", "审核", "审批人", "负责人", "单位负责人", "联系人",
              "联系电话", "电话", "填报日期", "填表日期", "报送日期", "制表日期", "签发", "统计员", "经办人"),
    "indicator": ("指标", "指標", "indicator"),
    "region": ("地区", "地區", "区域", "辖区", "region", "area"),
    "database": ("数据库", "數據庫", "database"),
}
_KEY_OF = {k.lower(): kind for kind, keys in _META_KEYS.items() for k in keys}
_META = re.compile(r"^[（(]?\s*(?P<key>" + "|".join(sorted(map(re.escape, _KEY_OF), key=len, reverse=True))
                   + r")\s*(?:[（(][^)）]{0,8}[)）])?\s*[:：]\s*(?P<value>.*?)[)）]?$", re.I)
_CUTOFF = re.compile(r"^(?:(?:数据)?(?:统计|統計)(?:时间|時間|日期|时点)?|数据(?:时间|日期))?\s*[:：]?\s*"
                     r"(?:截至|截止|截止到|截至到|统计至|統計至)\s*(?P<value>.+)$")
_NOTE_START = re.compile(r"^(?:注|註|附注|附註|说明|說明|备注|備註|数据来源|數據來源|资料来源|資料來源|"
                         r"填表说明|口径说明|note|notes|source)\s*(?:\d+|[一二三四五六七八九十]+)?\s*[:：.．、]", re.I)
_TITLE = re.compile(r"^(?:表\s*[\d一二三四五六七八九十]+|附表\s*\d*|table\s*[a-z]?\d+)", re.I)
# an organisation name that is a region: 葵涌办事处, 溪涌社区, 南澳派出所, 大鹏新区 …
_PLACE = re.compile(r"(?P<name>[\u4e00-\u9fa5]{2,12}?(?:新区|街道办事处|街道办|办事处|街道|社区居委会|社区|"
                    r"居委会|村委会|村|派出所|网格|管理局|监管局|分局|镇|乡|区|县|市))")
_SUBJECT_TAIL = re.compile(r"(?:对比|比较|变化|走势|趋势|分析|通报)?(?:主要)?"
                           r"(?:情况|工作情况|数据|指标|统计|汇总|一览)?"
                           r"(?:统计表|汇总表|情况表|报表|明细表|表|统计|汇总|一览表)?$")
_ORG_HEAD = re.compile(r"^[\u4e00-\u9fa5]{0,8}?(?:人民检察院|人民法院|检察院|法院|公安局|公安分局|分局|管理局|监管局|"
                       r"委员会|办公室|管委会|工作站|中心)(?=[\u4e00-\u9fa5]{2})")
_UNIT_TOKEN = re.compile(r"[、,，/;；\s]+")


@dataclass(frozen=True)
class Fact:
    """One thing the table's surroundings say: kind, value, the text it came from and where."""

    kind: str          # region | period | year | unit | subject | reporter | note | staff | indicator
    value: object
    text: str
    where: str         # a cell ('A1'), 'sheet' or 'file'


@dataclass
class Context:
    """Facts about one table, best first per kind."""

    facts: list[Fact] = field(default_factory=list)

    def first(self, kind: str) -> Fact | None:
        """The first (most trusted) fact of a kind."""
        return next((f for f in self.facts if f.kind == kind), None)

    def all(self, kind: str) -> list[Fact]:
        """Every fact of a kind, best first."""
        return [f for f in self.facts if f.kind == kind]

    def period(self) -> tuple[Period | None, Fact | None]:
        """The table's reference period (with year), and the fact it came from."""
        found = [(p, f) for f in self.all("period") if (p := f.value.period(self.year())) is not None]
        if not found:
            return None, None
        p, f = found[0]
        if p.kind == "year":     # 「2024年…情况」 with 「截至2024年10月31日」 or a sheet named 一季度: the narrower one
            narrower = next(((q, g) for q, g in found[1:] if q.year == p.year and q.kind != "year"
                             and (g.value.cutoff or g.value.year is None)), None)
            if narrower is not None:
                return narrower
        return p, f

    def year(self) -> int | None:
        """The year the table is about: from a period or a bare year in title, sheet or file name."""
        for f in self.facts:
            if f.kind == "period" and f.value.year is not None:
                return f.value.year
            if f.kind == "year":
                return int(f.value)
        return None

    def note(self) -> str:
        """Footnotes (注, 说明, 数据来源 …) joined: the batch's note."""
        return "\n".join(f.text for f in self.all("note"))


def meta_line(text: str) -> tuple[str, str] | None:
    """(kind, value) of a meta line such as 「填报单位：大鹏新区政法办」 or 「截至2024年9月30日」, else None."""
    t = _clean(text)
    m = _META.match(t)
    if m:
        return _KEY_OF[m["key"].lower()], m["value"].strip()
    m = _CUTOFF.match(t)
    if m and mentions(m["value"]):
        return "time", t
    return None


def meta_key(text: str) -> str | None:
    """The kind of a cell that is only a meta key (填报单位, 统计时段：) whose value is in the next cell, else None."""
    key = _clean(text).rstrip(":：").strip().lower()
    kind = _KEY_OF.get(key)
    return kind if kind in ("reporter", "time", "staff") else None


def _joined_pairs(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Lines with a key cell and its value in the next cell of one row joined (填报单位 | 大鹏… → 填报单位：大鹏…)."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(lines):
        text, where = lines[i]
        if i + 1 < len(lines) and meta_key(text) and _row_of(lines[i + 1][1]) == _row_of(where) \
                and not meta_key(lines[i + 1][0]):
            out.append((f"{_clean(text).rstrip(':：')}：{lines[i + 1][0]}", lines[i + 1][1]))
            i += 2
            continue
        out.append((text, where))
        i += 1
    return out


def _row_of(where: str) -> str:
    """The row part of a cell reference (封面!B4 → 封面!4)."""
    return re.sub(r"[A-Z]+(?=\d+$)", "", where)


def is_note_line(text: str) -> bool:
    """A footnote: 注：…, 说明：…, 数据来源：…, Note: …"""
    return bool(_NOTE_START.match(_clean(text)))


def is_date_text(text: str) -> bool:
    """A cell that is only a date (2025年1月10日, 2024-09-30): a signing or reporting date beside meta lines."""
    t = re.sub(r"\s+", "", _clean(text))
    return bool(re.fullmatch(r"(?:19|20)\d{2}(?:年\d{1,2}月\d{1,2}[日号]?|[-/.]\d{1,2}[-/.]\d{1,2})", t))


def is_title_text(text: str) -> bool:
    """表1 / 附表 / Table 3 captions."""
    return bool(_TITLE.match(_clean(text)))


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().strip("\u3000")


def read_context(lines: list[tuple[str, str]], notes: list[tuple[str, str]], sheet: str | None, file_name: str | None,
                 catalog: Catalog, cover: list[tuple[str, str]] = ()) -> Context:
    """Facts from the lines above the table (text, cell), footnotes below it, the sheet name, a cover sheet's lines
    (text, 封面!B4) and the file name."""
    ctx = Context()
    lines, notes, cover = _joined_pairs(lines), _joined_pairs(notes), _joined_pairs(list(cover))
    for text, where in lines:
        _line_facts(ctx, text, where, catalog)
    for text, where in notes:
        meta = meta_line(text)
        if meta and meta[0] in ("staff", "reporter", "time", "unit"):
            _line_facts(ctx, text, where, catalog)
        else:
            ctx.facts.append(Fact("note", _clean(text), str(text).strip(), where))
    if sheet:
        _name_facts(ctx, sheet, "sheet", catalog)
    for text, where in cover:
        _line_facts(ctx, text, where, catalog)
    if file_name:
        _name_facts(ctx, PurePath(file_name).stem, "file", catalog)
    return ctx


def _line_facts(ctx: Context, text: str, where: str, catalog: Catalog) -> None:
    """Facts of one line above or below the table."""
    t = _clean(text)
    meta = meta_line(t)
    if meta:
        kind, value = meta
        if kind == "note":
            ctx.facts.append(Fact("note", t, str(text).strip(), where))
        elif kind == "unit":
            units = [u for u in _UNIT_TOKEN.split(value.strip("（）() ")) if u]
            if units:
                ctx.facts.append(Fact("unit", tuple(units), t, where))
        elif kind == "time":
            _period_facts(ctx, value or t, t, where)
        elif kind == "reporter":
            _region_facts(ctx, value, t, where, catalog)
            ctx.facts.append(Fact("reporter", value, t, where))
        elif kind == "region":
            _region_facts(ctx, value, t, where, catalog, whole=True)
        elif kind == "indicator":
            ctx.facts.append(Fact("indicator", value, t, where))
        elif kind == "staff":
            ctx.facts.append(Fact("staff", value, t, where))
        return
    if is_note_line(t):
        ctx.facts.append(Fact("note", t, str(text).strip(), where))
        return
    _region_facts(ctx, t, t, where, catalog)
    _period_facts(ctx, t, t, where)
    subject = subject_of(t, catalog)
    if subject:
        ctx.facts.append(Fact("subject", subject, t, where))


def _name_facts(ctx: Context, name: str, where: str, catalog: Catalog) -> None:
    """Region and period named by a sheet or file name (「2024年3月」, 「葵涌」, 「…_2024-09」)."""
    _period_facts(ctx, name, name, where)
    _region_facts(ctx, name, name, where, catalog, whole=True)


_FRAME = re.compile(r"各月|分月|逐月|月度|各季度|分季度|逐季|历年|各年|近\d+年|最近\d+年")


def _period_facts(ctx: Context, value: str, text: str, where: str) -> None:
    """Periods a text names; a year that only frames a table of months (「2024年各月」) is a year, not a period."""
    frame = bool(_FRAME.search(value))
    for m in mentions(value):
        if m.kind == "year" and frame:
            if m.year is not None:
                ctx.facts.append(Fact("year", m.year, text, where))
        else:
            ctx.facts.append(Fact("period", m, text, where))


def _region_facts(ctx: Context, value: str, text: str, where: str, catalog: Catalog, whole: bool = False) -> None:
    """A region named in the text: an exact catalogue name, else the most specific organisation name ending in a
    place word (大鹏新区葵涌办事处 → 葵涌办事处; 南澳派出所 stays unknown), else a catalogue name inside the text
    (大鹏新区政法办 → 大鹏新区)."""
    t = _clean(value)
    if whole and (reg := catalog.find_region(t)) is not None:
        ctx.facts.append(Fact("region", reg.code, text, where))
        return
    found: Fact | None = None
    for m in _PLACE.finditer(t):
        name = _trim_place(m["name"])
        reg = catalog.find_region(name)
        if reg is None and re.search(r"[年月度季各全本等及和与的]", name):
            reg = catalog.find_region(re.split(r"[年月度季各全本等及和与的]", name)[-1])
        if reg is None and (branch := re.search(r"[局委院厅署](?P<b>[\u4e00-\u9fa5]{2,8})$", name)):
            reg = catalog.find_region(branch["b"])       # 生态环境局大鹏管理局 → 大鹏管理局
        if reg is not None:
            found = Fact("region", reg.code, text, where)
        elif _unknown_place(name):
            found = Fact("region_text", name, text, where)
    if found is None and (hit := _catalogue_name_in(t, catalog)) is not None:
        found = Fact("region", hit, text, where)
    if found is not None:
        ctx.facts.append(found)


_PLACE_SUFFIX = ("办事处", "街道", "社区", "居委会", "村委会", "派出所", "网格", "新区")


_GENERIC = re.compile(r"^(?:各|全|所有|所属|辖区|本|该|下属|相关|有关)")


def _unknown_place(name: str) -> bool:
    """An organisation name that is a region level we know (溪涌社区, 南澳派出所 …), not a plural (各街道办事处)."""
    if not name.endswith(_PLACE_SUFFIX) or _GENERIC.match(name) or re.search(r"[年月度季各全本等及和与的]", name):
        return False
    stem = re.sub("(?:" + "|".join(_PLACE_SUFFIX) + ")+$", "", name)
    return len(stem) >= 2 and not re.fullmatch(r"(?:街道|社区|办事处|派出所|网格)+", name)


def _trim_place(name: str) -> str:
    """Drop leading words that are not part of a place name (关于, 对 …)."""
    return re.sub(r"^(?:关于|对|在|由)", "", name)


def _catalogue_name_in(text: str, catalog: Catalog) -> str | None:
    """Code of the catalogue region whose name or alias (3+ characters) occurs in the text, longest first."""
    key = norm_label(text)
    best: tuple[int, str] | None = None
    for reg in catalog.regions.values():
        for name in (reg.name_zh, *reg.aliases):
            n = norm_label(name)
            if len(n) >= 3 and n in key and (best is None or len(n) > best[0]):
                best = (len(n), reg.code)
    return best[1] if best else None


def subject_of(title: str, catalog: Catalog) -> str | None:
    """What a title is about, without region, period and 统计表 words: 「…2024年1-9月社会治安情况统计表」 → 社会治安."""
    t = _clean(title)
    if len(t) < 4 or meta_line(t) or is_note_line(t):
        return None
    t = re.sub(r"^(?:表\s*[\d一二三四五六七八九十]+|附表\s*\d*)\s*[:：.、]?", "", t)
    for m in mentions(t):
        t = t.replace(m.text, " ")
    t = re.sub(r"各月|分月|逐月|月度|年度|截至|截止|[（(][^)）]*[)）]", " ", t)
    for m in _PLACE.finditer(t):
        t = t.replace(m["name"], " ")
    for reg in catalog.regions.values():
        for name in (reg.name_zh, *reg.aliases):
            if len(name) >= 3:
                t = t.replace(name, " ")
    t = re.sub(r"\s+", "", t).strip("：:，,的")
    t = _SUBJECT_TAIL.sub("", t).strip("：:，,的")
    t = re.sub(r"(?:分类别|分类|分项|分街道|分地区|分社区)$", "", t)
    bare = _ORG_HEAD.sub("", t)                     # 人民检察院受理审查起诉案件 → 受理审查起诉案件
    t = bare if len(bare) >= 2 else t
    return t if len(t) >= 2 else None
