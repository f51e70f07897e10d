"""The 平安指数 definition (data/safety_index.toml): domains, weighted components and scoring rules, validated."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..catalog import Catalog
from ..errors import UserError
from ..paths import data_dir

INDEX_FILE = "safety_index.toml"
RULES = ("target", "history", "peers")
DIRECTIONS = {"higher_better": 1, "lower_better": -1}
RULE_PARAMS = {"years": 3, "par": 80.0, "slope": 100.0, "damping": 0.0}
COMPONENT_FIELDS = {"indicator", "weight", "rule", "direction", "target", "zero_at", *RULE_PARAMS}
DOMAIN_FIELDS = {"id", "name_zh", "name_en", "weight", "component"}
TOP_FIELDS = {"name_zh", "name_en", "rules", "domain"}


class IndexInvalid(UserError):
    """The index file failed validation; `problems` names line and field of each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Component:
    """One indicator scored by one rule, with its weight inside its domain."""

    domain: str
    indicator: str
    weight: float
    rule: str
    direction: int                  # +1 higher is better, -1 lower is better
    target: float | None = None
    zero_at: float | None = None
    years: int = 3
    par: float = 80.0
    slope: float = 100.0
    damping: float = 0.0


@dataclass(frozen=True)
class IndexDomain:
    """A first-level domain of the index (政治安全, 社会治安 …) and its components."""

    id: str
    name_zh: str
    name_en: str
    weight: float
    components: tuple[Component, ...]

    def name(self, lang: str) -> str:
        """Name in the given language."""
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class IndexSpec:
    """The whole index definition, as read from the file (text and hash kept for publication snapshots)."""

    name_zh: str
    name_en: str
    domains: tuple[IndexDomain, ...]
    text: str = ""
    sha256: str = ""

    @property
    def components(self) -> list[Component]:
        """Every component in file order."""
        return [c for d in self.domains for c in d.components]

    def domain(self, domain_id: str) -> IndexDomain:
        """A domain by id."""
        return next(d for d in self.domains if d.id == domain_id)


# ---------------------------------------------------------------- where each table and field sits in the file

_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_\-]*)\s*=")


def _locate(text: str) -> dict[tuple, dict[str, int]]:
    """Line numbers of tables and their keys: (“domain”, d) and (“component”, d, c) -> {"": header, key: line}."""
    where: dict[tuple, dict[str, int]] = {}
    current: dict[str, int] = where.setdefault(("top",), {"": 1})
    d = c = -1
    for n, line in enumerate(text.splitlines(), start=1):
        header, key = _HEADER.match(line), _KEY.match(line)
        if header:
            name = header.group(1)
            if name == "domain":
                d, c = d + 1, -1
                current = where.setdefault(("domain", d), {"": n})
            elif name == "domain.component":
                c += 1
                current = where.setdefault(("component", d, c), {"": n})
            else:
                current = where.setdefault((name,), {"": n})
        elif key:
            current.setdefault(key.group(1), n)
    return where


class _Problems:
    """Collects 'file line N (context), field F: message' texts."""

    def __init__(self, file: str, where: dict[tuple, dict[str, int]]):
        self.file, self.where, self.items = file, where, []

    def add(self, table: tuple, context: str, fld: str, message: str) -> None:
        lines = self.where.get(table, {})
        n = lines.get(fld) or lines.get("", 0)
        ctx = f" ({context})" if context else ""
        self.items.append(f"{self.file} 第{n}行 line {n}{ctx}, 字段 field {fld}: {message}")


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


# ---------------------------------------------------------------- parsing

def _rule_defaults(doc: dict, p: _Problems) -> dict[str, dict[str, float]]:
    rules = doc.get("rules", {})
    out = {r: dict(RULE_PARAMS) for r in RULES}
    if not isinstance(rules, dict):
        p.add(("top",), "", "rules", "须为表 must be a table")
        return out
    for name, params in rules.items():
        if name not in RULES:
            p.add((f"rules.{name}",), "", name, f"未知规则 unknown rule; one of {', '.join(RULES)}")
            continue
        for key, value in (params or {}).items():
            if key not in RULE_PARAMS:
                p.add((f"rules.{name}",), f"rules.{name}", key, "未知字段 unknown field")
            elif _number(value) is None or value < 0 or (key == "years" and (value < 1 or value != int(value))):
                p.add((f"rules.{name}",), f"rules.{name}", key, "须为非负数（years 为正整数）"
                      " must be a non-negative number (years a whole number from 1)")
            else:
                out[name][key] = value
    return out


def _direction(raw: object, polarity: int, table: tuple, ctx: str, p: _Problems) -> int:
    if raw is None:
        if polarity == 0:
            p.add(table, ctx, "direction", "指标无方向（neutral），须写明 higher_better 或 lower_better"
                  " the indicator is neutral: give higher_better or lower_better")
        return polarity or 1
    if raw not in DIRECTIONS:
        p.add(table, ctx, "direction", f"须为 must be one of {', '.join(DIRECTIONS)}")
        return polarity or 1
    return DIRECTIONS[raw]


def _component(raw: dict, dom: str, d: int, c: int, cat: Catalog, defaults: dict, seen: set,
               p: _Problems) -> Component | None:
    table = ("component", d, c)
    ind_id = raw.get("indicator")
    ctx = f"domain {dom}, component {c + 1}" + (f" {ind_id}" if ind_id else "")
    for key in raw:
        if key not in COMPONENT_FIELDS:
            p.add(table, ctx, key, "未知字段 unknown field")
    ind = cat.indicators.get(ind_id) if isinstance(ind_id, str) else None
    if ind is None:
        p.add(table, ctx, "indicator", f"目录中没有此指标 not in data/indicators.csv: {ind_id!r}")
    elif ind_id in seen:
        p.add(table, ctx, "indicator", "指标在指数中重复 indicator used twice in the index")
    seen.add(ind_id)
    weight = _number(raw.get("weight"))
    if weight is None or weight <= 0:
        p.add(table, ctx, "weight", "须为正数 must be a positive number")
    rule = raw.get("rule")
    if rule not in RULES:
        p.add(table, ctx, "rule", f"须为 must be one of {', '.join(RULES)}")
        rule = None
    direction = _direction(raw.get("direction"), ind.polarity if ind else 1, table, ctx, p)
    params = dict(defaults.get(rule or "history", RULE_PARAMS))
    for key in RULE_PARAMS:
        if key in raw:
            value = _number(raw[key])
            if value is None or value < 0 or (key == "years" and (value < 1 or value != int(value))):
                p.add(table, ctx, key, "须为非负数（years 为正整数） must be a non-negative number")
            else:
                params[key] = value
    target, zero_at = _number(raw.get("target")), _number(raw.get("zero_at"))
    if rule == "target":
        if target is None or zero_at is None:
            p.add(table, ctx, "target" if target is None else "zero_at",
                  "规则 target 需要 target 与 zero_at 两个数 rule target needs numbers target and zero_at")
        elif (target - zero_at) * direction <= 0:
            p.add(table, ctx, "zero_at", "zero_at 须在目标值较差的一侧 zero_at must lie on the worse side of target")
    if ind is None or weight is None or weight <= 0 or rule is None:
        return None
    return Component(dom, ind.id, weight, rule, direction, target, zero_at, int(params["years"]),
                     float(params["par"]), float(params["slope"]), float(params["damping"]))


def _domain(raw: dict, d: int, cat: Catalog, defaults: dict, ids: set, seen: set,
            p: _Problems) -> IndexDomain | None:
    table = ("domain", d)
    dom_id = raw.get("id")
    ctx = f"domain {d + 1}" + (f" {dom_id}" if dom_id else "")
    for key in raw:
        if key not in DOMAIN_FIELDS:
            p.add(table, ctx, key, "未知字段 unknown field")
    if not isinstance(dom_id, str) or not dom_id.strip():
        p.add(table, ctx, "id", "不能为空 empty")
    elif dom_id in ids:
        p.add(table, ctx, "id", f"重复 duplicate {dom_id!r}")
    ids.add(dom_id)
    for fld in ("name_zh", "name_en"):
        if not isinstance(raw.get(fld), str) or not raw[fld].strip():
            p.add(table, ctx, fld, "不能为空 empty")
    weight = _number(raw.get("weight"))
    if weight is None or weight <= 0:
        p.add(table, ctx, "weight", "须为正数 must be a positive number")
    comps_raw = raw.get("component") or []
    if not comps_raw:
        p.add(table, ctx, "component", "至少需要一个 [[domain.component]] at least one component is needed")
    comps = [_component(c, str(dom_id), d, n, cat, defaults, seen, p) for n, c in enumerate(comps_raw)]
    if weight is None or weight <= 0 or not isinstance(dom_id, str):
        return None
    return IndexDomain(dom_id, str(raw.get("name_zh", "")), str(raw.get("name_en", "")), weight,
                       tuple(c for c in comps if c is not None))


def parse_index(text: str, cat: Catalog, file: str = INDEX_FILE) -> IndexSpec:
    """The index from the file's text; IndexInvalid listing every problem (line and field) when it is faulty."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise IndexInvalid([f"{file}: TOML 格式错误 not valid TOML ({e})"]) from e
    p = _Problems(file, _locate(text))
    for key in doc:
        if key not in TOP_FIELDS:
            p.add(("top",), "", key, "未知字段 unknown field")
    defaults = _rule_defaults(doc, p)
    domains_raw = doc.get("domain") or []
    if not domains_raw:
        p.add(("top",), "", "domain", "至少需要一个 [[domain]] at least one domain is needed")
    ids: set = set()
    seen: set = set()
    domains = [_domain(raw, d, cat, defaults, ids, seen, p) for d, raw in enumerate(domains_raw)]
    if p.items:
        raise IndexInvalid(p.items)
    return IndexSpec(str(doc.get("name_zh", "平安指数")), str(doc.get("name_en", "Safety index")),
                     tuple(d for d in domains if d is not None), text,
                     hashlib.sha256(text.encode("utf-8")).hexdigest())


def index_path() -> Path:
    """data/safety_index.toml (INDICATORS_DATA moves data/)."""
    return data_dir() / INDEX_FILE


def indicators_named(path: Path | None = None) -> set[str]:
    """The indicator ids the index file names as components, unchecked (none when it is missing or not TOML):
    the catalogue keeps them in use (an indicator of the index is not retired or merged away)."""
    path = path or index_path()
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return set()
    return {c.get("indicator") for d in doc.get("domain") or [] if isinstance(d, dict)
            for c in d.get("component") or [] if isinstance(c, dict) and isinstance(c.get("indicator"), str)}


def load_index(cat: Catalog, path: Path | None = None) -> IndexSpec:
    """Read and validate the index file against the catalogue."""
    path = path or index_path()
    if not path.is_file():
        raise UserError("errors.index_file_missing", path=str(path))
    return parse_index(path.read_text(encoding="utf-8"), cat, path.name)
