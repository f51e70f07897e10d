"""`ingest FILE`: read, check, preview and commit an upload from the shell; JSON contract for scripts."""

from __future__ import annotations

import argparse
import functools
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb

from .. import actions, logs
from ..actions import upload
from ..catalog import Catalog
from ..errors import UserError
from ..i18n import t
from ..ingest import IngestResult, Issue, upload_limits
from ..ingest.sandbox import ingest_isolated
from ..ingest.steer import Steer
from ..store import recipes
from ..store.catalog_sync import catalog_from_db
from ..store.db import opened
from ..store.seed import ensure_ready
from .common import LANG, print_json

log = logging.getLogger(__name__)
OBS_KEYS = {"indicator_id": "indicator", "indicator_text": "indicator_text", "region_code": "region",
            "region_text": "region_text", "period": "period", "measure": "measure", "value": "value",
            "qualifier": "qualifier", "unit": "unit", "source": "source"}


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ingest command."""
    p = sub.add_parser("ingest", parents=[LANG],
                       help="check and load a spreadsheet or CSV file (exit 0 committed, 2 refused)")
    p.add_argument("file")
    p.add_argument("--sheet", help="read only this sheet")
    p.add_argument("--dry-run", action="store_true", help="check and preview, write nothing")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--map", action="append", default=[], metavar="LABEL=INDICATOR",
                   help="map an unknown header text to an indicator id (saved as an alias unless --dry-run)")
    p.add_argument("--mapping-file", help="file of 'LABEL=INDICATOR' lines (UTF-8)")
    p.add_argument("--user", help="name recorded on the batch (default cli:<login>)")
    p.add_argument("--confirm-warnings", action="store_true", help="commit even when there are warnings")
    p.add_argument("--recipe", help="read the file the way saved under this recipe name (or id)")
    p.add_argument("--no-recipe", action="store_true",
                   help="do not apply the recipe saved for this file's layout")
    p.set_defaults(func=cmd_ingest)


def parse_mapping(pairs: list[str], mapping_file: str | None) -> dict[str, str]:
    """LABEL=INDICATOR pairs from flags and a mapping file (blank lines and # comments ignored)."""
    lines = [(0, p) for p in pairs]
    if mapping_file:
        path = Path(mapping_file)
        if not path.is_file():
            raise UserError("ingest.file_missing", path=mapping_file)
        text = path.read_text(encoding="utf-8-sig")
        lines += [(n, ln) for n, ln in enumerate(text.splitlines(), start=1)
                  if ln.strip() and not ln.lstrip().startswith("#")]
    out = {}
    for n, line in lines:
        label, sep, target = line.rpartition("=")
        if not sep or not label.strip() or not target.strip():
            raise UserError("ingest.mapping_file_bad", row=n or line)
        out[label.strip()] = target.strip()
    return out


def cmd_ingest(args: argparse.Namespace) -> int:
    """Run the pipeline; exit 0 when committed (or would commit with --dry-run), 2 when refused."""
    try:
        return _run(args)
    except UserError:
        raise
    except Exception:  # noqa: BLE001 - the contract is: never a traceback; the bug's traceback goes to the log file
        ref = logs.unexpected(log, f"ingesting {args.file}")
        msg = t("ingest.internal_error", args.lang, detail=t("errors.log_ref", args.lang, ref=ref))
        if args.json:
            print_json(_payload(None, args.file, [Issue("error", None, None, None, msg, "internal")], None))
        else:
            print(msg, file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise UserError("ingest.file_missing", path=args.file)
    mapping = parse_mapping(args.map, args.mapping_file)
    with opened() as con:         # the store is not held while the file is read and checked (other processes use it)
        ensure_ready(con)
        catalog = catalog_from_db(con)
        steer, lookup = _recipes(con, args)
    res = ingest_isolated(path.read_bytes(), path.name, catalog, sheet=args.sheet, mapping=mapping,
                          limits=upload_limits(), lang=args.lang, steer=steer, recipe_for=lookup)
    with opened() as con:
        summary, message = _preview_and_commit(con, args, res, mapping, catalog)
    if args.json:
        print_json(_payload(res, args.file, res.issues, summary, message))
    else:
        _print_text(res, summary, message, args.lang)
    return 0 if res.status == "ok" else 2


def _preview_and_commit(con: duckdb.DuckDBPyConnection, args: argparse.Namespace, res: IngestResult,
                        mapping: dict[str, str], catalog: Catalog) -> tuple[dict, str | None]:
    """The counts a commit would make and, unless refused or a dry run, the commit; its message."""
    summary = upload.preview(con, res)[1] if res.status == "ok" else {"new": 0, "changed": 0, "unchanged": 0}
    if res.status == "ok" and res.warnings and not args.confirm_warnings and not args.dry_run:
        res.issues.append(Issue("error", None, None, None,
                                t("ingest.commit_warnings", args.lang, n=len(res.warnings)), "unconfirmed"))
        res.status = "refused"
    message = None
    if res.status == "ok" and not args.dry_run:
        committed = upload.commit(con, actions.shell(args.user), res, confirm_warnings=True,
                                  aliases=_aliases(mapping, catalog))
        duplicate = upload.duplicate_note(committed)
        message = duplicate.text(args.lang) if duplicate else t(
            "ingest.committed", args.lang, batch=committed.batch_id, new=committed.n_new,
            changed=committed.n_changed, unchanged=committed.n_unchanged)
    elif res.status == "ok":
        message = t("ingest.would_commit", args.lang, **summary)
    return summary, message


def _recipes(con, args: argparse.Namespace) -> tuple[Steer | None, Callable | None]:
    """The recipe named by --recipe (refused when unknown), else every active recipe by layout (unless
    --no-recipe): what ingest applies."""
    if args.recipe:
        found = recipes.recipe_named(con, args.recipe)
        if found is None:
            raise UserError("upload.recipe_unknown", recipe=args.recipe)
        steer = Steer.from_json(found.steer)
        return None, functools.partial(_always, (found.id, found.name, steer))
    if args.no_recipe:
        return None, None
    active = {r.fingerprint: (r.id, r.name, Steer.from_json(r.steer)) for r in recipes.list_recipes(con)}
    return None, active.get


def _always(recipe: tuple, _fingerprint: str) -> tuple:
    """The one recipe --recipe names, whatever the layout (a function, so it travels to the worker process)."""
    return recipe


def _aliases(mapping: dict[str, str], catalog: Catalog) -> dict[str, str]:
    """The analyst's mappings as label → indicator id, saved with the batch so the next upload maps by itself."""
    found = {label: catalog.find_indicator(target) for label, target in mapping.items()}
    return {label: ind.id for label, ind in found.items() if ind is not None}


def _payload(res: IngestResult | None, file: str, issues: list[Issue], summary: dict | None,
             message: str | None = None) -> dict:
    obs = res.observations if res is not None else None
    rows = [] if obs is None else obs[list(OBS_KEYS)].rename(columns=OBS_KEYS).astype(object).where(
        obs[list(OBS_KEYS)].notna().to_numpy(), None).to_dict(orient="records")
    return {
        "status": "ok" if res is not None and res.status == "ok" else "refused",
        "file": file, "encoding": res.encoding if res else None, "sheets": res.sheets if res else [],
        "layout": res.layout if res else "", "sha256": res.sha256 if res else None,
        "observations": rows,
        "issues": [i.as_dict() for i in issues],
        "unknown_labels": res.unknown_labels if res else [],
        "summary": summary or {"new": 0, "changed": 0, "unchanged": 0},
        "message": message,
        "unknown_regions": res.unknown_regions if res else [],
        "notes": res.notes if res else [],
        "context": _context(res) if res else [],
        "fingerprint": res.fingerprint if res else None,
        "recipe": {"id": res.recipe[0], "name": res.recipe[1]} if res and res.recipe else None,
    }


def _context(res: IngestResult) -> list[dict]:
    """What each table took from its surroundings (title, meta lines, sheet or file name): what, value, where."""
    return [{"sheet": sheet, "what": what, "value": value, "where": where}
            for sheet, readings in res.readings.items() for r in readings for what, value, where in r.used]


def _print_text(res: IngestResult, summary: dict, message: str | None, lang: str) -> None:
    print(f"{res.file}: {res.status}  layout={res.layout or '-'}  sheets={','.join(res.sheets) or '-'}  "
          f"encoding={res.encoding or '-'}  figures={len(res.observations)}")
    for i in res.issues:
        where = f"{i.sheet or ''}!{i.column or ''}{i.row or ''}".strip("!")
        print(f"  [{i.level}] {where}  {i.message}")
    if message:
        print(message)
    elif res.status != "ok":
        print(t("ingest.refused", lang, n=len(res.errors)), file=sys.stderr)
