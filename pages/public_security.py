"""Domain dashboard: public_security."""

from indicators.web.domain_page import render

render("public_security")
