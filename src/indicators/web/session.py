"""Who is using this session: user name and role (viewer until someone logs in)."""

from __future__ import annotations

import streamlit as st


def current_user() -> str | None:
    """Logged-in user name, or None."""
    return st.session_state.get("user")


def current_role() -> str:
    """Role of this session: viewer when nobody is logged in and public viewing is on."""
    return st.session_state.get("role") or "viewer"
