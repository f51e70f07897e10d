"""Periods: canonical codes (2021, 2021H1, 2021Q2, 2021-06, 2021YTD06), parsing and alignment."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from .errors import Named, UserError

KINDS = ("year", "half", "quarter", "month", "ytd")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "上": 1, "下": 2}


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period; `index` is the half, quarter or (last) month number."""

    year: int
    kind: str
    index: int = 0

    @property
    def code(self) -> str:
        """Canonical code stored in the database."""
        if self.kind == "year":
            return str(self.year)
        if self.kind == "half":
            return f"{self.year}H{self.index}"
        if self.kind == "quarter":
            return f"{self.year}Q{self.index}"
        if self.kind == "month":
            return f"{self.year}-{self.index:02d}"
        return f"{self.year}YTD{self.index:02d}"

    def months(self) -> tuple[int, int]:
        """First and last month covered."""
        if self.kind == "year":
            return 1, 12
        if self.kind == "half":
            return 6 * self.index - 5, 6 * self.index
        if self.kind == "quarter":
            return 3 * self.index - 2, 3 * self.index
        if self.kind == "month":
            return self.index, self.index
        return 1, self.index

    def shift_years(self, years: int) -> Period:
        """Same period `years` later (negative: earlier)."""
        return Period(self.year + years, self.kind, self.index)

    def previous(self) -> Period:
        """The period just before, of the same kind (2021-01 -> 2020-12, 2021Q1 -> 2020Q4, 2021 -> 2020); a
        year-to-date's is the one a month shorter (2021YTD06 -> 2021YTD05), and January's the year before."""
        if self.kind == "ytd":
            return Period(self.year, "ytd", self.index - 1) if self.index > 1 else Period(self.year - 1, "year")
        per_year = {"half": 2, "quarter": 4, "month": 12}.get(self.kind)
        if per_year is None:
            return self.shift_years(-1)
        n = self.year * per_year + self.index - 2
        return Period(n // per_year, self.kind, n % per_year + 1)

    def months_up_to(self, span: int) -> list[Period]:
        """The `span` months ending with this month, oldest first (2021-02, 3 -> 2020-12, 2021-01, 2021-02)."""
        n = self.year * 12 + self.index - 1
        return [Period(m // 12, "month", m % 12 + 1) for m in range(n - span + 1, n + 1)]

    def covering(self) -> list[Period]:
        """Longer periods containing this one, shortest first (a month: its quarter, half and year)."""
        first, _ = self.months()
        out = []
        if self.kind == "month":
            out.append(Period(self.year, "quarter", (first - 1) // 3 + 1))
        if self.kind in ("month", "quarter"):
            out.append(Period(self.year, "half", 1 if first <= 6 else 2))
        if self.kind != "year":
            out.append(Period(self.year, "year"))
        return out

    def month_periods(self) -> list[Period]:
        """The months this period covers."""
        first, last = self.months()
        return [Period(self.year, "month", m) for m in range(first, last + 1)]

    def previous_year(self) -> Period:
        """Like-for-like comparison period: the same period one year earlier."""
        return self.shift_years(-1)

    def canonical(self) -> Period:
        """The period people name for these months: 1-6月 is the first half (上半年), 1-3月 the first quarter, 1-12月
        the year, 1-1月 January; other year-to-date spans stay as they are. Two codes of one span are one period."""
        if self.kind != "ytd":
            return self
        if self.index == 12:
            return Period(self.year, "year")
        if self.index == 6:
            return Period(self.year, "half", 1)
        if self.index == 3:
            return Period(self.year, "quarter", 1)
        return Period(self.year, "month", 1) if self.index == 1 else self

    def same_span(self) -> list[Period]:
        """Every period covering exactly these months (the canonical one first): 2021H1 and 2021YTD06."""
        first, last = self.months()
        out = [self.canonical()]
        if first == 1 and Period(self.year, "ytd", last) not in out:
            out.append(Period(self.year, "ytd", last))
        return out

    @property
    def span_kind(self) -> str:
        """What the figures of one line share, so it joins only comparable periods: the kind people name the months
        by (2021YTD06 is a half-year, 2021YTD03 a quarter), and a year-to-date of other months by its length (ytd09:
        every 1-9月)."""
        p = self.canonical()
        return f"ytd{p.index:02d}" if p.kind == "ytd" else p.kind

    @property
    def cumulative(self) -> bool:
        """Whether the period runs from January (a year-to-date figure, whatever its code)."""
        return self.months()[0] == 1

    def months_text(self, lang: str = "zh") -> str:
        """The months a year-to-date covers, without its year (1-9月, Jan–Sep): what its line holds every year."""
        last = self.months()[1]
        return f"1-{last}月" if lang == "zh" else f"Jan–{date(2000, last, 1):%b}"

    def named(self) -> Named:
        """The label in both languages, as a message parameter (never the code: 2022年上半年, H1 2022)."""
        return Named(self.label("zh"), self.label("en"))

    def label(self, lang: str = "zh") -> str:
        """Human label in Chinese or English."""
        last = self.months()[1]
        if lang == "zh":
            if self.kind == "half":
                return f"{self.year}年{'上' if self.index == 1 else '下'}半年"
            if self.kind == "quarter":
                return f"{self.year}年第{'一二三四'[self.index - 1]}季度"
            if self.kind == "month":
                return f"{self.year}年{self.index}月"
            return f"{self.year}年1-{last}月" if self.kind == "ytd" else f"{self.year}年"
        if self.kind in ("half", "quarter"):
            return f"{self.kind[0].upper()}{self.index} {self.year}"
        if self.kind == "month":
            return f"{date(self.year, self.index, 1):%b %Y}"
        return f"Jan–{date(self.year, last, 1):%b} {self.year}" if self.kind == "ytd" else str(self.year)


_CODE = re.compile(r"^(\d{4})(?:(H)([12])|(Q)([1-4])|-(\d{2})|(YTD)(\d{2}))?$")


def parse_period(code: str) -> Period:
    """Parse a canonical period code, or raise UserError."""
    m = _CODE.match(str(code).strip())
    if not m:
        raise UserError("errors.bad_period", text=code)
    year = int(m.group(1))
    if m.group(2):
        return Period(year, "half", int(m.group(3)))
    if m.group(4):
        return Period(year, "quarter", int(m.group(5)))
    if m.group(6):
        month = int(m.group(6))
        if not 1 <= month <= 12:
            raise UserError("errors.bad_period", text=code)
        return Period(year, "month", month)
    if m.group(7):
        month = int(m.group(8))
        if not 1 <= month <= 12:
            raise UserError("errors.bad_period", text=code)
        return Period(year, "ytd", month)
    return Period(year, "year")


def _year(text: str, roc: bool = False) -> int:
    """Year from digits: AD, an ROC year (民國112 and bare 3-digit 112 → 2023), or a 2-digit AD year (24年 → 2024)."""
    n = int(text)
    if n < 100 and not roc:
        return 2000 + n
    return n + 1911 if n < 1000 else n


_TEXT_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:民国|民國)?(\d{4}|\d{2,3}(?!\d))(?:年|\.|/)?(?:01|1|一)月?[-~至到—–](\d{1,2})月?(?:累计|份)?$"),
     "ytd"),
    (re.compile(r"^(?:民国|民國)?(\d{2,4})年(\d{1,2})月份?$"), "month"),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4})(\d{2})$"), "month"),
    (re.compile(r"^(?:民国|民國)?(\d{2,4})年?(?:第)?([一二三四1-4])季度?$"), "quarter"),
    (re.compile(r"^(\d{4})[-\s]?q([1-4])$", re.I), "quarter"),
    (re.compile(r"^q([1-4])[-\s]?(\d{4})$", re.I), "quarter_rev"),
    (re.compile(r"^(?:民国|民國)?(\d{2,4})年?([上下一二])半年$"), "half"),
    (re.compile(r"^(\d{4})[-\s]?h([12])$", re.I), "half"),
    (re.compile(r"^(?:民国|民國)(\d{2,3})年?(?:度)?$"), "year"),
    (re.compile(r"^(\d{4})年?(?:度|全年)?$"), "year"),
]


def parse_period_text(value: object) -> Period | None:
    """Period from the ways spreadsheets write it (2022年1-6月, 民國112年, 2022Q2, dates); None if unknown."""
    if isinstance(value, (datetime, date)):
        return Period(value.year, "month", value.month)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1900 <= value <= 2200:
            return Period(int(value), "year")
        return None
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))
    if _CODE.match(text) and not text.isdigit():
        try:
            return parse_period(text)
        except UserError:
            return None
    for pattern, kind in _TEXT_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        a, b = m.group(1), m.group(2) if pattern.groups > 1 else None
        roc = text.startswith(("民国", "民國"))
        if kind == "year":
            return Period(_year(a, roc), "year")
        if kind == "quarter_rev":
            return Period(int(b), "quarter", int(a))
        idx = _CN_DIGITS.get(b, None) if b and not b.isdigit() else int(b)
        if kind == "ytd":
            return Period(_year(a, roc), "ytd", idx) if 1 <= idx <= 12 else None
        if kind == "month":
            return Period(_year(a, roc), "month", idx) if 1 <= idx <= 12 else None
        return Period(_year(a, roc), kind, idx)
    return None


def read_period(text: str) -> Period:
    """A period from a code (2024-06, 2022YTD06) or the way people write it (2024年6月, 2022年1-6月), or UserError."""
    try:
        return parse_period(text)
    except UserError:
        found = parse_period_text(text)
        if found is None:
            raise
        return found


def canonical_code(code: str) -> str:
    """The canonical code of a stored code (2021YTD06 → 2021H1); a code periods.py cannot read stays as it is."""
    try:
        return parse_period(code).canonical().code
    except UserError:
        return code


def span_codes(code: str) -> list[str]:
    """Every code stored for the period's months (2021H1 → 2021H1, 2021YTD06)."""
    return [p.code for p in parse_period(code).same_span()]


def sort_key(code: str) -> tuple[int, int, int]:
    """Chronological key: year, last month covered, span (shorter first)."""
    p = parse_period(code)
    a, b = p.months()
    return p.year, b, b - a
