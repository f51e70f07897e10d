"""First paint of a new session on a running server (issue #12, item 8), the overview beside a minimal page.

Two servers run side by side for the whole case: `streamlit run serve.py` (the app as scripts/start.sh serves it;
BENCH_FIRST_PAINT_SCRIPT=app.py measures plain Streamlit serving app.py) on a freshly seeded store (the office's 2021
work summary) and `streamlit run bench/minimal_page.py` (one st.metric, one Plotly chart). Each run opens each page in
a new Chromium context (a new session, an empty browser cache), in alternating order, and the page itself records,
from the start of its navigation, when the first key-figure value and the first drawn Plotly chart appeared in the
document. The warm-up run is the servers' first session (caches filled), as for a leader opening a running server.
"""

from __future__ import annotations

import atexit
import os
import statistics
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from bench.browser import vm_hwm_mb
from bench.cases import Ctx, Timed

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SERIES = {"overview": ("first_paint_kpi", "first_paint_chart"),
          "minimal": ("first_paint_kpi_min", "first_paint_chart_min")}
# Runs in the page before any of its scripts: notes when the first metric value and the first Plotly chart's SVG are in
# the document (performance.now(): milliseconds since the navigation started), and what the page had loaded by then.
OBSERVER = """
(() => {
  const t = window.__firstPaint = {};
  const note = (what) => {
    t[what] = performance.now();
    const res = performance.getEntriesByType('resource');
    t[what + '_requests'] = res.length;
    t[what + '_kb'] = res.reduce((s, r) => s + (r.encodedBodySize || 0), 0) / 1024;
  };
  const look = () => {
    if (t.kpi === undefined) {
      const v = document.querySelector('[data-testid="stMetricValue"]');
      if (v && v.textContent.trim()) note('kpi');
    }
    if (t.chart === undefined) {
      const c = document.querySelector('[data-testid="stPlotlyChart"] .main-svg');
      if (c && c.getBoundingClientRect().width > 0) note('chart');
    }
    if (t.kpi !== undefined && t.chart !== undefined) seen.disconnect();
  };
  const seen = new MutationObserver(look);
  seen.observe(document, {childList: true, subtree: true, characterData: true});
})();
"""
DONE = "() => window.__firstPaint && window.__firstPaint.kpi !== undefined && window.__firstPaint.chart !== undefined"


def seeded_store(folder: Path) -> Path:
    """A migrated store holding the seed (the app's first start), in folder."""
    from indicators.store import connect
    from indicators.store.seed import ensure_ready

    path = folder / "first-paint.duckdb"
    con = connect(path)
    ensure_ready(con)
    con.execute("CHECKPOINT")
    con.close()
    return path


def open_session(browser: Browser, url: str) -> dict[str, float]:
    """A new browser context (new session, empty cache) opens url; what its page recorded, in seconds and kB."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    try:
        page = context.new_page()
        page.add_init_script(OBSERVER)
        page.goto(url, wait_until="commit")
        page.wait_for_function(DONE, timeout=120_000, polling=100)
        seen = page.evaluate("window.__firstPaint")
    finally:
        context.close()
    return {k: v / 1000 if k in ("kpi", "chart") else v for k, v in seen.items()}


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def first_paint(ctx: Ctx) -> Timed:
    """Both servers started once (untimed); each run opens each page in a new session, the order alternating."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    from tests.browser.server import launch, stop

    folder = Path(ctx.scratch or tempfile.mkdtemp(prefix="bench-"))
    env = {k: v for k, v in os.environ.items() if k != "INDICATORS_DATA"}   # the repository's catalogue and seed
    env["INDICATORS_DB"] = str(seeded_store(folder))
    servers: dict[str, tuple[subprocess.Popen, str]] = {}
    atexit.register(lambda: [stop(proc) for proc, _url in servers.values()])   # also when a run fails
    ours = os.environ.get("BENCH_FIRST_PAINT_SCRIPT", "serve.py")
    for name, script in (("overview", ours), ("minimal", "bench/minimal_page.py")):
        servers[name] = launch(env, timeout=120, script=script)
    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    seen: dict[str, list[dict[str, float]]] = {"overview": [], "minimal": []}
    timed: dict[str, float] = {"runs": 0, "peak": 0.0}

    def run(_state) -> tuple[int, float]:
        order = ["overview", "minimal"] if len(seen["overview"]) % 2 == 0 else ["minimal", "overview"]
        for name in order:
            seen[name].append(open_session(browser, servers[name][1]))
        return 1, seen["overview"][-1]["kpi"]

    def series(runs: int) -> dict[str, list[float]]:
        timed["runs"], out = runs, {}
        for name, (kpi, chart) in SERIES.items():
            out[kpi] = [s["kpi"] for s in seen[name][-runs:]]
            out[chart] = [s["chart"] for s in seen[name][-runs:]]
        return out

    def check() -> str:
        browser.close()
        pw.stop()
        timed["peak"] = vm_hwm_mb(servers["overview"][0].pid)
        for proc, _url in servers.values():
            stop(proc)
        return summary({name: runs[-int(timed["runs"]):] for name, runs in seen.items()})

    return Timed(run, check=check, series=series, peak=lambda: timed["peak"],
                 note="in-page times from navigation start, a new browser context each; app server's peak RSS")


def summary(seen: dict[str, list[dict[str, float]]]) -> str:
    """Medians of both pages' timed runs, the ratios, and what each page had loaded when its chart appeared."""
    def med(name: str, key: str) -> float:
        return _median([s[key] for s in seen[name]])

    parts = []
    for key, words in (("kpi", "key figure"), ("chart", "first chart")):
        ours, ref = med("overview", key), med("minimal", key)
        parts.append(f"{words} {ours:.2f} s vs minimal page {ref:.2f} s ({ours / ref:.2f}×)")
    loads = "; ".join(f"{name} had loaded {med(name, 'chart_requests'):.0f} files, {med(name, 'chart_kb'):,.0f} kB"
                      for name in SERIES)
    return "; ".join(parts) + f"; by its first chart {loads}"
