"""Administrators read the audit trail: filter by user, action, dates and text; export to Excel."""

from datetime import date

import streamlit as st

from indicators.actions import export
from indicators.auth import audit_log
from indicators.auth.audit_text import rows_in_words
from indicators.web import session
from indicators.web.data import connection, own_connection
from indicators.web.lang import current_lang, tr
from indicators.web.tables import show_table

session.guard_page(__file__)
st.title(tr("auth.audit_title"))
con = connection()
users, actions = audit_log.known_values(con)

c1, c2, c3, c4 = st.columns([1, 2, 2, 2])
user = c1.selectbox(tr("auth.filter_user"), [None, *users], key="audit_user",
                    format_func=lambda u: tr("auth.all_users") if u is None else u)
picked = c2.multiselect(tr("auth.filter_actions"), actions, key="audit_actions", format_func=session.action_label,
                        placeholder=tr("auth.all_users"))   # none chosen: every action
dates = c3.date_input(tr("auth.filter_dates"), value=(), max_value=date.today(), key="audit_dates",
                      format="YYYY/MM/DD", help=tr("auth.filter_dates_help"))
# Streamlit 1.67 draws the empty box's placeholder in English (yyyy/mm/dd – yyyy/mm/dd: its date fields are fixed to
# en-US and date_input has no placeholder parameter): said in our words beside it
c3.caption(tr("auth.filter_dates_note"))
text = c4.text_input(tr("auth.filter_text"), key="audit_text", max_chars=200)
start, end = (tuple(dates) + (None, None))[:2] if isinstance(dates, (tuple, list)) else (dates, dates)
flt = audit_log.AuditFilter(user=user, actions=tuple(picked), start=start, end=end or start, text=text)

rows = audit_log.search(con, flt)
if rows.empty:
    st.info(tr("auth.no_rows"))
    st.stop()
st.caption(tr("auth.rows_shown", n=len(rows)))
show_table(rows_in_words(rows, current_lang()), hide_index=True)   # words, never JSON or codes
who = session.actor()


def _export() -> bytes:
    """Runs on click: the export action re-checks the role, builds the workbook and audits the export."""
    with own_connection() as con:
        return export.audit_file(con, who, flt)


st.download_button(tr("auth.export_button"), data=_export, file_name=f"audit_{date.today():%Y%m%d}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   icon=":material/download:", on_click="ignore", key="audit_export")
