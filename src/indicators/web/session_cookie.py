"""The browser's side of a lasting login: read the session cookie, and have the page set or clear it.

The cookie itself is set and cleared by serve.py's HTTP routes (web/cookie.py): after a login the page posts its
one-time ticket there (a small script, never a URL); after a logout it asks for the cookie to be deleted.
"""

from __future__ import annotations

import json

import streamlit as st

from .cookie import COOKIE, LOGOUT_PATH, SESSION_PATH

TICKET, CLEAR = "auth_ticket", "auth_clear_cookie"


def token() -> str:
    """The session token the browser sent when this Streamlit session opened ('' when none)."""
    try:
        return str(st.context.cookies.get(COOKIE) or "")
    except (AttributeError, RuntimeError):   # no browser behind this run (AppTest, bare script)
        return ""


def _post(path: str, body: str = "") -> None:
    """A script that POSTs to one of our routes from this page (same origin, cookie included); placed at the
    sidebar's end, where its empty element shifts nothing."""
    st.sidebar.html(f"<script>fetch({json.dumps(path)}, {{method: 'POST', body: {json.dumps(body)}, "
            "credentials: 'same-origin', cache: 'no-store'})</script>", unsafe_allow_javascript=True, width=1)


def hand_over(ticket: str) -> None:
    """Let the page exchange this login's one-time ticket for the HTTP-only session cookie."""
    _post(SESSION_PATH, ticket)


def clear() -> None:
    """Let the page delete the session cookie (its session is already ended on the server)."""
    _post(LOGOUT_PATH)
