"""The app shell used by app.py: page config, language, role, navigation."""

from __future__ import annotations

import streamlit as st

from .. import logs
from ..catalog import Catalog
from ..errors import UserError
from ..i18n import t
from . import first_screen, style
from .account import account_sidebar
from .data import catalog, release
from .lang import keep_language, language_toggle
from .nav import LOGIN, allowed, page_specs
from .routes import gate, page
from .session import cookie_duties, current_user, take_target
from .session import refresh as refresh_session

FIRST_SCREEN = "overview"   # the page whose new sessions get their key figures first (web/first_screen.py)


def _run() -> None:
    """Configure the page, pick the language and role, and run the chosen page."""
    st.set_page_config(page_title=t("common.app_title"), page_icon=":material/shield:", layout="wide")
    logs.setup()  # once per process: tracebacks of unexpected errors go to the log file
    style.inject()
    lang = keep_language()
    try:
        role = refresh_session()  # login gate: idle expiry, account re-check; anonymous sees only login
        cat = catalog()
    except UserError as e:        # the database busy, the catalogue files invalid: one plain message
        first_screen.begin(armed=False)
        language_toggle()
        st.error(e.text(lang))
        st.stop()
    pages, gates = _pages(cat, role, lang)
    nav = st.navigation(pages, expanded=True)
    target = take_target()
    if target in gates:                  # logged in just now, after asking for this page: go there
        st.switch_page(gates[target])
    first_screen.begin(armed=nav is gates.get(FIRST_SCREEN))   # the overview's key figures before its widgets
    language_toggle()
    account_sidebar()
    cookie_duties()
    nav.run()
    first_screen.done()


def _pages(cat: Catalog, role: str, lang: str) -> tuple[dict[str, list[st.Page]], dict[str, st.Page]]:
    """The navigation's sections (the login page hidden once logged in; pages this role may not open hidden gates
    at their URL) and, by key, the pages this session may open."""
    specs = page_specs(cat)
    logged_in = current_user() is not None
    default_open = any(s.default and allowed(s, role) for s in specs)
    login = next(s for s in specs if s.key == LOGIN)
    login_page = page(login, cat, lang, default=not default_open, hidden=logged_in)
    sections: dict[str, list[st.Page]] = {}
    opened: dict[str, st.Page] = {}
    for spec in specs:
        if spec.key == LOGIN:
            built = login_page
        elif allowed(spec, role):
            built = opened[spec.key] = page(spec, cat, lang)
        else:
            built = gate(spec, cat, lang, login_page)
        sections.setdefault(t(f"nav.{spec.section}", lang), []).append(built)
    return sections, opened


def run() -> None:
    """The app's script run; the store is released when it ends, however it ends (st.stop, st.rerun, an error)."""
    try:
        _run()
    finally:
        release()
