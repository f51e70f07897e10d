"""The app shell used by app.py: page config, language, role, navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from .. import logs
from ..i18n import t
from ..paths import REPO_DIR
from . import style
from .account import account_sidebar
from .data import release
from .lang import language_toggle
from .nav import PAGES, allowed
from .session import refresh as refresh_session


def _page(spec, lang: str) -> st.Page:
    return st.Page(str(Path(REPO_DIR) / spec.path), title=t(f"nav.{spec.key}", lang), icon=spec.icon,
                   url_path=spec.key, default=spec.default)


def _run() -> None:
    """Configure the page, pick the language and role, and run the chosen page."""
    st.set_page_config(page_title=t("common.app_title"), page_icon=":material/shield:", layout="wide")
    logs.setup()  # once per process: tracebacks of unexpected errors go to the log file
    style.inject()
    lang = language_toggle()
    role = refresh_session()  # login gate: idle expiry, account re-check; anonymous sees only login
    sections: dict[str, list[st.Page]] = {}
    for spec in PAGES:
        if allowed(spec, role):
            sections.setdefault(t(f"nav.{spec.section}", lang), []).append(_page(spec, lang))
    nav = st.navigation(sections, expanded=True)
    account_sidebar()
    nav.run()


def run() -> None:
    """The app's script run; the store is released when it ends, however it ends (st.stop, st.rerun, an error)."""
    try:
        _run()
    finally:
        release()
