"""Catalogue actions (analysts): create, edit, retire, restore, merge and delete indicators; add and remove aliases.

Every action reads the catalogue as stored inside its own transaction (never a page's cached copy), checks the
analyst's input with the catalogue file's own rules (indicator_rules) and writes its audit rows. An indicator with
data is never deleted: it is retired (hidden from leaders' pages and selectors, its data kept and readable, and it
can be restored) or merged into another (store/merges.py: its current figures copied to the survivor as one batch,
its names and aliases finding the survivor, references to it re-pointed; a restore undoes all three).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import duckdb

from ..catalog import LEVELS, POLARITY, Catalog, Indicator, Region, indicator_from_values
from ..errors import Message, Named, UserError, message
from ..indicator_rules import (
    NUMBERS,
    RANGES,
    REFERENCES,
    FieldProblem,
    InvalidIndicator,
    clash_problems,
    field_problems,
    name_texts,
    reference_problems,
    text_problems,
)
from ..normalize import norm_label
from ..safety.index_file import indicators_named
from ..store import batches, merges
from ..store import catalog_sync as store
from ..store.queries import data_counts
from .actor import Actor
from .perform import Done, perform

ANALYST = "analyst"
POLARITY_KEY = {v: k for k, v in POLARITY.items()}


@dataclass(frozen=True)
class IndicatorSpec:
    """What an analyst typed for an indicator (to create or edit it): numbers as numbers, choices as their keys.

    `label` is the upload header an indicator is created for (kept as an alias); the first seven fields keep the
    order of the upload page's original form, NewIndicator(label, name_zh, name_en, unit, domain, polarity, kind).
    """

    label: str = ""
    name_zh: str = ""
    name_en: str = ""
    unit: str = ""
    domain: str = ""
    polarity: str = "neutral"
    kind: str = "count"
    numerator: str | None = None
    denominator: str | None = None
    parent: str | None = None
    decimals: int | None = None          # None: 2 for a rate, else 0
    min_value: float | None = None
    max_value: float | None = None
    warn_above: float | None = None
    target: float | None = None
    target_year: int | None = None
    frequency: str = "yearly"
    definition: str = ""
    source_department: str = ""
    aliases: tuple[str, ...] = ()

    @classmethod
    def of(cls, ind: Indicator) -> IndicatorSpec:
        """The form's values for a stored indicator."""
        own = {f.name for f in fields(cls)} - {"label", "polarity"}
        return cls(polarity=POLARITY_KEY.get(ind.polarity, "neutral"),
                   **{k: v for k, v in asdict(ind).items() if k in own})

    def values(self, ident: str) -> dict[str, object]:
        """Typed field values as the rules and the store take them (text trimmed, empty references None)."""
        v: dict[str, object] = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "label"}
        for k, x in v.items():
            if isinstance(x, str):
                v[k] = x.strip()
        for k in REFERENCES:
            v[k] = v[k] or None
        if v["decimals"] is None:
            v["decimals"] = 2 if v["kind"] == "rate" else 0
        v["aliases"] = tuple(dict.fromkeys(a.strip() for a in self.aliases if a.strip()))
        return {**v, "id": ident}

    def typed(self, texts: Mapping[str, str]) -> IndicatorSpec:
        """This spec with some fields given as text (the command line): numbers parsed, an empty text clears one.

        Raises InvalidIndicator naming every text that is no number; every other rule is update_indicator's.
        """
        values: dict[str, object] = {}
        problems: list[FieldProblem] = []
        for fld, text in texts.items():
            if fld not in TEXT_FIELDS:
                raise ValueError(f"not a field typed as text: {fld}")
            values[fld] = text
            if fld in NUMBERS:
                values[fld], bad = _parsed(fld, text)
                problems += bad
        if problems:
            raise InvalidIndicator(problems)
        return replace(self, **values)


def _parsed(fld: str, text: str) -> tuple[float | int | None, list[FieldProblem]]:
    """A number field's value from text (empty: none), or the problem; whole numbers as int for decimals and year."""
    if not text.strip():
        return None, []
    try:
        x = float(text)
    except ValueError:
        x = math.nan
    if not math.isfinite(x):
        return None, [FieldProblem(fld, message("catalogue.rule_not_number", value=text.strip()))]
    return (int(x) if fld in RANGES and x == int(x) else x), []   # a fraction stays: the range rule names it


# Fields an edit may give as text (aliases have their own actions; label is the upload's).
TEXT_FIELDS = tuple(f.name for f in fields(IndicatorSpec) if f.name not in ("label", "aliases"))


NewIndicator = IndicatorSpec   # the upload page's name for it


def new_indicator_id(name_en: str, catalog: Catalog, taken: set[str] | None = None) -> str:
    """An id from the English name (snake case), unique against the catalogue and ids already taken."""
    base = re.sub(r"[^a-z0-9]+", "_", name_en.lower()).strip("_")[:40] or "indicator"
    if not base[0].isalpha():
        base = "i_" + base
    ident, n = base, 2
    while ident in catalog.indicators or ident in catalog.retired or ident in (taken or set()):
        ident, n = f"{base}_{n}", n + 1
    return ident


def _owners(catalog: Catalog, but: str | None = None) -> dict[str, str]:
    """Normalised text → the active indicator it finds (names, aliases, moved names of merged ones)."""
    out: dict[str, str] = {}
    for ind in catalog.indicators.values():
        if ind.id != but:
            for text in name_texts(ind.id, {"name_zh": ind.name_zh, "name_en": ind.name_en, "aliases": ind.aliases}):
                out.setdefault(norm_label(text), ind.id)
    return out


def _name_of(catalog: Catalog):
    every = catalog.with_retired().indicators
    return lambda ident: Named(every[ident].name_zh, every[ident].name_en) if ident in every else ident


def _usable(catalog: Catalog):
    """known() of the reference rule: active indicators only."""
    return lambda x: None if x in catalog.indicators else (
        "inactive_indicator" if x in catalog.retired else "unknown_indicator")


def check(values: Mapping[str, object], catalog: Catalog, label: str = "") -> Indicator:
    """The Indicator these values make, or InvalidIndicator naming every field to fix (the catalogue file's rules)."""
    ident = str(values["id"])
    every = catalog.with_retired().indicators
    problems: list[FieldProblem] = field_problems(values, catalog.domains)
    problems += reference_problems(ident, values, _usable(catalog),
                                   lambda x: every[x].parent if x in every else None)
    problems += clash_problems(ident, values, _owners(catalog, but=ident), _name_of(catalog))
    if problems:
        raise InvalidIndicator(problems, label)
    return indicator_from_values(dict(values))


def build_indicator(spec: IndicatorSpec, catalog: Catalog, taken: set[str] | None = None) -> Indicator:
    """A new Indicator (origin user) from the analyst's form, its upload header kept as an alias."""
    values = spec.values(new_indicator_id(spec.name_en, catalog, taken or set()))
    label = spec.label.strip()
    if label and norm_label(label) not in {norm_label(t) for t in name_texts("", values)}:
        values["aliases"] = (label, *values["aliases"])
    ind = check(values, catalog, label)
    return Indicator(**{**asdict(ind), "origin": "user"})


def alias_rows(con: duckdb.DuckDBPyConnection, aliases: Mapping[str, str], user: str | None) -> list[tuple[str, dict]]:
    """Store label → indicator aliases in the caller's transaction; their audit rows."""
    for label, ind in aliases.items():
        store.insert_alias(con, label, ind, user)
    return [("alias_add", {"alias": label, "indicator": ind}) for label, ind in aliases.items()]


def indicator_rows(con: duckdb.DuckDBPyConnection, ind: Indicator, user: str | None) -> list[tuple[str, dict]]:
    """Store a new indicator and its aliases in the caller's transaction; their audit rows."""
    store.insert_indicator(con, ind, user)
    return [*(("alias_add", {"alias": a, "indicator": ind.id}) for a in ind.aliases),
            ("indicator_create", {"id": ind.id, "name_zh": ind.name_zh})]


def map_labels(con: duckdb.DuckDBPyConnection, actor: Actor, catalog: Catalog, aliases: Mapping[str, str],
               new: Sequence[IndicatorSpec] = ()) -> dict[str, str]:
    """Save header texts as aliases of indicators and create indicators for others, in one transaction.

    Returns label → indicator id for every label saved (the next read of the file maps them by itself).
    """
    return _map(con, actor, catalog, _INDICATORS, aliases, new)


# ---------------------------------------------------------------- managing the catalogue


def _indicator(catalog: Catalog, ident: str) -> Indicator:
    ind = catalog.with_retired().indicators.get(ident)
    if ind is None:
        raise UserError("catalogue.no_such_indicator", id=ident)
    return ind


def _named(ind: Indicator) -> Named:
    return Named(ind.name_zh, ind.name_en)


def create_indicator(con: duckdb.DuckDBPyConnection, actor: Actor, spec: IndicatorSpec) -> str:
    """Create an indicator (origin user) with its aliases; returns its id."""
    def work(c: duckdb.DuckDBPyConnection) -> Done[str]:
        ind = build_indicator(spec, store.catalog_from_db(c))
        return Done(ind.id, indicator_rows(c, ind, actor.name))
    return perform(con, actor, ANALYST, work)


class EditConflict(UserError):
    """An edit refused: fields the analyst changed were changed by someone else since the form was read."""

    def __init__(self, name: Named, conflicts: Mapping[str, Message]):
        self.conflicts = dict(conflicts)
        super().__init__("catalogue.edit_conflict", name=name, n=len(conflicts))

    @property
    def fields(self) -> list[str]:
        """The fields both changed, in form order."""
        return list(self.conflicts)

    def lines(self, lang: str) -> list[str]:
        """What happened, then each field with the value read, the value stored now and the analyst's, in lang."""
        return [self.message.text(lang), *(m.text(lang) for m in self.conflicts.values())]

    def text(self, lang: str) -> str:
        """Every line in lang on one line."""
        head, *conflicts = self.lines(lang)
        return head + "；".join(conflicts) if lang == "zh" else f"{head} " + "; ".join(conflicts)


def _shown(fld: str, value: object, cat: Catalog) -> object:
    """A field's value for a message: names for references and domains, words for choices, none in words."""
    if value is None or value == "":
        return message("catalogue.none")
    if fld in REFERENCES:
        return _name_of(cat)(str(value))
    if fld == "domain" and value in cat.domains:
        return Named(cat.domains[value].name_zh, cat.domains[value].name_en)
    choices = {"kind": "pages.kind_", "polarity": "upload.polarity_", "frequency": "pages.freq_"}
    if fld in choices:
        return message(f"{choices[fld]}{value}")
    return f"{value:g}" if isinstance(value, float) else str(value)


def _edited(ident: str, spec: IndicatorSpec, base: IndicatorSpec, stored: IndicatorSpec,
            cat: Catalog) -> dict[str, object]:
    """The stored values with the fields the analyst changed (spec against base) set to theirs.

    Raises EditConflict when a field the analyst changed was changed by someone else to another value since base.
    """
    mine, was, now = spec.values(ident), base.values(ident), stored.values(ident)
    changed = [f for f in TEXT_FIELDS if mine[f] != was[f]]
    conflicts = {f: message("catalogue.edit_conflict_field", field=message(f"catalogue.field_{f}"),
                            was=_shown(f, was[f], cat), theirs=_shown(f, now[f], cat), yours=_shown(f, mine[f], cat))
                 for f in changed if now[f] != was[f] and now[f] != mine[f]}
    if conflicts:
        raise EditConflict(Named(stored.name_zh, stored.name_en), conflicts)
    return {**now, **{f: mine[f] for f in changed}}


def update_indicator(con: duckdb.DuckDBPyConnection, actor: Actor, ident: str, spec: IndicatorSpec,
                     base: IndicatorSpec) -> dict[str, tuple[object, object]]:
    """Change the fields the analyst changed (spec against base, the values the form or command started from);
    returns field → (old, new), {} when unchanged. Aliases have their own actions.

    A field someone else changed since base is kept when the analyst left it alone; when the analyst changed it too
    (to another value) nothing is written and EditConflict names it with both values. An indicator of
    data/indicators.csv keeps the analyst's values over the file's at every later sync.
    """
    def work(c: duckdb.DuckDBPyConnection) -> Done[dict[str, tuple[object, object]]]:
        cat = store.catalog_from_db(c)
        old = _indicator(cat, ident)
        if old.status == "merged":            # its names belong to the survivor now: restore it to edit it
            raise UserError("catalogue.merged_no_edit", name=_named(old))
        values = {**_edited(ident, spec, base, IndicatorSpec.of(old), cat), "aliases": old.aliases}
        new = check(values, cat)
        changes = {f: (getattr(old, f), getattr(new, f)) for f in store.EDITABLE
                   if f not in ("status", "merged_into") and getattr(old, f) != getattr(new, f)}
        if not changes:
            return Done({})
        store.update_indicator(c, ident, {f: v for f, (_, v) in changes.items()}, actor.name)
        return Done(changes, [("indicator_update", {"id": ident, "changes": {f: list(v) for f, v in
                                                                               changes.items()}})])
    return perform(con, actor, ANALYST, work)


def _referrers(cat: Catalog, ident: str, retired_too: bool = False) -> list[tuple[Indicator, str]]:
    """Indicators (active ones, or every one) whose numerator, denominator or parent is ident: (indicator, field)."""
    pool = cat.with_retired().indicators if retired_too else cat.indicators
    return [(i, f) for i in pool.values() for f in REFERENCES if getattr(i, f) == ident and i.id != ident]


def _check_not_in_index(ind: Indicator) -> None:
    """Refuse to take out of use an indicator the 平安指数 scores (data/safety_index.toml would no longer load)."""
    if ind.id in indicators_named():
        raise UserError("catalogue.in_index", name=_named(ind), id=ind.id)


def retire_indicator(con: duckdb.DuckDBPyConnection, actor: Actor, ident: str) -> None:
    """Hide an indicator from leaders' pages, selectors and uploads; its data and history stay, it can be restored.

    Refused while an active indicator counts on it (as numerator, denominator or parent): change or retire that one
    first, or merge this one into its replacement.
    """
    def work(c: duckdb.DuckDBPyConnection) -> Done[None]:
        cat = store.catalog_from_db(c)
        ind = _indicator(cat, ident)
        if not ind.active:
            raise UserError("catalogue.not_active", name=_named(ind))
        _check_not_in_index(ind)
        if refs := _referrers(cat, ident):
            other, fld = refs[0]
            raise UserError("catalogue.still_used", name=_named(ind), other=_named(other),
                            field=message(f"catalogue.field_{fld}"))
        store.update_indicator(c, ident, {"status": "retired"}, actor.name)
        current, stored = data_counts(c).get(ident, (0, 0))
        return Done(None, [("indicator_retire", {"id": ident, "current": current, "stored": stored})])
    perform(con, actor, ANALYST, work)


def _restore_clashes(cat: Catalog, ind: Indicator) -> None:
    """Refuse a restore whose names or aliases now name another active indicator, or whose numerator, denominator
    or parent is no longer in use (an active indicator refers only to active ones)."""
    values = {"name_zh": ind.name_zh, "name_en": ind.name_en, "aliases": ind.aliases}
    owners = _owners(cat, but=ind.id)
    if ind.merged_into:      # its names were the survivor's while merged: they leave with it
        moved = {norm_label(t) for t in name_texts(ind.id, values)}
        owners = {k: v for k, v in owners.items() if not (v == ind.merged_into and k in moved)}
    refs = {f: getattr(ind, f) for f in REFERENCES}
    problems = clash_problems(ind.id, values, owners, _name_of(cat))
    problems += [p for p in reference_problems(ind.id, refs, _usable(cat), lambda x: None)
                 if p.field in REFERENCES and getattr(ind, p.field)]
    if problems:
        raise InvalidIndicator(problems)


def _unmerge(c: duckdb.DuckDBPyConnection, actor: Actor, cat: Catalog, ind: Indicator) -> list[tuple[str, dict]]:
    """Undo a merge in the caller's transaction: roll back its batch, point references back, reactivate."""
    m = merges.open_merge(c, source=ind.id)
    rows: list[tuple[str, dict]] = []
    if m and m.batch_id is not None and batches.batch_status(c, m.batch_id) == "committed":
        batches.mark_rolled_back(c, m.batch_id, actor.name)
        rows.append(("rollback", {"batch": m.batch_id}))
    every = cat.with_retired().indicators
    for fld, ids in (m.refs if m else {}).items():
        for other in ids:
            if other in every and getattr(every[other], fld) == ind.merged_into:
                store.update_indicator(c, other, {fld: ind.id}, actor.name)
                rows.append(("indicator_update", {"id": other, "changes": {fld: [ind.merged_into, ind.id]}}))
    if m:
        merges.close_merge(c, ind.id, actor.name)
    store.update_indicator(c, ind.id, {"status": "active", "merged_into": None}, actor.name)
    return [*rows, ("indicator_restore", {"id": ind.id, "was": "merged", "into": ind.merged_into,
                                          "batch": m.batch_id if m else None})]


def restore_indicator(con: duckdb.DuckDBPyConnection, actor: Actor, ident: str) -> None:
    """Bring a retired indicator back, or undo a merge (its copied figures rolled back, references pointed back)."""
    def work(c: duckdb.DuckDBPyConnection) -> Done[None]:
        cat = store.catalog_from_db(c)
        ind = _indicator(cat, ident)
        if ind.active:
            raise UserError("catalogue.already_active", name=_named(ind))
        _restore_clashes(cat, ind)
        if ind.status == "merged":
            return Done(None, _unmerge(c, actor, cat, ind))
        store.update_indicator(c, ident, {"status": "active"}, actor.name)
        return Done(None, [("indicator_restore", {"id": ident, "was": ind.status})])
    perform(con, actor, ANALYST, work)


def unmerge_batch(c: duckdb.DuckDBPyConnection, actor: Actor, batch_id: int) -> list[tuple[str, dict]] | None:
    """When a batch is a merge in force, undo that merge (caller's transaction) and return its audit rows."""
    m = merges.open_merge(c, batch_id=batch_id)
    if m is None:
        return None
    cat = store.catalog_from_db(c)
    ind = _indicator(cat, m.source)
    _restore_clashes(cat, ind)
    return _unmerge(c, actor, cat, ind)


def merge_plan(con: duckdb.DuckDBPyConnection, ident: str, into: str) -> merges.MergePlan:
    """What merging ident into `into` would copy and which keys both hold; a UserError when it may not happen.

    Only reads (the page shows it before the click); merge_indicator checks again in its transaction.
    """
    cat = store.catalog_from_db(con)
    _check_merge(cat, _indicator(cat, ident), into)
    return merges.merge_plan(con, ident, into)


def _check_merge(cat: Catalog, ind: Indicator, into: str) -> Indicator:
    """The survivor, or a UserError saying why this merge may not happen."""
    if ind.status == "merged":
        raise UserError("catalogue.not_active", name=_named(ind))
    _check_not_in_index(ind)
    target = cat.indicators.get(into)
    if target is None or into == ind.id:
        raise UserError("catalogue.merge_target", name=_named(ind), target=into)
    if (target.unit, target.kind) != (ind.unit, ind.kind):
        raise UserError("catalogue.merge_unlike", name=_named(ind), target=_named(target),
                        unit=ind.unit, kind=message(f"pages.kind_{ind.kind}"), target_unit=target.unit,
                        target_kind=message(f"pages.kind_{target.kind}"))
    absorbed = [i for i in cat.retired.values() if i.merged_into == ind.id]
    if absorbed:
        raise UserError("catalogue.merge_absorbed", name=_named(ind), other=_named(absorbed[0]))
    return target


def merge_indicator(con: duckdb.DuckDBPyConnection, actor: Actor, ident: str, into: str) -> merges.MergePlan:
    """Merge an indicator into another: its current figures copied where the survivor has none (one batch), its
    names and aliases finding the survivor, references to it re-pointed; it is kept as merged, and can be restored.
    """
    def work(c: duckdb.DuckDBPyConnection) -> Done[merges.MergePlan]:
        cat = store.catalog_from_db(c)
        ind = _indicator(cat, ident)
        target = _check_merge(cat, ind, into)
        plan = merges.merge_plan(c, ident, into)
        batch_id = None
        if not plan.copy.empty:                # named like a file in the upload history: what was merged into what
            batch_id = batches.insert_batch(c, plan.copy, kind="merge", file_name=f"{ind.name_zh} → {target.name_zh}",
                                            sha256="", user=actor.name, note=f"merge {ident} into {into}").batch_id
        refs: dict[str, list[str]] = {}
        for other, fld in _referrers(cat, ident, retired_too=True):   # a retired one may be restored later
            store.update_indicator(c, other.id, {fld: into}, actor.name)
            refs.setdefault(fld, []).append(other.id)
        merges.record_merge(c, ident, into, batch_id, refs, actor.name)
        store.update_indicator(c, ident, {"status": "merged", "merged_into": into}, actor.name)
        detail = {"id": ident, "into": into, "batch": batch_id, "copied": len(plan.copy), "same": plan.same,
                  "kept": len(plan.conflicts), "refs": refs}
        return Done(plan, [("indicator_merge", detail)])
    return perform(con, actor, ANALYST, work)


def delete_indicator(con: duckdb.DuckDBPyConnection, actor: Actor, ident: str) -> None:
    """Delete an indicator created in the app by mistake: only one that never held a figure and nothing refers to."""
    def work(c: duckdb.DuckDBPyConnection) -> Done[None]:
        cat = store.catalog_from_db(c)
        ind = _indicator(cat, ident)
        if ind.origin == "catalogue":
            raise UserError("catalogue.delete_file_indicator", name=_named(ind))
        if data_counts(c).get(ident, (0, 0))[1]:
            raise UserError("catalogue.delete_has_data", name=_named(ind))
        users = [i for i in cat.with_retired().indicators.values() if i.id != ident and (
            ident in (i.numerator, i.denominator, i.parent, i.merged_into))]
        if users:
            raise UserError("catalogue.delete_referred", name=_named(ind), other=_named(users[0]))
        store.delete_indicator(c, ident)
        return Done(None, [("indicator_delete", {"id": ident, "name_zh": ind.name_zh})])
    perform(con, actor, ANALYST, work)


def add_alias(con: duckdb.DuckDBPyConnection, actor: Actor, ident: str, alias: str) -> str:
    """Add a header text that means this indicator; refused when empty, too long or naming another indicator."""
    def work(c: duckdb.DuckDBPyConnection) -> Done[str]:
        cat = store.catalog_from_db(c)
        ind = _indicator(cat, ident)
        text = alias.strip()
        problems = text_problems("aliases", text, "alias") if text else [
            FieldProblem("aliases", message("catalogue.rule_empty"))]
        problems += clash_problems(ident, {"aliases": (text,)}, _owners(cat, but=ident), _name_of(cat))
        if problems:
            raise InvalidIndicator(problems)
        if not ind.active:
            raise UserError("catalogue.not_active", name=_named(ind))
        store.insert_alias(c, text, ident, actor.name)
        return Done(text, [("alias_add", {"alias": text, "indicator": ident})])
    return perform(con, actor, ANALYST, work)


def remove_alias(con: duckdb.DuckDBPyConnection, actor: Actor, ident: str, alias: str) -> None:
    """Remove an alias of an indicator (one from the catalogue file stays removed after later syncs)."""
    def work(c: duckdb.DuckDBPyConnection) -> Done[None]:
        if not store.delete_alias(c, alias, ident, actor.name):
            raise UserError("catalogue.no_such_alias", alias=alias, id=ident)
        return Done(None, [("alias_remove", {"alias": alias, "indicator": ident})])
    perform(con, actor, ANALYST, work)


# ---------------------------------------------------------------- regions (upload)

@dataclass(frozen=True)
class NewRegion:
    """What an analyst typed to create a region for a region text of an upload (a community under its 办事处)."""

    label: str
    name_zh: str
    name_en: str
    parent: str
    level: str


def _region_code(parent: str, catalog: Catalog, taken: set[str]) -> str:
    """A new code under the parent's: 440300DP01 → 440300DP01U01, U02 …"""
    n = 1
    while f"{parent}U{n:02d}" in catalog.regions or f"{parent}U{n:02d}" in taken:
        n += 1
    return f"{parent}U{n:02d}"


def build_region(spec: NewRegion, catalog: Catalog, taken: set[str] | None = None) -> Region:
    """A Region from the analyst's form, or a UserError naming what to fix (a level below its parent's)."""
    name_zh, name_en = spec.name_zh.strip(), spec.name_en.strip() or spec.name_zh.strip()
    if not name_zh or len(name_zh) > 40 or len(name_en) > 80:
        raise UserError("upload.region_name_bad", label=spec.label)
    parent = catalog.regions.get(spec.parent)
    if parent is None:
        raise UserError("errors.field_value", field="parent", value=spec.parent)
    if spec.level not in LEVELS or LEVELS.index(spec.level) <= LEVELS.index(parent.level):
        raise UserError("upload.region_level_bad", label=spec.label, level=message(f"upload.tpl_level_{spec.level}")
                        if spec.level in LEVELS else spec.level, parent=Named(parent.name_zh, parent.name_en))
    clash = catalog.find_region(name_zh)
    if clash is not None:
        raise UserError("upload.region_name_taken", label=spec.label, name=Named(clash.name_zh, clash.name_en))
    aliases = tuple(a for a in (spec.label.strip(),) if a and a != name_zh)
    return Region(_region_code(parent.code, catalog, taken or set()), name_zh, name_en, parent.code, spec.level,
                  aliases, "user")


def region_alias_rows(con: duckdb.DuckDBPyConnection, aliases: Mapping[str, str],
                      user: str | None) -> list[tuple[str, dict]]:
    """Store region text → region aliases in the caller's transaction; their audit rows."""
    for label, code in aliases.items():
        store.insert_region_alias(con, label, code, user)
    return [("region_alias_add", {"alias": label, "region": code}) for label, code in aliases.items()]


def region_rows(con: duckdb.DuckDBPyConnection, reg: Region, user: str | None) -> list[tuple[str, dict]]:
    """Store a new region in the caller's transaction; its audit row."""
    store.insert_region(con, reg, user)
    return [("region_create", {"code": reg.code, "name_zh": reg.name_zh, "parent": reg.parent, "level": reg.level})]


def map_regions(con: duckdb.DuckDBPyConnection, actor: Actor, catalog: Catalog, aliases: Mapping[str, str],
                new: Sequence[NewRegion] = ()) -> dict[str, str]:
    """Save region texts of an upload as aliases of regions and create regions for others, in one transaction.

    Returns text → region code for every text saved (the next read of the file places them by itself).
    """
    return _map(con, actor, catalog, _REGIONS, aliases, new)


# ---------------------------------------------------------------- the one mapping action (header and region texts)

@dataclass(frozen=True)
class _Target:
    """What texts of an upload are mapped to: indicators (header texts) or regions (region texts)."""

    unknown: str                                                    # error code: a text mapped to no such entry
    entries: Callable[[Catalog], Mapping[str, Any]]                 # the catalogue's entries by key
    build: Callable[[Any, Catalog, set[str]], Any]                  # a new entry from the analyst's form
    key: Callable[[Any], str]                                       # an entry's key (id, code)
    save_aliases: Callable[[duckdb.DuckDBPyConnection, Mapping[str, str], str | None], list[tuple[str, dict]]]
    save_new: Callable[[duckdb.DuckDBPyConnection, Any, str | None], list[tuple[str, dict]]]


def _map(con: duckdb.DuckDBPyConnection, actor: Actor, catalog: Catalog, target: _Target,
         aliases: Mapping[str, str], new: Sequence[Any]) -> dict[str, str]:
    """Save texts as aliases of entries and create entries for others (analysts, one transaction, audited)."""
    def work(c: duckdb.DuckDBPyConnection) -> Done[dict[str, str]]:
        for label, key in aliases.items():
            if key not in target.entries(catalog):
                raise UserError(target.unknown, label=label, target=key)
        built: list[Any] = []
        for spec in new:
            built.append(target.build(spec, catalog, {target.key(b) for b in built}))
        rows = target.save_aliases(c, aliases, actor.name)
        for entry in built:
            rows += target.save_new(c, entry, actor.name)
        return Done({**aliases, **{s.label: target.key(e) for s, e in zip(new, built, strict=True)}}, rows)
    return perform(con, actor, ANALYST, work)


_INDICATORS = _Target("ingest.mapping_target_unknown", lambda cat: cat.indicators, build_indicator,
                      lambda ind: ind.id, alias_rows, indicator_rows)
_REGIONS = _Target("ingest.mapping_region_unknown", lambda cat: cat.regions, build_region, lambda reg: reg.code,
                   region_alias_rows, region_rows)


