"""Reading recipes: the analyst's corrections of how a layout is read, kept under the layout's fingerprint."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from .db import scalar


@dataclass(frozen=True)
class Recipe:
    """A saved reading: its name, the layout it is for, the corrections (Steer as JSON) and who made it."""

    id: int
    name: str
    fingerprint: str
    steer: str
    file_name: str | None
    created_by: str | None
    created_at: datetime


_COLUMNS = "id, name, fingerprint, steer, file_name, created_by, created_at"


def insert_recipe(con: duckdb.DuckDBPyConnection, name: str, fingerprint: str, steer: str, file_name: str | None,
                  user: str | None) -> int:
    """Store a recipe (an older active one with the same name or layout is dropped: one per layout); its id."""
    con.execute("UPDATE recipe SET dropped_at = $now, dropped_by = $user WHERE dropped_at IS NULL "
                "AND (fingerprint = $fp OR name = $name)",
                {"now": datetime.now(), "user": user, "fp": fingerprint, "name": name})
    rid = int(scalar(con, "SELECT nextval('recipe_seq')"))
    con.execute("INSERT INTO recipe (id, name, fingerprint, steer, file_name, created_by, created_at) "
                "VALUES ($id, $name, $fp, $steer, $file, $user, $now)",
                {"id": rid, "name": name, "fp": fingerprint, "steer": steer, "file": file_name, "user": user,
                 "now": datetime.now()})
    return rid


def mark_dropped(con: duckdb.DuckDBPyConnection, recipe_id: int, user: str | None) -> bool:
    """Stop applying a recipe (kept for the record); whether it was active."""
    active = scalar(con, "SELECT count(*) FROM recipe WHERE id = $id AND dropped_at IS NULL", {"id": recipe_id})
    con.execute("UPDATE recipe SET dropped_at = $now, dropped_by = $user WHERE id = $id AND dropped_at IS NULL",
                {"now": datetime.now(), "user": user, "id": recipe_id})
    return bool(active)


def _one(rows: list) -> Recipe | None:
    return Recipe(*rows[0]) if rows else None


def recipe_for(con: duckdb.DuckDBPyConnection, fingerprint: str) -> Recipe | None:
    """The active recipe of a layout, if any."""
    return _one(con.execute(f"SELECT {_COLUMNS} FROM recipe WHERE fingerprint = $fp AND dropped_at IS NULL "  # noqa: S608
                            "ORDER BY id DESC LIMIT 1", {"fp": fingerprint}).fetchall())


def recipe_named(con: duckdb.DuckDBPyConnection, name: str) -> Recipe | None:
    """The active recipe of this name (or id), if any."""
    key = int(name) if str(name).isdigit() else -1
    return _one(con.execute(f"SELECT {_COLUMNS} FROM recipe WHERE (name = $name OR id = $id) "  # noqa: S608
                            "AND dropped_at IS NULL ORDER BY id DESC LIMIT 1", {"name": name, "id": key}).fetchall())


def list_recipes(con: duckdb.DuckDBPyConnection) -> list[Recipe]:
    """Active recipes, newest first."""
    return [Recipe(*r) for r in con.execute(f"SELECT {_COLUMNS} FROM recipe WHERE dropped_at IS NULL "  # noqa: S608
                                            "ORDER BY id DESC").fetchall()]
