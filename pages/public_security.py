"""Domain dashboard: public_security (filters, KPI cards, charts, table with provenance)."""

from indicators.web.domain_page import render

render("public_security")
