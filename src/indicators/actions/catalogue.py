"""Catalogue actions (analysts): map header texts to indicators (aliases) and create indicators."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb

from ..catalog import KINDS, POLARITY, Catalog, Indicator
from ..errors import Named, UserError, message
from ..store.catalog_sync import insert_alias, insert_indicator
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
