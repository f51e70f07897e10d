"""The st.Page of each page of the registry: a file under pages/, or a domain's dashboard made from its row."""

from __future__ import annotations

from functools import partial

import streamlit as st

from ..catalog import Catalog
from ..i18n import t
from ..paths import REPO_DIR
from .domain_page import render as render_domain
from .nav import PageSpec


def page(spec: PageSpec, catalog: Catalog, lang: str) -> st.Page:
    """The st.Page of a spec: the file under pages/, or the domain dashboard called with its domain."""
    if spec.domain:
        return st.Page(partial(render_domain, spec.domain), title=catalog.domains[spec.domain].name(lang),
                       icon=spec.icon, url_path=spec.key)
    return st.Page(str(REPO_DIR / spec.path), title=t(f"nav.{spec.key}", lang), icon=spec.icon, url_path=spec.key,
                   default=spec.default)
