"""Indicator, region and domain catalogues: loaded from data/ CSV files and validated."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CatalogInvalid, UserError
from .normalize import norm_label
from .paths import data_dir
from .region_names import name_form

KINDS = ("count", "rate", "amount", "index", "rank")
POLARITY = {"higher_better": 1, "lower_better": -1, "neutral": 0}
LEVELS = ("city", "district", "subdistrict", "police_station", "community", "grid")
MEASURES = ("value", "yoy_pct", "yoy_pp", "rank")
RATE_KIND, PERCENT = "rate", "%"


def is_rate(kind: str, unit: str) -> bool:
    """Whether an indicator's changes are compared in percentage points: a rate, or any figure in per cent."""
    return kind == RATE_KIND or unit == PERCENT


def rate_sql(alias: str) -> str:
    """is_rate() as a SQL condition on the indicator table aliased `alias` (same constants, for queries)."""
    return f"({alias}.kind = '{RATE_KIND}' OR {alias}.unit = '{PERCENT}')"
CATALOG_FILES = ("domains.csv", "indicators.csv", "regions.csv")


@dataclass(frozen=True)
class Domain:
    """A dashboard domain (page) grouping indicators."""

    id: str
    name_zh: str
    name_en: str
    order: int
    description_zh: str = ""
    description_en: str = ""

    def name(self, lang: str) -> str:
        """Name in the given language."""
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class Indicator:
    """One catalogued indicator with its unit, kind, polarity and aliases."""

    id: str
    name_zh: str
    name_en: str
    domain: str
    unit: str
    kind: str
    polarity: int
    numerator: str | None = None
    denominator: str | None = None
    parent: str | None = None
    decimals: int = 0
    min_value: float | None = None
    max_value: float | None = None
    warn_above: float | None = None
    target: float | None = None
    target_year: int | None = None
    frequency: str = "yearly"
    definition: str = ""
    source_department: str = ""
    aliases: tuple[str, ...] = ()
    origin: str = "catalogue"

    def name(self, lang: str) -> str:
        """Name in the given language."""
        return self.name_zh if lang == "zh" else self.name_en

    @property
    def is_rate(self) -> bool:
        """Whether changes are compared in percentage points (catalog.is_rate)."""
        return is_rate(self.kind, self.unit)


@dataclass(frozen=True)
class Region:
    """A region: city > district > subdistrict (or police station) > community > grid cell (网格)."""

    code: str
    name_zh: str
    name_en: str
    parent: str | None
    level: str
    aliases: tuple[str, ...] = ()
    origin: str = "catalogue"   # catalogue (data/regions.csv) | demo (synthetic, `python -m indicators demo`)

    def name(self, lang: str) -> str:
        """Name in the given language."""
        return self.name_zh if lang == "zh" else self.name_en


@dataclass
class Catalog:
    """All catalogues with fast lookup by id, name or alias."""

    domains: dict[str, Domain]
    indicators: dict[str, Indicator]
    regions: dict[str, Region]
    _ind_index: dict[str, str] = field(default_factory=dict, repr=False)
    _reg_index: dict[str, str] = field(default_factory=dict, repr=False)
    _code_index: dict[str, str] = field(default_factory=dict, repr=False)
    _reg_forms: dict[tuple[str, str], set[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # Ids and codes match exactly (case-insensitive): normalising would strip their trailing digits
        # as if they were footnote markers (440300DP01 is not 440300DP with footnote 01).
        self._code_index = {**{i.lower(): i for i in self.indicators}, **{c.lower(): c for c in self.regions}}
        self._ind_index, self._reg_index, self._reg_forms = {}, {}, {}      # fresh: a replace() shares none
        for ind in self.indicators.values():
            for text in (ind.name_zh, ind.name_en, *ind.aliases):
                self._ind_index.setdefault(norm_label(text), ind.id)
        for reg in self.regions.values():
            for text in (reg.name_zh, reg.name_en, *reg.aliases):
                self._reg_index.setdefault(norm_label(text), reg.code)
                if (form := name_form(text)) is not None and form[0] == reg.level:
                    self._reg_forms.setdefault(form, set()).add(reg.code)

    def _find(self, text: str, table: dict, names: dict[str, str]):
        """Exact id/code (case-insensitive) first, then the normalised name or alias."""
        if not text:
            return None
        key = self._code_index.get(str(text).strip().lower())
        if key not in table:
            key = names.get(norm_label(text))
        return table.get(key) if key else None

    def find_indicator(self, text: str) -> Indicator | None:
        """Indicator whose id, name or alias matches the text, or None."""
        return self._find(text, self.indicators, self._ind_index)

    def find_region(self, text: str) -> Region | None:
        """Region whose code, name or alias matches the text, else the one region of the level its suffix names
        with the same stem (葵涌街道办 → 葵涌办事处, 溪涌社区工作站 → 溪涌社区), or None."""
        found = self._find(text, self.regions, self._reg_index)
        if found is None and text and (form := name_form(str(text))) is not None:
            codes = self._reg_forms.get(form, set())
            found = self.regions[next(iter(codes))] if len(codes) == 1 else None
        return found

    def indicator(self, text: str) -> Indicator:
        """Indicator by id/name/alias, or a UserError naming the text."""
        ind = self.find_indicator(text)
        if ind is None:
            raise UserError(f"未知指标 unknown indicator: {text}")
        return ind

    def region(self, text: str) -> Region:
        """Region by code/name/alias, or a UserError naming the text."""
        reg = self.find_region(text)
        if reg is None:
            raise UserError(f"未知地区 unknown region: {text}")
        return reg

    def in_domain(self, domain: str) -> list[Indicator]:
        """Indicators of a domain in catalogue order."""
        return [i for i in self.indicators.values() if i.domain == domain]

    def children(self, code: str) -> list[Region]:
        """Direct sub-regions of a region."""
        return [r for r in self.regions.values() if r.parent == code]

    def default_region(self) -> Region:
        """The district the dashboard is about (first region of level district)."""
        return next(r for r in self.regions.values() if r.level == "district")


def _opt_float(value: str) -> float | None:
    return float(value) if value.strip() else None


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(f)]


def _split(aliases: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in aliases.split("|") if a.strip())


def parse_domains(rows: list[dict[str, str]], problems: list[str]) -> dict[str, Domain]:
    """Domains from CSV rows; problems collect 'row N, field: message'."""
    out: dict[str, Domain] = {}
    for n, r in enumerate(rows, start=2):
        if not r.get("id"):
            problems.append(f"domains.csv row {n}, field id: empty")
            continue
        if r["id"] in out:
            problems.append(f"domains.csv row {n}, field id: duplicate '{r['id']}'")
        try:
            order = int(r.get("order") or n)
        except ValueError:
            problems.append(f"domains.csv row {n}, field order: not a whole number")
            order = n
        out[r["id"]] = Domain(r["id"], r.get("name_zh", ""), r.get("name_en", ""), order,
                              r.get("description_zh", ""), r.get("description_en", ""))
    return out


def _check_indicator_row(n: int, r: dict[str, str], domains: dict[str, Domain], problems: list[str]) -> None:
    where = f"indicators.csv row {n}"
    for fld in ("id", "name_zh", "name_en", "domain", "unit", "kind", "polarity"):
        if not r.get(fld):
            problems.append(f"{where}, field {fld}: empty")
    if r.get("domain") and r["domain"] not in domains:
        problems.append(f"{where}, field domain: unknown domain '{r['domain']}'")
    if r.get("kind") and r["kind"] not in KINDS:
        problems.append(f"{where}, field kind: '{r['kind']}' not one of {', '.join(KINDS)}")
    if r.get("polarity") and r["polarity"] not in POLARITY:
        problems.append(f"{where}, field polarity: '{r['polarity']}' not one of {', '.join(POLARITY)}")
    for fld in ("min_value", "max_value", "warn_above", "target", "target_year", "decimals"):
        try:
            _opt_float(r.get(fld, ""))
        except ValueError:
            problems.append(f"{where}, field {fld}: '{r[fld]}' is not a number")


def _indicator_from_row(r: dict[str, str]) -> Indicator:
    def num(fld: str) -> float | None:
        try:
            return _opt_float(r.get(fld, ""))
        except ValueError:
            return None

    ty = num("target_year")
    return Indicator(
        id=r["id"], name_zh=r.get("name_zh", ""), name_en=r.get("name_en", ""), domain=r.get("domain", ""),
        unit=r.get("unit", ""), kind=r.get("kind", ""), polarity=POLARITY.get(r.get("polarity", ""), 0),
        numerator=r.get("numerator") or None, denominator=r.get("denominator") or None,
        parent=r.get("parent") or None, decimals=int(num("decimals") or 0),
        min_value=num("min_value"), max_value=num("max_value"), warn_above=num("warn_above"),
        target=num("target"), target_year=int(ty) if ty is not None else None,
        frequency=r.get("frequency") or "yearly", definition=r.get("definition", ""),
        source_department=r.get("source_department", ""), aliases=_split(r.get("aliases", "")),
    )


def parse_indicators(rows: list[dict[str, str]], domains: dict[str, Domain],
                     problems: list[str]) -> dict[str, Indicator]:
    """Indicators from CSV rows, checking fields and cross references."""
    out: dict[str, Indicator] = {}
    for n, r in enumerate(rows, start=2):
        _check_indicator_row(n, r, domains, problems)
        if r.get("id") in out:
            problems.append(f"indicators.csv row {n}, field id: duplicate '{r['id']}'")
        if r.get("id"):
            out[r["id"]] = _indicator_from_row(r)
    for n, r in enumerate(rows, start=2):
        for fld in ("numerator", "denominator", "parent"):
            if r.get(fld) and r[fld] not in out:
                problems.append(f"indicators.csv row {n}, field {fld}: unknown indicator '{r[fld]}'")
        if r.get("kind") == "rate" and bool(r.get("numerator")) != bool(r.get("denominator")):
            problems.append(f"indicators.csv row {n}, field denominator: a rate needs both numerator and "
                            "denominator, or neither")
    _check_alias_clashes(out, problems)
    return out


def _check_alias_clashes(indicators: dict[str, Indicator], problems: list[str]) -> None:
    seen: dict[str, str] = {}
    for ind in indicators.values():
        for text in {norm_label(t) for t in (ind.id, ind.name_zh, ind.name_en, *ind.aliases)}:
            other = seen.setdefault(text, ind.id)
            if other != ind.id:
                problems.append(f"indicators.csv indicator {ind.id}, field aliases: '{text}' also names {other}")


def parse_regions(rows: list[dict[str, str]], problems: list[str]) -> dict[str, Region]:
    """Regions from CSV rows, checking codes, levels and parents."""
    out: dict[str, Region] = {}
    for n, r in enumerate(rows, start=2):
        where = f"regions.csv row {n}"
        for fld in ("code", "name_zh", "name_en", "level"):
            if not r.get(fld):
                problems.append(f"{where}, field {fld}: empty")
        if r.get("level") and r["level"] not in LEVELS:
            problems.append(f"{where}, field level: '{r['level']}' not one of {', '.join(LEVELS)}")
        if r.get("code") in out:
            problems.append(f"{where}, field code: duplicate '{r['code']}'")
        if r.get("code"):
            out[r["code"]] = Region(r["code"], r.get("name_zh", ""), r.get("name_en", ""),
                                    r.get("parent") or None, r.get("level", ""), _split(r.get("aliases", "")))
    for n, r in enumerate(rows, start=2):
        if r.get("parent") and r["parent"] not in out:
            problems.append(f"regions.csv row {n}, field parent: unknown region '{r['parent']}'")
    return out


def catalog_hash(folder: Path | None = None) -> str:
    """sha256 over the three catalogue files, to notice edits."""
    folder = folder or data_dir()
    h = hashlib.sha256()
    for name in CATALOG_FILES:
        h.update((folder / name).read_bytes())
    return h.hexdigest()


def load_catalog(folder: Path | None = None) -> Catalog:
    """Read and validate the catalogues; raise CatalogInvalid listing every problem."""
    folder = folder or data_dir()
    problems: list[str] = []
    domains = parse_domains(_read_csv(folder / "domains.csv"), problems)
    indicators = parse_indicators(_read_csv(folder / "indicators.csv"), domains, problems)
    regions = parse_regions(_read_csv(folder / "regions.csv"), problems)
    if problems:
        raise CatalogInvalid(problems)
    return Catalog(domains, indicators, regions)
