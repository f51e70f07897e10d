"""Domain dashboard: anti_gang."""

from indicators.web.domain_page import render

render("anti_gang")
