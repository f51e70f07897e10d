"""Indicator detail (minimal until the leaders' pages land)."""

import streamlit as st

from indicators.web.data import catalog, history
from indicators.web.lang import current_lang, tr

lang = current_lang()
cat = catalog()
st.title(tr("nav.indicator_detail"))
ids = list(cat.indicators)
choice = st.selectbox(tr("common.indicator"), ids, format_func=lambda i: cat.indicators[i].name(lang))
st.dataframe(history(choice), hide_index=True)
