"""Cold start: `streamlit run app.py` process start to the overview rendered in Debian's Chromium (Playwright).

The browser is launched once, untimed (a user's browser is already open). Each run starts a fresh server on a free
port, opens the app in a new browser context, and stops the clock when the overview's key figures and its first
chart are on screen. The server's peak memory (VmHWM) is reported too.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from bench.cases import Ctx, Timed, use_data
from tests.browser.server import launch, stop

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """Start the app and wait for its health check, polling every 50 ms (the start is what we time)."""
    return launch(env, poll=0.05, timeout=120)


def vm_hwm_mb(pid: int) -> float:
    """Peak resident memory of a process (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wait_rendered(page, url: str, heading: str) -> float:
    """Open the app, wait for the key-figures heading (returns when it showed) and the page's first chart."""
    page.goto(url, wait_until="commit")
    page.get_by_text(heading, exact=True).first.wait_for(state="visible", timeout=120_000)
    shown = time.perf_counter()
    try:
        page.locator('[data-testid="stPlotlyChart"]').first.wait_for(state="visible", timeout=15_000)
    except Exception:  # noqa: BLE001 - a page without charts is rendered once its figures are
        pass
    return shown


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2] if values else float("nan")


def cold_start(ctx: Ctx) -> Timed:
    """Process start to first page rendered; the second session's load is noted too."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    from indicators.i18n import t

    use_data(ctx.pages_dir)
    env = {**os.environ}
    heading = t("pages.kpis", "zh")
    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    seen = {"peak": 0.0, "second": [], "health": [], "figures": []}

    def run(_state) -> tuple[int, float]:
        start = time.perf_counter()
        proc, url = start_server(env)
        seen["health"].append(time.perf_counter() - start)
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
            seen["figures"].append(wait_rendered(context.new_page(), url, heading) - start)
            elapsed = time.perf_counter() - start
            again = browser.new_context(locale="zh-CN")
            t1 = time.perf_counter()
            wait_rendered(again.new_page(), url, heading)
            seen["second"].append(time.perf_counter() - t1)
            context.close()
            again.close()
            seen["peak"] = max(seen["peak"], vm_hwm_mb(proc.pid))
        finally:
            stop(proc)
        return 1, elapsed

    def check() -> str:
        browser.close()
        pw.stop()
        return (f"health check answered at {_median(seen['health']):.2f} s, key figures shown at "
                f"{_median(seen['figures']):.2f} s; a later session on the running server "
                f"{_median(seen['second']):.2f} s")

    return Timed(run, check=check, peak=lambda: seen["peak"], note="server process peak RSS")
