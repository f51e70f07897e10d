"""Recipe actions (analysts): keep how a layout was read, to apply it when the same template arrives; drop one."""

from __future__ import annotations

import duckdb

from ..errors import UserError
from ..ingest.steer import Steer
from ..store import recipes
from .actor import Actor
from .perform import Done, perform

ANALYST = "analyst"
MAX_NAME = 60


def save(con: duckdb.DuckDBPyConnection, actor: Actor, name: str, fingerprint: str, steer: Steer,
         file_name: str | None = None) -> int:
    """Store the corrections of a reading under its layout's fingerprint (replacing that layout's recipe)."""
    name = " ".join(str(name).split())
    if not name or len(name) > MAX_NAME:
        raise UserError("upload.recipe_name_bad", limit=MAX_NAME)
    if not fingerprint:
        raise UserError("upload.recipe_no_layout")

    def work(c: duckdb.DuckDBPyConnection) -> Done[int]:
        rid = recipes.insert_recipe(c, name, fingerprint, steer.to_json(), file_name, actor.name)
        return Done(rid, [("recipe_save", {"recipe": rid, "name": name, "fingerprint": fingerprint,
                                           "file": file_name})])
    return perform(con, actor, ANALYST, work)


def drop(con: duckdb.DuckDBPyConnection, actor: Actor, recipe_id: int) -> None:
    """Stop applying a recipe (it stays in the record)."""
    def work(c: duckdb.DuckDBPyConnection) -> Done[None]:
        if not recipes.mark_dropped(c, int(recipe_id), actor.name):
            raise UserError("upload.recipe_unknown", recipe=recipe_id)
        return Done(None, [("recipe_drop", {"recipe": int(recipe_id)})])
    perform(con, actor, ANALYST, work)
