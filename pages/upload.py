"""Upload: templates, file, checks, label mapping, preview, commit (logic in indicators.web.upload_*)."""

from indicators.web import session
from indicators.web.upload_render import render

session.guard_page(__file__)
render()
