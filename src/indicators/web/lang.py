"""The interface language: Chinese by default, English on request; kept in the URL and session."""

from __future__ import annotations

import streamlit as st

from ..i18n import DEFAULT_LANG, LANGS, t
from . import first_screen


def current_lang() -> str:
    """Language from session state, else the `lang` query parameter, else Chinese."""
    lang = st.session_state.get("lang") or st.query_params.get("lang") or DEFAULT_LANG
    return lang if lang in LANGS else DEFAULT_LANG


def _on_change() -> None:
    st.session_state["lang"] = "en" if st.session_state["_lang_toggle"] else "zh"
    st.query_params["lang"] = st.session_state["lang"]


def keep_language() -> str:
    """This run's language, kept in the session and (when not the default) the URL."""
    lang = current_lang()
    st.session_state["lang"] = lang
    if lang != DEFAULT_LANG:
        st.query_params["lang"] = lang
    return lang


def language_toggle() -> None:
    """Sidebar toggle for English (drawn after a new session's first screen); the choice persists across pages via
    session and URL."""
    lang = current_lang()
    first_screen.place(st.sidebar.container(key="lang"), lambda box: box.toggle(
        "English", value=lang == "en", key="_lang_toggle", on_change=_on_change), room="dp-space-lang")


def tr(key: str, **values: object) -> str:
    """The catalogue string in the current language."""
    return t(key, current_lang(), **values)
