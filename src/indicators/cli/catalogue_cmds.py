"""`catalogue list|show|edit|alias|retire|restore|merge`: the catalogue page's actions from the command line."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import asdict

from .. import actions
from ..actions import catalogue
from ..actions.catalogue import TEXT_FIELDS, IndicatorSpec
from ..catalog import Catalog
from ..errors import UserError
from ..i18n import t
from ..store.catalog_sync import catalog_from_db
from ..store.queries import data_counts
from .common import LANG, open_ready, print_json, safe


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `catalogue` command and its sub-commands."""
    cat = sub.add_parser("catalogue", help="list, show, edit, retire, restore and merge indicators; add and remove "
                                           "aliases")
    cmds = cat.add_subparsers(dest="catalogue_command", required=True)
    p = cmds.add_parser("list", parents=[LANG], help="every indicator with its status and current figures")
    p.add_argument("--status", choices=("active", "retired", "merged", "all"), default="all")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = cmds.add_parser("show", parents=[LANG], help="one indicator's fields and aliases")
    p.add_argument("indicator", help="id (a retired or merged one too), name or alias")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)
    _register_edit(cmds)
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


def _register_edit(cmds: argparse._SubParsersAction) -> None:
    """`catalogue edit` (one option per field of the page's form) and `catalogue alias add|remove`."""
    p = cmds.add_parser("edit", parents=[LANG], help="change fields of an indicator (the page's edit form)",
                        description="Each option sets one field; an empty value clears an optional one. Checked "
                                    "by the same rules as the 指标目录 page.")
    p.add_argument("indicator", help="id, name or alias")
    for fld in TEXT_FIELDS:
        p.add_argument(f"--{fld.replace('_', '-')}", dest=fld, metavar="VALUE", help=_FIELD_HELP.get(fld))
    p.add_argument("--user", help="name recorded in the audit (default INDICATORS_USER, else cli:<login>)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_edit)
    alias = cmds.add_parser("alias", help="add or remove a header text that finds an indicator")
    verbs = alias.add_subparsers(dest="alias_command", required=True)
    for name, func in (("add", cmd_alias_add), ("remove", cmd_alias_remove)):
        p = verbs.add_parser(name, parents=[LANG], help=f"{name} an alias")
        p.add_argument("indicator", help="id, name or alias")
        p.add_argument("alias", help="the header text")
        p.add_argument("--user", help="name recorded in the audit (default INDICATORS_USER, else cli:<login>)")
        p.set_defaults(func=func)


_FIELD_HELP = {"domain": "a domain id (see data/domains.csv)", "kind": "count | rate | amount | index | rank",
               "polarity": "higher_better | lower_better | neutral",
               "frequency": "yearly | half-yearly | quarterly | monthly",
               **{f: "an indicator id; empty: none" for f in ("numerator", "denominator", "parent")},
               **{f: "a number; empty: none" for f in ("min_value", "max_value", "warn_above", "target")},
               "decimals": "0 to 6; empty: 2 for a rate, else 0", "target_year": "a year; empty: none"}


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


def cmd_edit(args: argparse.Namespace) -> int:
    """Change the fields given (the page's edit form: catalogue.update_indicator); print what changed."""
    texts = {f: getattr(args, f) for f in TEXT_FIELDS if getattr(args, f) is not None}
    if not texts:
        raise UserError("cli.edit_nothing")
    con, cat = open_ready()
    ind = cat.indicator(args.indicator)
    base = IndicatorSpec.of(ind)                # what was read: a field someone changed since is not undone
    changes = catalogue.update_indicator(con, actions.shell(args.user), ind.id, base.typed(texts), base)
    if args.json:
        print_json({"id": ind.id, "changes": {f: list(v) for f, v in changes.items()}})
        return 0
    if not changes:
        print(t("cli.indicator_unchanged", args.lang, id=ind.id))
        return 0
    print(t("cli.indicator_edited", args.lang, id=ind.id))
    after = catalog_from_db(con)
    for fld, (old, new) in changes.items():
        print(safe(t("cli.indicator_change", args.lang, field=t(f"catalogue.field_{fld}", args.lang),
                     old=_change_text(fld, old, cat, args.lang), new=_change_text(fld, new, after, args.lang))))
    return 0


def _change_text(key: str, value: object, cat: Catalog, lang: str) -> str:
    """An edited field's value for a reader: as `show` gives it, numbers without a trailing .0, none in words."""
    if value is None or value == "":
        return t("catalogue.none", lang)
    return f"{value:g}" if isinstance(value, float) else _field_text(key, value, cat, lang)


def cmd_alias_add(args: argparse.Namespace) -> int:
    """Add an alias (catalogue.add_alias: refused when empty, too long or naming another indicator)."""
    con, cat = open_ready()
    ident = _ident(cat, args.indicator)
    saved = catalogue.add_alias(con, actions.shell(args.user), ident, args.alias)
    print(safe(t("cli.alias_added", args.lang, id=ident, alias=saved)))
    return 0


def cmd_alias_remove(args: argparse.Namespace) -> int:
    """Remove an alias of an indicator (catalogue.remove_alias)."""
    con, cat = open_ready()
    ident = _ident(cat, args.indicator)
    catalogue.remove_alias(con, actions.shell(args.user), ident, args.alias)
    print(safe(t("cli.alias_removed", args.lang, id=ident, alias=args.alias)))
    return 0
