"""The upload page's widgets: templates, uploader, sheet choice, issues, label mapping, preview and commit."""

from __future__ import annotations

import logging
from functools import partial

import duckdb
import pandas as pd
import streamlit as st

from .. import logs
from ..actions import catalogue, upload
from ..actions.catalogue import NewIndicator
from ..catalog import KINDS, POLARITY, Catalog
from ..errors import UserError
from ..ingest import IngestResult, upload_limits
from ..store.batches import find_by_sha
from ..templates import LAYOUTS, default_periods, file_name, period_choices, period_header, template
from .data import catalog, connection, data_version
from .history_view import SHOW_ROWS
from .lang import current_lang, tr
from .session import actor
from .upload_view import (
    NEW,
    SKIP,
    UPLOAD_TYPES,
    Progress,
    indicator_options,
    ingest_key,
    issue_table,
    layout_text,
    preview_table,
    run_ingest,
)
from .widgets import md_escape, show_error

log = logging.getLogger(__name__)
MAP_AT_ONCE = 20          # unknown labels offered for mapping per round; the rest come after saving
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def templates_section(cat: Catalog, lang: str) -> None:
    """Download buttons for the long and wide templates (built when clicked)."""
    with st.expander(tr("upload.templates"), icon=":material/download:"):
        st.caption(tr("upload.templates_help"))
        c1, c2 = st.columns(2)
        regions = {r.code: r.name(lang) for r in cat.regions.values()}
        region = c1.selectbox(tr("upload.tpl_region"), list(regions), format_func=regions.get,
                              index=list(regions).index(cat.default_region().code), key="tpl_region")
        periods = c2.multiselect(tr("upload.tpl_periods"), period_choices(), default=default_periods(),
                                 format_func=period_header, key="tpl_periods")
        cols = st.columns(len(LAYOUTS))
        for col, layout in zip(cols, LAYOUTS, strict=True):
            build = partial(template, layout, cat, lang, periods=periods or None, region=region)
            col.download_button(tr(f"upload.template_{layout}"), data=build, file_name=file_name(layout, lang),
                                mime=XLSX_MIME, key=f"tpl_{layout}", on_click="ignore", icon=":material/table:")


def _uploader_key() -> str:
    return f"upload_file_{st.session_state.setdefault('upload_nonce', 0)}"


def _reset_upload() -> None:
    """Forget the file and everything derived from it (a fresh uploader appears)."""
    st.session_state["upload_nonce"] = st.session_state.get("upload_nonce", 0) + 1
    for key in [k for k in st.session_state if str(k).startswith(("ingest_", "upload_sheets_", "map_"))]:
        del st.session_state[key]
    st.session_state.pop("upload_mapping", None)


def _result(data: bytes, name: str, sheet: str | None, cat: Catalog, lang: str) -> IngestResult:
    """The pipeline result for these bytes and options, computed once per session (with a progress bar)."""
    mapping = st.session_state.get("upload_mapping", {})
    key = ingest_key(data, name, sheet, mapping, lang, data_version())
    if key not in st.session_state:
        for old in [k for k in st.session_state if str(k).startswith("ingest_")]:
            del st.session_state[old]
        bar = Progress(tr("upload.reading", file=md_escape(name)))
        try:
            st.session_state[key] = run_ingest(data, name, cat, sheet=sheet, mapping=mapping, lang=lang,
                                               progress=bar)
        except UserError as e:
            show_error(e)
            st.stop()
        except Exception:  # noqa: BLE001 - a bug ends in a plain message; its traceback goes to the log file
            ref = logs.unexpected(log, f"reading the upload {name!r}")
            st.error(tr("upload.unexpected", file=md_escape(name), ref=ref))
            st.stop()
        finally:
            bar.done()
    return st.session_state[key]


def _sheet_choice(data: bytes, name: str, cat: Catalog, lang: str) -> str | None:
    """All sheets, or one the analyst picks (the list comes from reading every sheet once)."""
    first = _result(data, name, None, cat, lang)
    sheets = st.session_state.setdefault(f"upload_sheets_{first.sha256[:16]}", list(first.sheets))
    if len(sheets) < 2:
        return None
    labels = {"": tr("upload.all_sheets"), **{s: s for s in sheets}}
    pick = st.selectbox(tr("upload.sheet_choice"), list(labels), format_func=labels.get, key="upload_sheet")
    return pick or None


def summary_section(result: IngestResult) -> None:
    """File facts: sheets, layout, encoding, figures found."""
    facts = [tr("upload.fact_sheets", sheets=md_escape("、".join(result.sheets) or "—")),
             tr("upload.fact_layout", layout=layout_text(result.layout, current_lang())),
             tr("upload.fact_rows", n=len(result.observations))]
    if result.encoding:
        facts.append(tr("upload.fact_encoding", encoding=result.encoding))
    st.caption(" · ".join(facts))


def issues_section(result: IngestResult, lang: str) -> None:
    """The issue table (plain text), with counts of errors and warnings."""
    if not result.issues:
        st.success(tr("upload.no_issues"))
        return
    notes = len(result.issues) - len(result.errors) - len(result.warnings)
    st.subheader(tr("upload.issues_title", errors=len(result.errors), warnings=len(result.warnings), notes=notes))
    st.dataframe(issue_table(result, lang), hide_index=True, key="upload_issues")


def _new_indicator_form(label: str, cat: Catalog, lang: str, n: int) -> NewIndicator:
    c = st.columns(3)
    domains = {d.id: d.name(lang) for d in cat.domains.values()}
    return NewIndicator(
        label=label,
        name_zh=c[0].text_input(tr("upload.map_name_zh"), value=label, key=f"map_zh_{n}"),
        name_en=c[1].text_input(tr("upload.map_name_en"), key=f"map_en_{n}"),
        unit=c[2].text_input(tr("upload.map_unit"), key=f"map_unit_{n}"),
        domain=c[0].selectbox(tr("upload.map_domain"), list(domains), format_func=domains.get, key=f"map_dom_{n}"),
        polarity=c[1].selectbox(tr("upload.map_polarity"), list(POLARITY),
                                format_func=lambda p: tr(f"upload.polarity_{p}"), key=f"map_pol_{n}"),
        kind=c[2].selectbox(tr("upload.map_kind"), list(KINDS), format_func=lambda k: tr(f"upload.kind_{k}"),
                            key=f"map_kind_{n}"))


def mapping_section(con: duckdb.DuckDBPyConnection, result: IngestResult, cat: Catalog, lang: str) -> None:
    """Unknown header labels: map each to an indicator or create one; saved as aliases, then re-checked."""
    if not result.unknown_labels:
        return
    st.subheader(tr("upload.map_title", n=len(result.unknown_labels)))
    st.caption(tr("upload.map_help"))
    if len(result.unknown_labels) > MAP_AT_ONCE:
        st.caption(tr("upload.map_first", shown=MAP_AT_ONCE, total=len(result.unknown_labels)))
    opts = indicator_options(cat, lang)
    choices: dict[str, str] = {}
    new: list[NewIndicator] = []
    for n, label in enumerate(result.unknown_labels[:MAP_AT_ONCE]):
        choices[label] = st.selectbox(tr("upload.map_label", label=md_escape(label)), list(opts), format_func=opts.get,
                                      key=f"map_pick_{n}")
        if choices[label] == NEW:
            new.append(_new_indicator_form(label, cat, lang, n))
    if st.button(tr("upload.map_save"), key="map_save", disabled=not any(choices.values()),
                 icon=":material/save:"):
        aliases = {label: ind for label, ind in choices.items() if ind not in (SKIP, NEW)}
        try:
            saved = catalogue.map_labels(con, actor(), cat, aliases, new)
        except UserError as e:
            show_error(e)
            return
        st.session_state["upload_mapping"] = {**st.session_state.get("upload_mapping", {}), **saved}
        st.session_state["upload_flash"] = tr("upload.map_saved", n=len(saved))
        st.rerun()


def preview_section(con: duckdb.DuckDBPyConnection, result: IngestResult, cat: Catalog,
                    lang: str) -> pd.DataFrame:
    """Counts and table of what would change; returns the diff."""
    diff, counts = upload.preview(con, result)
    st.subheader(tr("upload.preview_title"))
    cols = st.columns(3)
    for col, key in zip(cols, ("new", "changed", "unchanged"), strict=True):
        col.metric(tr(f"upload.{key}"), int(counts.get(key, 0)))
    show_all = st.toggle(tr("upload.show_unchanged"), key="upload_show_unchanged")
    shown = diff if show_all else diff[diff["status"] != "unchanged"]
    table = preview_table(shown.head(SHOW_ROWS), cat, lang, show_unchanged=True)
    if table.empty:
        st.info(tr("upload.nothing_changes"))
    else:
        st.dataframe(table, hide_index=True, key="upload_preview")
        if len(shown) > len(table):
            st.caption(tr("upload.first_rows", shown=len(table), total=len(shown)))
    return diff


def commit_section(con: duckdb.DuckDBPyConnection, result: IngestResult, diff: pd.DataFrame) -> None:
    """Errors block; warnings need confirmation; a file already stored says when; commit in one transaction."""
    dup = find_by_sha(con, result.sha256)
    if dup:
        st.info(tr("upload.duplicate", batch=dup[0], when=f"{pd.Timestamp(dup[1]):%Y-%m-%d %H:%M}"))
    if result.errors:
        st.error(tr("upload.blocked", n=len(result.errors)))
    confirmed = True
    if result.warnings and not result.errors:
        confirmed = st.checkbox(tr("upload.confirm_warnings", n=len(result.warnings)), key="upload_confirm")
    ready = not result.errors and confirmed and not diff.empty and not dup
    if not st.button(tr("upload.commit"), type="primary", disabled=not ready, key="upload_commit",
                     icon=":material/cloud_upload:"):
        return
    try:
        res = upload.commit(con, actor(), result, confirm_warnings=bool(result.warnings and confirmed))
    except UserError as e:
        show_error(e)
        return
    if res.duplicate_of:
        st.info(tr("upload.duplicate", batch=res.duplicate_of[0],
                   when=f"{pd.Timestamp(res.duplicate_of[1]):%Y-%m-%d %H:%M}"))
        return
    st.session_state["upload_flash"] = tr("upload.committed", batch=res.batch_id, file=md_escape(result.file),
                                          new=res.n_new, changed=res.n_changed, unchanged=res.n_unchanged)
    _reset_upload()
    st.rerun()


def render() -> None:
    """The upload page."""
    lang = current_lang()
    cat = catalog()
    con = connection()
    st.title(tr("nav.upload"))
    st.caption(tr("upload.intro"))
    if msg := st.session_state.pop("upload_flash", None):
        st.success(msg)
    templates_section(cat, lang)
    limit_mb = upload_limits().max_bytes // (1024 * 1024)
    file = st.file_uploader(tr("upload.choose_file", mb=limit_mb), type=UPLOAD_TYPES, key=_uploader_key(),
                            max_upload_size=max(1, limit_mb))
    if file is None:
        return
    data = file.getvalue()
    sheet = _sheet_choice(data, file.name, cat, lang)
    result = _result(data, file.name, sheet, cat, lang)
    summary_section(result)
    issues_section(result, lang)
    mapping_section(con, result, cat, lang)
    if result.committable.empty:
        st.error(tr("upload.refused"))
        return
    diff = preview_section(con, result, cat, lang)
    commit_section(con, result, diff)
