"""Log in (password, or single sign-on when configured), see who is logged in, log out."""

import streamlit as st

from indicators.web import session
from indicators.web.account import first_user_hint
from indicators.web.lang import tr

session.guard_page(__file__)
st.title(tr("nav.login"))
notice = session.take_notice()
if notice:
    st.info(notice)
failure = session.take_login_failure()
if failure:
    st.error(failure)

name = session.current_user()
if name:
    st.success(tr("auth.logged_in_as", name=name, role=session.role_label(session.current_role())))
    st.caption(tr("auth.role_help"))
    st.button(tr("auth.logout_button"), key="logout_main", on_click=session.logout, icon=":material/logout:")
    st.stop()

if not session.public_view():
    st.warning(tr("auth.login_required"))
if session.target_pending():
    st.info(tr("auth.login_to_continue"), icon=":material/lock_open:")
if session.sso_section():
    problems = session.sso_problems()
    if problems:
        st.error(tr("auth.sso_problems") + "\n\n" + "\n".join(f"- {p}" for p in problems))
    elif st.button(tr("auth.sso_button"), icon=":material/key:", type="primary"):
        st.login()
    st.caption(tr("auth.or_password"))
if session.no_users():
    first_user_hint()
    st.stop()

with st.form("login_form"):
    st.text_input(tr("auth.name"), key="login_name", max_chars=64)
    st.text_input(tr("auth.password"), type="password", key="login_password", max_chars=1024)
    st.form_submit_button(tr("auth.login_button"), type="primary", on_click=session.login_from_form,
                          args=("login_name", "login_password"))
