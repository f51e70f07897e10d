"""What each body row of a table is: a figure row, a total (合计) or subtotal (小计), a part (其中：…, indented,
numbered deeper) of the row above, or a section heading without figures (一、刑事案件)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

TOTALS = {"合计", "总计", "总数", "共计", "全部", "总和", "累计合计", "全区", "全区合计", "全区总计", "全新区",
          "全街道", "全镇", "全市", "全县", "全辖区", "合计数", "总计数", "total", "totals", "alltotal", "grandtotal",
          "sum", "全体", "總計", "合計", "總數"}
SUBTOTALS = {"小计", "小計", "subtotal", "sub-total"}
_PART = re.compile(r"^(?:其中|內|内|包括|含)\s*[：:、，,]?\s*")
_NUMBERING = [
    (re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*"), 1),
    (re.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[)）]\s*[、.．]?\s*"), 2),
    (re.compile(r"^\d{1,2}\s*[、.．](?!\d)\s*"), 3),
    (re.compile(r"^[（(]\s*\d{1,2}\s*[)）]\s*[、.．]?\s*"), 4),
    (re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]\s*"), 5),
]


@dataclass
class Label:
    """One distinct label text: cleaned text, indentation, numbering level, and what the words say."""

    text: str | None
    indent: int = 0
    level: int = 0
    part: bool = False
    kind: str = "data"          # data | total | subtotal


@dataclass
class Rows:
    """Roles of a table's body rows (positions in the sheet), with their links."""

    kind: dict[int, str] = field(default_factory=dict)        # row -> total | subtotal | part | section
    label: dict[int, str] = field(default_factory=dict)       # row -> label cleaned of numbering and 其中
    parent: dict[int, int] = field(default_factory=dict)      # part row -> the row it is part of
    section: dict[int, int] = field(default_factory=dict)     # row -> its section heading row
    members: dict[int, list[int]] = field(default_factory=dict)   # total / subtotal row -> the rows it sums

    def role(self, row: int) -> str:
        """data | total | subtotal | part | section."""
        return self.kind.get(row, "data")


_MARKS = re.compile(r"^(?:[＊※†‡]+|\*(?!\*))\s*|\s*(?:[＊※†‡¹²³]+|(?<!\*)\*)$")  # 司法确认※ ※率 受理*, not **bold**


def clean_label(raw: object) -> Label:
    """A label's text without indentation, numbering (一、 （一） 1. （1） ①) and 其中：, and what they said."""
    if raw is None or (isinstance(raw, float) and np.isnan(raw)):
        return Label(None)
    s = str(raw).replace("\t", "    ")
    indent = len(s) - len(s.lstrip(" \u3000\xa0"))
    indent += s[:indent].count("\u3000")                       # a full-width space is two columns wide
    t = _MARKS.sub("", s.strip(" \u3000\xa0\r\n")).strip(" \u3000\xa0")
    part = bool(_PART.match(t)) and len(_PART.sub("", t)) > 0
    t = _PART.sub("", t)
    level = 0
    for rx, n in _NUMBERING:
        m = rx.match(t)
        if m and len(t) > m.end():
            level, t = n, t[m.end():]
            break
    t = _PART.sub("", t) if not part and _PART.match(t) else t
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", t)).lower()
    kind = "total" if key in TOTALS else "subtotal" if key in SUBTOTALS else "data"
    return Label(re.sub(r"\s+", " ", t).strip() or None, indent, level, part, kind)


def row_roles(raw: pd.Series, has_values: np.ndarray) -> Rows:
    """Roles of body rows from the raw texts of their label column (index: sheet row positions) and whether each
    row holds figures. Rows without a label are plain figure rows."""
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    labels = [clean_label(u) for u in uniques] + [Label(None)]
    idx = np.where(codes < 0, len(uniques), codes)
    out = Rows()
    rows = raw.index.to_numpy()
    for k, lab in enumerate(labels[:-1]):
        if lab.text is not None and lab.text != str(uniques[k]):
            for r in rows[idx == k]:
                out.label[int(r)] = lab.text
    plain = all(lab.indent == labels[0].indent and not lab.level and not lab.part and lab.kind == "data"
                for lab in labels[:-1]) and bool(has_values.all())
    if plain:
        return out
    _walk(out, rows, [labels[i] for i in idx], has_values)
    return out


def _walk(out: Rows, rows: np.ndarray, labels: list[Label], has_values: np.ndarray) -> None:
    """One pass down the rows: depth from numbering and indentation, parts, sections, totals and their members."""
    indents = sorted({lab.indent for lab in labels if lab.text is not None})
    stack: list[tuple[int, float, bool]] = []         # (row, depth, has figures)
    group: list[int] = []                             # top-level figure rows since the last total
    sub: list[int] = []                               # rows since the last section or subtotal
    pending_total: int | None = None
    last_plain: tuple[int, float] | None = None
    part_depth: tuple[float, float] | None = None     # (depth of the row 其中 parts belong to, the parts' depth)
    for r, lab, vals in zip(rows, labels, has_values, strict=True):
        r = int(r)
        if lab.text is None:
            continue
        if lab.kind in ("total", "subtotal"):
            _close_total(out, r, lab.kind, group, sub, stack)
            if lab.kind == "total" and not group and not sub:
                pending_total = r
            if lab.kind == "total":
                group, sub = [], []
            else:
                sub = []
            continue
        depth = (lab.level - 1) * 10 + indents.index(lab.indent) if lab.level else indents.index(lab.indent)
        heading = next((d for _, d, has in reversed(stack) if not has), None)
        if not lab.level and heading is not None and depth <= heading:
            depth = heading + 0.25                  # unnumbered rows under 一、纠纷 belong to it
        if lab.part and last_plain is not None:
            depth = max(depth, last_plain[1] + 0.5)
            part_depth = (last_plain[1], depth)
        elif part_depth is not None and depth > part_depth[0]:
            depth = part_depth[1]                   # rows indented under a 其中 row are its siblings
        else:
            part_depth = None
        while stack and stack[-1][1] >= depth:
            stack.pop()
        if not vals:
            out.kind[r] = "section"
            if stack:
                out.section[r] = stack[-1][0]
            stack.append((r, depth, False))
            sub = []
            continue
        parent = stack[-1] if stack else None
        if parent is not None and parent[2]:
            out.kind[r], out.parent[r] = "part", parent[0]
        elif parent is not None:
            out.section[r] = parent[0]
            sub.append(r)
            if not any(s[2] for s in stack):
                group.append(r)
        else:
            group.append(r)
            sub.append(r)
        if not lab.part and part_depth is None:
            last_plain = (r, depth)
        stack.append((r, depth, True))
    if pending_total is not None:
        out.members[pending_total] = group


def _close_total(out: Rows, r: int, kind: str, group: list[int], sub: list[int],
                 stack: list[tuple[int, float, bool]]) -> None:
    """A 合计 sums the top-level rows (or the subtotals) above it; a 小计 the rows of its section."""
    out.kind[r] = kind
    if kind == "subtotal":
        out.members[r] = list(sub)
        section = next((s[0] for s in reversed(stack) if not s[2]), None)
        if section is not None:
            out.section[r] = section
        return
    subtotals = [x for x, k in out.kind.items() if k == "subtotal" and x < r and x not in _used(out)]
    summed = {m for x in subtotals for m in out.members.get(x, [])}
    out.members[r] = subtotals + [g for g in group if g not in out.section and g not in summed] if subtotals \
        else list(group)
    stack.clear()


def _used(out: Rows) -> set[int]:
    """Rows already summed into an earlier total."""
    return {m for k, ms in out.members.items() if out.kind.get(k) == "total" for m in ms}
