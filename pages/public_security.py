"""Domain dashboard: public_security (filters, KPI cards, charts, table with provenance)."""

from indicators.web import session
from indicators.web.domain_page import render

session.guard_page(__file__)

render("public_security")
