"""Upload history: every batch (who, when, file, counts, status), what it changed, roll-back for admins."""

from indicators.web import session
from indicators.web.history_view import render

session.guard_page(__file__)
render()
