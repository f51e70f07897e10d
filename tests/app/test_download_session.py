"""#17 item 4 in the app: the actor a page hands to its download buttons expires with the session's idle time."""

from __future__ import annotations

import time

from streamlit.testing.v1 import AppTest


def _actor_app() -> None:
    import streamlit as st

    from indicators.web import session

    who = session.actor()
    st.write(f"{who.name}|{who.until}")


def test_the_session_actor_carries_the_idle_deadline(con, monkeypatch):
    monkeypatch.setenv("INDICATORS_SESSION_IDLE_MINUTES", "30")
    at = AppTest.from_function(_actor_app)
    at.session_state["user"], at.session_state["role"] = "root", "admin"
    at.session_state["auth_last_seen"] = seen = time.time() - 100
    at.run()
    name, until = at.markdown[0].value.split("|")
    assert name == "root" and abs(float(until) - (seen + 30 * 60)) < 1
    at = AppTest.from_function(_actor_app)
    at.run()
    assert at.markdown[0].value == "None|None"                 # anonymous: nothing to expire
