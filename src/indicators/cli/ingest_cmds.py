"""`ingest FILE`: read, check, preview and commit an upload from the shell; JSON contract for scripts."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from ..errors import UserError
from ..i18n import t
from ..ingest import IngestResult, Issue, commit_upload, duplicate_message, ingest, preview, upload_limits
from ..store import transaction
from ..store.catalog_sync import add_alias
from .common import open_ready, print_json

OBS_KEYS = {"indicator_id": "indicator", "indicator_text": "indicator_text", "region_code": "region",
            "region_text": "region_text", "period": "period", "measure": "measure", "value": "value",
            "qualifier": "qualifier", "unit": "unit", "source": "source"}


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ingest command."""
    p = sub.add_parser("ingest", help="check and load a spreadsheet or CSV file (exit 0 committed, 2 refused)")
    p.add_argument("file")
    p.add_argument("--sheet", help="read only this sheet")
    p.add_argument("--dry-run", action="store_true", help="check and preview, write nothing")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--map", action="append", default=[], metavar="LABEL=INDICATOR",
                   help="map an unknown header text to an indicator id (saved as an alias unless --dry-run)")
    p.add_argument("--mapping-file", help="file of 'LABEL=INDICATOR' lines (UTF-8)")
    p.add_argument("--user", help="name recorded on the batch (default cli:<login>)")
    p.add_argument("--confirm-warnings", action="store_true", help="commit even when there are warnings")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.set_defaults(func=cmd_ingest)


def cli_user(name: str | None) -> str:
    """The name recorded on the batch: --user, else cli:<OS login> (shell access already means file access)."""
    if name:
        return name
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "unknown"
    return f"cli:{login}"


def parse_mapping(pairs: list[str], mapping_file: str | None, lang: str) -> dict[str, str]:
    """LABEL=INDICATOR pairs from flags and a mapping file (blank lines and # comments ignored)."""
    lines = [(0, p) for p in pairs]
    if mapping_file:
        path = Path(mapping_file)
        if not path.is_file():
            raise UserError(t("ingest.file_missing", lang, path=mapping_file))
        text = path.read_text(encoding="utf-8-sig")
        lines += [(n, ln) for n, ln in enumerate(text.splitlines(), start=1)
                  if ln.strip() and not ln.lstrip().startswith("#")]
    out = {}
    for n, line in lines:
        label, sep, target = line.rpartition("=")
        if not sep or not label.strip() or not target.strip():
            raise UserError(t("ingest.mapping_file_bad", lang, row=n or line))
        out[label.strip()] = target.strip()
    return out


def cmd_ingest(args: argparse.Namespace) -> int:
    """Run the pipeline; exit 0 when committed (or would commit with --dry-run), 2 when refused."""
    try:
        return _run(args)
    except UserError:
        raise
    except Exception as e:  # noqa: BLE001 - the contract is: never a traceback
        msg = t("ingest.internal_error", args.lang, detail=f"{type(e).__name__}: {str(e)[:100]}")
        if args.json:
            print_json(_payload(None, args.file, [Issue("error", None, None, None, msg, "internal")], None))
        else:
            print(msg, file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise UserError(t("ingest.file_missing", args.lang, path=args.file))
    mapping = parse_mapping(args.map, args.mapping_file, args.lang)
    con, catalog = open_ready()
    res = ingest(path.read_bytes(), path.name, catalog, sheet=args.sheet, mapping=mapping, limits=upload_limits(),
                 lang=args.lang)
    summary = preview(con, res)[1] if res.status == "ok" else {"new": 0, "changed": 0, "unchanged": 0}
    if res.status == "ok" and res.warnings and not args.confirm_warnings and not args.dry_run:
        res.issues.append(Issue("error", None, None, None,
                                t("ingest.commit_warnings", args.lang, n=len(res.warnings)), "unconfirmed"))
        res.status = "refused"
    message = None
    if res.status == "ok" and not args.dry_run:
        user = cli_user(args.user)
        committed = commit_upload(con, res, user, confirm_warnings=True, role_check=False, lang=args.lang)
        _save_aliases(con, mapping, catalog, res, user)
        message = duplicate_message(committed, args.lang) or t(
            "ingest.committed", args.lang, batch=committed.batch_id, new=committed.n_new,
            changed=committed.n_changed, unchanged=committed.n_unchanged)
    elif res.status == "ok":
        message = t("ingest.would_commit", args.lang, **summary)
    if args.json:
        print_json(_payload(res, args.file, res.issues, summary, message))
    else:
        _print_text(res, summary, message, args.lang)
    return 0 if res.status == "ok" else 2


def _save_aliases(con, mapping: dict[str, str], catalog, res: IngestResult, user: str) -> None:
    """Remember the analyst's mappings so the next upload of the same layout maps by itself."""
    if not mapping:
        return
    with transaction(con):
        for label, target in mapping.items():
            ind = catalog.find_indicator(target)
            if ind is not None:
                add_alias(con, label, ind.id, user)


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
        "issues": [{k: v for k, v in i.as_dict().items() if k != "code"} for i in issues],
        "unknown_labels": res.unknown_labels if res else [],
        "summary": summary or {"new": 0, "changed": 0, "unchanged": 0},
        "message": message,
    }


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
