"""Vectorised parsing of cell texts into numbers: separators, %, units, 余/多 (at least), placeholders."""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property

import numpy as np
import pandas as pd

MISSING = {"", "-", "--", "—", "——", "–", "..", "...", "....", "......", "…", "……", "/", "//", "na", "n/a", "n.a.",
           "+", "x", "*", "不详", "无数据", "无", "暂无", "暂无数据", "未报", "未上报", "未填报", "空", "缺", "缺报",
           "不适用", "\\", "null", "none", "nan"}
_NUMBER = (r"^(?P<sign>[+-])?(?P<num>\d+(?:\.\d*)?|\.\d+)(?:[eE](?P<exp>[+-]?\d+))?(?P<pct>%)?"
           r"(?P<mult>万|亿)?(?P<more>余|多|以上|\+)?(?P<unit>[^\d%]{0,6})$")
_SEPARATOR = r"(?<=\d)[,，](?=\d{3}(?!\d))"
_UP = "上升|增长|增加|提高|上涨|升高|多了|多|升|增|↑|▲|△"
_DOWN = "减少|下降|降低|下跌|下滑|回落|少了|减|降|少|↓|▼|▽"
_CHANGE = (r"^(?:同比|环比|比上年|较上年|比去年同期|较去年同期|与去年同期相比|比上期|较上期|比上月|较上月)?[,，:：]?"
           rf"(?P<dir>{_UP}|{_DOWN})了?(?P<num>\d+(?:\.\d*)?|\.\d+)"
           r"(?P<unit>个百分点|百分点|%|‰|起|件|人次|人|宗|个|次|户|名|家|场|万元|元|天)?$")
_FLAT = {"持平", "基本持平", "无变化", "没有变化", "不变", "同比持平", "环比持平", "±0", "0%"}


PERIOD_UNITS = {"年", "月", "日", "号", "號", "年度", "季", "季度", "时", "時", "月份"}
# units a figure may carry; a number followed by other words (110警情, 12345热线) is a label, not a figure
KNOWN_UNITS = {"起", "件", "宗", "人", "名", "个", "次", "户", "人次", "万元", "元", "亿元", "万人", "场", "家", "份",
               "处", "条", "项", "辆", "所", "天", "小时", "平方米", "公里", "台", "套", "批", "篇", "期", "站", "支",
               "队", "宗次", "件次", "户次", "万人次", "分", "个百分点", "百分点", "人/次", "元/人", "起/件", "间",
               "栋", "套间", "km", "m", "kg", "吨", "万份", "余人", "余件"}


class Parsed:
    """Per-cell numpy arrays of one column: value, qualifier, state, pct, mult, unit, change, plus ok / number flags.

    `change` is how a cell wrote a change in words: 'pct' (增长18%), 'pp' (提高2.6个百分点), 'abs' (减少4起),
    'flat' (持平), else None.

    Kept as one row per distinct cell (`texts`, None last for empty) and each cell's index into them (`idx`);
    the per-cell arrays are built on first use.
    """

    def __init__(self, u: dict[str, np.ndarray], codes: np.ndarray, texts: np.ndarray | None = None):
        n = len(u["value"])
        self.idx = np.where(codes < 0, n, codes)
        self.u = u
        self.texts = texts
        ok_u = u["state"] == "ok"
        self.ok_u = np.append(ok_u, False)
        figure = np.array([x is None or (x not in PERIOD_UNITS and (x in KNOWN_UNITS or len(x) == 1))
                           for x in u["unit"]], dtype=bool) if n else np.zeros(0, dtype=bool)
        self.number_u = np.append(ok_u & figure, False)
        self.missing_u = np.append(u["state"] == "missing", True)

    def unique(self, name: str) -> np.ndarray:
        """One entry per distinct cell (the last one for empty cells)."""
        if name in ("ok", "number", "missing"):
            return getattr(self, f"{name}_u")
        fill = {"value": np.nan, "qualifier": "exact", "state": "missing", "pct": False, "mult": 1.0, "unit": None,
                "change": None}
        kind = {"value": float, "pct": bool, "mult": float}.get(name, object)
        return np.append(np.asarray(self.u[name], dtype=kind), np.array([fill[name]], dtype=kind))

    @cached_property
    def value(self) -> np.ndarray:
        return self.unique("value")[self.idx]

    @cached_property
    def qualifier(self) -> np.ndarray:
        return self.unique("qualifier")[self.idx]

    @cached_property
    def state(self) -> np.ndarray:
        return self.unique("state")[self.idx]

    @cached_property
    def pct(self) -> np.ndarray:
        return self.unique("pct")[self.idx]

    @cached_property
    def mult(self) -> np.ndarray:
        return self.unique("mult")[self.idx]

    @cached_property
    def unit(self) -> np.ndarray:
        return self.unique("unit")[self.idx]

    @cached_property
    def change(self) -> np.ndarray:
        return self.unique("change")[self.idx]

    @cached_property
    def ok(self) -> np.ndarray:
        return self.ok_u[self.idx]

    @cached_property
    def number(self) -> np.ndarray:
        return self.number_u[self.idx]

    @cached_property
    def missing(self) -> np.ndarray:
        return self.missing_u[self.idx]

    def distinct(self, rows: np.ndarray) -> list[str]:
        """Distinct non-empty texts of these rows, in order of first appearance."""
        seen = self.texts[pd.unique(self.idx[rows])] if len(rows) else []
        return list(dict.fromkeys(t for t in seen if t is not None))

    def __getitem__(self, name: str) -> np.ndarray:
        return getattr(self, name)


SMALL = 512           # columns with fewer cells are parsed with plain Python (pandas' fixed costs dominate)


def parse_column(raw: pd.Series | np.ndarray) -> tuple[np.ndarray, Parsed]:
    """Stripped texts (None for empty) and parsed numbers of one column; each distinct cell handled once."""
    values = raw.to_numpy(dtype=object) if isinstance(raw, pd.Series) else np.asarray(raw, dtype=object)
    if len(values) < SMALL:
        seen: dict[object, int] = {}
        codes = np.array([-1 if v is None or v != v else seen.setdefault(v, len(seen)) for v in values],
                         dtype=np.int64)
        uniques = list(seen)
    else:
        codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    stripped = np.array([_strip(v) for v in uniques] + [None], dtype=object)
    text = stripped[np.where(codes < 0, len(uniques), codes)]
    u = _parse_unique(stripped[:-1])
    return text, Parsed(u, codes, stripped)


def _strip(v: object) -> str | None:
    s = str(v).strip(" \t\r\n\u3000\xa0")
    return s or None


def parse_cells(raw: pd.Series) -> pd.DataFrame:
    """Frame aligned with raw: value (float), qualifier, state ('ok'|'missing'|'text'), pct, mult, unit."""
    _, p = parse_column(raw)
    return pd.DataFrame({k: p[k] for k in _FIELDS}, index=raw.index)


def _plain_number(t: object) -> float:
    """float(t) for a plain number text ('12', '3.5', '-1e3'), else NaN."""
    if not isinstance(t, str) or not t.isascii() or "_" in t:
        return np.nan                    # 1_000 and non-ASCII digits are not plain numbers for the spreadsheet
    try:
        v = float(t)
    except ValueError:
        return np.nan
    return v if np.isfinite(v) else np.nan


_FIELDS = ("value", "qualifier", "state", "pct", "mult", "unit", "change")
_NUMBER_RE = re.compile(_NUMBER)
_CHANGE_RE = re.compile(_CHANGE)
_SEPARATOR_RE = re.compile(_SEPARATOR)
_SPACE_RE = re.compile(r"\s+")
_ACCOUNTING_RE = re.compile(r"^\((?P<num>\d[\d.]*%?)\)$")


def _parse_unique(texts: np.ndarray | pd.Series) -> dict[str, np.ndarray]:
    """Distinct cell values: plain numbers on the fast path, the rest through the text rules."""
    arr = texts.to_numpy(dtype=object) if isinstance(texts, pd.Series) else np.asarray(texts, dtype=object)
    n = len(arr)
    if n < SMALL:
        value = np.array([_plain_number(t) if t is not None else np.nan for t in arr], dtype="float64")
    else:
        s = pd.Series(arr, dtype=object)
        value = np.array(pd.to_numeric(s.where(s.notna(), np.nan), errors="coerce"), dtype="float64")
    todo = ~np.isfinite(value)
    value[todo] = np.nan
    out = {"value": value, "qualifier": np.full(n, "exact", dtype=object),
           "state": np.where(todo, "missing", "ok").astype(object), "pct": np.zeros(n, dtype=bool),
           "mult": np.ones(n), "unit": np.full(n, None, dtype=object), "change": np.full(n, None, dtype=object)}
    if todo.any():
        rest = [_parse_text(t) for t in arr[todo]]
        for k, name in enumerate(_FIELDS):
            out[name][todo] = [r[k] for r in rest]
    return out


def _parse_text(raw: object) -> tuple[float, str, str, bool, float, str | None, str | None]:
    """(value, qualifier, state, pct, mult, unit, change) of a cell that is not a plain number: 1,052 / 80.0% /
    40余 / － / 下降1.5个百分点 / 持平."""
    if raw is None or raw is pd.NA or (isinstance(raw, float) and np.isnan(raw)):
        return np.nan, "exact", "text", False, 1.0, None, None
    s = _SEPARATOR_RE.sub("", _SPACE_RE.sub("", unicodedata.normalize("NFKC", str(raw))))
    if s.lower() in MISSING:
        return np.nan, "exact", "missing", False, 1.0, None, None
    if (neg := _ACCOUNTING_RE.match(s)) is not None:          # (12) and （12）: accountants' −12
        v = _parse_text(neg["num"])
        return (-v[0], *v[1:]) if v[2] == "ok" and v[6] is None else (np.nan, "exact", "text", False, 1.0, None, None)
    m = _NUMBER_RE.match(s)
    if m is None:
        return _change_text(s)
    mult = 1e4 if m["mult"] == "万" else 1e8 if m["mult"] == "亿" else 1.0
    with np.errstate(over="ignore"):
        value = float(m["num"]) * float(np.power(10.0, int(m["exp"] or 0))) * (-1.0 if m["sign"] == "-" else 1.0) * mult
    return value, "at_least" if m["more"] else "exact", "ok", m["pct"] == "%", mult, m["unit"] or None, None


def _change_text(s: str) -> tuple[float, str, str, bool, float, str | None, str | None]:
    """A change written in words (增长18%, 下降1.5个百分点, 减少4起, 持平, ↑12.5%), else a text cell."""
    if s in _FLAT:
        return 0.0, "exact", "ok", False, 1.0, None, "flat"
    m = _CHANGE_RE.match(s)
    if m is None:
        return np.nan, "exact", "text", False, 1.0, None, None
    sign = -1.0 if re.fullmatch(_DOWN, m["dir"]) else 1.0
    unit = m["unit"]
    kind = "pp" if unit and "百分点" in unit else "pct" if unit in ("%", "‰") else "abs" if unit else "pct"
    return sign * float(m["num"]), "exact", "ok", unit in ("%", "‰"), 1.0, unit if kind == "abs" else None, kind
