"""What reading the layout costs on office tables (issue #11: at most 50 ms on a typical 200-cell table).

    .venv/bin/python -m bench.layout_reading [--repeat 7]

For every file of the corpus (tests/ingest/corpus/files), the median CPU time of the whole ingest (read, context,
header, column and row roles, figures, checks) against the median CPU time of reading the file alone (the cells as
strings: what the reader gets before any layout work). The difference is what the layout reading adds. CPU time
(not wall time) so that other work on a shared machine does not inflate the figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "ingest" / "corpus" / "files"


def _catalog():
    from indicators.store import connect
    from indicators.store.catalog_sync import catalog_from_db
    from indicators.store.seed import ensure_ready

    con = connect(Path(tempfile.mkdtemp()) / "cat.duckdb")
    ensure_ready(con)
    cat = catalog_from_db(con)
    con.close()
    return cat


def _median(fn, repeat: int) -> float:
    fn()                                             # warm-up (imports, caches)
    times = []
    for _ in range(repeat):
        t0 = time.process_time()        # CPU time of this process: other work on the machine does not count
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def typical_report() -> bytes:
    """A typical monthly office table of 200 cells: merged title, 填报单位 line, 本月/累计 two-level header with
    同比, 序号 and 备注 columns, 其中 parts, a 合计 row and a footnote (20 rows × 10 columns)."""
    import io

    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("月报")
    ws.merge_range("A1:J1", "大鹏新区2024年9月社会治安主要指标统计表")
    ws.write_row(1, 0, ["填报单位：大鹏新区政法办", None, None, None, None, None, None, None, "单位：起、%"])
    ws.write_row(2, 0, ["序号", "指标", "本月", None, None, "1-9月累计", None, None, "备注"])
    ws.write_row(3, 2, ["本月数", "去年同期", "同比(%)", "累计数", "去年同期", "同比(%)"])
    labels = ["刑事警情", "其中：盗窃", "诈骗", "治安警情", "交通警情", "纠纷警情", "火警", "求助", "其他警情",
              "八类暴力案件", "两盗案件", "命案", "抢劫", "抢夺"]
    for k, label in enumerate(labels):
        now, before = 40 + 7 * k, 45 + 6 * k
        acc, acc_before = now * 9, before * 9
        ws.write_row(4 + k, 0, [k + 1, label, now, before, round((now - before) / before * 100, 1), acc, acc_before,
                                round((acc - acc_before) / acc_before * 100, 1), "含积案" if k == 3 else None])
    ws.write(4 + len(labels), 1, "注：同比为与去年同期相比。")
    wb.close()
    return buf.getvalue()


def measure(repeat: int = 7) -> list[dict]:
    """Per corpus file: cells, read-only seconds, whole-ingest seconds and the difference."""
    from indicators.ingest import Limits, ingest
    from indicators.ingest.readers import ReadRefused, read_any

    cat, out = _catalog(), []
    files = [("典型月报（200格）.xlsx", typical_report())]
    files += [(p.name, p.read_bytes()) for p in sorted(CORPUS.iterdir())]
    for name, data in files:
        path = Path(name)
        try:
            sheets = read_any(data, path.name, None, Limits()).sheets
        except ReadRefused:                         # a reader that cannot open this kind of file (older versions)
            continue
        cells = sum(int(g.cells.notna().to_numpy().sum()) for g in sheets)
        read = _median(lambda d=data, n=path.name: read_any(d, n, None, Limits()), repeat)
        whole = _median(lambda d=data, n=path.name: ingest(d, n, cat), repeat)
        out.append({"file": path.name, "cells": cells, "read_ms": read * 1000, "ingest_ms": whole * 1000,
                    "layout_ms": (whole - read) * 1000})
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the table and the medians; exit 1 when the typical table's layout reading is above 50 ms."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args(argv)
    rows = measure(args.repeat)
    print(f"{'cells':>6} {'read ms':>8} {'ingest ms':>10} {'layout ms':>10}  file")
    for r in sorted(rows, key=lambda r: r["cells"]):
        print(f"{r['cells']:>6} {r['read_ms']:>8.1f} {r['ingest_ms']:>10.1f} {r['layout_ms']:>10.1f}  {r['file']}")
    typical = next(r for r in rows if r["file"].startswith("典型月报"))
    corpus = [r["layout_ms"] for r in rows if not r["file"].startswith("典型月报")]
    print(f"\ntypical 200-cell monthly report: read {typical['read_ms']:.1f} ms, whole ingest "
          f"{typical['ingest_ms']:.1f} ms, layout reading {typical['layout_ms']:.1f} ms (target at most 50 ms); "
          f"corpus ({len(corpus)} files): median {statistics.median(corpus):.1f} ms, max {max(corpus):.1f} ms")
    return 0 if typical["layout_ms"] <= 50 else 1


if __name__ == "__main__":
    sys.exit(main())
