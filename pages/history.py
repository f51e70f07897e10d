"""Upload history: every batch (who, when, file, counts, status), what it changed, roll-back for admins."""

from indicators.web.history_view import render

render()
