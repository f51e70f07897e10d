"""Opening a page in AppTest: a file under pages/ by switch_page, a generated domain page by its URL path."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash


def open_page(at: AppTest, target: str) -> AppTest:
    """Switch to pages/x.py, or to the page at /target as a browser at that URL would (a domain's id).

    AppTest.switch_page takes files only. A page made from a callable (the generated domain dashboards) is
    requested by its page hash, which st.Page derives from the URL path with streamlit.util.calc_hash; the
    navigation then runs that page (a wrong path falls back to the default page: tests check the title).
    """
    if target.endswith(".py"):
        return at.switch_page(target)
    at._page_hash = calc_hash(target)
    return at
