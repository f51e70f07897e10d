"""平安指数: scores, grades and ranks of every region, why they moved, drill-down to communities and grid cells."""

from indicators.web import session
from indicators.web.index_view import render

session.guard_page(__file__)

render()
