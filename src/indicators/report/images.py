"""Charts as PNG images, rendered on this server by Plotly's kaleido driving Debian's Chromium (never downloaded).

kaleido ≥ 1 controls an installed Chrome/Chromium through choreographer; we pass the path from the setting
`report.chromium`, use the plotly.js bundled with plotly and switch MathJax off, so nothing is fetched at run time.
Starting the browser and loading plotly.js into its tab is most of the cost (≈1.5 s on an idle machine, 4-6 s on the
busy 2-core one; then ≈0.15-0.5 s a chart), so one browser is kept open between reports of this process
(`_Browser`): the first report starts it, the next ones use it, and it is closed after IDLE_S unused and at exit.
Its tab is reloaded once per report instead of after every chart (`_kaleido_class`).
"""

from __future__ import annotations

import asyncio
import atexit
import importlib.util
import logging
import threading
import time
from pathlib import Path

import plotly.graph_objects as go

from .. import settings
from ..i18n import t

log = logging.getLogger(__name__)

SCALE = 2            # 760 px wide → 1520 px: about 250 dpi at the 15.6 cm text width of an A4 page
TIMEOUT_S = 60
IDLE_S = 600         # a browser unused this long is closed (its ≈200 MB freed); the next report starts another


def chromium_path() -> Path:
    """The Chromium executable from the settings."""
    return Path(str(settings.get("report.chromium")))


def chart_problem(lang: str) -> str | None:
    """Why charts cannot be rendered here (in the reader's language), or None when they can."""
    path = chromium_path()
    if not path.is_file() or importlib.util.find_spec("kaleido") is None:
        return t("report.need_chromium", lang)
    return None


class _Browser:
    """One kaleido browser (one tab) on an event loop of its own thread, shared by every report of the process.

    Reports take turns (a lock); a browser that fails is closed and started again once for the same charts.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None
        self._path: Path | None = None
        self._used = 0.0

    def render(self, figures: list[go.Figure], path: Path) -> list[bytes]:
        """PNG bytes of each figure, in order."""
        with self._lock:
            for attempt in (1, 2):
                try:
                    self._ensure(path)
                    return self._call(self._pngs(figures), TIMEOUT_S * (1 + len(figures)))
                except Exception:
                    self._close()
                    if attempt == 2:
                        raise
                finally:
                    self._used = time.monotonic()
        raise AssertionError("unreachable")

    def _ensure(self, path: Path) -> None:
        """A running browser for this Chromium path (another path: the old browser is closed first)."""
        if self._kaleido is not None and self._path == path:
            return
        self._close()
        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, name="report-charts", daemon=True).start()
        self._loop, self._path = loop, path
        self._kaleido = self._call(self._open(path), TIMEOUT_S)
        threading.Thread(target=self._close_when_idle, args=(loop,), name="report-charts-idle", daemon=True).start()

    def _call(self, coroutine, timeout: float):
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    @staticmethod
    async def _open(path: Path):
        k = _kaleido_class()(path=str(path), mathjax=False, n=1, timeout=TIMEOUT_S)
        await k.open()
        return k

    async def _pngs(self, figures: list[go.Figure]) -> list[bytes]:
        k = self._kaleido
        try:
            return [await k.calc_fig(f, opts={"format": "png", "width": f.layout.width, "height": f.layout.height,
                                              "scale": SCALE}) for f in figures]
        finally:
            await k.refresh()

    def _close(self) -> None:
        """Close the browser and stop its loop (nothing happens when none is open)."""
        loop, k = self._loop, self._kaleido
        self._loop = self._kaleido = self._path = None
        if loop is None:
            return
        if k is not None:
            try:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(TIMEOUT_S)
            except Exception:  # noqa: BLE001 - a browser that cannot close cleanly is left to choreographer
                log.warning("the briefing's chart browser did not close cleanly", exc_info=True)
        loop.call_soon_threadsafe(loop.stop)

    def _close_when_idle(self, loop: asyncio.AbstractEventLoop) -> None:
        """Thread: close this loop's browser once it has not been used for IDLE_S."""
        while True:
            time.sleep(min(IDLE_S, 30))
            with self._lock:
                if self._loop is not loop:
                    return
                if time.monotonic() - self._used >= IDLE_S:
                    self._close()
                    return

    def close(self) -> None:
        """Close the browser now (at exit)."""
        with self._lock:
            self._close()


def _kaleido_class():
    """kaleido.Kaleido whose tab is reloaded once a report instead of after every figure.

    kaleido 1.5 reloads its tab (plotly.js parsed again) after each figure: half of a chart's time (six charts,
    load ≈10: 2.0-2.8 s against 1.0-1.3 s, the same PNG bytes). `refresh()` does it once after a report's charts. The
    override uses kaleido's tab queue (`tabs_ready`, `_get_kaleido_tab`, `_return_kaleido_tab`); should a later
    kaleido rename them, `refresh` does nothing and kaleido's own reload stays in place.
    """
    import kaleido

    class OneReloadPerReport(kaleido.Kaleido):
        async def _return_kaleido_tab(self, tab) -> None:
            await self.tabs_ready.put(tab)

        async def refresh(self) -> None:
            if not hasattr(self, "_get_kaleido_tab") or not hasattr(self, "tabs_ready"):
                return
            tab = await self._get_kaleido_tab()
            try:
                await tab.reload()
            finally:
                await self.tabs_ready.put(tab)

    return OneReloadPerReport


_browser = _Browser()
atexit.register(_browser.close)


def render_png(figures: list[go.Figure]) -> list[bytes]:
    """Each figure as PNG bytes, in order, from the process's browser (started when none is open)."""
    if not figures:
        return []
    return _browser.render(figures, chromium_path())
