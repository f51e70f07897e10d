"""Domain dashboard: party_smart (filters, KPI cards, charts, table with provenance)."""

from indicators.web import session
from indicators.web.domain_page import render

session.guard_page(__file__)

render("party_smart")
