"""The upload-history page: batches, what a batch changed, and the admin's roll-back."""

from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st

from ..actions import batches
from ..i18n import t
from ..naming import batch_name, period_text
from ..store.batches import list_batches
from ..store.queries import batch_rows
from .data import connection
from .lang import current_lang, tr
from .session import attempt, current_role
from .tables import show_table
from .upload_view import measure_labels, measure_units, number_texts, status_labels
from .widgets import md_escape

SHOW_ROWS = 5000          # rows of a batch shown on the page; the counts cover all of them


def batch_table(con: duckdb.DuckDBPyConnection, lang: str) -> pd.DataFrame:
    """Batches newest first, with localised column names: who, when, file, sheets, counts, status."""
    b = list_batches(con)
    if b.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        t("upload.hist_batch", lang): b["id"],
        t("upload.hist_status", lang): [t(f"upload.status_{s}", lang) for s in b["status"]],
        t("upload.hist_kind", lang): [t(f"upload.kind_{k}", lang) for k in b["kind"]],
        t("upload.hist_file", lang): [batch_name(k, f, lang) for k, f in zip(b["kind"], b["file_name"], strict=True)],
        t("upload.hist_sheets", lang): b["sheets"].fillna(""),
        t("upload.hist_user", lang): b["user_name"].fillna(""),
        t("upload.hist_time", lang): b["created_at"],
        t("upload.new", lang): b["n_new"],
        t("upload.changed", lang): b["n_changed"],
        t("upload.unchanged", lang): b["n_unchanged"],
        t("upload.hist_rolled_back", lang): [_rolled_back(at, by) for at, by in
                                             zip(b["rolled_back_at"], b["rolled_back_by"], strict=True)],
    })


def _rolled_back(at: object, by: object) -> str:
    if at is None or pd.isna(at):
        return ""
    return f"{pd.Timestamp(at):%Y-%m-%d %H:%M} {by or ''}".strip()


def batch_changes(con: duckdb.DuckDBPyConnection, batch_id: int, lang: str, limit: int = SHOW_ROWS) -> pd.DataFrame:
    """The observations a batch stored: new or changed (previous → value), and whether each is still current."""
    d = batch_rows(con, batch_id, limit)
    if d.empty:
        return pd.DataFrame()
    en = lang == "en"
    return pd.DataFrame({
        t("common.indicator", lang): (d["name_en"] if en else d["name_zh"]).fillna(d["indicator_id"]),
        t("common.region", lang): (d["region_en"] if en else d["region_zh"]).fillna(d["region_code"]),
        t("common.period", lang): d["period"].map(lambda p: period_text(p, lang)),
        t("upload.measure", lang): measure_labels(d["measure"], lang),
        t("upload.previous", lang): number_texts(d["previous"]),
        t("common.value", lang): d["value"],
        t("common.unit", lang): measure_units(d["measure"], d["unit"], lang),
        t("upload.status", lang): status_labels(d["previous"].isna().map({True: "new", False: "changed"}), lang),
        t("upload.hist_is_current", lang): d["is_current"].map({True: t("upload.yes", lang),
                                                                False: t("upload.no", lang)}),
        t("common.source", lang): d["source"].fillna(""),
    })


def _batch_label(row: pd.Series, lang: str) -> str:
    return t("upload.hist_label", lang, batch=row["id"], name=batch_name(row["kind"], row["file_name"], lang),
             when=f"{pd.Timestamp(row['created_at']):%Y-%m-%d %H:%M}")


def _rollback_controls(row: pd.Series) -> None:
    if row["status"] != "committed":
        st.info(tr("upload.hist_already_rolled_back", by=md_escape(row["rolled_back_by"] or "")))
        return
    if current_role() != "admin":
        st.caption(tr("upload.hist_admin_only"))
        return
    sure = st.checkbox(tr("upload.hist_confirm_rollback", batch=int(row["id"])), key=f"rb_ok_{row['id']}")
    if st.button(tr("upload.hist_rollback"), disabled=not sure, key=f"rb_{row['id']}", type="primary"):
        done: list[batches.RolledBack] = []
        if not attempt(lambda con, who, batch: done.append(batches.roll_back(con, who, batch)), int(row["id"])):
            return
        key = "upload.hist_rolled_back_ok" if done[0].shown else "upload.hist_rolled_back_superseded"
        st.session_state["history_flash"] = tr(key, batch=int(row["id"]))
        st.rerun()


def render() -> None:
    """The page: batch list, a batch's changes on selection, roll-back for admins."""
    lang = current_lang()
    con = connection()
    st.title(tr("nav.history"))
    if msg := st.session_state.pop("history_flash", None):
        st.success(msg)
    batches = list_batches(con)
    if batches.empty:
        st.info(tr("upload.hist_empty"))
        return
    show_table(batch_table(con, lang), hide_index=True)
    labels = {int(r["id"]): _batch_label(r, lang) for _, r in batches.iterrows()}
    chosen = st.selectbox(tr("upload.hist_choose"), list(labels), format_func=labels.get, key="history_batch")
    row = batches[batches["id"] == chosen].iloc[0]
    st.subheader(tr("upload.hist_changes", batch=int(chosen)))
    changes = batch_changes(con, int(chosen), lang)
    stored = int(row["n_new"] or 0) + int(row["n_changed"] or 0)
    if changes.empty:
        st.info(tr("upload.hist_no_changes"))
    else:
        show_table(changes, hide_index=True)
        if stored > len(changes):
            st.caption(tr("upload.first_rows", shown=len(changes), total=stored))
    _rollback_controls(row)
