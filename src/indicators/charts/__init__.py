"""Plotly figure builders for the leaders' pages (plotly.graph_objects only; no Streamlit)."""

from .plan import ChartSpec, plan_domain, plan_overview

__all__ = ["ChartSpec", "plan_domain", "plan_overview"]
