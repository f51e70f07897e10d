"""Score the reader on the corpus: share of expected figures found and extra figures, per family and overall.

    .venv/bin/python tests/ingest/corpus/score.py [-v] [--tag TAG | --not-tag TAG[,TAG…]]

-v prints each failing file's diff; --tag holdout scores only the files tagged holdout (the hold-out set),
--tag holdout2 the second hold-out set, --not-tag holdout,holdout2 only the others (the first corpus); --not-tag
takes a comma-separated list of tags.
"""

from __future__ import annotations

import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
if __package__ in (None, ""):
    sys.path[:0] = [str(REPO), str(REPO / "src")]
    __package__ = "tests.ingest.corpus"

from .match import compare, expectation_files, load, read, report  # noqa: E402


def seeded_catalog():
    """The catalogue of a freshly seeded database, as the tests' `catalog` fixture gives it."""
    from indicators.store import connect
    from indicators.store.catalog_sync import catalog_from_db
    from indicators.store.seed import ensure_ready

    with tempfile.TemporaryDirectory() as tmp:
        con = connect(Path(tmp) / "score.duckdb")
        ensure_ready(con)
        cat = catalog_from_db(con)
        con.close()
    return cat


def selected(exp: dict, tag: str | None, not_tag: str | None) -> bool:
    """Whether an expectation is scored under --tag / --not-tag (a comma-separated list of tags)."""
    tags = exp.get("tags", [])
    return (tag is None or tag in tags) and (not_tag is None or not set(not_tag.split(",")) & set(tags))


def main(verbose: bool, tag: str | None = None, not_tag: str | None = None) -> None:
    """Print the table."""
    catalog = seeded_catalog()
    outcomes = []
    for path in expectation_files():
        exp = load(path)
        if not selected(exp, tag, not_tag):
            continue
        res, codes = read(exp, catalog)
        out = compare(exp, res, codes)
        outcomes.append(out)
        if verbose and not out.ok:
            print(report(out, limit=12), end="\n\n")
    groups: dict[str, list] = defaultdict(list)
    for out in outcomes:
        for fam in out.family:
            groups[fam].append(out)
        if "fault" in out.tags:
            groups["(faulty files)"].append(out)
        for tag in out.tags:
            if tag.split("-")[0] in ("xlsx", "xls", "csv", "txt"):
                groups[f"[{tag}]"].append(out)
    groups = dict(sorted(groups.items(), key=lambda kv: (kv[0].startswith(("(", "[")), kv[0])))
    groups["OVERALL"] = outcomes
    print(f"{'family / tag':<20}{'files':>6}{'pass':>6}{'figures':>9}{'found':>8}{'share':>8}{'extra':>7}"
          f"{'issues missed':>15}{'unexp. errors':>15}")
    for name, outs in groups.items():
        exp_n = sum(o.expected for o in outs)
        found = sum(o.found for o in outs)
        print(f"{name:<20}{len(outs):>6}{sum(o.ok for o in outs):>6}{exp_n:>9}{found:>8}"
              f"{found / exp_n:>8.1%}{sum(len(o.extra) for o in outs):>7}"
              f"{sum(len(o.missing_issues) for o in outs):>15}{sum(bool(o.unexpected_errors) for o in outs):>15}")


def _option(name: str) -> str | None:
    """The value after a command-line option, or None."""
    args = sys.argv[1:]
    if name not in args:
        return None
    k = args.index(name)
    if k + 1 >= len(args):
        raise SystemExit(f"{name} needs a value, e.g. {name} holdout")
    return args[k + 1]


if __name__ == "__main__":
    main("-v" in sys.argv, _option("--tag"), _option("--not-tag"))
