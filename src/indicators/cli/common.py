"""Helpers shared by CLI commands: opening the ready database, JSON output."""

from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import date, datetime

import duckdb

from ..catalog import Catalog
from ..i18n import DEFAULT_LANG, LANGS
from ..store import connect
from ..store.catalog_sync import catalog_from_db
from ..store.seed import ensure_ready


def _lang_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG, help="language of messages (default zh)")
    return parent


LANG = _lang_parent()  # parents=[LANG] gives a sub-command the --lang option every command shares


def open_ready() -> tuple[duckdb.DuckDBPyConnection, Catalog]:
    """Connection to a migrated, seeded database and its catalogue (held until the command ends)."""
    con = connect()
    ensure_ready(con)
    return con, catalog_from_db(con)


def _plain(value: object) -> object:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if hasattr(value, "item"):
        return _plain(value.item())
    return value


def clean(obj: object) -> object:
    """JSON-safe copy: NaN → null, numpy scalars → Python, dates → ISO."""
    if isinstance(obj, dict):
        return {k: clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [clean(v) for v in obj]
    return _plain(obj)


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7f)} | {c: f"\\u{c:04x}" for c in (
    0x200e, 0x200f, *range(0x202a, 0x202f), *range(0x2066, 0x206a))}


def safe(text: str) -> str:
    """Text for the terminal: control characters and bidi overrides shown as escapes, never obeyed."""
    return text.translate(_CONTROL)


def print_json(obj: object) -> None:
    """Print as UTF-8 JSON with Chinese kept readable."""
    sys.stdout.write(json.dumps(clean(obj), ensure_ascii=False, indent=2) + "\n")
