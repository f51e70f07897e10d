"""The sidebar's account box: who is logged in, log out, or how to log in / create the first user."""

from __future__ import annotations

import streamlit as st

from .lang import tr
from .session import current_role, current_user, logout, no_users, role_label

FIRST_USER_COMMAND = "python -m indicators users add NAME --role admin"


def first_user_hint(container=st, block: bool = True) -> None:
    """Explain how to create the first administrator (shown while no account exists): the command in a code block
    with a copy button, or (block=False, the sidebar of every page) as inline code, which spares every first visit
    the browser's 1.5 MB syntax highlighter (about a second before the key figures show, bench/first_paint.py)."""
    container.info(tr("auth.no_users"))
    if block:
        container.code(FIRST_USER_COMMAND, language="bash")
    else:
        container.markdown(f"`{FIRST_USER_COMMAND}`")


def account_sidebar() -> None:
    """Logged-in user and a log-out button; logged out, the navigation's 登录 entry is the only way in."""
    name = current_user()
    if name:
        box = st.sidebar.container()
        box.caption(tr("auth.logged_in_as", name=name, role=role_label(current_role())))
        box.button(tr("auth.logout_button"), key="_logout", on_click=logout, icon=":material/logout:")
    elif no_users():
        first_user_hint(st.sidebar.container(), block=False)
