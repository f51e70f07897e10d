"""The publication panel of the 平安指数 page: published or not, differences from the current data, publishing."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from ..actions import safety as safety_actions
from ..safety import snapshots as pub
from ..safety.index import IndexResult, rules_from_settings
from . import session
from .data import catalog
from .lang import tr
from .safety_data import index_spec, live_index, publication_list, published
from .tables import show_table
from .widgets import md_escape

VERSION = "idx_version"
LIVE = 0


def score_text(score: float, lang: str) -> str:
    """The score with one decimal, or 数据不足."""
    return tr("safety.insufficient_value") if score is None or math.isnan(score) else f"{score:.1f}"


def _publish_button(period: str, label_key: str) -> None:
    """For administrators: publish the period (the action checks the role again)."""
    if session.current_role() != "admin":
        return
    if st.button(tr(label_key), key="idx_publish", icon=":material/publish:", type="primary"):
        if session.attempt(safety_actions.publish, catalog(), index_spec(), period, rules_from_settings()):
            st.toast(tr("safety.published_toast"), icon=":material/check_circle:")
            st.rerun()


def _differences_table(diff: pd.DataFrame, lang: str) -> None:
    name = "region_zh" if lang == "zh" else "region_en"
    table = pd.DataFrame({
        tr("common.region"): diff[name],
        tr("safety.col_published"): [score_text(s, lang) for s in diff["score_published"]],
        tr("safety.col_current"): [score_text(s, lang) for s in diff["score_current"]],
        tr("safety.col_difference"): [f"{d:+.1f}" if not math.isnan(d) else "—" for d in diff["difference"]]})
    show_table(table, hide_index=True)


def _version_choice(period: str, lang: str) -> int | None:
    """Which published version to show (newest by default; LIVE = current data)."""
    pubs = publication_list(period)
    if len(pubs) < 2:
        return None
    options = [p.version for p in reversed(pubs)] + [LIVE]
    if st.session_state.get(VERSION) not in options:
        st.session_state[VERSION] = options[0]
    times = {p.version: f"{p.published_at:%Y-%m-%d %H:%M}" for p in pubs}
    st.selectbox(tr("safety.version"), options, key=VERSION, format_func=lambda v: tr("safety.live") if v == LIVE
                 else tr("safety.version_label", version=v, time=times[v]))
    choice = st.session_state[VERSION]
    return None if choice == options[0] else choice


def publication_panel(period: str, lang: str) -> IndexResult:
    """Published or not, differences from the current data, the publish button; returns the scores to show."""
    live = live_index(period)
    number = _version_choice(period, lang)
    if number == LIVE:
        st.info(tr("safety.showing_live"), icon=":material/science:")
        return live
    p, result = published(period, number)
    if p is None:
        st.info(tr("safety.not_published"), icon=":material/unpublished:")
        _publish_button(period, "safety.publish")
        return live
    st.success(tr("safety.published_line", version=p.version, time=f"{p.published_at:%Y-%m-%d %H:%M}",
                  user=md_escape(p.published_by or "?")), icon=":material/verified:")
    diff = pub.differences(result, live)
    if not diff.empty:
        st.warning(tr("safety.differs", n=len(diff)), icon=":material/difference:")
        with st.expander(tr("safety.differences"), expanded=False):
            _differences_table(diff, lang)
        _publish_button(period, "safety.republish")
    return result
