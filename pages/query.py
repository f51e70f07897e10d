"""数据查询: filter the current figures, page through them, download them as Excel or CSV (built on click)."""

from indicators.web import session
from indicators.web.query_view import render

session.guard_page(__file__)

render()
