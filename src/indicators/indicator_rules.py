"""The rules an indicator's fields obey: one home for the catalogue file's loader and the app's forms.

A rule returns FieldProblem(field, message); the loader puts the file, row and column before it, a form the
field's label in the reader's language. Values come typed: text as str, numbers as float/int or None (the loader
reports text that is not a number itself), polarity as its key (higher_better …), aliases as a tuple.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from .errors import Message, UserError, message
from .normalize import norm_label

KINDS = ("count", "rate", "amount", "index", "rank")
POLARITY = {"higher_better": 1, "lower_better": -1, "neutral": 0}
FREQUENCIES = ("yearly", "half-yearly", "quarterly", "monthly")
REQUIRED = ("id", "name_zh", "name_en", "domain", "unit", "kind", "polarity")
NUMBERS = ("min_value", "max_value", "warn_above", "target", "target_year", "decimals")
REFERENCES = ("numerator", "denominator", "parent")
# Sane lengths: the longest shipped name is 15 characters (zh) and 55 (en), the longest unit 3 (万人次). A header
# text an office writes can be long (「其中：…（起）」), so aliases get more room than names.
LIMITS = {"id": 64, "name_zh": 40, "name_en": 120, "unit": 8, "definition": 1000, "source_department": 60,
          "alias": 100}
RANGES = {"decimals": (0, 6), "target_year": (1990, 2100)}
_ID = re.compile(r"[a-z][a-z0-9_]*")
_UNIT = re.compile(r"[\w%‰°²³/·.\- （）()]+")       # 起, %, 万人次, 元/人, km²: words and a few signs, no markup


@dataclass(frozen=True)
class FieldProblem:
    """A problem of one field of an indicator."""

    field: str
    message: Message


def field_message(p: FieldProblem) -> Message:
    """The problem with its field's label: 「单位：太长（…）」 / 'Unit: too long (…)'."""
    return message("catalogue.field_problem", field=message(f"catalogue.field_{p.field}"), problem=p.message)


class InvalidIndicator(UserError):
    """An indicator typed in a form broke the catalogue's rules: every problem, each naming its field."""

    def __init__(self, problems: list[FieldProblem], label: str = ""):
        self.problems, self.label = problems, label
        first = field_message(problems[0]) if problems else ""
        super().__init__("catalogue.invalid", n=len(problems), first=first)

    @property
    def fields(self) -> list[str]:
        """The fields to fix, in order, once each."""
        return list(dict.fromkeys(p.field for p in self.problems))

    def lines(self, lang: str) -> list[str]:
        """The upload header the indicator was made for (if any), then each problem, in lang."""
        head = [message("catalogue.new_for", label=self.label).text(lang)] if self.label else []
        return head + [field_message(p).text(lang) for p in self.problems]

    def text(self, lang: str) -> str:
        """Every problem in lang on one line."""
        return ("；" if lang == "zh" else "; ").join(self.lines(lang))


def _problem(fld: str, code: str, **params: object) -> FieldProblem:
    return FieldProblem(fld, message(f"catalogue.rule_{code}", **params))


def _hidden(text: str, multiline: bool) -> bool:
    """Whether text holds control or format characters (bidi overrides, escapes); newlines only where allowed."""
    return any(unicodedata.category(ch) in ("Cc", "Cf") and not (multiline and ch in "\n\t") for ch in text)


def text_problems(fld: str, text: str, limit_key: str | None = None) -> list[FieldProblem]:
    """Length and invisible characters of one text field (names, unit, definition, aliases)."""
    limit = LIMITS.get(limit_key or fld)
    out = []
    if limit and len(text) > limit:
        out.append(_problem(fld, "too_long", n=len(text), max=limit))
    if _hidden(text, multiline=fld == "definition"):
        out.append(_problem(fld, "hidden_chars"))
    return out


def _choice(fld: str, value: str, allowed: Collection[str]) -> list[FieldProblem]:
    if value and value not in allowed:
        return [_problem(fld, "choice", value=value, choices=", ".join(allowed))]
    return []


def _number(v: object) -> float | None:
    return None if v is None or v == "" else float(v)


def number_problems(v: Mapping[str, object]) -> list[FieldProblem]:
    """Whole numbers in range; bounds in order (min ≤ warn_above, target ≤ max)."""
    out = []
    for fld, (low, high) in RANGES.items():
        x = _number(v.get(fld))
        if x is not None and (x != int(x) or not low <= x <= high):
            out.append(_problem(fld, "range", value=f"{x:g}", low=low, high=high))
    low, high = _number(v.get("min_value")), _number(v.get("max_value"))
    if low is not None and high is not None and low > high:
        out.append(_problem("max_value", "below_min", value=f"{high:g}", min=f"{low:g}"))
    for fld in ("warn_above", "target"):
        x = _number(v.get(fld))
        if x is not None and ((low is not None and x < low) or (high is not None and x > high)):
            out.append(_problem(fld, "outside_bounds", value=f"{x:g}", min="" if low is None else f"{low:g}",
                                max="" if high is None else f"{high:g}"))
    return out


def field_problems(v: Mapping[str, object], domains: Collection[str]) -> list[FieldProblem]:
    """Problems of an indicator's own fields: required, choices, id and unit spelling, lengths, numbers."""
    out = [_problem(f, "empty") for f in REQUIRED if not str(v.get(f) or "").strip()]
    if v.get("domain") and v["domain"] not in domains:
        out.append(_problem("domain", "unknown_domain", value=v["domain"]))
    out += _choice("kind", str(v.get("kind") or ""), KINDS) + _choice("polarity", str(v.get("polarity") or ""),
                                                                      POLARITY)
    out += _choice("frequency", str(v.get("frequency") or ""), FREQUENCIES)
    ident = str(v.get("id") or "")
    if ident and not _ID.fullmatch(ident):
        out.append(_problem("id", "id_chars", value=ident))
    unit = str(v.get("unit") or "")
    for fld in ("id", "name_zh", "name_en", "unit", "definition", "source_department"):
        out += text_problems(fld, str(v.get(fld) or ""))
    if unit and len(unit) <= LIMITS["unit"] and not _hidden(unit, False) and not _UNIT.fullmatch(unit):
        out.append(_problem("unit", "unit_chars", value=unit))
    for alias in v.get("aliases") or ():
        out += text_problems("aliases", alias, "alias")
    return out + number_problems(v)


def reference_problems(ident: str, v: Mapping[str, object], known: Callable[[str], str | None],
                       parent_of: Callable[[str], str | None]) -> list[FieldProblem]:
    """Numerator, denominator and parent name other, usable indicators; a rate has both or neither; no parent loop.

    known(id) is None for a usable indicator, else the problem code (unknown_indicator or inactive_indicator).
    """
    out = []
    for fld in REFERENCES:
        ref = v.get(fld)
        if not ref:
            continue
        if ref == ident:
            out.append(_problem(fld, "self"))
        elif code := known(ref):
            out.append(_problem(fld, code, value=ref))
    if v.get("kind") == "rate" and bool(v.get("numerator")) != bool(v.get("denominator")):
        out.append(_problem("denominator", "rate_pair"))
    path, up = [ident], v.get("parent")
    while up and up != ident and up not in path and len(path) < 50:
        path.append(up)
        up = parent_of(up)
    if up == ident and len(path) > 1:          # the parent chain comes back here (a direct self-parent: above)
        out.append(_problem("parent", "parent_loop", path=" → ".join([*path, ident])))
    return out


def name_texts(ident: str, v: Mapping[str, object]) -> list[str]:
    """The texts that find an indicator: id, both names and every alias."""
    return [ident, str(v.get("name_zh") or ""), str(v.get("name_en") or ""), *(v.get("aliases") or ())]


def clash_problems(ident: str, v: Mapping[str, object], owners: Mapping[str, str],
                   name_of: Callable[[str], object] = str) -> list[FieldProblem]:
    """Names and aliases that already name another indicator (owners: normalised text → its indicator id)."""
    out = []
    for fld, texts in (("name_zh", [v.get("name_zh")]), ("name_en", [v.get("name_en")]),
                       ("aliases", list(v.get("aliases") or ()))):
        for text in texts:
            other = owners.get(norm_label(str(text or "")))
            if text and other and other != ident:
                out.append(_problem(fld, "clash", text=norm_label(str(text)), other=name_of(other)))
    return out
