"""The reference page of the first-paint bench: one st.metric and one Plotly chart, nothing else (issue #12, item 8).

Served by `streamlit run bench/minimal_page.py` with the app's own .streamlit/config.toml, side by side with the app.
"""

import plotly.graph_objects as go
import streamlit as st

st.metric("刑事治安警情", "1,052起", "-24.21%", delta_color="inverse", border=True)
st.plotly_chart(go.Figure(go.Bar(x=["2020年", "2021年"], y=[1388, 1052])), theme=None)
