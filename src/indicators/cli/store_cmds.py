"""`migrate-store --to URL`: copy the embedded store (or --from another) into a server store, checked table by table."""

from __future__ import annotations

import argparse
import time

from ..errors import UserError
from ..i18n import t
from ..paths import db_target
from ..store.copy import copy_store
from ..store.pg import shown
from .common import LANG, print_json


def register(sub: argparse._SubParsersAction) -> None:
    """Add the migrate-store command."""
    p = sub.add_parser("migrate-store", parents=[LANG],
                       help="copy every batch, user, audit row … into an empty store (e.g. postgresql://…) and check")
    p.add_argument("--to", required=True, help="the empty target store: postgresql://user@host/db or a .duckdb file")
    p.add_argument("--from", dest="source", help="the store to copy (default INDICATORS_DB)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_migrate_store)


def cmd_migrate_store(args: argparse.Namespace) -> int:
    """Copy, check, and print each table's rows (exit 0), or refuse with one line (exit 2, nothing written)."""
    source = args.source or db_target()
    if source == args.to:
        raise UserError("store.copy_same", target=shown(args.to))
    t0 = time.perf_counter()
    checks = copy_store(source, args.to)
    took = time.perf_counter() - t0
    if args.json:
        print_json({"status": "ok", "source": shown(source), "target": shown(args.to), "seconds": round(took, 2),
                    "tables": {c.table: {"rows": c.rows, "source": list(c.source), "target": list(c.target)}
                               for c in checks}})
        return 0
    print(t("cli.store_copied", args.lang, source=shown(source), target=shown(args.to), tables=len(checks),
            rows=f"{sum(c.rows for c in checks):,}", seconds=f"{took:.1f}"))
    for c in checks:
        print(t("cli.store_copied_table", args.lang, table=c.table, rows=f"{c.rows:,}"))
    return 0
