"""The st.Page of each page of the registry: a file under pages/, or a domain's dashboard made from its row."""

from __future__ import annotations

from functools import partial

import streamlit as st

from ..catalog import Catalog
from ..i18n import t
from ..paths import REPO_DIR
from .domain_page import render as render_domain
from .lang import tr
from .nav import PageSpec
from .session import current_user, remember_target


def page(spec: PageSpec, catalog: Catalog, lang: str, *, default: bool | None = None,
         hidden: bool = False) -> st.Page:
    """The st.Page of a spec: the file under pages/, or the domain dashboard called with its domain."""
    visibility = "hidden" if hidden else "visible"
    if spec.domain:
        return st.Page(partial(render_domain, spec.domain), title=catalog.domains[spec.domain].name(lang),
                       icon=spec.icon, url_path=spec.key, visibility=visibility)
    return st.Page(str(REPO_DIR / spec.path), title=t(f"nav.{spec.key}", lang), icon=spec.icon, url_path=spec.key,
                   default=spec.default if default is None else default, visibility=visibility)


def gate(spec: PageSpec, catalog: Catalog, lang: str, login: st.Page) -> st.Page:
    """A page this session may not open, at its own URL but hidden: anonymous → the login page (and back after
    logging in); logged in with too low a role → a plain refusal (never Streamlit's English "Page not found")."""
    title = catalog.domains[spec.domain].name(lang) if spec.domain else t(f"nav.{spec.key}", lang)
    return st.Page(partial(_refuse, spec.key, login), title=title, icon=spec.icon, url_path=spec.key,
                   visibility="hidden")


def _refuse(key: str, login: st.Page) -> None:
    """The body of a gate: send an anonymous visitor to log in, tell a logged-in one the role is too low."""
    if current_user():
        st.error(tr("auth.no_access"))
        return
    remember_target(key)
    st.switch_page(login)
