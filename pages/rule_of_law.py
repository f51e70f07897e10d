"""Domain dashboard: rule_of_law."""

from indicators.web.domain_page import render

render("rule_of_law")
