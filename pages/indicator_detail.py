"""Indicator detail: definition, unit, polarity, full history (chart and table), provenance, reconciliation."""

from indicators.web import session
from indicators.web.detail_page import render

session.guard_page(__file__)

render()
