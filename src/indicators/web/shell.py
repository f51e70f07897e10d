"""The app shell used by app.py: page config, language, role, navigation."""

from __future__ import annotations

import streamlit as st

from .. import logs
from ..errors import UserError
from ..i18n import t
from . import style
from .account import account_sidebar
from .data import catalog, release
from .lang import language_toggle
from .nav import allowed, page_specs
from .routes import page
from .session import refresh as refresh_session


def _run() -> None:
    """Configure the page, pick the language and role, and run the chosen page."""
    st.set_page_config(page_title=t("common.app_title"), page_icon=":material/shield:", layout="wide")
    logs.setup()  # once per process: tracebacks of unexpected errors go to the log file
    style.inject()
    lang = language_toggle()
    try:
        role = refresh_session()  # login gate: idle expiry, account re-check; anonymous sees only login
        cat = catalog()
    except UserError as e:        # the database busy, the catalogue files invalid: one plain message
        st.error(e.text(lang))
        st.stop()
    sections: dict[str, list[st.Page]] = {}
    for spec in page_specs(cat):
        if allowed(spec, role):
            sections.setdefault(t(f"nav.{spec.section}", lang), []).append(page(spec, cat, lang))
    nav = st.navigation(sections, expanded=True)
    account_sidebar()
    nav.run()


def run() -> None:
    """The app's script run; the store is released when it ends, however it ends (st.stop, st.rerun, an error)."""
    try:
        _run()
    finally:
        release()
