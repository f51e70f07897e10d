"""The indicator form: every field of a catalogue indicator, for the catalogue page and for creating one on upload.

    spec = indicator_form(cat, lang, "map_3", label="网吧检查")        # inside or outside an st.form
    catalogue.create_indicator(con, actor(), spec)                     # or map_labels(…, new=[spec])

It only collects what was typed (an IndicatorSpec); the action checks it with the catalogue file's rules and
names every field to fix. Widget keys start with `key`, so two forms on one page never share a value.
"""

from __future__ import annotations

import streamlit as st

from ..actions.catalogue import IndicatorSpec
from ..catalog import KINDS, POLARITY, Catalog
from ..indicator_rules import FREQUENCIES, LIMITS, RANGES
from .lang import tr
from .widgets import select


def field_label(name: str) -> str:
    """A field's label in the reader's language."""
    return tr(f"catalogue.field_{name}")


def _reference(col, cat: Catalog, lang: str, name: str, value: str | None, key: str, own: str | None) -> str | None:
    """Numerator, denominator or parent: an active indicator (or the one stored, even if not active), or none."""
    every = cat.with_retired().indicators
    ids = [i for i in cat.indicators if i != own]
    if value and value not in ids:
        ids.insert(0, value)
    labels = {None: tr("catalogue.none"), **{i: every[i].name(lang) if i in every else i for i in ids}}
    return select(col, field_label(name), labels, f"{key}_{name}", value)


def _number(col, name: str, value: float | int | None, key: str, whole: bool = False) -> float | int | None:
    """An optional number (empty: none); whole numbers for decimals and the target year."""
    if whole:
        low, high = RANGES[name]
        got = col.number_input(field_label(name), min_value=low, max_value=high, value=value, step=1,
                               key=f"{key}_{name}", placeholder=tr("catalogue.none"), format="%d")
        return None if got is None else int(got)
    got = col.number_input(field_label(name), value=None if value is None else float(value), step=1.0,
                           format="%g", key=f"{key}_{name}", placeholder=tr("catalogue.none"),
                           help=tr(f"catalogue.help_{name}"))
    return None if got is None else float(got)


def _text(col, name: str, value: str, key: str, help_key: str | None = None, label: str | None = None) -> str:
    return col.text_input(label or field_label(name), value=value, max_chars=LIMITS[name], key=f"{key}_{name}",
                          help=tr(help_key) if help_key else None)


def _choice(col, name: str, value: str, key: str, labels: dict[str, str]) -> str:
    """One of a few choices; labels are made before (format_func may run outside the session)."""
    return select(col, field_label(name), labels, f"{key}_{name}", value)


def indicator_form(cat: Catalog, lang: str, key: str, initial: IndicatorSpec | None = None, *, label: str = "",
                   own_id: str | None = None, with_aliases: bool = True, compact: bool = False) -> IndicatorSpec:
    """Widgets for every field of an indicator; returns what they hold now as an IndicatorSpec.

    initial: the stored indicator's values (editing) or None (a new one; its Chinese name starts as the upload
    header `label`). own_id: the edited indicator, never offered as its own numerator, denominator or parent.
    compact: the less common fields (bounds, target, references, definition) fold into an expander.
    """
    s = initial or IndicatorSpec(label=label, name_zh=label)
    domains = {d.id: d.name(lang) for d in cat.domains.values()}
    c = st.columns(3)                          # a new row of columns per row: on a phone they stack in reading order
    name_zh = _text(c[0], "name_zh", s.name_zh, key)
    name_en = _text(c[1], "name_en", s.name_en, key)
    unit = _text(c[2], "unit", s.unit, key, "catalogue.help_unit", tr("catalogue.field_unit_stored"))
    c = st.columns(3)
    domain = _choice(c[0], "domain", s.domain, key, domains)
    kind = _choice(c[1], "kind", s.kind, key, {k: tr(f"pages.kind_{k}") for k in KINDS})
    polarity = _choice(c[2], "polarity", s.polarity, key, {p: tr(f"upload.polarity_{p}") for p in POLARITY})
    more = st.expander(tr("catalogue.more_fields"), icon=":material/tune:") if compact else st.container()
    with more:
        c = st.columns(3)
        numerator = _reference(c[0], cat, lang, "numerator", s.numerator, key, own_id)
        denominator = _reference(c[1], cat, lang, "denominator", s.denominator, key, own_id)
        parent = _reference(c[2], cat, lang, "parent", s.parent, key, own_id)
        c = st.columns(4)
        min_value = _number(c[0], "min_value", s.min_value, key)
        max_value = _number(c[1], "max_value", s.max_value, key)
        warn_above = _number(c[2], "warn_above", s.warn_above, key)
        decimals = _number(c[3], "decimals", s.decimals, key, whole=True)
        c = st.columns(3)
        target = _number(c[0], "target", s.target, key)
        target_year = _number(c[1], "target_year", s.target_year, key, whole=True)
        frequency = _choice(c[2], "frequency", s.frequency, key, {f: tr(f"pages.freq_{f}") for f in FREQUENCIES})
        definition = st.text_area(field_label("definition"), value=s.definition, max_chars=LIMITS["definition"],
                                  key=f"{key}_definition", height=80)
        source_department = _text(st, "source_department", s.source_department, key)
        aliases = s.aliases
        if with_aliases:
            typed = st.text_area(field_label("aliases"), value="\n".join(s.aliases), key=f"{key}_aliases",
                                 help=tr("catalogue.help_aliases"), height=80)
            aliases = tuple(a.strip() for a in typed.replace("|", "\n").splitlines() if a.strip())
    return IndicatorSpec(label=s.label, name_zh=name_zh, name_en=name_en, unit=unit, domain=domain, polarity=polarity,
                         kind=kind, numerator=numerator, denominator=denominator, parent=parent, decimals=decimals,
                         min_value=min_value, max_value=max_value, warn_above=warn_above, target=target,
                         target_year=target_year, frequency=frequency, definition=definition,
                         source_department=source_department, aliases=aliases)
