"""A new session's first screen: its key figures and first chart reach the browser before the widgets around them.

The browser loads each element type's code on first use and draws what it was sent in one go, so a new session's key
figures waited for the filter boxes', the language toggle's and the lower sections' code and rendering (bench/notes.md,
"First paint"). On a session's first run of a page that sends a first screen (the overview), with a browser on the
other end, the page pauses after its key figures and after its first charts, so that each part leaves the server
alone and is drawn before the next arrives; the filter boxes and the toggle are drawn into slots kept at their places
(same layout) after the first screen. Every other run, and a session without a browser (AppTest), draws at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

SHOWN = "_first_screen_shown"     # session state: this session has had its first run
PENDING = "_first_screen_later"   # session state, during an armed first run: the draws waiting, in page order
# Chosen with bench/first_paint.py (bench/notes.md): the key figures are drawn before the chart's element code
# arrives, and the chart before the rest of the page is sent (its Plotly code takes ~0.5-1 s to load and evaluate).
KPI_PAUSE_S, REST_PAUSE_S = 0.1, 1.0


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


def pause(seconds: float = KPI_PAUSE_S) -> None:
    """What the page drew so far leaves alone: on an armed first run with a browser, wait before drawing more."""
    if PENDING in st.session_state and "User-Agent" in st.context.headers:
        time.sleep(seconds)


def sent() -> None:
    """The page's first screen is drawn: on an armed first run, let it be drawn alone, then draw what waited."""
    pause(REST_PAUSE_S)
    done()


def done() -> None:
    """Draw whatever still waits and mark the session's first run as had."""
    st.session_state[SHOWN] = True
    for draw in st.session_state.pop(PENDING, None) or []:
        draw()
