"""The only Streamlit code under src/: cached data access, session state, shared widgets."""

from .first_run import leave_pages_directory_mode

leave_pages_directory_mode()  # a deep link on a fresh server must still pass app.py's login gate
