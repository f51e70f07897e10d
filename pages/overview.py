"""Overview: headline figures coloured by direction, adverse movements, the generated summary, domain tiles.

A domain without figures in the selected period shows its latest figures, named with their period.
"""

import streamlit as st

from indicators.alerts import alerts
from indicators.summary import headline, summary
from indicators.web import first_screen, session
from indicators.web.data import catalog, data_version
from indicators.web.filters import filter_bar
from indicators.web.lang import current_lang, tr
from indicators.web.overview_parts import (
    alert_list,
    domain_tiles,
    overview_charts,
    period_note,
    safety_tiles,
    shown_figures,
    summary_block,
)
from indicators.web.report_button import report_button
from indicators.web.widgets import chart, kpi_grid, verdict_legend

session.guard_page(__file__)

lang, cat = current_lang(), catalog()
st.title(tr("nav.overview"))
st.caption(tr("common.app_subtitle"))
sel = filter_bar()
if sel is None:
    first_screen.done()
    st.info(tr("common.no_data"))
    st.stop()
figs, periods = shown_figures(sel, cat)
notes = {d: period_note(p, sel, lang) for d, p in periods.items()}
if not any(f.has_data for f in figs):
    first_screen.done()
    st.info(tr("pages.no_data_overview"), icon=":material/info:")
    domain_tiles(cat, [], sel, lang)
    st.stop()
st.subheader(tr("pages.kpis"))
kpi_grid(headline(figs, selected=sel.period), per_row=4 if lang == "zh" else 3,  # English values are longer
         selected=sel.period)
verdict_legend(lang)
first_screen.pause()   # a new session's key figures go out before its charts
specs = overview_charts(data_version(), sel.period, sel.region, sel.compare, lang)
for spec in specs:
    chart(spec)
first_screen.sent(chart=bool(specs))   # then a new session's filter boxes, language toggle and the lower sections
left, right = st.columns([3, 2], gap="large")
with left:
    summary_block(summary(figs, cat, lang), cat, lang, notes)
with right:
    alert_list(alerts(figs), lang, sel.period)
report_button(sel)
safety_tiles(sel, lang)
domain_tiles(cat, figs, sel, lang, notes)
