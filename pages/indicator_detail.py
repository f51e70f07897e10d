"""Indicator detail: definition, unit, polarity, full history (chart and table), provenance, reconciliation."""

from indicators.web.detail_page import render

render()
