"""The only Streamlit code under src/: cached data access, session state, shared widgets."""
