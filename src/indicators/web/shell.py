"""The app shell used by app.py: page config, language, role, navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ..i18n import t
from ..paths import REPO_DIR
from .lang import language_toggle
from .nav import PAGES, allowed
from .session import current_role


def _page(spec, lang: str) -> st.Page:
    return st.Page(str(Path(REPO_DIR) / spec.path), title=t(f"nav.{spec.key}", lang), icon=spec.icon,
                   url_path=spec.key, default=spec.default)


def run() -> None:
    """Configure the page, pick the language and role, and run the chosen page."""
    st.set_page_config(page_title=t("common.app_title"), page_icon=":material/shield:", layout="wide")
    lang = language_toggle()
    role = current_role()
    sections: dict[str, list[st.Page]] = {}
    for spec in PAGES:
        if allowed(spec, role):
            sections.setdefault(t(f"nav.{spec.section}", lang), []).append(_page(spec, lang))
    st.navigation(sections).run()
