"""Domain dashboard: party_smart."""

from indicators.web.domain_page import render

render("party_smart")
