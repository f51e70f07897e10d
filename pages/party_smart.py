"""Domain dashboard: party_smart (filters, KPI cards, charts, table with provenance)."""

from indicators.web.domain_page import render

render("party_smart")
