"""init, list and show."""

from __future__ import annotations

import argparse
import time

from ..errors import Named, UserError
from ..figures import IndicatorFigure, figures
from ..i18n import t
from ..periods import parse_period
from ..store import connect
from ..store.queries import current
from ..store.seed import ensure_ready
from .common import LANG, open_ready, print_json


def register(sub: argparse._SubParsersAction) -> None:
    """Add init, list and show."""
    p = sub.add_parser("init", parents=[LANG], help="create / migrate / seed the database (idempotent)")
    p.set_defaults(func=cmd_init)
    p = sub.add_parser("list", parents=[LANG], help="every current observation")
    p.add_argument("--period")
    p.add_argument("--region")
    p.add_argument("--domain")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = sub.add_parser("show", parents=[LANG], help="one indicator's figure with change and sentence")
    p.add_argument("indicator", help="id, Chinese name or alias")
    p.add_argument("--period", required=True)
    p.add_argument("--region")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)


def cmd_init(args: argparse.Namespace) -> int:
    """Create, migrate and seed; report what changed."""
    t0 = time.perf_counter()
    report = ensure_ready(connect())
    took = time.perf_counter() - t0
    if report.changed:
        print(t("cli.db_ready", args.lang, migrations=report.migrations or "-", seconds=f"{took:.2f}",
                catalogue=t("cli.synced" if report.catalog_synced else "cli.unchanged", args.lang),
                seed=report.seed_batch or "-"))
    else:
        print(t("cli.db_up_to_date", args.lang, seconds=f"{took:.2f}"))
    return 0


LIST_KEYS = ["indicator", "name_zh", "name_en", "domain", "region", "period", "measure", "value", "unit",
             "qualifier", "origin", "source"]


def cmd_list(args: argparse.Namespace) -> int:
    """Print every current observation, filtered."""
    con, cat = open_ready()
    if args.period:
        parse_period(args.period)
    if args.domain and args.domain not in cat.domains:
        raise UserError("errors.unknown_domain_of", text=args.domain, known=", ".join(cat.domains))
    region = cat.region(args.region).code if args.region else None
    df = current(con, period=args.period, regions=region, domain=args.domain)
    rows = df[LIST_KEYS].to_dict(orient="records")
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['indicator']:<36} {r['region']:<12} {r['period']:<10} {r['measure']:<8} "
                  f"{r['value']:>12g} {r['unit']}")
    return 0


def figure_dict(f: IndicatorFigure) -> dict:
    """The JSON object of `show`."""
    cur, prev = f.current, f.previous
    rec = {k: {"reported": r.reported, "computed": r.computed, "agrees": r.agrees}
           for k, r in f.reconciliations.items()}
    return {
        "indicator": f.indicator.id, "name_zh": f.indicator.name_zh, "name_en": f.indicator.name_en,
        "period": f.period.code, "region": f.region.code, "region_zh": f.region.name_zh,
        "value": cur.value if cur else None, "unit": f.indicator.unit,
        "qualifier": cur.qualifier if cur else None,
        "previous_period": f.compare.code, "previous_value": prev.value if prev else None,
        "previous_origin": prev.origin if prev else None,
        "yoy_pct": f.change if f.change_unit == "pct" else None,
        "yoy_pp": f.change if f.change_unit == "pp" else None, "change_origin": f.change_origin,
        "significant": f.computed_change.significant if f.computed_change else None,
        "rank": int(f.rank.value) if f.rank else None, "rank_period": f.rank.period if f.rank else None,
        "assessment": f.assessment, "sentence_zh": f.sentence("zh"), "sentence_en": f.sentence("en"),
        "origin": cur.origin if cur else (f.reported_change.origin if f.reported_change else None),
        "source": (cur or f.reported_change or f.rank).source if f.has_data else None,
        "derivation": cur.derivation if cur else None,
        "computed_value": f.computed_value, "reconciliation": rec,
    }


def cmd_show(args: argparse.Namespace) -> int:
    """Print one indicator's figure."""
    con, cat = open_ready()
    ind = cat.indicator(args.indicator)
    if not ind.active:
        raise UserError("catalogue.retired_show", name=Named(ind.name_zh, ind.name_en), id=ind.id)
    period = parse_period(args.period).code
    region = cat.region(args.region) if args.region else cat.default_region()
    f = figures(con, cat, period, region.code, indicators=[ind.id])[0]
    if args.json:
        print_json(figure_dict(f))
    else:
        print(f.sentence(args.lang))
    return 0 if f.has_data else 2
