"""Administrators manage accounts: list, add, change role, reset password, disable/enable, remove."""

import streamlit as st

from indicators import auth
from indicators.actions import users as account
from indicators.naming import when_text
from indicators.web import session
from indicators.web.data import connection
from indicators.web.lang import tr
from indicators.web.tables import show_table

session.guard_page(__file__)
st.title(tr("auth.users_title"))
con = connection()
done = st.session_state.pop("users_done", None)
if done:
    st.success(done)


def act(message: str, action, *args) -> None:
    """Run an account action (the role is re-checked in the action); on success rerun to show the new state."""
    if session.attempt(action, *args):
        st.session_state["users_done"] = message
        st.rerun()


def status(row) -> str:
    """Active, disabled or locked, in words."""
    if row.disabled:
        return tr("auth.status_disabled")
    return tr("auth.status_locked") if auth.get_user(con, row.name).locked() else tr("auth.status_active")


users = auth.list_users(con)
st.subheader(tr("auth.users_table"))
show_table({
    tr("auth.name"): users["name"], tr("auth.role"): [session.role_label(r) for r in users["role"]],
    tr("auth.status"): [status(r) for r in users.itertuples()],
    tr("auth.source"): [tr(f"auth.source_{s}") if s in ("local", "oidc") else s for s in users["source"]],
    tr("auth.last_login"): [when_text(w, tr("auth.never_logged_in")) for w in users["last_login_at"]],
    tr("auth.created_at"): [when_text(w, "") for w in users["created_at"]],
}, hide_index=True)
st.caption(tr("auth.role_help"))

with st.form("add_user", clear_on_submit=True):
    st.subheader(tr("auth.add_user"))
    name = st.text_input(tr("auth.name"), key="new_name", max_chars=64)
    role = st.selectbox(tr("auth.role"), auth.ROLES, format_func=session.role_label, key="new_role")
    pw = st.text_input(tr("auth.password"), type="password", key="new_pw")
    pw2 = st.text_input(tr("auth.password_repeat"), type="password", key="new_pw2")
    if st.form_submit_button(tr("auth.add_button"), type="primary"):
        if pw != pw2:
            st.error(tr("auth.passwords_differ"))
        else:
            act(tr("auth.user_added", name=name.strip()), account.add, name, pw, role)

names = users["name"].tolist()
if names:
    st.subheader(tr("auth.change_user"))
    who = st.selectbox(tr("auth.pick_user"), names, key="pick_user")
    left, right = st.columns(2)
    with left.form("set_role"):
        new_role = st.selectbox(tr("auth.new_role"), auth.ROLES, format_func=session.role_label, key="set_role")
        if st.form_submit_button(tr("auth.set_role_button")):
            act(tr("auth.done"), account.set_role, who, new_role)
    with right.form("set_password", clear_on_submit=True):
        npw = st.text_input(tr("auth.new_password"), type="password", key="set_pw")
        npw2 = st.text_input(tr("auth.password_repeat"), type="password", key="set_pw2")
        if st.form_submit_button(tr("auth.set_password_button")):
            if npw != npw2:
                st.error(tr("auth.passwords_differ"))
            else:
                act(tr("auth.done"), account.set_password, who, npw)
    a, b, c = st.columns(3)
    if a.button(tr("auth.disable_button"), key="disable"):
        act(tr("auth.done"), account.set_disabled, who, True)
    if b.button(tr("auth.enable_button"), key="enable"):
        act(tr("auth.done"), account.set_disabled, who, False)
    sure = c.checkbox(tr("auth.confirm_remove"), key="confirm_remove")
    if c.button(tr("auth.remove_button"), key="remove", disabled=not sure):
        act(tr("auth.done"), account.remove, who)
