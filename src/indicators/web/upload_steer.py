"""The upload page's reading grid: the sheet coloured by what each cell was read as, and the analyst's corrections
(this row is the header, ignore these rows or columns, this column is the region, the year is 2024 …)."""

from __future__ import annotations

import html
from dataclasses import replace

import pandas as pd
import streamlit as st

from ..catalog import Catalog
from ..ingest import IngestResult
from ..ingest.grid_view import COLOURS, SheetView, sheet_view
from ..ingest.steer import ROLES, SheetSteer, Steer
from ..periods import parse_period
from .lang import tr
from .tables import show_table, styled
from .widgets import md_escape

STEER = "upload_steer"
LEGEND = ("context", "header", "indicator", "region", "period", "value", "total", "part", "unit", "note", "ignored",
          "missing", "text")


def current_steer() -> Steer:
    """The corrections made for the file on the page (none yet: an empty Steer)."""
    return st.session_state.get(STEER) or Steer()


def _set(steer: Steer) -> None:
    st.session_state[STEER] = steer


def _set_sheet(sheet: str, new: SheetSteer) -> None:
    steer = current_steer()
    sheets = dict(steer.sheets)
    sheets[sheet] = new
    _set(replace(steer, sheets=sheets))


def legend(lang: str) -> None:
    """The colours of the grid, once, in words (our own catalogue strings only, escaped all the same)."""
    chips = "".join(f'<span style="background:{COLOURS[k]};border:1px solid #ccc;border-radius:4px;'
                    f'padding:1px 6px;margin:2px 4px 2px 0;display:inline-block;font-size:0.85rem">'
                    f"{html.escape(tr(f'read.role_{k}'))}</span>" for k in LEGEND)
    st.html(f'<div style="line-height:1.9"><span style="font-size:0.85rem;color:#666">'
            f'{html.escape(tr("upload.grid_legend"))}</span> {chips}</div>')


def _styled(view: SheetView, lang: str) -> pd.io.formats.style.Styler:
    """The grid with a leading column saying how each row was read, cells coloured by role."""
    read_as = pd.Series({r: view.row_reasons.get(r, tr("read.row_outside")) for r in view.cells.index})
    frame = view.cells.copy()
    frame.insert(0, tr("upload.grid_read_as"), read_as)
    roles = view.roles.copy()
    roles.insert(0, tr("upload.grid_read_as"), "outside")

    def colour(col: pd.Series) -> list[str]:
        return [f"background-color: {COLOURS.get(r, '#FFFFFF')}" for r in roles[col.name]]
    return styled(frame).apply(colour, axis=0)


def grid_section(result: IngestResult, cat: Catalog, lang: str) -> None:
    """For each sheet read: the grid as read, and the corrections the analyst can make in place."""
    sheets = [s for s in result.grids if s in result.readings or len(result.grids) == 1]
    if not sheets:
        return
    st.subheader(tr("upload.grid_title"))
    st.caption(tr("upload.grid_help"))
    legend(lang)
    tabs = st.tabs([md_escape(s) for s in sheets]) if len(sheets) > 1 else [st.container()]
    for tab, sheet in zip(tabs, sheets, strict=True):
        with tab:
            _sheet(result, sheet, cat, lang)
    if not current_steer().is_empty():
        if st.button(tr("upload.steer_reset"), key="steer_reset", icon=":material/undo:"):
            _set(Steer(labels=current_steer().labels, regions=current_steer().regions))
            st.rerun()


def _key(sheet: str, what: str) -> str:
    import hashlib

    return f"steer_{what}_{hashlib.sha1(sheet.encode()).hexdigest()[:10]}"


def _sheet(result: IngestResult, sheet: str, cat: Catalog, lang: str) -> None:
    """One sheet's grid (rows and columns can be selected) and its corrections."""
    view = sheet_view(result, sheet, lang, catalog=cat)
    if view is None:
        return
    config = {letter: st.column_config.Column(letter, help=reason) for letter, reason in view.col_reasons.items()}
    config[tr("upload.grid_read_as")] = st.column_config.Column(width="medium")
    event = show_table(_styled(view, lang), key=_key(sheet, "grid"), on_select="rerun",
                         selection_mode=["multi-row", "multi-column"], column_config=config, height=360)
    if view.more_rows:
        st.caption(tr("upload.grid_more", n=view.more_rows))
    rows = [int(view.cells.index[i]) for i in (event.selection.rows if event else [])]
    cols = [c for c in (event.selection.columns if event else []) if c in view.cells.columns]
    steer = current_steer().sheet(sheet)
    _row_actions(sheet, steer, rows)
    _column_actions(sheet, steer, cols)
    _table_facts(sheet, steer, cat, lang)


def _row_actions(sheet: str, steer: SheetSteer, rows: list[int]) -> None:
    """Selected rows: make them the header, ignore them, or read them again."""
    c = st.columns(3)
    picked = ", ".join(str(r) for r in rows) if rows else tr("upload.steer_none")
    c[0].caption(tr("upload.steer_rows", rows=picked))
    if c[1].button(tr("upload.steer_header"), key=_key(sheet, "header"), disabled=not rows,
                   icon=":material/table_rows:"):
        _set_sheet(sheet, replace(steer, header=(min(rows), max(rows))))
        st.rerun()
    ignored = set(steer.ignore_rows)
    restore = bool(rows) and set(rows) <= ignored
    if c[2].button(tr("upload.steer_keep_rows") if restore else tr("upload.steer_ignore_rows"),
                   key=_key(sheet, "ignore_rows"), disabled=not rows, icon=":material/block:"):
        new = ignored - set(rows) if restore else ignored | set(rows)
        _set_sheet(sheet, replace(steer, ignore_rows=tuple(sorted(new))))
        st.rerun()


def _column_actions(sheet: str, steer: SheetSteer, cols: list[str]) -> None:
    """Selected columns: say what they hold (region, period, figures …) or ignore them."""
    c = st.columns(3)
    picked = ", ".join(cols) if cols else tr("upload.steer_none")
    c[0].caption(tr("upload.steer_cols", cols=picked))
    role = c[1].selectbox(tr("upload.steer_role"), ROLES, format_func=lambda r: tr(f"upload.steer_role_{r}"),
                          key=_key(sheet, "role"), disabled=not cols)
    if c[2].button(tr("upload.steer_apply_role"), key=_key(sheet, "apply_role"), disabled=not cols,
                   icon=":material/view_column:"):
        new = steer
        for letter in cols:
            new = new.with_role(letter, role)
        _set_sheet(sheet, new)
        st.rerun()
    if steer.roles and st.button(tr("upload.steer_roles_clear"), key=_key(sheet, "roles_clear")):
        _set_sheet(sheet, replace(steer, roles=()))
        st.rerun()


def _table_facts(sheet: str, steer: SheetSteer, cat: Catalog, lang: str) -> None:
    """The table's year, period and region, when the file does not say them (or says them wrongly)."""
    with st.expander(tr("upload.steer_facts"), icon=":material/edit_calendar:"):
        c = st.columns(3)
        year = c[0].number_input(tr("upload.steer_year"), min_value=0, max_value=2100, step=1,
                                 value=int(steer.year or 0), key=_key(sheet, "year"), help=tr("upload.steer_year_help"))
        period = c[1].text_input(tr("upload.steer_period"), value=steer.period or "", key=_key(sheet, "period"),
                                 help=tr("upload.steer_period_help"))
        regions = {"": tr("upload.steer_from_file"), **{r.code: r.name(lang) for r in cat.regions.values()}}
        region = c[2].selectbox(tr("upload.steer_region"), list(regions), format_func=regions.get,
                                index=list(regions).index(steer.region) if steer.region in regions else 0,
                                key=_key(sheet, "region"))
        if st.button(tr("upload.steer_facts_apply"), key=_key(sheet, "facts_apply"), icon=":material/check:"):
            code = _period_code(period)
            if period and code is None:
                st.error(tr("upload.steer_period_bad", text=md_escape(period)))
                return
            _set_sheet(sheet, replace(steer, year=int(year) or None, period=code, region=region or None))
            st.rerun()


def _period_code(text: str) -> str | None:
    """A period the analyst typed (2024年3月, 2024-03, 2024年1-9月) as its code."""
    from ..periods import parse_period_text

    if not text.strip():
        return None
    p = parse_period_text(text.strip())
    return p.code if p else None


def steer_summary(steer: Steer, lang: str, cat: Catalog) -> list[str]:
    """The corrections in force, one line each (for the page and the recipe)."""
    out = []
    for name, s in steer.sheets.items():
        if s.header:
            out.append(tr("upload.steer_sum_header", sheet=md_escape(name), first=s.header[0], last=s.header[1]))
        if s.ignore_rows:
            out.append(tr("upload.steer_sum_rows", sheet=md_escape(name), rows=", ".join(map(str, s.ignore_rows))))
        for letter, role in s.roles:
            out.append(tr("upload.steer_sum_role", sheet=md_escape(name), col=letter,
                          role=tr(f"upload.steer_role_{role}")))
        if s.year:
            out.append(tr("upload.steer_sum_year", sheet=md_escape(name), year=s.year))
        if s.period:
            out.append(tr("upload.steer_sum_period", sheet=md_escape(name),
                          period=parse_period(s.period).label(lang)))
        if s.region:
            reg = cat.regions.get(s.region)
            out.append(tr("upload.steer_sum_region", sheet=md_escape(name),
                          region=md_escape(reg.name(lang) if reg else s.region)))
    return out
