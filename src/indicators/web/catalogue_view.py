"""The 指标目录 page (analysts, admins): list indicators, edit one, its aliases, retire, restore, merge, create.

Every change goes through indicators.actions.catalogue (role re-checked, one transaction, audited); this module
only lays out widgets and tables. Text from the catalogue is shown in tables or escaped, never as markup.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..actions import catalogue
from ..actions.catalogue import IndicatorSpec
from ..catalog import Catalog, Indicator
from ..errors import UserError
from ..i18n import LANGS
from ..safety.index_file import indicators_named
from ..store.catalog_sync import alias_rows, overridden_fields
from ..units import measure_label, name_with_unit, unit_name
from .data import catalog, connection, indicator_data_counts
from .indicator_form import field_label, indicator_form
from .lang import current_lang, tr
from .query_view import matches
from .session import outcome
from .tables import show_table
from .widgets import md_escape, select, show_error

FLASH, PICK, NEXT, STICKY = "catalogue_flash", "cat_pick", "cat_pick_next", "cat_pick_kept"
STATUSES = ("active", "retired", "merged", "all")


def _done(text: str, pick: str | None = None) -> None:
    """Show text after the rerun (and select an indicator), then rerun so every table shows the change."""
    st.session_state[FLASH] = text
    if pick:
        st.session_state[NEXT] = pick
    st.rerun()


def status_text(ind: Indicator, every: dict[str, Indicator], lang: str) -> str:
    """使用中 / 已停用 / 已合并到「…」 in words."""
    if ind.status == "merged":
        into = every.get(ind.merged_into or "")
        return tr("catalogue.status_merged_into", name=into.name(lang) if into else ind.merged_into)
    return tr(f"catalogue.status_{ind.status}")


def catalogue_table(ids: list[str], every: dict[str, Indicator], cat: Catalog, counts: dict[str, tuple[int, int]],
                    edited: dict[str, set[str]], lang: str) -> pd.DataFrame:
    """One row per indicator: names, domain, unit, kind, polarity, status, origin, figures, aliases, edits."""
    rows = []
    for i in ids:
        ind = every[i]
        dom = cat.domains.get(ind.domain)
        other = "name_en" if lang == "zh" else "name_zh"
        sep = "、" if lang == "zh" else ", "
        rows.append({
            field_label(f"name_{lang}"): ind.name(lang), field_label("status"): status_text(ind, every, lang),
            field_label("unit"): unit_name(ind.unit, lang), field_label("kind"): tr(f"pages.kind_{ind.kind}"),
            field_label("polarity"): tr(f"pages.polarity_{ind.polarity}"),
            field_label("domain"): dom.name(lang) if dom else ind.domain,
            tr("catalogue.col_figures"): counts.get(i, (0, 0))[0], tr("catalogue.col_aliases"): len(ind.aliases),
            tr("catalogue.col_origin"): tr(f"catalogue.origin_{ind.origin}"),
            tr("catalogue.col_edited"): sep.join(field_label(f) for f in sorted(edited.get(i, ()))),
            field_label(other): getattr(ind, other), field_label("id"): ind.id,
        })
    return pd.DataFrame(rows)


def _filtered(cat: Catalog, every: dict[str, Indicator], lang: str) -> list[str]:
    """Search, domain and status filters over every indicator; the ids shown."""
    c1, c2, c3 = st.columns([2, 1, 1])
    search = c1.text_input(tr("catalogue.search"), key="cat_search", max_chars=100,
                           placeholder=tr("catalogue.search_hint"))
    # Labels are made here, not in format_func: it may run where the session (and its language) is not at hand.
    domains = {"": tr("catalogue.any"), **{d: cat.domains[d].name(lang)    # "": all (None would read as unset)
                                           for d in sorted(cat.domains, key=lambda d: cat.domains[d].order)}}
    dom = select(c2, tr("catalogue.field_domain"), domains, "cat_domain")
    status = select(c3, tr("catalogue.field_status"), {s: tr(f"catalogue.filter_{s}") for s in STATUSES}, "cat_status")
    ids = [i for i, ind in every.items() if (not dom or ind.domain == dom) and status in ("all", ind.status)]
    return matches(cat.with_retired(), search, ids)


def _pick(ids: list[str], every: dict[str, Indicator], lang: str) -> Indicator | None:
    """The indicator to manage: one just created, changed or merged into is picked, and stays offered while the
    filters no longer match it (a retired one stays at hand to restore); a filter the analyst changes picks among
    the indicators it shows."""
    key = f"{PICK}__{lang}"                    # the picker's widget key (widgets.select: one per language)
    if (nxt := st.session_state.pop(NEXT, None)) in every:
        st.session_state[key] = st.session_state[STICKY] = nxt
    kept = next((st.session_state[k] for k in (key, *(f"{PICK}__{x}" for x in LANGS)) if k in st.session_state), None)
    if kept in every and kept not in ids and kept == st.session_state.get(STICKY):
        ids = [kept, *ids]
    if not ids:
        st.info(tr("catalogue.none_found"))
        return None
    if key in st.session_state and st.session_state[key] not in ids:
        st.session_state[key] = ids[0]
    labels = {i: f"{every[i].name(lang)} · {i} · {status_text(every[i], every, lang)}" for i in ids}
    return every[select(st, tr("catalogue.pick"), labels, PICK)]


def edit_section(ind: Indicator, cat: Catalog, lang: str, counts: dict[str, tuple[int, int]]) -> None:
    """The form with the indicator's fields; saving goes through catalogue.update_indicator (audited)."""
    if ind.status == "merged":
        st.info(tr("catalogue.merged_no_edit", name=md_escape(ind.name(lang))))
        return
    current, _ = counts.get(ind.id, (0, 0))
    if current:
        st.caption(tr("catalogue.edit_has_data", n=current))
    edited = sorted(overridden_fields(connection()).get(ind.id, ()))
    if ind.origin == "catalogue" and edited:
        st.caption(tr("catalogue.edit_overrides", fields="、".join(field_label(f) for f in edited)))
    key = _form_key(ind.id)
    base = _form_base(ind, key)
    with st.form(f"cat_edit_{ind.id}", border=False):
        spec = indicator_form(cat, lang, key, base, own_id=ind.id, with_aliases=False)
        saved = st.form_submit_button(tr("catalogue.save"), type="primary", icon=":material/save:")
    if saved:
        ok, changes = outcome(catalogue.update_indicator, ind.id, spec, base)
        if ok and changes:
            _renew_form(ind.id)
            _done(tr("catalogue.saved", n=len(changes), fields=", ".join(field_label(f) for f in changes)), ind.id)
        elif ok:
            st.info(tr("catalogue.unchanged"))
    if IndicatorSpec.of(ind) != base:          # changed behind the open form: the typed values stay until asked
        st.warning(tr("catalogue.edit_changed_behind"))
        if st.button(tr("catalogue.edit_reload"), key=f"cat_reload_{ind.id}", icon=":material/refresh:"):
            _renew_form(ind.id)
            st.rerun()


def _form_key(ident: str) -> str:
    """The edit form's widget keys start with this; a renewed form gets new ones (the browser keeps a widget's
    typed value for as long as its key lives, whatever the page sets)."""
    n = st.session_state.get(f"cat_edit_gen_{ident}", 0)
    return f"ce_{ident}" if not n else f"ce_{ident}_v{n}"


def _form_base(ind: Indicator, key: str) -> IndicatorSpec:
    """The values the edit form opened with (kept while its widgets live): what update_indicator measures
    the analyst's changes against, so a change saved by someone else meanwhile is not undone."""
    kept = f"cat_edit_base_{ind.id}"
    if kept not in st.session_state or f"{key}_name_zh" not in st.session_state:
        st.session_state[kept] = IndicatorSpec.of(ind)
    return st.session_state[kept]


def _renew_form(ident: str) -> None:
    """Open the edit form again on the stored values: new widgets, a new base (after a save, or when asked)."""
    st.session_state[f"cat_edit_gen_{ident}"] = st.session_state.get(f"cat_edit_gen_{ident}", 0) + 1
    st.session_state.pop(f"cat_edit_base_{ident}", None)


def aliases_section(ind: Indicator, every: dict[str, Indicator], lang: str) -> None:
    """The header texts that find this indicator: its own (removable), those of indicators merged into it, add one."""
    rows = alias_rows(connection())
    own = [(a, o, by) for a, i, o, by in rows if i == ind.id]
    merged = {i for i, x in every.items() if x.status == "merged" and x.merged_into == ind.id}
    moved = [(a, every[i].name(lang)) for a, i, _, _ in rows if i in merged]
    moved += [(every[i].name_zh, every[i].name(lang)) for i in merged] + [(every[i].name_en, every[i].name(lang))
                                                                          for i in merged]
    if own:
        show_table(pd.DataFrame({field_label("aliases"): [a for a, _, _ in own],
                                   tr("catalogue.col_origin"): [_alias_origin(o) for _, o, _ in own],
                                   tr("catalogue.col_by"): [by or "" for _, _, by in own]}), hide_index=True)
    else:
        st.caption(tr("catalogue.no_aliases"))
    if moved:
        st.caption(tr("catalogue.moved_aliases"))
        show_table(pd.DataFrame({field_label("aliases"): [a for a, _ in moved],
                                   tr("catalogue.col_merged_from"): [n for _, n in moved]}), hide_index=True)
    c1, c2 = st.columns(2)
    with c1.form(f"cat_alias_add_{ind.id}", clear_on_submit=True):
        text = st.text_input(tr("catalogue.alias_new"), max_chars=100, key=f"cat_alias_text_{ind.id}")
        if st.form_submit_button(tr("catalogue.alias_add"), icon=":material/add:"):
            ok, saved = outcome(catalogue.add_alias, ind.id, text)
            if ok:
                _done(tr("catalogue.alias_added", alias=md_escape(saved)), ind.id)
    if own:
        with c2.form(f"cat_alias_rm_{ind.id}"):
            gone = select(st, tr("catalogue.alias_pick"), {a: a for a, _, _ in own}, f"cat_alias_rm_pick_{ind.id}")
            if st.form_submit_button(tr("catalogue.alias_remove"), icon=":material/delete:"):
                ok, _ = outcome(catalogue.remove_alias, ind.id, gone)
                if ok:
                    _done(tr("catalogue.alias_removed", alias=md_escape(gone)), ind.id)


def _alias_origin(origin: str) -> str:
    text = tr(f"catalogue.alias_origin_{origin}")
    return origin if text.startswith("catalogue.") else text


def _retire_block(ind: Indicator, counts: dict[str, tuple[int, int]]) -> None:
    current, stored = counts.get(ind.id, (0, 0))
    st.markdown(f"**{tr('catalogue.retire_title')}**")
    st.caption(tr("catalogue.retire_help", current=current, stored=stored))
    sure = st.checkbox(tr("catalogue.retire_confirm"), key=f"cat_retire_ok_{ind.id}")
    if st.button(tr("catalogue.retire"), disabled=not sure, key=f"cat_retire_{ind.id}", icon=":material/archive:"):
        if outcome(catalogue.retire_indicator, ind.id)[0]:
            _done(tr("catalogue.retired", name=md_escape(ind.name(current_lang()))), ind.id)


def _restore_block(ind: Indicator, every: dict[str, Indicator], lang: str) -> None:
    if ind.status == "merged":
        into = every.get(ind.merged_into or "")
        st.info(tr("catalogue.merged_info", name=md_escape(into.name(lang) if into else ind.merged_into)))
        st.caption(tr("catalogue.restore_merged_help"))
    else:
        st.info(tr("catalogue.retired_info"))
    if st.button(tr("catalogue.restore"), key=f"cat_restore_{ind.id}", type="primary", icon=":material/unarchive:"):
        if outcome(catalogue.restore_indicator, ind.id)[0]:
            _done(tr("catalogue.restored", name=md_escape(ind.name(lang))), ind.id)


def _plan_table(plan, cat: Catalog, lang: str) -> pd.DataFrame:
    """The keys both indicators hold with different figures: region, period, merged and kept values, measure (the
    figures before the measure: on a phone they are what shows without scrolling)."""
    regions = {c: r.name(lang) for c, r in cat.regions.items()}
    d = plan.conflicts
    return pd.DataFrame({
        tr("common.region"): d["region_code"].map(regions).fillna(d["region_code"]), tr("common.period"): d["period"],
        tr("catalogue.merge_value_from"): d["value"], tr("catalogue.merge_value_kept"): d["into_value"],
        tr("upload.measure"): [measure_label(m, lang) for m in d["measure"]]})


def _merge_block(ind: Indicator, cat: Catalog, lang: str) -> None:
    """Merge into another indicator: survivors of the same unit and kind first, the plan shown before the click."""
    st.markdown(f"**{tr('catalogue.merge_title')}**")
    st.caption(tr("catalogue.merge_help"))
    others = sorted((i for i in cat.indicators.values() if i.id != ind.id),
                    key=lambda i: (i.unit != ind.unit or i.kind != ind.kind))
    if not others:
        return
    labels = {i.id: name_with_unit(i.name(lang), i.unit, lang) for i in others}
    into = select(st, tr("catalogue.merge_into"), labels, f"cat_merge_into_{ind.id}")
    try:
        plan = catalogue.merge_plan(connection(), ind.id, into)
    except UserError as e:                   # unlike units, an indicator merged into this one: say why, no button
        show_error(e)
        return
    c = st.columns(3)
    c[0].metric(tr("catalogue.merge_copy"), len(plan.copy))
    c[1].metric(tr("catalogue.merge_same"), plan.same)
    c[2].metric(tr("catalogue.merge_conflicts"), len(plan.conflicts))
    if len(plan.conflicts):
        st.caption(tr("catalogue.merge_conflicts_help"))
        show_table(_plan_table(plan, cat, lang), hide_index=True)
    sure = st.checkbox(tr("catalogue.merge_confirm"), key=f"cat_merge_ok_{ind.id}")
    if st.button(tr("catalogue.merge"), disabled=not sure, key=f"cat_merge_{ind.id}", icon=":material/merge:"):
        ok, done = outcome(catalogue.merge_indicator, ind.id, into)
        if ok:
            target = cat.indicators[into].name(lang)
            _done(tr("catalogue.merged", name=md_escape(ind.name(lang)), into=md_escape(target), n=len(done.copy)),
                  into)


def _delete_block(ind: Indicator, counts: dict[str, tuple[int, int]]) -> None:
    if ind.origin != "user" or counts.get(ind.id, (0, 0))[1]:
        return
    st.markdown(f"**{tr('catalogue.delete_title')}**")
    st.caption(tr("catalogue.delete_help"))
    sure = st.checkbox(tr("catalogue.delete_confirm"), key=f"cat_delete_ok_{ind.id}")
    if st.button(tr("catalogue.delete"), disabled=not sure, key=f"cat_delete_{ind.id}", icon=":material/delete:"):
        if outcome(catalogue.delete_indicator, ind.id)[0]:
            _done(tr("catalogue.deleted", name=md_escape(ind.name(current_lang()))))


def lifecycle_section(ind: Indicator, cat: Catalog, every: dict[str, Indicator], lang: str,
                      counts: dict[str, tuple[int, int]]) -> None:
    """Retire, restore, merge, delete: what this indicator's state allows."""
    if ind.active and ind.id in indicators_named():      # the 平安指数 scores it: it stays in use
        st.info(tr("catalogue.in_index", name=md_escape(ind.name(lang)), id=ind.id))
        return
    if ind.active:
        _retire_block(ind, counts)
        st.divider()
    else:
        _restore_block(ind, every, lang)
    if ind.status != "merged":
        _merge_block(ind, cat, lang)
        _delete_block(ind, counts)


def create_section(cat: Catalog, lang: str) -> None:
    """A new indicator with every field (the same form the upload page offers for an unknown header)."""
    with st.expander(tr("catalogue.create_title"), icon=":material/add_circle:"):
        with st.form("cat_create", border=False):
            spec = indicator_form(cat, lang, "cn")
            if st.form_submit_button(tr("catalogue.create"), type="primary", icon=":material/add:"):
                ok, ident = outcome(catalogue.create_indicator, spec)
                if ok:
                    _done(tr("catalogue.created", name=md_escape(spec.name_zh if lang == "zh" else spec.name_en)),
                          ident)


def render() -> None:
    """The page: filters, the table, one indicator's tabs (edit, aliases, retire and merge), and create."""
    lang, cat = current_lang(), catalog()
    every = cat.with_retired().indicators
    counts = indicator_data_counts()
    st.title(tr("nav.catalogue"))
    st.caption(tr("catalogue.intro"))
    if msg := st.session_state.pop(FLASH, None):
        st.success(msg)
    ids = _filtered(cat, every, lang)
    show_table(catalogue_table(ids, every, cat, counts, overridden_fields(connection()), lang), hide_index=True,
                 key="cat_table")
    create_section(cat, lang)
    ind = _pick(ids, every, lang)
    if ind is None:
        return
    edit, aliases, life = st.tabs([tr("catalogue.tab_edit"), tr("catalogue.tab_aliases"), tr("catalogue.tab_life")])
    with edit:
        edit_section(ind, cat, lang, counts)
    with aliases:
        aliases_section(ind, every, lang)
    with life:
        lifecycle_section(ind, cat, every, lang, counts)
