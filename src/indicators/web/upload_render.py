"""The upload page's widgets: templates, uploader, sheet choice, issues, label mapping, preview and commit."""

from __future__ import annotations

import hashlib
import logging
from functools import partial

import duckdb
import pandas as pd
import streamlit as st

from .. import logs, staging
from ..actions import upload
from ..catalog import Catalog
from ..errors import UserError
from ..ingest import IngestResult, upload_limits
from ..ingest.sandbox import Cancelled, warm_up
from ..ingest.steer import Steer
from ..store import recipes as recipe_store
from ..store.batches import find_by_sha
from ..templates import LAYOUTS, default_periods, file_name, period_choices, period_header, template
from .data import catalog, connection, data_version
from .history_view import SHOW_ROWS
from .lang import current_lang, tr
from .session import actor, session_id
from .style import uploader_css
from .tables import show_table
from .upload_mapping import labels_section, recipe_section, regions_section
from .upload_steer import STEER, current_steer, grid_section
from .upload_view import (
    UPLOAD_TYPES,
    Progress,
    ingest_key,
    issue_table,
    layout_text,
    preview_table,
    run_ingest,
    supported_file,
)
from .widgets import md_escape, show_error

log = logging.getLogger(__name__)
STAGED = "upload_staged_sha"     # the file this session kept on the server (so it is written once)
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
                                 format_func=period_header, key="tpl_periods", placeholder=tr("common.choose"))
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
    for key in [k for k in st.session_state if str(k).startswith(("ingest_", "upload_sheets_", "map_", "reg_",
                                                                   "steer_", "recipe_"))]:
        del st.session_state[key]
    for key in ("upload_mapping", STEER, "upload_file_sha", STAGED):
        st.session_state.pop(key, None)
    if sid := session_id():
        staging.drop(sid)


def _kept_file(file: object | None) -> tuple[str, bytes] | None:
    """The file being uploaded: the uploader's (kept on the server for this login), or after a reload the one kept.

    A file the analyst removes from the uploader in this session is forgotten, not brought back."""
    sid = session_id()
    if file is not None:
        data = file.getvalue()
        sha = hashlib.sha256(data).hexdigest()
        if sid and st.session_state.get(STAGED) != sha:
            staging.put(sid, file.name, data, upload_limits().max_bytes)
            st.session_state[STAGED] = sha
        return file.name, data
    if not sid:
        return None
    if st.session_state.pop(STAGED, None):          # removed from the uploader just now
        staging.drop(sid)
        return None
    kept = staging.get(sid)
    if kept:
        st.info(tr("upload.resumed", file=md_escape(kept[0])), icon=":material/restore_page:")
        st.button(tr("upload.discard"), key="upload_discard", on_click=_reset_upload, icon=":material/delete:")
    return kept


def _new_file(data: bytes) -> None:
    """A different file than before: the corrections made for the last one do not apply to it."""
    sha = hashlib.sha256(data).hexdigest()
    if st.session_state.get("upload_file_sha") != sha:
        st.session_state["upload_file_sha"] = sha
        for key in ("upload_mapping", STEER):
            st.session_state.pop(key, None)


def _recipes() -> tuple[dict[str, tuple[int, str, Steer]], str]:
    """The active recipes by layout fingerprint, and a key that changes when they change."""
    active = recipe_store.list_recipes(connection())
    found = {r.fingerprint: (r.id, r.name, Steer.from_json(r.steer)) for r in active}
    return found, ",".join(str(r.id) for r in active)


def _result(data: bytes, name: str, sheet: str | None, cat: Catalog, lang: str) -> IngestResult:
    """The pipeline result for these bytes and options, computed once per session (with a progress bar)."""
    mapping = st.session_state.get("upload_mapping", {})
    steer = current_steer()
    recipes, recipes_key = _recipes()
    key = ingest_key(data, name, sheet, mapping, lang, data_version(), steer, recipes_key)
    if key not in st.session_state:
        for old in [k for k in st.session_state if str(k).startswith("ingest_")]:
            del st.session_state[old]
        bar = Progress(tr("upload.reading", file=md_escape(name)))
        try:
            st.session_state[key] = run_ingest(data, name, cat, sheet=sheet, mapping=mapping, lang=lang,
                                               progress=bar, steer=steer, recipes=recipes)
        except Cancelled:                # the session ended meanwhile: nobody is left to show anything to
            st.stop()
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
    """File facts: sheets, layout, encoding, figures found, and the notes below the tables."""
    facts = [tr("upload.fact_sheets", sheets=md_escape("、".join(result.sheets) or "—")),
             tr("upload.fact_layout", layout=layout_text(result.layout, current_lang())),
             tr("upload.fact_rows", n=len(result.observations))]
    if result.encoding:
        facts.append(tr("upload.fact_encoding", encoding=result.encoding))
    st.caption(" · ".join(facts))
    if result.notes:
        st.caption(tr("upload.fact_notes", notes=md_escape("；".join(result.notes))))


def issues_section(result: IngestResult, lang: str) -> None:
    """The issue table (plain text), with counts of errors and warnings."""
    if not result.issues:
        st.success(tr("upload.no_issues"))
        return
    notes = len(result.issues) - len(result.errors) - len(result.warnings)
    st.subheader(tr("upload.issues_title", errors=len(result.errors), warnings=len(result.warnings), notes=notes))
    if not result.sheets:                # refused before a sheet was read: the reason in full, not in a table cell
        for i in result.errors[:3]:
            st.error(md_escape(i.message), icon=":material/block:")
    show_table(issue_table(result, lang), hide_index=True, key="upload_issues")


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
        show_table(table, hide_index=True, key="upload_preview")
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
    warm_up()                            # the upload worker's fork server imports while the analyst picks a file
    if msg := st.session_state.pop("upload_flash", None):
        st.success(msg)
    templates_section(cat, lang)
    limit_mb = upload_limits().max_bytes // (1024 * 1024)
    st.html(f"<style>{uploader_css(tr('upload.uploader_button'), tr('upload.uploader_hint', mb=limit_mb))}</style>")
    # Every type is let through: Streamlit's own refusal is English ("… files are not allowed"); ours says why.
    file = st.file_uploader(tr("upload.choose_file", mb=limit_mb), key=_uploader_key(),
                            max_upload_size=max(1, limit_mb))
    kept = _kept_file(file)
    if kept is None:
        return
    name, data = kept
    if not supported_file(name):
        types = ("、" if lang == "zh" else ", ").join(UPLOAD_TYPES)
        st.error(md_escape(tr("upload.unsupported_type", name=name, types=types)))   # the name is user text
        return
    _new_file(data)
    sheet = _sheet_choice(data, name, cat, lang)
    result = _result(data, name, sheet, cat, lang)
    summary_section(result)
    recipe_section(con, result, cat, lang)
    grid_section(result, cat, lang)
    issues_section(result, lang)
    labels_section(con, result, cat, lang)
    regions_section(con, result, cat, lang)
    if result.committable.empty:
        st.error(tr("upload.refused"))
        return
    diff = preview_section(con, result, cat, lang)
    commit_section(con, result, diff)
