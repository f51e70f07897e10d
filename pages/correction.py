"""Domain dashboard: correction (filters, KPI cards, charts, table with provenance)."""

from indicators.web.domain_page import render

render("correction")
