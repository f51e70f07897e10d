"""`catalogue list|show|retire|restore|merge`: the catalogue page's actions from the command line."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import asdict

from .. import actions
from ..actions import catalogue
from ..catalog import Catalog
from ..i18n import t
from ..store.queries import data_counts
from .common import LANG, open_ready, print_json, safe


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `catalogue` command and its sub-commands."""
    cat = sub.add_parser("catalogue", help="list, show, retire, restore and merge indicators")
    cmds = cat.add_subparsers(dest="catalogue_command", required=True)
    p = cmds.add_parser("list", parents=[LANG], help="every indicator with its status and current figures")
    p.add_argument("--status", choices=("active", "retired", "merged", "all"), default="all")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = cmds.add_parser("show", parents=[LANG], help="one indicator's fields and aliases")
    p.add_argument("indicator", help="id (a retired or merged one too), name or alias")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)
    for name, func, text in (("retire", cmd_retire, "hide an indicator (its data stay; it can be restored)"),
                             ("restore", cmd_restore, "bring back a retired indicator, or undo a merge")):
        p = cmds.add_parser(name, parents=[LANG], help=text)
        p.add_argument("indicator", help="id")
        p.add_argument("--user", help="name recorded in the audit (default INDICATORS_USER, else cli:<login>)")
        p.set_defaults(func=func)
    p = cmds.add_parser("merge", parents=[LANG], help="merge an indicator into another (one batch; can be undone)")
    p.add_argument("indicator", help="id of the indicator to merge")
    p.add_argument("--into", required=True, help="id of the indicator that stays")
    p.add_argument("--dry-run", action="store_true", help="only say what the merge would copy")
    p.add_argument("--user")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_merge)


def _ident(cat, text: str) -> str:
    """An id from an id, name or alias (retired and merged indicators too)."""
    return cat.indicator(text).id


def cmd_list(args: argparse.Namespace) -> int:
    """Print every indicator: id, status, unit, current figures, name."""
    con, cat = open_ready()
    counts = data_counts(con)
    rows = [{"id": i.id, "status": i.status, "merged_into": i.merged_into, "origin": i.origin, "domain": i.domain,
             "unit": i.unit, "kind": i.kind, "current_figures": counts.get(i.id, (0, 0))[0], "name_zh": i.name_zh,
             "name_en": i.name_en} for i in cat.with_retired().indicators.values()
            if args.status in ("all", i.status)]
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        name = r["name_zh"] if args.lang == "zh" else r["name_en"]
        print(safe(f"{r['id']:<36} {r['status']:<8} {r['unit']:<5} {r['current_figures']:>7} {name}"))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Print one indicator's fields (JSON: every field, aliases included)."""
    _, cat = open_ready()
    ind = cat.indicator(args.indicator)
    fields = asdict(ind)
    if args.json:
        print_json(fields)
        return 0
    for key, value in fields.items():
        label = t(f"catalogue.field_{key}", args.lang)
        print(safe(f"{label}: {_field_text(key, value, cat, args.lang)}"))
    return 0


# Fields whose stored value is a key: shown in words (the JSON output keeps the key).
_WORDS = {"kind": "pages.kind_{}", "polarity": "pages.polarity_{}", "frequency": "pages.freq_{}",
          "origin": "catalogue.origin_{}", "status": "catalogue.status_{}"}


def _field_text(key: str, value: object, cat: Catalog, lang: str) -> str:
    """A field's value for a reader: keys in words, domain and references by name and id, aliases joined."""
    every = cat.with_retired().indicators
    if value is None:
        return ""
    if isinstance(value, tuple):
        return "|".join(value)
    if key == "domain" and value in cat.domains:
        return f"{cat.domains[value].name(lang)} ({value})"
    if key in ("numerator", "denominator", "parent", "merged_into") and value in every:
        return f"{every[value].name(lang)} ({value})"
    if key == "status" and value == "merged":
        return t("catalogue.filter_merged", lang)
    if key in _WORDS:
        text = t(_WORDS[key].format(value), lang)
        return str(value) if text == _WORDS[key].format(value) else text
    return str(value)


def _on_one(args: argparse.Namespace, action: Callable, done: str) -> int:
    """Run an action on the one indicator named by the command, and say so."""
    con, cat = open_ready()
    ident = _ident(cat, args.indicator)
    action(con, actions.shell(args.user), ident)
    print(t(done, args.lang, id=ident))
    return 0


def cmd_retire(args: argparse.Namespace) -> int:
    """Retire an indicator."""
    return _on_one(args, catalogue.retire_indicator, "cli.indicator_retired")


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore a retired or merged indicator."""
    return _on_one(args, catalogue.restore_indicator, "cli.indicator_restored")


def cmd_merge(args: argparse.Namespace) -> int:
    """Merge an indicator into another (or, with --dry-run, say what would move)."""
    con, cat = open_ready()
    ident, into = _ident(cat, args.indicator), _ident(cat, args.into)
    plan = (catalogue.merge_plan(con, ident, into) if args.dry_run
            else catalogue.merge_indicator(con, actions.shell(args.user), ident, into))
    summary = {"id": ident, "into": into, "copied": len(plan.copy), "same": plan.same, "kept": len(plan.conflicts),
               "dry_run": args.dry_run}
    if args.json:
        print_json(summary)
    else:
        key = "cli.merge_would" if args.dry_run else "cli.merged"
        print(t(key, args.lang, id=ident, into=into, copied=len(plan.copy), same=plan.same, kept=len(plan.conflicts)))
    return 0
