"""Domain dashboard: correction."""

from indicators.web.domain_page import render

render("correction")
