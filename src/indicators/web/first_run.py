"""Close Streamlit's pages/-directory mode, in which a page file runs without app.py and its login gate.

A server with a `pages/` folder starts in that legacy mode until some run calls `st.navigation`: the first
request for `/audit` (say) would run pages/audit.py directly, with every file of pages/ in the sidebar. Every
page imports `indicators.web`, so on the first import in the server process this switches the mode off and
reruns, and the rerun goes through app.py, its gate and its navigation.
"""

from __future__ import annotations

import streamlit as st


def leave_pages_directory_mode() -> None:
    """If the process is still in pages/-directory mode, leave it and rerun through app.py."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
    except ImportError:  # a future Streamlit without the legacy mode
        return
    if getattr(PagesManager, "uses_pages_directory", None) and get_script_run_ctx(suppress_warning=True):
        PagesManager.uses_pages_directory = False
        st.rerun()
