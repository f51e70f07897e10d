"""A new session's first screen: its key figures and first chart reach the browser before the widgets around them.

The browser loads each element type's code on first use and draws what it was sent in one go, so a new session's key
figures waited for the filter boxes', the language toggle's and the lower sections' code and rendering (bench/notes.md,
"First paint"). On a session's first run of a page that sends a first screen (the overview), with a browser on the
other end, the page pauses after its key figures, so that they leave the server alone and are drawn before the chart
arrives, and after its first chart until the browser says the chart is drawn (a small script on the page posts to
SIGNAL_PATH, served by serve.py; at most REST_WAIT_S): Plotly's code takes 0.7-1 s to evaluate, and the rest of the
page arriving meanwhile delayed the chart by its own rendering. The filter boxes and the toggle are drawn into slots
kept at their places (same layout) after the first screen. Every other run, and a session without a browser
(AppTest), draws at once.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable

import streamlit as st
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from streamlit.delta_generator import DeltaGenerator

from .cookie import small_body

SHOWN = "_first_screen_shown"     # session state: this session has had its first run
PENDING = "_first_screen_later"   # session state, during an armed first run: the draws waiting, in page order
# Chosen with bench/first_paint.py (bench/notes.md): the key figures are drawn before the chart's element code
# arrives; the rest of the page waits for the chart (REST_PAUSE_S where no route can say so: `streamlit run app.py`).
KPI_PAUSE_S, REST_WAIT_S, REST_PAUSE_S = 0.1, 4.0, 1.0
SIGNAL_PATH = "/api/first-screen"
MAX_SIGNAL = 64                   # bytes: a signal's body is one 22-character nonce
_SIGNAL_JS = """<script>(() => {
  const drawn = () => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg')]
    .some((svg) => svg.getBoundingClientRect().width > 0);
  const say = () => fetch(%s, {method: "POST", body: %s, cache: "no-store"}).catch(() => {});
  const look = () => {
    if (!drawn()) return;
    seen.disconnect();
    requestAnimationFrame(() => setTimeout(say, 0));   // after the frame that shows it
  };
  const seen = new MutationObserver(look);
  seen.observe(document.body, {childList: true, subtree: true});
  look();
})();</script>"""
_waiting: dict[str, threading.Event] = {}   # this process's first screens waiting for their chart, by nonce
_lock = threading.Lock()
route_mounted = False                        # serve.py mounts ROUTE; plain `streamlit run app.py` does not


def begin(armed: bool) -> None:
    """Start a run; armed when its page sends a first screen (calling sent() before any st.stop): then, in a new
    session, the widgets placed before it wait."""
    if armed and not st.session_state.get(SHOWN):
        st.session_state[PENDING] = []
    else:
        st.session_state.pop(PENDING, None)   # also what an interrupted first run left


def place(slot: DeltaGenerator, draw: Callable[[DeltaGenerator], object], room: str) -> None:
    """Draw into slot now, or, on an armed first run, once the first screen is sent; meanwhile the slot holds an
    empty box of the CSS class room (web/style.py: the drawn widgets' height), so nothing below it moves."""
    waiting = st.session_state.get(PENDING)
    if waiting is None:
        draw(slot)
        return
    holder = slot.empty()
    holder.html(f'<div class="{room}"></div>')
    waiting.append(lambda: draw(holder.container()))


def _armed() -> bool:
    """Whether this run is a new session's first run of a page with a first screen, with a browser on the other end."""
    return PENDING in st.session_state and "User-Agent" in st.context.headers


def pause(seconds: float = KPI_PAUSE_S) -> None:
    """What the page drew so far leaves alone: on an armed first run with a browser, wait before drawing more."""
    if _armed():
        time.sleep(seconds)


def sent(chart: bool = True) -> None:
    """The page's first screen is sent: on an armed first run, let it be drawn alone (with a chart: until the
    browser says the first chart is drawn), then draw what waited."""
    if not _armed():
        done()
        return
    if chart and route_mounted:
        _wait_for_chart()
    else:
        time.sleep(REST_PAUSE_S if chart else KPI_PAUSE_S)
    done()


def _wait_for_chart() -> None:
    """Send the page the script that says when its first chart is drawn; wait for it, at most REST_WAIT_S."""
    nonce, drawn = secrets.token_urlsafe(16), threading.Event()
    with _lock:
        _waiting[nonce] = drawn
    try:
        st.sidebar.html(_SIGNAL_JS % (json.dumps(SIGNAL_PATH), json.dumps(nonce)), unsafe_allow_javascript=True,
                        width=1)   # the sidebar's end, where its empty element shifts nothing
        drawn.wait(REST_WAIT_S)
    finally:
        with _lock:
            _waiting.pop(nonce, None)


async def chart_drawn(request: Request) -> Response:
    """POST /api/first-screen (body: a waiting first screen's nonce): release that page's rest. Always 204; reads
    no more than a nonce's size (anyone may post here; an unknown nonce does nothing)."""
    nonce = await small_body(request, MAX_SIGNAL)
    with _lock:
        drawn = _waiting.get(nonce or "")
    if drawn is not None:
        drawn.set()
    return Response(status_code=204)


ROUTE = Route(SIGNAL_PATH, chart_drawn, methods=["POST"])


def done() -> None:
    """Draw whatever still waits and mark the session's first run as had."""
    st.session_state[SHOWN] = True
    for draw in st.session_state.pop(PENDING, None) or []:
        draw()
