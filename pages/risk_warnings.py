"""风险预警: monthly counts above their expected range, by level, with each warning's detail."""

from indicators.web import session
from indicators.web.warning_view import render

session.guard_page(__file__)

render()
