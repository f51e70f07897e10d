"""Catalogue actions (analysts): map header texts to indicators (aliases) and create indicators."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb

from ..catalog import KINDS, LEVELS, POLARITY, Catalog, Indicator, Region
from ..errors import Named, UserError, message
from ..store.catalog_sync import insert_alias, insert_indicator, insert_region, insert_region_alias
from .actor import Actor
from .perform import Done, perform

ANALYST = "analyst"


@dataclass(frozen=True)
class NewIndicator:
    """What an analyst typed to create an indicator for an unknown header label."""

    label: str
    name_zh: str
    name_en: str
    unit: str
    domain: str
    polarity: str
    kind: str


def new_indicator_id(name_en: str, catalog: Catalog, taken: set[str] | None = None) -> str:
    """An id from the English name (snake case), unique against the catalogue and ids already taken."""
    base = re.sub(r"[^a-z0-9]+", "_", name_en.lower()).strip("_")[:40] or "indicator"
    if not base[0].isalpha():
        base = "i_" + base
    ident, n = base, 2
    while ident in catalog.indicators or ident in (taken or set()):
        ident, n = f"{base}_{n}", n + 1
    return ident


def build_indicator(spec: NewIndicator, catalog: Catalog, taken: set[str] | None = None) -> Indicator:
    """An Indicator from the analyst's form, or a UserError naming the field to fix."""
    for fld in ("name_zh", "name_en", "unit"):
        if not getattr(spec, fld).strip():
            raise UserError("upload.map_field_missing", label=spec.label, field=message(f"upload.map_{fld}"))
    for fld, allowed in (("domain", catalog.domains), ("polarity", POLARITY), ("kind", KINDS)):
        if getattr(spec, fld) not in allowed:
            raise UserError("errors.field_value", field=fld, value=getattr(spec, fld))
    clash = catalog.find_indicator(spec.name_zh) or catalog.find_indicator(spec.name_en)
    if clash:
        raise UserError("upload.map_name_taken", label=spec.label, name=Named(clash.name_zh, clash.name_en))
    aliases = tuple(dict.fromkeys(a for a in (spec.label.strip(),) if a and a != spec.name_zh.strip()))
    return Indicator(id=new_indicator_id(spec.name_en, catalog, taken or set()), name_zh=spec.name_zh.strip(),
                     name_en=spec.name_en.strip(), domain=spec.domain, unit=spec.unit.strip(), kind=spec.kind,
                     polarity=POLARITY[spec.polarity], decimals=2 if spec.kind == "rate" else 0,
                     aliases=aliases, origin="user")


def alias_rows(con: duckdb.DuckDBPyConnection, aliases: Mapping[str, str], user: str | None) -> list[tuple[str, dict]]:
    """Store label → indicator aliases in the caller's transaction; their audit rows."""
    for label, ind in aliases.items():
        insert_alias(con, label, ind, user)
    return [("alias_add", {"alias": label, "indicator": ind}) for label, ind in aliases.items()]


def indicator_rows(con: duckdb.DuckDBPyConnection, ind: Indicator, user: str | None) -> list[tuple[str, dict]]:
    """Store a new indicator and its aliases in the caller's transaction; their audit rows."""
    insert_indicator(con, ind, user)
    return [*(("alias_add", {"alias": a, "indicator": ind.id}) for a in ind.aliases),
            ("indicator_create", {"id": ind.id, "name_zh": ind.name_zh})]


def map_labels(con: duckdb.DuckDBPyConnection, actor: Actor, catalog: Catalog, aliases: Mapping[str, str],
               new: list[NewIndicator] = ()) -> dict[str, str]:
    """Save header texts as aliases of indicators and create indicators for others, in one transaction.

    Returns label → indicator id for every label saved (the next read of the file maps them by itself).
    """
    def work(c: duckdb.DuckDBPyConnection) -> Done[dict[str, str]]:
        for label, ind in aliases.items():
            if ind not in catalog.indicators:
                raise UserError("ingest.mapping_target_unknown", label=label, target=ind)
        built: list[Indicator] = []
        for spec in new:
            built.append(build_indicator(spec, catalog, {i.id for i in built}))
        rows = alias_rows(c, aliases, actor.name)
        for ind in built:
            rows += indicator_rows(c, ind, actor.name)
        return Done({**aliases, **{s.label: i.id for s, i in zip(new, built, strict=True)}}, rows)
    return perform(con, actor, ANALYST, work)


@dataclass(frozen=True)
class NewRegion:
    """What an analyst typed to create a region for a region text of an upload (a community under its 办事处)."""

    label: str
    name_zh: str
    name_en: str
    parent: str
    level: str


def _region_code(parent: str, catalog: Catalog, taken: set[str]) -> str:
    """A new code under the parent's: 440300DP01 → 440300DP01U01, U02 …"""
    n = 1
    while f"{parent}U{n:02d}" in catalog.regions or f"{parent}U{n:02d}" in taken:
        n += 1
    return f"{parent}U{n:02d}"


def build_region(spec: NewRegion, catalog: Catalog, taken: set[str] | None = None) -> Region:
    """A Region from the analyst's form, or a UserError naming what to fix (a level below its parent's)."""
    name_zh, name_en = spec.name_zh.strip(), spec.name_en.strip() or spec.name_zh.strip()
    if not name_zh or len(name_zh) > 40 or len(name_en) > 80:
        raise UserError("upload.region_name_bad", label=spec.label)
    parent = catalog.regions.get(spec.parent)
    if parent is None:
        raise UserError("errors.field_value", field="parent", value=spec.parent)
    if spec.level not in LEVELS or LEVELS.index(spec.level) <= LEVELS.index(parent.level):
        raise UserError("upload.region_level_bad", label=spec.label, level=message(f"upload.tpl_level_{spec.level}")
                        if spec.level in LEVELS else spec.level, parent=Named(parent.name_zh, parent.name_en))
    clash = catalog.find_region(name_zh)
    if clash is not None:
        raise UserError("upload.region_name_taken", label=spec.label, name=Named(clash.name_zh, clash.name_en))
    aliases = tuple(a for a in (spec.label.strip(),) if a and a != name_zh)
    return Region(_region_code(parent.code, catalog, taken or set()), name_zh, name_en, parent.code, spec.level,
                  aliases, "user")


def map_regions(con: duckdb.DuckDBPyConnection, actor: Actor, catalog: Catalog, aliases: Mapping[str, str],
                new: list[NewRegion] = ()) -> dict[str, str]:
    """Save region texts of an upload as aliases of regions and create regions for others, in one transaction.

    Returns text → region code for every text saved (the next read of the file places them by itself).
    """
    def work(c: duckdb.DuckDBPyConnection) -> Done[dict[str, str]]:
        for label, code in aliases.items():
            if code not in catalog.regions:
                raise UserError("ingest.mapping_region_unknown", label=label, target=code)
        built: list[Region] = []
        for spec in new:
            built.append(build_region(spec, catalog, {r.code for r in built}))
        rows: list[tuple[str, dict]] = []
        for label, code in aliases.items():
            insert_region_alias(c, label, code, actor.name)
            rows.append(("region_alias_add", {"alias": label, "region": code}))
        for reg in built:
            insert_region(c, reg, actor.name)
            rows.append(("region_create", {"code": reg.code, "name_zh": reg.name_zh, "parent": reg.parent,
                                           "level": reg.level}))
        return Done({**aliases, **{s.label: r.code for s, r in zip(new, built, strict=True)}}, rows)
    return perform(con, actor, ANALYST, work)
