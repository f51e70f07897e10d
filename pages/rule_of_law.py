"""Domain dashboard: rule_of_law (filters, KPI cards, charts, table with provenance)."""

from indicators.web.domain_page import render

render("rule_of_law")
