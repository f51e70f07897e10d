"""Upload and history pages on a 100k-row file: the display work around the pipeline, ours vs the naive way.

    .venv/bin/python -m bench.upload_view [ROWS]

Prints seconds (median of 3) and ratios: preview table (vectorised labels vs per-row lookups), a batch's changes
(sub-queries DuckDB decorrelates vs windowing the
current_observation view), and building the two templates.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from indicators import actions
from indicators import templates as T
from indicators.actions import upload
from indicators.actions.upload import preview
from indicators.i18n import t
from indicators.ingest import ingest
from indicators.store import connect
from indicators.store.catalog_sync import catalog_from_db
from indicators.store.seed import ensure_ready
from indicators.web.history_view import _CHANGES, batch_changes
from indicators.web.upload_view import number_text, preview_table

VIA_VIEW = """
WITH b AS (SELECT * FROM observation WHERE batch_id = ?),
prev AS (
    SELECT p.indicator_id, p.region_code, p.period, p.measure, p.value AS previous
    FROM observation p JOIN batch pb ON pb.id = p.batch_id
    SEMI JOIN b ON b.indicator_id = p.indicator_id AND b.region_code = p.region_code
                AND b.period = p.period AND b.measure = p.measure
    WHERE pb.status = 'committed' AND p.batch_id < ?
    QUALIFY row_number() OVER (PARTITION BY p.indicator_id, p.region_code, p.period, p.measure
                               ORDER BY p.batch_id DESC, p.row_no DESC) = 1),
cur AS (SELECT row_no FROM current_observation WHERE batch_id = ?)
SELECT b.*, prev.previous, b.row_no IN (SELECT row_no FROM cur) AS is_current
FROM b LEFT JOIN prev USING (indicator_id, region_code, period, measure) ORDER BY b.row_no
"""


def timed(fn: Callable[[], object], runs: int = 3) -> float:
    """Median seconds of fn over runs."""
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return statistics.median(out)


def csv_bytes(catalog, rows: int, bump: float = 0.0) -> bytes:
    """A long-layout CSV of `rows` distinct monthly figures (counts without parts or ratios, subdistricts).

    Stand-alone indicators and sibling regions only, so the consistency checks have nothing to say.
    """
    linked = {x for i in catalog.indicators.values() for x in (i.parent, i.numerator, i.denominator) if x}
    keys = [(i.name_zh, r.name_zh) for i in catalog.indicators.values()
            if i.kind == "count" and not i.parent and i.id not in linked
            for r in catalog.regions.values() if r.level == "subdistrict"]
    months = [f"{y}年{m}月" for y in range(1900, 2100) for m in range(1, 13)]
    lines = ["指标,地区,期间,数值"]
    for n in range(rows):
        ind, reg = keys[n % len(keys)]
        lines.append(f"{ind},{reg},{months[n // len(keys)]},{(n % 997) + bump}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def naive_preview_table(diff: pd.DataFrame, catalog, lang: str) -> pd.DataFrame:
    """The same table built row by row."""
    rows = []
    for r in diff.itertuples():
        ind = catalog.indicators.get(r.indicator_id)
        reg = catalog.regions.get(r.region_code)
        rows.append({"indicator": ind.name(lang) if ind else r.indicator_id,
                     "region": reg.name(lang) if reg else r.region_code, "period": r.period,
                     "measure": t(f"pages.measure_{r.measure}", lang), "previous": number_text(r.old_value),
                     "value": r.value, "unit": ind.unit if ind else "", "status": t(f"upload.{r.status}", lang)})
    return pd.DataFrame(rows)


def main(rows: int = 100_000) -> None:
    """Run and print the table."""
    with tempfile.TemporaryDirectory() as tmp:
        con = connect(Path(tmp) / "bench.duckdb")
        ensure_ready(con)
        cat = catalog_from_db(con)
        first = ingest(csv_bytes(cat, rows), "first.csv", cat)
        upload.commit(con, actions.shell("bench"), first)
        second = ingest(csv_bytes(cat, rows, bump=0.5), "second.csv", cat)
        diff, counts = preview(con, second)
        batch = upload.commit(con, actions.shell("bench"), second).batch_id
        results = [
            ("ingest (pipeline, for scale)", timed(lambda: ingest(csv_bytes(cat, rows, 0.5), "x.csv", cat), 1), None),
            ("preview() diff against the store", timed(lambda: preview(con, second)), None),
            ("preview table", timed(lambda: preview_table(diff, cat, "zh", True)),
             timed(lambda: naive_preview_table(diff, cat, "zh"), 1)),
            ("batch changes SQL, all rows", timed(lambda: con.execute(_CHANGES, [batch, rows]).df()),
             timed(lambda: con.execute(VIA_VIEW, [batch, batch, batch]).df())),
            ("batch changes table, all rows", timed(lambda: batch_changes(con, batch, "zh", rows)), None),
            ("batch changes table, rows shown", timed(lambda: batch_changes(con, batch, "zh")), None),
            ("long template", timed(lambda: T.long_template(cat)), None),
            ("wide template", timed(lambda: T.wide_template(cat)), None),
        ]
        print(f"rows: {rows:,}  preview counts: {counts}")
        print(f"{'case':36} {'ours s':>9} {'naive s':>9} {'ratio':>7}")
        for label, ours, naive in results:
            ratio = f"{naive / ours:6.1f}x" if naive else ""
            naive_s = f"{naive:9.3f}" if naive else ""
            print(f"{label:36} {ours:9.3f} {naive_s:>9} {ratio:>7}")
        con.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
