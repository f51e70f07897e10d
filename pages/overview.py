"""Overview: headline figures for the district (minimal until the leaders' pages land)."""

import streamlit as st

from indicators.web.data import available_periods, cached_figures, catalog
from indicators.web.lang import current_lang, tr

lang = current_lang()
cat = catalog()
st.title(tr("nav.overview"))
years = sorted({p[:4] for p in available_periods()}, reverse=True)
if not years:
    st.info(tr("common.no_data"))
    st.stop()
figs = [f for f in cached_figures(years[0], cat.default_region().code) if f.has_data]
for f in figs:
    st.write(f.sentence(lang))
