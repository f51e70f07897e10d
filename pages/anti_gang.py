"""Domain dashboard: anti_gang (filters, KPI cards, charts, table with provenance)."""

from indicators.web.domain_page import render

render("anti_gang")
