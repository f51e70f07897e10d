"""The app's server: Streamlit running app.py, plus the login cookie's HTTP routes (`streamlit run serve.py`)."""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from indicators.web import first_screen
from indicators.web.cookie import ROUTES

# app.py's st.navigation owns every URL: without this, a server's very first run of a deep link (/audit) would run
# pages/audit.py alone (Streamlit's old pages/ folder mode, with its English list of file names) until some session
# had run app.py once. st.navigation sets the same flag on its first call.
PagesManager.uses_pages_directory = False

first_screen.route_mounted = True   # a new session's first screen waits for the browser's word, not a fixed time
app = st.App("app.py", routes=[*ROUTES, first_screen.ROUTE])
