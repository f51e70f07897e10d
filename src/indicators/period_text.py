"""Periods as offices write them in running text: titles, sheet and file names, yearless headers (3月, 1-9月累计).

A `Mention` is a period found in a text, with or without its year: 「大鹏新区2024年1-9月…统计表」 gives
(2024, ytd, 9); 「3月」 gives (None, month, 3), which takes its year from the context it appears in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .periods import Period

_CN = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])"
_YEAR = r"(?:(?P<roc>民国|民國)?(?P<year>\d{4}|\d{2,3})|(?P<cnyear>[〇零一二三四五六七八九]{4}))年(?:度)?"
_SPAN = (rf"(?P<m1>{_NUM})月?(?:份)?[-－—–~～至到](?P<m2>{_NUM})月(?:份)?(?P<cum>累计|累積|合计)?"
         rf"|(?P<front>前)(?P<fq>[一二三两23])(?:个)?季度"
         rf"|(?:第)?(?P<q>[一二三四1-4])季度"
         rf"|(?P<h>[上下])半年"
         rf"|(?P<m>{_NUM})月(?:份)?(?P<mcum>累计)?"
         rf"|(?P<full>全年)")
_MENTION = re.compile(rf"(?:{_YEAR})?(?:{_SPAN})?")
_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})(?:年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]"
                   r"|(?P<sep>[-/.])(?P<m2>\d{1,2})(?P=sep)(?P<d2>\d{1,2})(?!\d))")
_COMPACT_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?!\d)")
_ISO_MONTH = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-_./](?P<m>0?[1-9]|1[0-2])(?![\d])")
_EN_QUARTER = re.compile(r"(?i)(?<![a-z0-9])(?:q(?P<q1>[1-4])[\s\-/]*(?P<y1>(?:19|20)\d{2})|(?P<y2>(?:19|20)\d{2})"
                         r"[\s\-/]*q(?P<q2>[1-4])|(?P<h>h[12])[\s\-/]*(?P<y3>(?:19|20)\d{2})|(?P<y4>(?:19|20)\d{2})"
                         r"[\s\-/]*(?P<h2>h[12]))(?![a-z0-9])")
_COMPACT_MONTH = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?!\d)")


def cn_number(text: str) -> int:
    """1–12 from digits or Chinese numerals (三, 十, 十二)."""
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (_CN[text[1]] if len(text) > 1 else 0)
    if len(text) == 2 and text[1] == "十":
        return _CN[text[0]] * 10
    return _CN[text[0]]


@dataclass(frozen=True)
class Mention:
    """A period found in text; year None when the text does not say it."""

    year: int | None
    kind: str
    index: int = 0
    text: str = ""
    cutoff: bool = False          # a date (截至9月30日): the period runs up to it

    def period(self, year: int | None = None) -> Period | None:
        """The full period, the year taken from the mention or else from `year`."""
        y = self.year if self.year is not None else year
        if y is None:
            return None
        return Period(y, "year") if self.kind == "ytd" and self.index == 12 else Period(y, self.kind, self.index)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def _year_of(m: re.Match) -> int | None:
    if m.group("cnyear"):
        return int("".join(str(_CN[c]) for c in m.group("cnyear")))
    if not m.group("year"):
        return None
    n = int(m.group("year"))
    if m.group("roc") or 100 <= n < 1000:
        return n + 1911
    return 2000 + n if n < 100 else n


def _kind_of(m: re.Match) -> tuple[str, int] | None:
    """Kind and index of the span part of a match, None when only a year matched."""
    if m.group("m1"):
        a, b = cn_number(m.group("m1")), cn_number(m.group("m2"))
        if a == 1 and 1 <= b <= 12:
            return ("ytd", b) if b < 12 else ("year", 0)
        if b - a == 2 and a % 3 == 1:
            return "quarter", b // 3
        if (a, b) == (7, 12):
            return "half", 2
        return None
    if m.group("front"):
        n = {"一": 1, "二": 2, "两": 2, "三": 3, "2": 2, "3": 3}[m.group("fq")]
        return "ytd", 3 * n
    if m.group("q"):
        return "quarter", cn_number(m.group("q")) if not m.group("q").isdigit() else int(m.group("q"))
    if m.group("h"):
        return "half", 1 if m.group("h") == "上" else 2
    if m.group("m"):
        n = cn_number(m.group("m"))
        if not 1 <= n <= 12:
            return None
        return ("ytd", n) if m.group("mcum") else ("month", n)
    if m.group("full"):
        return "year", 0
    return None


def mentions(text: str) -> list[Mention]:
    """Every period mentioned in a text, in order (dates and 2024-09 / 202409 forms included)."""
    s = _norm(text)
    out: list[tuple[int, Mention]] = []
    taken: list[tuple[int, int]] = []
    for m in [*_DATE.finditer(s), *_COMPACT_DATE.finditer(s)]:
        mon = int(m.group("m") or m.group("m2"))
        if 1 <= mon <= 12 and not any(a <= m.start() < b for a, b in taken):
            out.append((m.start(), Mention(int(m.group("y")), "month", mon, m.group(0), cutoff=True)))
            taken.append(m.span())
    for m in _MENTION.finditer(s):
        if not m.group(0) or any(a <= m.start() < b for a, b in taken):
            continue
        year, kind = _year_of(m), _kind_of(m)
        if kind is None and (year is None or any(m.group(g) for g in ("m1", "m", "q", "h", "front"))):
            continue                      # nothing, or a span that names no period (1-13月)
        k, i = kind or ("year", 0)
        if year is not None and not 1900 <= year <= 2200:
            continue
        out.append((m.start(), Mention(year, k, i, m.group(0))))
        taken.append(m.span())
    for m in _EN_QUARTER.finditer(str(text)):
        if m.group("q1") or m.group("q2"):
            mention = Mention(int(m.group("y1") or m.group("y2")), "quarter", int(m.group("q1") or m.group("q2")),
                              m.group(0))
        else:
            mention = Mention(int(m.group("y3") or m.group("y4")), "half", int((m.group("h") or m.group("h2"))[1]),
                              m.group(0))
        out.append((-1, mention))
        taken.append((-1, -1))
    for rx in (_ISO_MONTH, _COMPACT_MONTH):
        for m in rx.finditer(s):
            if not any(a <= m.start() < b for a, b in taken):
                out.append((m.start(), Mention(int(m.group("y")), "month", int(m.group("m")), m.group(0))))
                taken.append(m.span())
    return [x for _, x in sorted(out, key=lambda p: p[0])]


def yearless(text: str) -> Mention | None:
    """The period a whole short text names without a year (3月, 1-9月累计, 一季度, 上半年), else None."""
    s = _norm(text)
    m = _MENTION.fullmatch(s)
    if m is None or _year_of(m) is not None:
        return None
    kind = _kind_of(m)
    return Mention(None, kind[0], kind[1], s) if kind else None
