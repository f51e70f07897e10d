"""The upload page's choices about texts the catalogue does not know: header texts (map to an indicator, create
one, or ignore), region texts (map to a region, create one under its parent, or ignore), and the recipe that keeps
these choices for the next file of the same layout. Widgets are keyed by the text itself, never by position."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace

import duckdb
import streamlit as st

from ..actions import catalogue, recipes
from ..actions.catalogue import NewIndicator, NewRegion
from ..catalog import LEVELS, Catalog
from ..errors import UserError
from ..ingest import IngestResult
from ..ingest.labels import IGNORE
from ..units import name_with_note, name_with_unit
from .indicator_form import indicator_form
from .lang import tr
from .session import actor
from .upload_steer import current_steer, steer_summary
from .widgets import md_escape, show_error

MAP_AT_ONCE = 20          # texts offered per round; the rest come after saving
NEW = "__new__"
SKIP = ""
MAPPING = "upload_mapping"


def text_key(prefix: str, text: str) -> str:
    """A widget key that belongs to a text (so choices stay with their text after others are saved)."""
    return f"{prefix}_{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}"


def indicator_options(cat: Catalog, lang: str) -> dict[str, str]:
    """Choices for an unknown header text: choose, create, ignore, or an indicator of the catalogue."""
    opts = {SKIP: tr("upload.map_skip"), NEW: tr("upload.map_new"), IGNORE: tr("upload.map_ignore")}
    opts.update({i.id: name_with_unit(i.name(lang), i.unit, lang) for i in cat.indicators.values()})
    return opts


def _new_indicator_form(label: str, cat: Catalog, lang: str) -> NewIndicator:
    """Every field of a new indicator for an unknown header (the catalogue page's form, less common ones folded)."""
    return indicator_form(cat, lang, text_key("map_new", label), label=label, compact=True)


def labels_section(con: duckdb.DuckDBPyConnection, result: IngestResult, cat: Catalog, lang: str) -> None:
    """Unknown header texts: map each to an indicator, create one, or ignore its figures; then read again."""
    labels = result.unknown_labels
    if not labels:
        return
    st.subheader(tr("upload.map_title", n=len(labels)))
    st.caption(tr("upload.map_help"))
    if len(labels) > MAP_AT_ONCE:
        st.caption(tr("upload.map_first", shown=MAP_AT_ONCE, total=len(labels)))
    opts = indicator_options(cat, lang)
    choices: dict[str, str] = {}
    new: list[NewIndicator] = []
    for label in labels[:MAP_AT_ONCE]:
        choices[label] = st.selectbox(tr("upload.map_label", label=md_escape(label)), list(opts),
                                      format_func=opts.get, key=text_key("map_pick", label))
        if choices[label] == NEW:
            new.append(_new_indicator_form(label, cat, lang))
    if st.button(tr("upload.map_save"), key="map_save", disabled=not any(choices.values()), icon=":material/save:"):
        _save(con, cat, choices, new, catalogue.map_labels, "labels", "upload.map_saved")


def region_options(cat: Catalog, lang: str) -> dict[str, str]:
    """Choices for an unknown region text: choose, create, ignore, or a region of the catalogue."""
    opts = {SKIP: tr("upload.map_skip"), NEW: tr("upload.region_new"), IGNORE: tr("upload.region_ignore")}
    opts.update({r.code: name_with_note(r.name(lang), tr(f"upload.tpl_level_{r.level}"), lang)
                 for r in cat.regions.values()})
    return opts


def _parent_guess(text: str, result: IngestResult, cat: Catalog) -> str:
    """The region a new one most likely belongs under: the catalogue region its name starts with, else the table's
    region (from its title), else the district."""
    for reg in sorted(cat.regions.values(), key=lambda r: -len(r.name_zh)):
        for name in (reg.name_zh, *reg.aliases):
            if len(name) >= 2 and text.startswith(name) and text != name:
                return reg.code
    for readings in result.readings.values():
        for r in readings:
            fact = r.context.first("region")
            if fact is not None:
                return fact.value
    return cat.default_region().code


def _level_guess(text: str) -> str:
    for suffix, level in (("网格", "grid"), ("社区", "community"), ("居委会", "community"), ("村", "community"),
                          ("派出所", "police_station"), ("办事处", "subdistrict"), ("街道", "subdistrict")):
        if text.endswith(suffix):
            return level
    return "community"


def _new_region_form(text: str, result: IngestResult, cat: Catalog, lang: str) -> NewRegion:
    c = st.columns(4)
    parents = {r.code: r.name(lang) for r in cat.regions.values()}
    guess = _parent_guess(text, result, cat)
    levels = [lv for lv in LEVELS if lv not in ("city",)]
    return NewRegion(
        label=text,
        name_zh=c[0].text_input(tr("upload.map_name_zh"), value=text, key=text_key("reg_zh", text)),
        name_en=c[1].text_input(tr("upload.map_name_en"), key=text_key("reg_en", text)),
        parent=c[2].selectbox(tr("upload.region_parent"), list(parents), format_func=parents.get,
                              index=list(parents).index(guess) if guess in parents else 0,
                              key=text_key("reg_parent", text)),
        level=c[3].selectbox(tr("upload.region_level"), levels, format_func=lambda lv: tr(f"upload.tpl_level_{lv}"),
                             index=levels.index(_level_guess(text)), key=text_key("reg_level", text)))


def regions_section(con: duckdb.DuckDBPyConnection, result: IngestResult, cat: Catalog, lang: str) -> None:
    """Unknown region texts: never put silently under the default region; map, create under a parent, or ignore."""
    texts = result.unknown_regions
    if not texts:
        return
    st.subheader(tr("upload.region_title", n=len(texts)))
    st.caption(tr("upload.region_help"))
    opts = region_options(cat, lang)
    choices: dict[str, str] = {}
    new: list[NewRegion] = []
    for text in texts[:MAP_AT_ONCE]:
        choices[text] = st.selectbox(tr("upload.region_label", label=md_escape(text)), list(opts),
                                     format_func=opts.get, key=text_key("reg_pick", text))
        if choices[text] == NEW:
            new.append(_new_region_form(text, result, cat, lang))
    if st.button(tr("upload.region_save"), key="region_save", disabled=not any(choices.values()),
                 icon=":material/save:"):
        _save(con, cat, choices, new, catalogue.map_regions, "regions", "upload.region_saved")


def _save(con: duckdb.DuckDBPyConnection, cat: Catalog, choices: dict[str, str], new: list, action: Callable,
          steer_field: str, flash: str) -> None:
    """Run the mapping action for the chosen texts, keep the choices in the reading's steer, and read again."""
    ignored = {text: IGNORE for text, key in choices.items() if key == IGNORE}
    aliases = {text: key for text, key in choices.items() if key not in (SKIP, NEW, IGNORE)}
    try:
        saved = action(con, actor(), cat, aliases, new) if aliases or new else {}
    except UserError as e:
        show_error(e)
        return
    steer = current_steer()
    st.session_state["upload_steer"] = replace(steer, **{steer_field: {**getattr(steer, steer_field), **saved,
                                                                       **ignored}})
    if steer_field == "labels":             # the header mapping the next reading is given
        st.session_state[MAPPING] = {**st.session_state.get(MAPPING, {}), **saved, **ignored}
    st.session_state["upload_flash"] = tr(flash, n=len(saved) + len(ignored))
    st.rerun()


def recipe_section(con: duckdb.DuckDBPyConnection, result: IngestResult, cat: Catalog, lang: str) -> None:
    """The recipe applied to this file (with a way to drop it), and saving this reading as the layout's recipe."""
    if result.recipe is not None:
        rid, name = result.recipe
        c = st.columns([4, 1])
        c[0].info(tr("upload.recipe_applied", name=md_escape(name)), icon=":material/auto_fix:")
        if c[1].button(tr("upload.recipe_drop"), key=f"recipe_drop_{rid}", icon=":material/delete:"):
            try:
                recipes.drop(con, actor(), rid)
            except UserError as e:
                show_error(e)
                return
            st.session_state["upload_flash"] = tr("upload.recipe_dropped", name=md_escape(name))
            st.rerun()
    steer = current_steer()
    if steer.is_empty():
        return
    with st.expander(tr("upload.recipe_title"), icon=":material/bookmark_add:", expanded=result.recipe is None):
        lines = steer_summary(steer, lang, cat)
        lines += [tr("upload.recipe_label", text=md_escape(k), target=_target(v, cat, lang))
                  for k, v in {**steer.labels}.items()]
        lines += [tr("upload.recipe_region", text=md_escape(k), target=_region_target(v, cat, lang))
                  for k, v in steer.regions.items()]
        st.markdown("\n".join(f"- {line}" for line in lines))
        name = st.text_input(tr("upload.recipe_name"), value=_default_name(result), key="recipe_name",
                             max_chars=recipes.MAX_NAME)
        if st.button(tr("upload.recipe_save"), key="recipe_save", icon=":material/bookmark:"):
            try:
                recipes.save(con, actor(), name, result.fingerprint, steer, result.file)
            except UserError as e:
                show_error(e)
                return
            st.session_state["upload_flash"] = tr("upload.recipe_saved", name=md_escape(name))
            st.rerun()


def _target(v: str, cat: Catalog, lang: str) -> str:
    if v == IGNORE:
        return tr("upload.map_ignore")
    ind = cat.indicators.get(v)
    return md_escape(ind.name(lang)) if ind else md_escape(v)


def _region_target(v: str, cat: Catalog, lang: str) -> str:
    if v == IGNORE:
        return tr("upload.region_ignore")
    reg = cat.regions.get(v)
    return md_escape(reg.name(lang)) if reg else md_escape(v)


def _default_name(result: IngestResult) -> str:
    """A recipe name from the file name with its digits (dates) dropped."""
    import re
    from pathlib import PurePath

    stem = re.sub(r"[\d_\-\s.]+", " ", PurePath(result.file).stem).strip()
    return (stem or PurePath(result.file).stem)[:40]

