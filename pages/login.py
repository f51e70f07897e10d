"""Placeholder: login page (its issue builds it)."""

import streamlit as st

from indicators.web.lang import tr

st.title(tr("nav.login"))
