"""Keeping the catalogue tables in step with data/*.csv, and reading the catalogue back."""

from __future__ import annotations

from datetime import datetime

import duckdb

from ..catalog import Catalog, Domain, Indicator, Region, catalog_hash, load_catalog
from . import audit
from .db import scalar

_INSERT_INDICATOR = "INSERT INTO indicator VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_SELECT_INDICATOR = """SELECT id, name_zh, name_en, domain, unit, kind, polarity, numerator, denominator, parent,
    decimals, min_value, max_value, warn_above, target, target_year, frequency, definition, source_department, origin
    FROM indicator ORDER BY sort_order"""


def sync_catalog(con: duckdb.DuckDBPyConnection, user: str | None = "system") -> bool:
    """Reload catalogue rows when the CSV files changed (inside the caller's transaction)."""
    digest = catalog_hash()
    if scalar(con, "SELECT value FROM meta WHERE key = 'catalog_sha256'") == digest:
        return False
    cat = load_catalog()
    now = datetime.now()
    con.execute("DELETE FROM domain")
    con.executemany("INSERT INTO domain VALUES (?, ?, ?, ?, ?, ?)",
                    [[d.id, d.name_zh, d.name_en, d.order, d.description_zh, d.description_en]
                     for d in cat.domains.values()])
    # Only the catalogue's own regions are replaced: regions of another origin (demo, user) stay.
    con.execute("DELETE FROM region WHERE origin = 'catalogue' OR code IN (SELECT unnest(?))", [list(cat.regions)])
    con.executemany("INSERT INTO region (code, name_zh, name_en, parent, level, aliases, sort_order, origin) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, 'catalogue')",
                    [[r.code, r.name_zh, r.name_en, r.parent, r.level, "|".join(r.aliases), n]
                     for n, r in enumerate(cat.regions.values())])
    con.execute("DELETE FROM indicator WHERE origin = 'catalogue' OR id IN (SELECT unnest(?))",
                [list(cat.indicators)])
    con.executemany(_INSERT_INDICATOR,
                    [_indicator_row(i, n, now) for n, i in enumerate(cat.indicators.values())])
    con.execute("DELETE FROM indicator_alias WHERE origin = 'catalogue'")
    con.executemany("INSERT INTO indicator_alias VALUES (?, ?, 'catalogue', NULL, ?)",
                    [[a, i.id, now] for i in cat.indicators.values() for a in i.aliases])
    con.execute("INSERT OR REPLACE INTO meta VALUES ('catalog_sha256', ?)", [digest])
    audit.log(con, user, "catalog_sync", {"indicators": len(cat.indicators), "regions": len(cat.regions)})
    return True


def _indicator_row(i: Indicator, order: int, now: datetime) -> list:
    return [i.id, i.name_zh, i.name_en, i.domain, i.unit, i.kind, i.polarity, i.numerator, i.denominator,
            i.parent, i.decimals, i.min_value, i.max_value, i.warn_above, i.target, i.target_year, i.frequency,
            i.definition, i.source_department, i.origin, None, now, order]


def add_indicator(con: duckdb.DuckDBPyConnection, ind: Indicator, user: str) -> None:
    """Store an indicator an analyst created (origin 'user'), with its aliases."""
    now = datetime.now()
    order = scalar(con, "SELECT coalesce(max(sort_order), 0) + 1 FROM indicator")
    row = _indicator_row(ind, int(order), now)
    row[19], row[20] = "user", user
    con.execute(_INSERT_INDICATOR, row)
    for alias in ind.aliases:
        add_alias(con, alias, ind.id, user)
    audit.log(con, user, "indicator_create", {"id": ind.id, "name_zh": ind.name_zh})


def add_alias(con: duckdb.DuckDBPyConnection, alias: str, indicator_id: str, user: str) -> None:
    """Remember that a header text means an indicator, so the next upload maps by itself."""
    con.execute("DELETE FROM indicator_alias WHERE alias = ? AND origin = 'user'", [alias])
    con.execute("INSERT INTO indicator_alias VALUES (?, ?, 'user', ?, ?)",
                [alias, indicator_id, user, datetime.now()])
    audit.log(con, user, "alias_add", {"alias": alias, "indicator": indicator_id})


def catalog_from_db(con: duckdb.DuckDBPyConnection) -> Catalog:
    """The catalogue as stored, including analysts' indicators and aliases."""
    aliases: dict[str, list[str]] = {}
    for alias, ind in con.execute("SELECT alias, indicator_id FROM indicator_alias ORDER BY origin").fetchall():
        aliases.setdefault(ind, []).append(alias)
    domains = {r[0]: Domain(r[0], r[1], r[2], r[3], r[4] or "", r[5] or "")
               for r in con.execute("SELECT * FROM domain ORDER BY sort_order").fetchall()}
    cols = ["id", "name_zh", "name_en", "domain", "unit", "kind", "polarity", "numerator", "denominator",
            "parent", "decimals", "min_value", "max_value", "warn_above", "target", "target_year", "frequency",
            "definition", "source_department", "origin"]
    indicators = {}
    for row in con.execute(_SELECT_INDICATOR).fetchall():
        d = dict(zip(cols, row, strict=True))
        d["decimals"] = d["decimals"] or 0
        d["frequency"] = d["frequency"] or "yearly"
        d["definition"] = d["definition"] or ""
        d["source_department"] = d["source_department"] or ""
        indicators[d["id"]] = Indicator(**d, aliases=tuple(aliases.get(d["id"], ())))
    regions = {r[0]: Region(r[0], r[1], r[2], r[3], r[4], tuple(a for a in (r[5] or "").split("|") if a),
                            r[6] or "catalogue")
               for r in con.execute("SELECT code, name_zh, name_en, parent, level, aliases, origin FROM region "
                                    "ORDER BY sort_order, code").fetchall()}
    return Catalog(domains, indicators, regions)
