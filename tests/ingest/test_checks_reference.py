"""Property test: the vectorised upload checks agree with a plain-Python reading of each rule.

Random observation frames are drawn from the real catalogue: counts and their parts, rates with their numerator
and denominator, subdistricts within the district, last year's figures and reported changes. Figures are consistent
by construction (a total is its parts plus a hidden remainder, a numerator at most its denominator); some are then
corrupted, duplicated or left unmapped, so that every rule passes somewhere and fails somewhere. The reference
below reads each rule with dicts and loops; run_checks must report the same cells, codes, levels and partner cells,
with object, string or categorical labels, and with a dense or a sparse key index.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator

import pandas as pd
import pytest

from indicators.catalog import Catalog
from indicators.ingest import checks
from indicators.ingest.collect import Collector
from indicators.ingest.model import Issue
from indicators.periods import parse_period

Row = dict[str, object]
Finding = tuple[str, str, str, int, str, object]          # code, level, sheet, row, column, detail
Key = tuple[str, str, str]                                # indicator, region, period

SEEDS = range(30)
CAP = 10**6
ADDITIVE = ("count", "amount")
LABELS = ("indicator_id", "indicator_text", "region_code", "region_text", "period", "measure", "qualifier", "unit",
          "_sheet", "_col")
NUMBERS = {"value": "float64", "decimals": "int64", "_row": "int64", "source": object}
COLUMNS = ("indicator_id", "indicator_text", "region_code", "region_text", "period", "measure", "value", "qualifier",
           "unit", "decimals", "source", "_sheet", "_row", "_col")
UNUSED = {"indicator_id": {"gang_cases_filed", "resettlement_rate", "police_incidents_110", "no_such_indicator"},
          "region_code": {"440300DP02", "999999"}, "period": {"1989", "2031Q2", "2000-07"},
          "measure": {"value", "yoy_pct", "yoy_pp", "rank"}}
DETAIL = {"duplicate_same": "first", "duplicate_conflict": "first", "num_above_den": "den_cell",
          "parts_above_total_ind": "n", "parts_above_total_reg": "n"}
RULES = {"duplicate_same", "duplicate_conflict", "negative", "below_min", "above_max", "above_warn", "rate_as_fraction",
         "num_above_den", "rate_mismatch", "parts_above_total_ind", "parts_above_total_reg", "change_mismatch"}
CHANGE_ERRORS = (0, 0, 0.03, 0.055, -0.058, 0.065, -0.07, -3)     # added to a change rounded to 2 decimals


# ---------------------------------------------------------------------------------------------------- catalogue

def with_probes(catalog: Catalog) -> Catalog:
    """The real catalogue plus probes for bounds it never uses (all its counts and rates spell out their bounds)."""
    count, rate = catalog.indicators["national_security_operations"], catalog.indicators["pl_work_satisfaction"]
    probes = {"probe_min5": (count, {"min_value": 5.0}),                           # below_min
              "probe_count": (count, {"min_value": None}),                         # default minimum 0
              "probe_index": (count, {"min_value": None, "kind": "index"}),        # no minimum at all
              "probe_rate": (rate, {"min_value": None, "max_value": None}),        # default 0–100
              "probe_warn": (rate, {"max_value": 150.0, "warn_above": 100.0})}     # above_warn below above_max
    extra = {k: dataclasses.replace(base, id=k, name_zh=f"探针{k}", name_en=k, aliases=(), **kw)
             for k, (base, kw) in probes.items()}
    return Catalog(catalog.domains, {**catalog.indicators, **extra}, catalog.regions)


# ---------------------------------------------------------------------------------------------------- generator

class Truth:
    """Consistent figures: a total is its parts plus a hidden remainder; a numerator is at most its denominator."""

    def __init__(self, cat: Catalog, rng: random.Random, fractions: set[str]):
        self.cat, self.rng, self.fractions = cat, rng, fractions
        self.den = {i.numerator: i.denominator for i in cat.indicators.values() if i.numerator and i.denominator}
        self.ind_kids: dict[str, list[str]] = defaultdict(list)
        self.reg_kids: dict[str, list[str]] = defaultdict(list)
        for i in cat.indicators.values():
            if i.parent and i.kind in ADDITIVE:
                self.ind_kids[i.parent].append(i.id)
        for r in cat.regions.values():
            if r.parent:
                self.reg_kids[r.parent].append(r.code)
        self.memo: dict[tuple, float] = {}

    def value(self, ind: str, reg: str, per: str) -> float:
        """The true figure of an indicator in a region and period."""
        i = self.cat.indicators[ind]
        if i.numerator and i.denominator:
            n, d = self.value(i.numerator, reg, per), self.value(i.denominator, reg, per)
            return round(n / d * 100, i.decimals) if d else 0.0
        if i.kind in ADDITIVE:
            return float(sum(self._leaf(a, b, per) for a in self._leaves(("", ind), self.ind_kids)
                             for b in self._leaves(("", reg), self.reg_kids)))
        return self._remember(("free", ind, reg, per), lambda: self._free(ind))

    def _leaves(self, node: tuple[str, str], kids: dict[str, list[str]]) -> list[tuple[str, str]]:
        """The leaves under a node; an inner node adds a remainder leaf ('rest', node) of its own."""
        if not kids.get(node[1]):
            return [node]
        return [leaf for k in kids[node[1]] for leaf in self._leaves(("", k), kids)] + [("rest", node[1])]

    def _leaf(self, a: tuple[str, str], b: tuple[str, str], per: str) -> float:
        """The (memoised) figure of one indicator leaf in one region leaf."""
        return self._remember((a, b, per), lambda: self._draw(a, b, per))

    def _draw(self, a: tuple[str, str], b: tuple[str, str], per: str) -> float:
        """A leaf figure: a numerator up to its denominator, a remainder often 0, else 0–300."""
        rng = self.rng
        if a[1] in self.den:
            d = self._leaf(("", self.den[a[1]]), b, per)
            return d if rng.random() < 0.2 else float(int(d * rng.random()))
        if "rest" in (a[0], b[0]):
            return 0.0 if rng.random() < 0.5 else float(rng.randint(1, 30))
        return 0.0 if rng.random() < 0.1 else float(rng.randint(1, 300))

    def _free(self, ind: str) -> float:
        """A figure outside every sum: a rate 0–100 (or written as a fraction), an index of any sign."""
        i = self.cat.indicators[ind]
        if not i.is_rate:
            return float(self.rng.randint(-50, 150))
        v = round(self.rng.uniform(0, 100), i.decimals)
        return round(v / 100, i.decimals + 2) if ind in self.fractions else v

    def _remember(self, key: tuple, draw: Callable[[], float]) -> float:
        """The figure drawn the first time this key was asked for."""
        if key not in self.memo:
            self.memo[key] = draw()
        return self.memo[key]


def corrupt(v: float, decimals: int, rng: random.Random) -> float:
    """A wrong figure: a little or a lot off, negative, or just inside / outside a rate's rounding tolerance."""
    step = 10.0 ** -decimals
    return v + rng.choice([1, -1, 0.5, 25, 100, -(2 * v + 1), 0.4 * step, -0.6 * step, 0.6 * step])


def obs_row(cat: Catalog, ind: str | None, reg: str | None, per: str | None, measure: str, value: float,
            ind_text: str | None = None, reg_text: str | None = None) -> Row:
    """One observation; an unknown indicator or region (None) keeps only its text."""
    i = cat.indicators[ind] if ind else None
    return {"indicator_id": ind, "indicator_text": ind_text or i.name_zh, "region_code": reg,
            "region_text": reg_text or cat.regions[reg].name_zh, "period": per, "measure": measure,
            "value": float(value), "qualifier": "exact", "unit": i.unit if i else None,
            "decimals": i.decimals if i else -1}


def monthly(cat: Catalog, rng: random.Random, months: int) -> list[Key]:
    """One figure a month from 1990 on, from three indicator-region pairs (last year's figure is often there)."""
    pairs = [(rng.choice(list(cat.indicators)), rng.choice(list(cat.regions))) for _ in range(3)]
    return [(*rng.choice(pairs), f"{1990 + m // 12}-{m % 12 + 1:02d}") for m in range(months)]


def figures(cat: Catalog, truth: Truth, rng: random.Random, cells: list[Key]) -> list[Row]:
    """A value row per cell, about one in nine corrupted."""
    out = []
    for ind, reg, per in cells:
        v = truth.value(ind, reg, per)
        if rng.random() < 0.11:
            v = corrupt(v, cat.indicators[ind].decimals, rng)
        out.append(obs_row(cat, ind, reg, per, "value", v))
    return out


def changes(cat: Catalog, truth: Truth, rng: random.Random, cells: list[Key]) -> list[Row]:
    """Reported year-on-year changes for some cells: right to 2 decimals, slightly off, or wrong."""
    out = []
    for ind, reg, per in cells:
        if rng.random() < 0.7:
            continue
        now, base = truth.value(ind, reg, per), truth.value(ind, reg, parse_period(per).previous_year().code)
        change = round((now - base) / base * 100, 2) if base else rng.uniform(-50, 50)
        out.append(obs_row(cat, ind, reg, per, "yoy_pct", change + rng.choice(CHANGE_ERRORS)))
    return out


def strays(cat: Catalog, rng: random.Random, years: list[str]) -> list[Row]:
    """Rows outside the relational checks, each key once: unknown indicator or region, no period, another measure.

    In half the frames some are in the year before the first: a period with a code but no figure, which last
    year's lookups meet; in the others a single year and a missing period may be all the period column holds.
    """
    out, periods = [], [*years, str(int(years[0]) - 1)] if rng.random() < 0.5 else years
    for _ in range(rng.randint(5, 15)):
        ind, reg, per = rng.choice(list(cat.indicators)), rng.choice(list(cat.regions)), rng.choice(periods)
        v, k, measure = rng.choice([-3, 0.5, 7, 150]), rng.randint(1, 3), rng.choice(["value", "yoy_pct"])
        out.append(rng.choice([
            obs_row(cat, None, reg, per, measure, v, ind_text=f"未知指标{k}"),
            obs_row(cat, ind, None, per, measure, v, reg_text=f"某社区{k}"),
            obs_row(cat, ind, reg, None, measure, v),
            obs_row(cat, ind, reg, per, rng.choice(["yoy_pp", "rank"]), v),
        ]))
    return list({key_of(r): r for r in reversed(out)}.values())


def duplicates(rows: list[Row], rng: random.Random, mixed: bool) -> list[Row]:
    """Copies of one row in twenty: the same value once or twice, or another value; mixed: one of each.

    The rows have a key each, so only mixed makes a key group whose later rows disagree among themselves.
    """
    out = []
    for row in rng.sample(rows, len(rows) // 20):
        v = row["value"]
        values = [v + 1, v] if mixed else rng.choice([[v], [v, v], [v + 1]])
        out += [{**row, "value": x} for x in values]
    return out


def number(rows: list[Row], rng: random.Random | None = None) -> list[Row]:
    """Give each row its own cell: rows 2, 3, … in file order, or (rng) distinct rows out of order."""
    n = len(rows)
    numbers = rng.sample(range(2, 20 * n + 2), n) if rng else range(2, n + 2)
    for r, k in zip(rows, numbers, strict=True):
        sheet, col = (rng.choice(["数据", "附表"]), rng.choice("CDEF")) if rng else ("数据", "D")
        r.update(_sheet=sheet, _row=k, _col=col, source=f"{sheet}!{col}{k}")
    return rows


def make_rows(cat: Catalog, seed: int, months: int = 0, mixed: bool = False) -> list[Row]:
    """A few hundred observations: figures, reported changes, strays and duplicates, shuffled and numbered."""
    rng = random.Random(seed)
    rates = [i.id for i in cat.indicators.values() if i.is_rate and not i.numerator]
    truth = Truth(cat, rng, set(rng.sample(rates, rng.randint(0, 2))))
    first, density = rng.randint(2015, 2020), rng.uniform(0.3, 0.6)
    years = [str(y) for y in range(first, first + rng.randint(1, 4))]
    cells = [(i, r, p) for p in years for i in cat.indicators for r in cat.regions if rng.random() < density]
    cells += monthly(cat, rng, months)
    rows = figures(cat, truth, rng, cells) + changes(cat, truth, rng, cells) + strays(cat, rng, years)
    rows += duplicates(rows, rng, mixed)
    rng.shuffle(rows)
    return number(rows, rng)


# ---------------------------------------------------------------------------------------------------- frames

def labels(values: list, column: str, kind: str, rng: random.Random, index: pd.Index) -> pd.Series:
    """A label column as object, pandas str, or categorical with unused categories in shuffled order."""
    if kind != "category":
        return pd.Series(values, dtype=kind, index=index)
    cats = sorted({v for v in values if v is not None} | UNUSED.get(column, set()))
    rng.shuffle(cats)
    return pd.Series(pd.Categorical(values, categories=cats), index=index)


def frame(rows: list[Row], kind: str = "object", seed: int | None = None) -> pd.DataFrame:
    """The observations frame; with a seed, a shuffled non-range index (checks must work by position)."""
    rng = random.Random(seed)
    index = pd.Index(rng.sample(range(10**6), len(rows))) if seed is not None else pd.RangeIndex(len(rows))
    data = {c: labels([r[c] for r in rows], c, kind, rng, index) if c in LABELS
            else pd.Series([r[c] for r in rows], dtype=NUMBERS[c], index=index) for c in COLUMNS}
    return pd.DataFrame(data, index=index)


# ---------------------------------------------------------------------------------------------------- reference

def found(row: Row, code: str, level: str, detail: object = None) -> Finding:
    """A finding reported at a row's cell."""
    return code, level, row["_sheet"], row["_row"], row["_col"], detail


def key_of(row: Row) -> tuple:
    """A row's (indicator, region, period, measure), unknown labels by '?' + their text."""
    return (row["indicator_id"] or "?" + row["indicator_text"], row["region_code"] or "?" + row["region_text"],
            row["period"], row["measure"])


def _repeats(rows: list[Row]) -> Iterator[tuple[Row, Row]]:
    """Each later row of a key with the key's first row."""
    first: dict[tuple, Row] = {}
    for r in rows:
        f = first.setdefault(key_of(r), r)
        if f is not r:
            yield r, f


def ref_duplicates(rows: list[Row]) -> Iterator[Finding]:
    """Each later row of a key: warning if it repeats the first row's value, else error. A row without a period
    is not reported as a duplicate (its missing period is reported instead)."""
    for r, f in _repeats(rows):
        if r["period"] is None:
            continue
        same = r["value"] == f["value"]
        yield found(r, "duplicate_same" if same else "duplicate_conflict", "warning" if same else "error",
                    f["source"])


def ref_unique(rows: list[Row]) -> bool:
    """Whether no row repeats another's key."""
    return not any(_repeats(rows))


def ref_bounds(rows: list[Row], cat: Catalog) -> Iterator[Finding]:
    """Catalogue bounds of known indicators' values; counts, rates and amounts ≥ 0, rates ≤ 100 unless warned."""
    for r in rows:
        if r["measure"] != "value" or r["indicator_id"] is None:
            continue
        i, v = cat.indicators[r["indicator_id"]], r["value"]
        lo = i.min_value if i.min_value is not None else 0.0 if i.kind in ("count", "rate", "amount") else None
        hi = i.max_value if i.max_value is not None else 100.0 if i.is_rate and i.warn_above is None else None
        if lo is not None and v < lo:
            yield found(r, "negative" if lo == 0 else "below_min", "error")
        if hi is not None and v > hi:
            yield found(r, "above_max", "error")
        elif i.warn_above is not None and v > i.warn_above:
            yield found(r, "above_warn", "warning")


def ref_fractions(rows: list[Row], cat: Catalog, tried: Counter) -> Iterator[Finding]:
    """A rate whose values all lie in 0–1, one not whole: warning at its first row."""
    by_rate: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        if r["measure"] == "value" and r["indicator_id"] and cat.indicators[r["indicator_id"]].is_rate:
            by_rate[r["indicator_id"]].append(r)
    for group in by_rate.values():
        tried["rate_as_fraction"] += 1
        values = [r["value"] for r in group]
        if all(0 <= v <= 1 for v in values) and any(v != int(v) for v in values):
            yield found(group[0], "rate_as_fraction", "warning")


def ref_figures(rows: list[Row]) -> dict[Key, Row]:
    """The first value row of each mapped (indicator, region, period)."""
    figs: dict[Key, Row] = {}
    for r in rows:
        if r["measure"] == "value" and r["indicator_id"] and r["region_code"] and r["period"]:
            figs.setdefault((r["indicator_id"], r["region_code"], r["period"]), r)
    return figs


def ref_ratios(figs: dict[Key, Row], cat: Catalog, tried: Counter) -> Iterator[Finding]:
    """Per rate: numerator above denominator (at the numerator), rate off its counts (at the rate)."""
    for rate in cat.indicators.values():
        if not (rate.numerator and rate.denominator):
            continue
        for (ind, reg, per), n in figs.items():
            d = figs.get((rate.denominator, reg, per))
            if ind != rate.numerator or d is None:
                continue
            tried["num_above_den"] += 1
            if n["value"] > d["value"]:
                yield found(n, "num_above_den", "warning" if rate.warn_above is not None else "error", d["source"])
            x = figs.get((rate.id, reg, per))
            if x is None or d["value"] == 0:
                continue
            tried["rate_mismatch"] += 1
            if abs(n["value"] / d["value"] * 100 - x["value"]) > 0.5 * 10 ** -(rate.decimals or 0) + 1e-9:
                yield found(x, "rate_mismatch", "warning")


def ref_parts(figs: dict[Key, Row], cat: Catalog, tried: Counter) -> Iterator[Finding]:
    """Additive parts (sub-indicators; sub-regions) summing above their total: error at the total, with n parts."""
    totals: dict[str, Callable[[str, str, str], tuple]] = {
        "parts_above_total_ind": lambda i, r, p: (cat.indicators[i].parent, r, p),
        "parts_above_total_reg": lambda i, r, p: (i, cat.regions[r].parent, p)}
    for code, total_of in totals.items():
        parts: dict[tuple, list[float]] = defaultdict(list)
        for key, f in figs.items():
            if cat.indicators[key[0]].kind in ADDITIVE and total_of(*key) in figs:
                parts[total_of(*key)].append(f["value"])
        for key, values in parts.items():
            tried[code] += 1
            if sum(values) > figs[key]["value"] + 1e-9:
                yield found(figs[key], code, "error", len(values))


def ref_changes(rows: list[Row], figs: dict[Key, Row], tried: Counter) -> Iterator[Finding]:
    """Each mapped yoy_pct row against this and last year's figures (base ≠ 0), more than 0.06 points off."""
    for r in rows:
        if r["measure"] != "yoy_pct" or not (r["indicator_id"] and r["region_code"] and r["period"]):
            continue
        prev = parse_period(r["period"]).previous_year().code
        now = figs.get((r["indicator_id"], r["region_code"], r["period"]))
        before = figs.get((r["indicator_id"], r["region_code"], prev))
        if now is None or before is None or before["value"] == 0:
            continue
        tried["change_mismatch"] += 1
        if abs((now["value"] - before["value"]) / before["value"] * 100 - r["value"]) > 0.06:
            yield found(r, "change_mismatch", "warning")


def reference(rows: list[Row], cat: Catalog, tried: Counter | None = None) -> list[Finding]:
    """Every finding of every rule; tried counts the comparisons each relational rule made."""
    tried = Counter() if tried is None else tried
    figs = ref_figures(rows)
    return [*ref_duplicates(rows), *ref_bounds(rows, cat), *ref_fractions(rows, cat, tried),
            *ref_ratios(figs, cat, tried), *ref_parts(figs, cat, tried), *ref_changes(rows, figs, tried)]


# ---------------------------------------------------------------------------------------------------- running

class Recorder(Collector):
    """A Collector that also keeps each issue as a Finding, with the parameter naming its partner cell or count."""

    def __init__(self) -> None:
        super().__init__("zh", CAP)
        self.found: list[Finding] = []

    def add(self, level: str, code: str, sheet: str | None = None, row: int | None = None,
            column: str | None = None, **params: object) -> None:
        """Record the finding, then the issue."""
        self.found.append((code, level, sheet, row, column, params[DETAIL[code]] if code in DETAIL else None))
        super().add(level, code, sheet, row, column, **params)


def run(obs: pd.DataFrame, cat: Catalog) -> tuple[bool, Recorder]:
    """run_checks on a frame: whether keys are unique, and what it reported."""
    col = Recorder()
    return checks.run_checks(obs, cat, col), col


def issues(obs: pd.DataFrame, cat: Catalog) -> tuple[bool, list[Issue]]:
    """run_checks on a frame: whether keys are unique, and the finished issue list."""
    unique, col = run(obs, cat)
    return unique, col.finish()


def assert_same(got: list[Finding], want: list[Finding], what: str) -> None:
    """Same findings as multisets; the differences listed on failure."""
    missing, extra = Counter(want) - Counter(got), Counter(got) - Counter(want)
    assert not missing and not extra, f"{what}: missing {sorted(missing, key=str)[:8]}, " \
                                      f"unexpected {sorted(extra, key=str)[:8]}"


def force_index(monkeypatch: pytest.MonkeyPatch, dense: bool) -> None:
    """Make every key space get a flat table (dense) or none (sparse), whatever its size."""
    monkeypatch.setattr(checks, "_DENSE_MIN", 1 << 40 if dense else 0)
    monkeypatch.setattr(checks, "_DENSE_PER_ROW", 1 if dense else 0)   # a flat table allowed per row, beyond _MIN


@pytest.fixture
def modes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The index mode ('dense' / 'sparse') of every Figures built during the test, in order."""
    seen: list[str] = []

    class Spy(checks.Figures):
        """Figures that note which index it built."""

        def __init__(self, *args: object) -> None:
            super().__init__(*args)
            seen.append("dense" if self._table is not None else "sparse")

    monkeypatch.setattr(checks, "Figures", Spy)
    return seen


# ---------------------------------------------------------------------------------------------------- tests

@pytest.mark.parametrize("mixed", [False, True])
def test_matches_reference(catalog: Catalog, mixed: bool) -> None:
    """Every seed: the same findings as the reference, and unique keys exactly when no key repeats."""
    cat = with_probes(catalog)
    for seed in SEEDS:
        rows = make_rows(cat, seed, mixed=mixed)
        unique, col = run(frame(rows, seed=seed if seed % 2 else None), cat)
        assert_same(col.found, reference(rows, cat), f"seed {seed}")
        assert unique == ref_unique(rows), f"seed {seed}"


def test_every_rule_passes_and_fails(catalog: Catalog) -> None:
    """Over the seeds every rule fires (num_above_den at both levels) and each relational rule also passes."""
    cat, tried = with_probes(catalog), Counter()
    fired = Counter(f[:2] for seed in SEEDS for f in reference(make_rows(cat, seed), cat, tried))
    assert {code for code, _ in fired} == RULES
    assert fired["num_above_den", "warning"] and fired["num_above_den", "error"]
    by_code = Counter(code for code, _ in fired.elements())
    assert all(0 < by_code[code] < n for code, n in tried.items()), (by_code, tried)


@pytest.mark.parametrize("kind", ["str", "category"])
def test_label_dtypes_agree(catalog: Catalog, kind: str) -> None:
    """Labels as pandas strings or categoricals (unused, shuffled categories) give the object frame's issues."""
    cat = with_probes(catalog)
    for seed in SEEDS:
        rows = make_rows(cat, seed)
        assert issues(frame(rows, kind, seed), cat) == issues(frame(rows), cat), f"seed {seed}"


def test_sparse_index_matches_dense(catalog: Catalog, monkeypatch: pytest.MonkeyPatch, modes: list[str]) -> None:
    """Forced to a sparse key index, run_checks reports exactly what it reports with a flat table, and the reference."""
    cat = with_probes(catalog)
    for seed in SEEDS:
        rows = make_rows(cat, seed, months=60)
        obs = frame(rows, ("object", "str", "category")[seed % 3], seed)
        force_index(monkeypatch, dense=True)
        dense = issues(obs, cat)
        force_index(monkeypatch, dense=False)
        sparse_unique, col = run(obs, cat)
        assert modes[-2:] == ["dense", "sparse"], f"seed {seed}"
        assert (sparse_unique, col.finish()) == dense, f"seed {seed}"
        assert_same(col.found, reference(rows, cat), f"seed {seed}")


@pytest.mark.parametrize("kind", ["object", "category"])
def test_many_periods_use_sparse_index(catalog: Catalog, modes: list[str], kind: str) -> None:
    """Monthly figures over 50 years push the key space past the dense limit: sparse index, reference findings."""
    cat = with_probes(catalog)
    for seed in range(3):
        rows = make_rows(cat, seed, months=600)
        unique, col = run(frame(rows, kind, seed), cat)
        assert modes[-1] == "sparse", f"seed {seed}"
        assert_same(col.found, reference(rows, cat), f"seed {seed}")
        assert unique == ref_unique(rows)


def test_copy_of_first_row_in_conflicting_group(catalog: Catalog) -> None:
    """Values 5, 5, 6 under one key: row 3 repeats row 2 (duplicate_same), only row 4 conflicts."""
    rows = number([obs_row(catalog, "violent_crimes_8", "440300DP", "2021", "value", v) for v in (5, 5, 6)])
    _, col = run(frame(rows), catalog)
    assert [(f[0], f[1], f[3]) for f in col.found] == [("duplicate_same", "warning", 3),
                                                       ("duplicate_conflict", "error", 4)]
