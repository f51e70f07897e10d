"""export: the filtered table to a formatted .xlsx or a UTF-8 (BOM) .csv, same code path as the web page."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .. import actions
from ..actions.export import table_file
from ..catalog import MEASURES
from ..errors import UserError
from ..explore import ALL_MEASURES, parse_filters
from ..export.query_export import FORMATS
from ..i18n import t
from ..periods import KINDS
from .common import LANG, open_ready


def register(sub: argparse._SubParsersAction) -> None:
    """Add the export command."""
    p = sub.add_parser("export", parents=[LANG], help="export filtered figures to .xlsx or .csv")
    p.add_argument("--out", required=True, help="FILE.xlsx or FILE.csv (a folder: the file is named for the filters)")
    p.add_argument("--domain", help="domain id or name, e.g. public_security or 社会治安")
    p.add_argument("--indicator", nargs="+", default=[], metavar="ID", help="ids, Chinese names or aliases")
    p.add_argument("--region", action="append", default=[], help="region code or name (repeatable)")
    p.add_argument("--subregions", action="store_true", help="include the regions below each --region")
    p.add_argument("--from", dest="period_from", help="first period, e.g. 2020 or 2020Q1")
    p.add_argument("--to", dest="period_to", help="last period, e.g. 2021")
    p.add_argument("--period-type", choices=KINDS, help="only periods of this type")
    p.add_argument("--measure", default="value", choices=[*MEASURES, ALL_MEASURES])
    p.set_defaults(func=cmd_export)


def _target(out: str) -> tuple[Path | None, str]:
    """The output path (None: a folder, the file is named after the filters) and the format."""
    path = Path(out)
    if path.is_dir():
        return None, "xlsx"
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UserError("errors.out_suffix", path=out)
    if not path.parent.is_dir():
        raise UserError("errors.out_folder", path=str(path.parent))
    return path, fmt


def cmd_export(args: argparse.Namespace) -> int:
    """Validate filters, build the file, write it atomically and print one summary line."""
    path, fmt = _target(args.out)
    con, cat = open_ready()
    filters = parse_filters(cat, domain=args.domain, indicators=args.indicator, regions=args.region,
                            period_from=args.period_from, period_to=args.period_to, period_kind=args.period_type,
                            measure=args.measure, include_subregions=args.subregions)
    result = table_file(con, actions.shell(), cat, filters, fmt, lang=args.lang, channel="cli")
    target = path or Path(args.out) / result.name
    part = target.with_name(target.name + ".part")
    part.write_bytes(result.data)
    os.replace(part, target)
    print(t("cli.exported", args.lang, n=result.rows, path=str(target)))
    return 0
