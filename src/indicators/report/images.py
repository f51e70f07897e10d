"""Charts as PNG images, rendered on this server by Plotly's kaleido driving Debian's Chromium (never downloaded).

kaleido ≥ 1 controls an installed Chrome/Chromium through choreographer; we pass the path from the setting
`report.chromium`, use the plotly.js bundled with plotly and switch MathJax off, so nothing is fetched at run time.
One browser serves every chart of a report (start-up ≈ 1.5 s, then ≈ 0.15 s a chart: bench/report.py).
"""

from __future__ import annotations

import asyncio
import importlib.util
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import plotly.graph_objects as go

from .. import settings
from ..i18n import t

SCALE = 2            # 760 px wide → 1520 px: about 250 dpi at the 15.6 cm text width of an A4 page
TIMEOUT_S = 60
T = TypeVar("T")


def chromium_path() -> Path:
    """The Chromium executable from the settings."""
    return Path(str(settings.get("report.chromium")))


def chart_problem(lang: str) -> str | None:
    """Why charts cannot be rendered here (in the reader's language), or None when they can."""
    path = chromium_path()
    if not path.is_file() or importlib.util.find_spec("kaleido") is None:
        return t("report.need_chromium", lang)
    return None


def run_async(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to completion from any thread, even one whose event loop is running (Streamlit's)."""
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(make())
        except BaseException as e:  # noqa: BLE001 - handed to the caller's thread below
            box["error"] = e

    worker = threading.Thread(target=target, name="report-charts")
    worker.start()
    worker.join()
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def render_png(figures: list[go.Figure]) -> list[bytes]:
    """Each figure as PNG bytes, in order, from one browser session."""
    if not figures:
        return []
    import kaleido

    async def render() -> list[bytes]:
        async with kaleido.Kaleido(path=str(chromium_path()), mathjax=False, n=1, timeout=TIMEOUT_S) as k:
            return [await k.calc_fig(f, opts={"format": "png", "width": f.layout.width, "height": f.layout.height,
                                              "scale": SCALE}) for f in figures]

    return run_async(render)
