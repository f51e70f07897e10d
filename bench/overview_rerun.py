"""Overview page rerun time through AppTest: cold run, warm rerun (caches hot), and rerun with caches cleared.

Usage: .venv/bin/python bench/overview_rerun.py [--runs N]. Uses a fresh seeded database in a temp folder
(INDICATORS_DB is set to it), so the figures are the seed's; prints medians and the ratio cold-cache / warm.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import tempfile
import time
from pathlib import Path

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    """Measure and print."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench_overview_")
    os.environ["INDICATORS_DB"] = str(Path(tmp) / "bench.duckdb")

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    logging.getLogger("streamlit").setLevel(logging.ERROR)

    at = AppTest.from_file(APP, default_timeout=120)
    cold = _timed(at.run)
    assert not at.exception, at.exception
    assert any(m.value.startswith("1052") for m in at.metric), "overview did not show 1052"
    warm = [_timed(at.run) for _ in range(args.runs)]

    def uncached() -> None:
        st.cache_data.clear()
        at.run()
    nocache = [_timed(uncached) for _ in range(args.runs)]

    w, n = statistics.median(warm), statistics.median(nocache)
    print(f"overview cold first run (imports, seed, caches empty): {cold * 1000:8.1f} ms")
    print(f"overview warm rerun, median of {args.runs}:               {w * 1000:8.1f} ms "
          f"(min {min(warm) * 1000:.1f}, max {max(warm) * 1000:.1f})")
    print(f"overview rerun with st.cache_data cleared, median:     {n * 1000:8.1f} ms  ({n / w:.1f}x the warm rerun)")


if __name__ == "__main__":
    main()
