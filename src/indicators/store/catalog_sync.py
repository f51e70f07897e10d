"""Keeping the catalogue tables in step with data/*.csv, analysts' edits kept across syncs, and reading it back.

Analysts' changes to an indicator of data/indicators.csv (a field, its status, a removed alias) are written to the
indicator table and kept beside it: overrides (indicator, field, value) and alias tombstones, applied again after
each sync, so a sync brings the file's new rows and fields but never undoes an analyst's edit. Indicators created
in the app (origin 'user') are not in the file: a sync leaves them alone.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

import duckdb

from ..catalog import Catalog, Domain, Indicator, Region, catalog_hash, load_catalog
from . import audit
from .db import insert_sql, scalar, set_meta

# The indicator table's columns as the catalogue describes an indicator (the rest are bookkeeping: created_by,
# created_at, sort_order, updated_by, updated_at). One list: the insert, the select and the Indicator built from a row
# all follow it. status and merged_into (migration 6) are the analysts' (retired, merged), not the file's.
_FILE_FIELDS = ("id", "name_zh", "name_en", "domain", "unit", "kind", "polarity", "numerator", "denominator",
                "parent", "decimals", "min_value", "max_value", "warn_above", "target", "target_year", "frequency",
                "definition", "source_department", "origin")
INDICATOR_FIELDS = (*_FILE_FIELDS, "status", "merged_into")
# What an analyst may change (an override of the file's value for a catalogue indicator); never id or origin.
EDITABLE = tuple(f for f in INDICATOR_FIELDS if f not in ("id", "origin"))
INDICATOR_COLUMNS = (*_FILE_FIELDS, "created_by", "created_at", "sort_order", "status", "merged_into", "updated_by",
                     "updated_at")                                   # in the table's order (migrations 1 and 6)
_INSERT_INDICATOR = insert_sql("indicator", INDICATOR_COLUMNS)
_SELECT_INDICATOR = f"SELECT {', '.join(INDICATOR_FIELDS)} FROM indicator ORDER BY sort_order"  # noqa: S608
DOMAIN_COLUMNS = ("id", "name_zh", "name_en", "sort_order", "description_zh", "description_en", "icon")
REGION_COLUMNS = ("code", "name_zh", "name_en", "parent", "level", "aliases", "sort_order", "origin")
ALIAS_COLUMNS = ("alias", "indicator_id", "origin", "created_by", "created_at")


def sync_catalog(con: duckdb.DuckDBPyConnection, user: str | None = "system") -> bool:
    """Reload catalogue rows when the CSV files changed (inside the caller's transaction)."""
    digest = catalog_hash()
    if scalar(con, "SELECT value FROM meta WHERE key = 'catalog_sha256'") == digest:
        return False
    cat = load_catalog()
    now = datetime.now()
    con.execute("DELETE FROM domain")
    con.executemany(insert_sql("domain", DOMAIN_COLUMNS),
                    [{"id": d.id, "name_zh": d.name_zh, "name_en": d.name_en, "sort_order": d.order,
                      "description_zh": d.description_zh, "description_en": d.description_en, "icon": d.icon}
                     for d in cat.domains.values()])
    # Only the catalogue's own regions are replaced: regions of another origin (demo, user) stay.
    con.execute("DELETE FROM region WHERE origin = 'catalogue' OR list_contains($codes::VARCHAR[], code)",
                {"codes": list(cat.regions)})
    con.executemany(insert_sql("region", REGION_COLUMNS),
                    [_region_row(r, n, "catalogue") for n, r in enumerate(cat.regions.values())])
    con.execute("DELETE FROM indicator WHERE origin = 'catalogue' OR list_contains($ids::VARCHAR[], id)",
                {"ids": list(cat.indicators)})
    con.executemany(_INSERT_INDICATOR, [_indicator_row(i, n, now) for n, i in enumerate(cat.indicators.values())])
    con.execute("DELETE FROM indicator_alias WHERE origin = 'catalogue'")
    con.executemany(insert_sql("indicator_alias", ALIAS_COLUMNS),
                    [{"alias": a, "indicator_id": i.id, "origin": "catalogue", "created_by": None, "created_at": now}
                     for i in cat.indicators.values() for a in i.aliases])
    _apply_edits(con)
    set_meta(con, "catalog_sha256", digest)
    touch(con)
    audit.log(con, user, "catalog_sync", {"indicators": len(cat.indicators), "regions": len(cat.regions)})
    return True


def insert_regions(con: duckdb.DuckDBPyConnection, regions: list[Region], origin: str) -> None:
    """Add regions of another origin than the catalogue (demo, user) after every region there (caller's txn)."""
    start = int(scalar(con, "SELECT coalesce(max(sort_order), 0) + 1000 FROM region"))
    con.executemany(insert_sql("region", REGION_COLUMNS), [_region_row(r, start + n, origin)
                                                          for n, r in enumerate(regions)])


def _region_row(r: Region, order: int, origin: str) -> dict[str, object]:
    """The region table's row of a region, by column name."""
    return {"code": r.code, "name_zh": r.name_zh, "name_en": r.name_en, "parent": r.parent, "level": r.level,
            "aliases": "|".join(r.aliases), "sort_order": order, "origin": origin}


def _indicator_row(i: Indicator, order: int, now: datetime, created_by: str | None = None) -> dict[str, object]:
    """The indicator table's row of an indicator, by column name."""
    row = {f: getattr(i, f) for f in INDICATOR_FIELDS}
    return {**row, "created_by": created_by, "created_at": now, "sort_order": order, "updated_by": None,
            "updated_at": None}


def _apply_edits(con: duckdb.DuckDBPyConnection) -> None:
    """Analysts' overrides and alias tombstones, again over the rows a sync just wrote (caller's transaction)."""
    for ident, fld, value in con.execute("SELECT indicator_id, field, value FROM indicator_override "
                                         "WHERE indicator_id IN (SELECT id FROM indicator WHERE origin = 'catalogue')"
                                         ).fetchall():
        if fld in EDITABLE:
            con.execute(f"UPDATE indicator SET {fld} = $value WHERE id = $id",  # noqa: S608 - field from EDITABLE
                        {"value": json.loads(value), "id": ident})
    con.execute("DELETE FROM indicator_alias WHERE origin = 'catalogue' AND EXISTS (SELECT 1 FROM alias_removed r "
                "WHERE r.alias = indicator_alias.alias AND r.indicator_id = indicator_alias.indicator_id)")


def touch(con: duckdb.DuckDBPyConnection) -> None:
    """Count a change of the catalogue (the pages' caches key on it: an edited name shows at once)."""
    rev = scalar(con, "SELECT value FROM meta WHERE key = 'catalog_rev'")
    set_meta(con, "catalog_rev", str(int(rev or 0) + 1))


def insert_indicator(con: duckdb.DuckDBPyConnection, ind: Indicator, user: str | None) -> None:
    """Store an indicator an analyst created (origin 'user'), after every other, with its aliases (caller's txn)."""
    order = int(scalar(con, "SELECT coalesce(max(sort_order), 0) + 1 FROM indicator"))
    con.execute(_INSERT_INDICATOR, _indicator_row(replace(ind, origin="user"), order, datetime.now(), user))
    for alias in ind.aliases:
        insert_alias(con, alias, ind.id, user)
    touch(con)


def update_indicator(con: duckdb.DuckDBPyConnection, ident: str, changes: dict[str, object], user: str | None) -> None:
    """Set fields of an indicator; for one of data/indicators.csv also keep them as overrides (caller's txn)."""
    bad = set(changes) - set(EDITABLE)
    if bad:
        raise ValueError(f"not editable: {sorted(bad)}")
    now = datetime.now()
    for fld, value in changes.items():
        con.execute(f"UPDATE indicator SET {fld} = $value WHERE id = $id",  # noqa: S608 - field from EDITABLE
                    {"value": value, "id": ident})
    con.execute("UPDATE indicator SET updated_by = $user, updated_at = $now WHERE id = $id",
                {"user": user, "now": now, "id": ident})
    if scalar(con, "SELECT origin FROM indicator WHERE id = $id", {"id": ident}) == "catalogue":
        con.executemany("INSERT INTO indicator_override VALUES ($id, $field, $value, $user, $now) "
                        "ON CONFLICT (indicator_id, field) DO UPDATE SET value = excluded.value, "
                        "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                        [{"id": ident, "field": f, "value": json.dumps(v, ensure_ascii=False), "user": user,
                          "now": now} for f, v in changes.items()])
    touch(con)


def overridden_fields(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """Indicator id → fields whose value an analyst set over data/indicators.csv's."""
    out: dict[str, set[str]] = {}
    for ident, fld in con.execute("SELECT indicator_id, field FROM indicator_override").fetchall():
        out.setdefault(ident, set()).add(fld)
    return out


def delete_indicator(con: duckdb.DuckDBPyConnection, ident: str) -> None:
    """Remove an indicator that holds no data at all, with its aliases and overrides (caller's transaction)."""
    for sql in ("DELETE FROM indicator_alias WHERE indicator_id = $id",
                "DELETE FROM indicator_override WHERE indicator_id = $id",
                "DELETE FROM alias_removed WHERE indicator_id = $id",
                "DELETE FROM indicator WHERE id = $id"):
        con.execute(sql, {"id": ident})
    touch(con)


def insert_alias(con: duckdb.DuckDBPyConnection, alias: str, indicator_id: str, user: str | None) -> None:
    """Remember that a header text means an indicator, so the next upload maps by itself (caller's txn)."""
    con.execute("DELETE FROM indicator_alias WHERE alias = $alias AND origin = 'user'", {"alias": alias})
    con.execute(insert_sql("indicator_alias", ALIAS_COLUMNS), {"alias": alias, "indicator_id": indicator_id,
                                                                "origin": "user", "created_by": user,
                                                                "created_at": datetime.now()})
    con.execute("DELETE FROM alias_removed WHERE alias = $alias AND indicator_id = $indicator",
                {"alias": alias, "indicator": indicator_id})
    touch(con)


def delete_alias(con: duckdb.DuckDBPyConnection, alias: str, indicator_id: str, user: str | None) -> int:
    """Forget an alias of an indicator; one from the catalogue file stays forgotten after syncs. Rows removed."""
    key = {"alias": alias, "indicator": indicator_id}
    origins = [r[0] for r in con.execute("SELECT origin FROM indicator_alias WHERE alias = $alias "
                                         "AND indicator_id = $indicator", key).fetchall()]
    con.execute("DELETE FROM indicator_alias WHERE alias = $alias AND indicator_id = $indicator", key)
    if "catalogue" in origins:
        con.execute("INSERT INTO alias_removed VALUES ($alias, $indicator, $user, $now) "
                    "ON CONFLICT (alias, indicator_id) DO UPDATE SET removed_by = excluded.removed_by, "
                    "removed_at = excluded.removed_at",
                    {**key, "user": user, "now": datetime.now()})
    touch(con)
    return len(origins)


def alias_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str | None]]:
    """Every stored alias: (alias, indicator id, origin, created by), in catalogue order."""
    return con.execute("SELECT a.alias, a.indicator_id, a.origin, a.created_by FROM indicator_alias a "
                       "LEFT JOIN indicator i ON i.id = a.indicator_id "
                       "ORDER BY i.sort_order, a.origin, a.created_at, a.alias").fetchall()


def insert_region(con: duckdb.DuckDBPyConnection, region: Region, user: str | None) -> None:
    """Store a region an analyst created (origin 'user') after every other (caller's transaction)."""
    order = int(scalar(con, "SELECT coalesce(max(sort_order), 0) + 1 FROM region"))
    con.execute("INSERT INTO region (code, name_zh, name_en, parent, level, aliases, sort_order, origin) "
                "VALUES ($code, $zh, $en, $parent, $level, '', $order, 'user')",
                {"code": region.code, "zh": region.name_zh, "en": region.name_en, "parent": region.parent,
                 "level": region.level, "order": order})
    for alias in region.aliases:
        insert_region_alias(con, alias, region.code, user)


def insert_region_alias(con: duckdb.DuckDBPyConnection, alias: str, code: str, user: str | None) -> None:
    """Remember that a region text of an upload means a region (caller's transaction)."""
    con.execute("DELETE FROM region_alias WHERE alias = $alias", {"alias": alias})
    con.execute("INSERT INTO region_alias (alias, region_code, origin, created_by, created_at) "
                "VALUES ($alias, $code, 'user', $user, $now)",
                {"alias": alias, "code": code, "user": user, "now": datetime.now()})


def catalog_from_db(con: duckdb.DuckDBPyConnection) -> Catalog:
    """The catalogue as stored, including analysts' indicators and aliases.

    Retired and merged indicators go to `retired`; a merged indicator's names and aliases find its survivor (they
    were moved to it by the merge), so an upload headed with the old name lands on the indicator that replaced it.
    """
    aliases: dict[str, list[str]] = {}
    for alias, ind in con.execute("SELECT alias, indicator_id FROM indicator_alias ORDER BY origin").fetchall():
        aliases.setdefault(ind, []).append(alias)
    domains = {r[0]: Domain(r[0], r[1], r[2], r[3], r[4] or "", r[5] or "", r[6] or "")
               for r in con.execute(f"SELECT {', '.join(DOMAIN_COLUMNS)} FROM domain "  # noqa: S608
                                    "ORDER BY sort_order").fetchall()}
    every = {}
    for row in con.execute(_SELECT_INDICATOR).fetchall():
        d = dict(zip(INDICATOR_FIELDS, row, strict=True))
        d["decimals"] = d["decimals"] or 0
        d["frequency"] = d["frequency"] or "yearly"
        d["definition"] = d["definition"] or ""
        d["source_department"] = d["source_department"] or ""
        d["status"] = d["status"] or "active"
        every[d["id"]] = Indicator(**d, aliases=tuple(dict.fromkeys(aliases.get(d["id"], ()))))
    for old in every.values():
        new = every.get(old.merged_into or "")
        if old.status == "merged" and new is not None and new.active:
            moved = (old.name_zh, old.name_en, *old.aliases)
            every[new.id] = replace(new, aliases=tuple(dict.fromkeys((*new.aliases, *moved))))
    region_aliases: dict[str, list[str]] = {}
    for alias, code in con.execute("SELECT alias, region_code FROM region_alias ORDER BY created_at").fetchall():
        region_aliases.setdefault(code, []).append(alias)
    regions = {r[0]: Region(r[0], r[1], r[2], r[3], r[4],
                            tuple(a for a in (r[5] or "").split("|") if a) + tuple(region_aliases.get(r[0], ())),
                            r[6] or "catalogue")
               for r in con.execute(f"SELECT {', '.join(c for c in REGION_COLUMNS if c != 'sort_order')} "  # noqa: S608
                                    "FROM region ORDER BY sort_order, code").fetchall()}
    return Catalog(domains, {k: i for k, i in every.items() if i.active}, regions,
                   {k: i for k, i in every.items() if not i.active})
