"""report: the briefing document (简报) for a period, region and optional domain, as .docx or .pdf."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .. import actions
from ..actions.report import briefing
from ..errors import UserError
from ..report import FORMATS, parse_request
from .common import open_ready


def register(sub: argparse._SubParsersAction) -> None:
    """Add the report command."""
    p = sub.add_parser("report", help="briefing document (简报) as Word (.docx) or PDF")
    p.add_argument("--period", required=True, help="e.g. 2024-06, 2022YTD06, 2021Q2, 2021 (or 2024年6月)")
    p.add_argument("--region", help="region code or name (default: the district)")
    p.add_argument("--domain", help="one domain only, id or name, e.g. public_security or 社会治安")
    p.add_argument("--compare", help="comparison period (default: the same period a year earlier)")
    p.add_argument("--format", dest="fmt", choices=list(FORMATS), help="docx or pdf (default: from --out, else docx)")
    p.add_argument("--out", required=True, help="FILE.docx, FILE.pdf, or a folder (named after region, "
                                                "subject and period)")
    p.add_argument("--lang", default="zh", choices=["zh", "en"])
    p.set_defaults(func=cmd_report)


def _target(out: str, fmt: str | None) -> tuple[Path | None, str]:
    """The output file (None: a folder, named by the report) and the format."""
    path = Path(out)
    if path.is_dir():
        return None, fmt or "docx"
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UserError("errors.report_out_suffix", out=out)
    if fmt and fmt != suffix:
        raise UserError("errors.report_format_clash", fmt=fmt, name=path.name)
    if not path.parent.is_dir():
        raise UserError("errors.report_no_folder", folder=str(path.parent))
    return path, suffix


def cmd_report(args: argparse.Namespace) -> int:
    """Check the request, build and audit the file, write it atomically, print one line with the time per step."""
    path, fmt = _target(args.out, args.fmt)
    con, cat = open_ready()
    request = parse_request(con, cat, period=args.period, region=args.region, domain=args.domain,
                            compare=args.compare, fmt=fmt, lang=args.lang)
    report = briefing(con, actions.shell(), cat, request, channel="cli")
    target = path or Path(args.out) / report.name
    part = target.with_name(target.name + ".part")
    part.write_bytes(report.data)
    os.replace(part, target)
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in report.timings.items())
    print(f"已生成 written {target} ({len(report.data) / 1024:.0f} KB; {steps})")
    if report.chart_problem:
        print(f"注意 note: {report.chart_problem}")
    return 0
