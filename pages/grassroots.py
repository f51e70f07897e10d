"""Domain dashboard: grassroots."""

from indicators.web.domain_page import render

render("grassroots")
