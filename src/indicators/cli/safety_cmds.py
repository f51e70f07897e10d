"""index, warnings, publish and demo: the 平安指数 and 风险预警 on the command line."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from .. import actions
from ..actions import safety as safety_actions
from ..catalog import LEVELS, Catalog
from ..errors import UserError
from ..i18n import t
from ..periods import parse_period
from ..safety import early_warning as ew
from ..safety import snapshots as pub
from ..safety.index import IndexResult, compute_index, index_period
from ..safety.index_file import load_index
from ..safety.text import warning_reason
from .common import LANG, open_ready, print_json

WARNING_LEVELS = ("orange", "red")


def register(sub: argparse._SubParsersAction) -> None:
    """Add index, warnings, publish and demo."""
    p = sub.add_parser("index", parents=[LANG],
                       help="平安指数 of every region for a period (published version when there is one)")
    p.add_argument("--period", required=True, help="month 2021-06, quarter 2021Q2, half 2021H1 or year 2021, or as "
                                                   "written: 2021年6月, 2021年上半年, 2021年1-6月 (= 2021H1)")
    p.add_argument("--level", help=f"one of {', '.join(LEVELS)}")
    p.add_argument("--region", help="code or name: only this region (its rank is still among its level)")
    p.add_argument("--live", action="store_true", help="compute from the current data even when published")
    p.add_argument("--version", type=int, help="a published version of the period")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_index)
    p = sub.add_parser("warnings", parents=[LANG], help="风险预警 of a month: counts above their expected range")
    p.add_argument("--period", required=True, help="month, e.g. 2021-06")
    p.add_argument("--level", help=f"region level ({', '.join(LEVELS)}) or warning level (orange, red)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_warnings)
    p = sub.add_parser("publish", parents=[LANG], help="publish a period's 平安指数 (a new version; audited)")
    p.add_argument("--period", required=True)
    p.add_argument("--user", help="name recorded as publisher (default cli:<OS login>)")
    p.add_argument("--note", default="")
    p.set_defaults(func=cmd_publish)
    p = sub.add_parser("demo", parents=[LANG], help="create the demo database of synthetic figures (示例数据)")
    p.add_argument("--db", type=Path, help="database file (default data/demo.duckdb)")
    p.add_argument("--seed", type=int)
    p.set_defaults(func=cmd_demo)


def _num(x: object, digits: int) -> float | None:
    if x is None:
        return None
    f = float(x)
    return None if math.isnan(f) else round(f, digits)


def index_rows(result: IndexResult) -> list[dict]:
    """The JSON objects of `index`."""
    comps = result.components.groupby("region", sort=False)
    out = []
    for r in result.regions.itertuples(index=False):
        parts = comps.get_group(r.region) if r.region in comps.groups else result.components.iloc[:0]
        scored = not math.isnan(r.score)
        out.append({
            "region": r.region, "region_zh": r.region_zh, "level": r.level, "period": r.period,
            "score": _num(r.score, 2), "grade": r.grade, "coverage": _num(r.coverage, 4),
            "rank": int(r.rank) if scored else None, "previous_score": _num(r.previous_score, 2),
            "components": [{"indicator": c.indicator, "weight": _num(c.weight, 4) if scored else None,
                            "score": _num(c.score, 2), "contribution": _num(c.contribution, 4) if scored else None}
                           for c in parts.itertuples(index=False)]})
    return out


def _result(con, cat: Catalog, args: argparse.Namespace) -> IndexResult:
    spec = load_index(cat)
    period = index_period(args.period)             # 2021年1-6月 and 2021YTD06 are 2021H1, as published
    if args.live:
        return compute_index(con, cat, spec, period.code)
    pubs = pub.publications(con, period.code)
    if args.version is not None:
        chosen = [p for p in pubs if p.version == args.version]
        if not chosen:
            raise UserError("errors.index_no_version", period=period.named(), version=args.version)
        return pub.published_result(con, chosen[0])
    if pubs:
        print(t("cli.index_published", args.lang, version=pubs[-1].version, by=pubs[-1].published_by,
                at=f"{pubs[-1].published_at:%Y-%m-%d %H:%M}"), file=sys.stderr)
        return pub.published_result(con, pubs[-1])
    return compute_index(con, cat, spec, period.code)


def cmd_index(args: argparse.Namespace) -> int:
    """Print the index of every region (or a level, or one region)."""
    if args.level and args.level not in LEVELS:
        raise UserError("errors.unknown_level", level=args.level, known=", ".join(LEVELS))
    con, cat = open_ready()
    result = _result(con, cat, args)
    rows = result.regions
    if args.level:
        rows = rows[rows["level"] == args.level]
    if args.region:
        code = cat.region(args.region).code
        rows = rows[rows["region"] == code]
        if rows.empty:
            raise UserError("errors.index_no_region_data", region=args.region,
                            period=parse_period(result.period).named())
    result = IndexResult(result.period, result.previous, rows, result.components, result.domains)
    data = index_rows(result)
    if args.json:
        print_json(data)
    else:
        for d in data:
            score = f"{d['score']:.1f}" if d["score"] is not None else t("safety.insufficient", args.lang)
            print(f"{d['region_zh']:<14} {d['level']:<12} {score:>8} {d['grade']:<12} rank {d['rank'] or '-'}"
                  f"  coverage {d['coverage']:.0%}")
    return 0


def cmd_warnings(args: argparse.Namespace) -> int:
    """Print the month's warnings (red first)."""
    con, cat = open_ready()
    if args.level and args.level not in LEVELS and args.level not in WARNING_LEVELS:
        raise UserError("errors.unknown_level", level=args.level, known=", ".join(LEVELS + WARNING_LEVELS))
    found = ew.compute_warnings(con, cat, args.period)
    if args.level in WARNING_LEVELS:
        found = found[found["severity"] == args.level]
    elif args.level:
        found = found[found["region_level"] == args.level]
    rows = [{"indicator": w.indicator, "region": w.region, "region_zh": w.region_zh, "period": w.period,
             "value": _num(w.value, 2), "expected": _num(w.expected, 2), "limit": _num(w.limit, 2),
             "level": w.severity, "rule": w.rule, "reason_zh": warning_reason(w, cat, "zh")}
            for w in found.itertuples(index=False)]
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"[{r['level']}] {r['reason_zh']}")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """Publish the period's scores as a new version (the shell policy: --user, else cli:<OS login>)."""
    con, cat = open_ready()
    actor = actions.shell(args.user)
    p = safety_actions.publish(con, actor, cat, load_index(cat), args.period, note=args.note)
    print(t("cli.index_publish_done", args.lang, period=parse_period(p.period).label(args.lang), version=p.version,
            by=actor.name))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Create the demo database and say how to start the app on it."""
    from ..demo.build import DEFAULT_SEED, build_demo
    from ..paths import data_dir

    path = args.db or data_dir() / "demo.duckdb"
    info = build_demo(path, actions.shell(), args.seed if args.seed is not None else DEFAULT_SEED)
    print(t("cli.demo_written", args.lang, path=str(info["path"]), rows=f"{info['rows']:,}", first=info["years"][0],
            last=info["years"][1], regions=info["regions"]))
    print(t("cli.demo_start", args.lang, command=f"INDICATORS_DB={info['path']} bash scripts/start.sh"))
    return 0
