"""Indicator catalogue: analysts list, edit, retire, restore and merge indicators and their aliases."""

from indicators.web import session
from indicators.web.catalogue_view import render

session.guard_page(__file__)
render()
