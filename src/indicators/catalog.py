"""Indicator, region and domain catalogues: loaded from data/ CSV files and validated."""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CatalogInvalid, Message, UserError, message
from .indicator_rules import (  # noqa: F401 - re-exported: the catalogue's vocabulary
    KINDS,
    NUMBERS,
    POLARITY,
    FieldProblem,
    clash_problems,
    field_problems,
    name_texts,
    reference_problems,
)
from .normalize import norm_label
from .paths import data_dir

LEVELS = ("city", "district", "subdistrict", "police_station", "community", "grid")
MEASURES = ("value", "yoy_pct", "yoy_pp", "rank")
RATE_KIND, PERCENT = "rate", "%"
DOMAIN_ID = re.compile(r"[a-z][a-z0-9_]*")       # a domain's id is its page's URL path
ICON = re.compile(r":material/[a-z0-9_]+:")       # Streamlit's Material Symbols notation


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
    icon: str = ""            # its page's icon, e.g. :material/gavel: (empty: the default dashboard icon)

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
    origin: str = "catalogue"   # catalogue (data/indicators.csv) | user (created in the app)
    status: str = "active"      # active | retired | merged (then merged_into names the survivor)
    merged_into: str | None = None

    def name(self, lang: str) -> str:
        """Name in the given language."""
        return self.name_zh if lang == "zh" else self.name_en

    @property
    def active(self) -> bool:
        """Whether leaders' pages, selectors and uploads use it (not retired, not merged)."""
        return self.status == "active"

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
    """All catalogues with fast lookup by id, name or alias.

    `indicators` holds the active ones only, so leaders' pages, selectors, templates and uploads never offer a
    retired or merged indicator; `retired` holds those, for pages that read history (query page, history).
    """

    domains: dict[str, Domain]
    indicators: dict[str, Indicator]
    regions: dict[str, Region]
    retired: dict[str, Indicator] = field(default_factory=dict)
    _ind_index: dict[str, str] = field(default_factory=dict, repr=False)
    _reg_index: dict[str, str] = field(default_factory=dict, repr=False)
    _code_index: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # Ids and codes match exactly (case-insensitive): normalising would strip their trailing digits
        # as if they were footnote markers (440300DP01 is not 440300DP with footnote 01).
        self._code_index = {**{i.lower(): i for i in self.indicators}, **{c.lower(): c for c in self.regions}}
        for ind in self.indicators.values():
            for text in (ind.name_zh, ind.name_en, *ind.aliases):
                self._ind_index.setdefault(norm_label(text), ind.id)
        for reg in self.regions.values():
            for text in (reg.name_zh, reg.name_en, *reg.aliases):
                self._reg_index.setdefault(norm_label(text), reg.code)

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
        """Region whose code, name or alias matches the text, or None."""
        return self._find(text, self.regions, self._reg_index)

    def with_retired(self) -> Catalog:
        """The same catalogue with retired and merged indicators among `indicators` (after the active ones)."""
        return Catalog(self.domains, {**self.indicators, **self.retired}, self.regions, self.retired)

    def indicator(self, text: str) -> Indicator:
        """Indicator by id/name/alias (a retired one too: its data stay readable), or a UserError naming the text."""
        ind = self.find_indicator(text) or (self.with_retired().find_indicator(text) if self.retired else None)
        if ind is None:
            raise UserError("errors.unknown_indicator", text=text)
        return ind

    def region(self, text: str) -> Region:
        """Region by code/name/alias, or a UserError naming the text."""
        reg = self.find_region(text)
        if reg is None:
            raise UserError("errors.unknown_region", text=text)
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


def _read_csv(path: Path, problems: list[Message]) -> list[dict[str, str]]:
    """The rows of a catalogue file; a row with more fields than the header (an unquoted comma) is a problem."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    problems += [message("catalog.extra_fields", file=path.name, row=n) for n, r in enumerate(rows, start=2)
                 if r.get(None)]
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in rows]


def _split(aliases: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in aliases.split("|") if a.strip())


def _at(file: str, row: int, problem: FieldProblem) -> Message:
    """A rule's problem placed in the catalogue file: 'indicators.csv row 3, field unit: …'."""
    return message("catalogue.csv_row", file=file, row=row, column=problem.field, problem=problem.message)


def _rule(fld: str, code: str, **params: object) -> FieldProblem:
    return FieldProblem(fld, message(f"catalogue.rule_{code}", **params))


def parse_domains(rows: list[dict[str, str]], problems: list[Message]) -> dict[str, Domain]:
    """Domains from CSV rows; problems collect 'domains.csv row N, field F: …' messages."""
    out: dict[str, Domain] = {}
    for n, r in enumerate(rows, start=2):
        if not r.get("id"):
            problems.append(_at("domains.csv", n, _rule("id", "empty")))
            continue
        if r["id"] in out:
            problems.append(_at("domains.csv", n, _rule("id", "duplicate", value=r["id"])))
        try:
            order = int(r.get("order") or n)
        except ValueError:
            problems.append(_at("domains.csv", n, _rule("order", "not_whole", value=r.get("order", ""))))
            order = n
        if not DOMAIN_ID.fullmatch(r["id"]):
            problems.append(message("catalog.domain_id", file="domains.csv", row=n, value=r["id"]))
        if r.get("icon") and not ICON.fullmatch(r["icon"]):
            problems.append(message("catalog.icon", file="domains.csv", row=n, value=r["icon"]))
        out[r["id"]] = Domain(r["id"], r.get("name_zh", ""), r.get("name_en", ""), order,
                              r.get("description_zh", ""), r.get("description_en", ""), r.get("icon", ""))
    return out


def indicator_values(r: dict[str, str]) -> tuple[dict[str, object], list[FieldProblem]]:
    """A CSV row's fields typed as the rules take them (numbers parsed, aliases split), and text that is no number."""
    v: dict[str, object] = {**r, "aliases": _split(r.get("aliases", ""))}
    problems = []
    for fld in NUMBERS:
        try:
            v[fld] = float(r[fld]) if r.get(fld, "").strip() else None
        except ValueError:
            problems.append(_rule(fld, "not_number", value=r[fld]))
            v[fld] = None
    return v, problems


def indicator_from_values(v: dict[str, object]) -> Indicator:
    """An Indicator from typed field values (the loader's and the app's forms' common last step)."""
    ty, dec = v.get("target_year"), v.get("decimals")
    return Indicator(
        id=str(v["id"]), name_zh=str(v.get("name_zh") or ""), name_en=str(v.get("name_en") or ""),
        domain=str(v.get("domain") or ""), unit=str(v.get("unit") or ""), kind=str(v.get("kind") or ""),
        polarity=POLARITY.get(str(v.get("polarity") or ""), 0),
        numerator=v.get("numerator") or None, denominator=v.get("denominator") or None,
        parent=v.get("parent") or None, decimals=int(dec) if dec is not None else 0,
        min_value=v.get("min_value"), max_value=v.get("max_value"), warn_above=v.get("warn_above"),
        target=v.get("target"), target_year=int(ty) if ty is not None else None,
        frequency=str(v.get("frequency") or "yearly"), definition=str(v.get("definition") or ""),
        source_department=str(v.get("source_department") or ""), aliases=tuple(v.get("aliases") or ()),
    )


def parse_indicators(rows: list[dict[str, str]], domains: dict[str, Domain],
                     problems: list[Message]) -> dict[str, Indicator]:
    """Indicators from CSV rows, checked by the rules of indicator_rules (fields, cross references, clashes)."""
    values: dict[str, dict[str, object]] = {}
    found: list[tuple[int, dict[str, object]]] = []
    for n, r in enumerate(rows, start=2):
        v, bad = indicator_values(r)
        bad += field_problems(v, domains)
        if r.get("id") in values:
            bad.append(_rule("id", "duplicate", value=r["id"]))
        problems.extend(_at("indicators.csv", n, p) for p in bad)
        if r.get("id"):
            values[r["id"]] = v
            found.append((n, v))
    owners: dict[str, str] = {}
    for n, v in found:
        ident = str(v["id"])
        refs = reference_problems(ident, v, lambda x: None if x in values else "unknown_indicator",
                                  lambda x: values[x].get("parent") if x in values else None)
        problems.extend(_at("indicators.csv", n, p) for p in [*refs, *clash_problems(ident, v, owners)])
        for text in name_texts(ident, v):
            owners.setdefault(norm_label(text), ident)
    return {ident: indicator_from_values(v) for ident, v in values.items()}


def parse_regions(rows: list[dict[str, str]], problems: list[Message]) -> dict[str, Region]:
    """Regions from CSV rows, checking codes, levels and parents."""
    out: dict[str, Region] = {}
    for n, r in enumerate(rows, start=2):
        bad = [_rule(f, "empty") for f in ("code", "name_zh", "name_en", "level") if not r.get(f)]
        if r.get("level") and r["level"] not in LEVELS:
            bad.append(_rule("level", "choice", value=r["level"], choices=", ".join(LEVELS)))
        if r.get("code") in out:
            bad.append(_rule("code", "duplicate", value=r["code"]))
        problems.extend(_at("regions.csv", n, p) for p in bad)
        if r.get("code"):
            out[r["code"]] = Region(r["code"], r.get("name_zh", ""), r.get("name_en", ""),
                                    r.get("parent") or None, r.get("level", ""), _split(r.get("aliases", "")))
    for n, r in enumerate(rows, start=2):
        if r.get("parent") and r["parent"] not in out:
            problems.append(_at("regions.csv", n, _rule("parent", "unknown_region", value=r["parent"])))
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
    problems: list[Message] = []
    domains = parse_domains(_read_csv(folder / "domains.csv", problems), problems)
    indicators = parse_indicators(_read_csv(folder / "indicators.csv", problems), domains, problems)
    regions = parse_regions(_read_csv(folder / "regions.csv", problems), problems)
    if problems:
        raise CatalogInvalid(problems)
    return Catalog(domains, indicators, regions)
