"""风险预警: which monthly counts of which regions are out of line with their own history this month.

Every count indicator whose rise is a risk (polarity not higher_better) is watched in every region at every
level. The expected values of the last `sustained_months` months and the limits come from the series' own
history, the `history_years` years before those months (safety/count_model.py). Rules on the last month:

- action_limit (red): the count is above the action limit, the (1 − red_probability) quantile;
- warning_limit (orange): above the warning limit, the (1 − orange_probability) quantile;
- sustained_rise (orange): the count rose `sustained_months` months in a row, each of those months above its
  expected value (by chance alone this happens in (N + 2) / (2^(N+1) (N + 1)!) of months: 1.3 % for N = 3).

No rule fires for a count below `min_count` (small counts jump by chance) or with fewer than three years of
history. Settings: data/settings.toml [early_warning].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import settings
from ..catalog import Catalog
from ..errors import UserError
from ..period_rows import one_code_per_period
from ..periods import Period, canonical_code, read_period, span_codes
from ..store.queries import count_series, current_values
from .count_model import expect, upper_limit, widened

RULES = ("action_limit", "warning_limit", "sustained_rise")
SEVERITY = {"action_limit": "red", "warning_limit": "orange", "sustained_rise": "orange"}
RECENT = 24   # months of history kept with each warning for its small trend chart


@dataclass(frozen=True)
class WarningRules:
    """Limits' probabilities, the sustained-rise length, the small-count floor and the history used."""

    orange_probability: float = 0.01
    red_probability: float = 0.001
    sustained_months: int = 3
    min_count: int = 5
    history_years: int = 5

    def sustained_chance(self) -> float:
        """Chance that the sustained-rise rule fires on a month of pure noise (independent, continuous counts)."""
        n = self.sustained_months
        return (n + 2) / (2 ** (n + 1) * math.factorial(n + 1)) if n else 0.0


def rules_from_settings() -> WarningRules:
    """The [early_warning] settings, checked."""
    r = WarningRules(float(settings.get("early_warning.orange_probability")),
                     float(settings.get("early_warning.red_probability")),
                     int(settings.get("early_warning.sustained_months")), int(settings.get("early_warning.min_count")),
                     int(settings.get("early_warning.history_years")))
    if not 0 < r.red_probability < r.orange_probability < 0.5:
        raise UserError("errors.warning_probabilities", red=f"{r.red_probability:g}",
                        orange=f"{r.orange_probability:g}")
    if r.history_years < 3:
        raise UserError("errors.warning_history")
    return r


def warning_month(code: str) -> Period:
    """The month warnings are computed for: a code or the way people write it (2023-12, 2023年12月; 2023年1-1月 is
    January)."""
    p = read_period(code).canonical()
    if p.kind != "month":
        raise UserError("errors.warning_month", text=code)
    return p


def watched(cat: Catalog) -> list[str]:
    """Count indicators whose rise is a risk (not higher_better)."""
    return [i.id for i in cat.indicators.values() if i.kind == "count" and i.polarity != 1]


def month_codes(p: Period, rules: WarningRules, extra: int = 0) -> list[str]:
    """The months the rules look at for month p, oldest first: the history, then the watched run ending with p."""
    span = 12 * rules.history_years + max(rules.sustained_months, 1) + extra
    return [m.code for m in p.months_up_to(span)]


def first_month(months: list[str]) -> int:
    """Month of the year (0 = January) of the first month code."""
    return int(months[0][5:7]) - 1 if months else 0


def run_targets(last: int, rules: WarningRules) -> np.ndarray:
    """Column indices of the watched months ending at column `last`."""
    n_run = max(rules.sustained_months, 1)
    return np.arange(last - n_run + 1, last + 1)


@dataclass
class Series:
    """Monthly counts of many (indicator, region) series: rows are series, columns months (NaN = missing)."""

    indicators: np.ndarray
    regions: np.ndarray
    months: list[str]
    counts: np.ndarray


def load_series(con: duckdb.DuckDBPyConnection, indicators: list[str], months: list[str],
                regions: list[str] | None = None, last_at_least: float | None = None) -> Series:
    """The stored monthly values of these indicators (every region, or those given) as a dense array; with
    `last_at_least`, only the series whose last month holds at least that. A January stored as 1-1月 (2023YTD01)
    is that month (Period.canonical); where both codes hold a value, the later batch's counts."""
    codes = [c for m in months for c in span_codes(m)]
    table = current_values(con, indicators, codes, regions, last_at_least, last=span_codes(months[-1]))
    if table.num_rows == 0:
        return Series(np.array([], dtype=object), np.array([], dtype=object), months, np.zeros((0, len(months))))
    table, code = _one_code_per_month(table, codes)
    column = {m: n for n, m in enumerate(months)}
    per = np.array([column[canonical_code(c)] for c in codes])[code]
    ind = table.column("indicator").dictionary_encode().combine_chunks()
    reg = table.column("region").dictionary_encode().combine_chunks()
    key = ind.indices.to_numpy().astype(np.int64) * len(reg.dictionary) + reg.indices.to_numpy()
    seen = np.zeros(len(ind.dictionary) * len(reg.dictionary), dtype=bool)
    seen[key] = True                                     # (indicator, region) pairs holding data: the rows
    uniq = np.flatnonzero(seen)
    row = (np.cumsum(seen) - 1)[key]
    counts = np.full((len(uniq), len(months)), np.nan)
    counts[row, per] = table.column("value").to_numpy()
    names_i = np.array(ind.dictionary.to_pylist(), dtype=object)
    names_r = np.array(reg.dictionary.to_pylist(), dtype=object)
    return Series(names_i[uniq // len(names_r)], names_r[uniq % len(names_r)], months, counts)


def _one_code_per_month(table: pa.Table, codes: list[str]) -> tuple[pa.Table, np.ndarray]:
    """The rows, and each one's position of its period code in `codes`, with one row per month where a month is
    stored under both of its codes (2023-01, 2023YTD01): period_rows.one_code_per_period's. Without a second code
    stored, the table as it is."""
    code = pc.index_in(table.column("period"), value_set=pa.array(codes)).to_numpy(zero_copy_only=False)
    alias = np.array([canonical_code(c) != c for c in codes])
    if not (alias & (np.bincount(code, minlength=len(codes)) > 0)).any():
        return table, code
    rows = table.select(["indicator", "region", "period", "batch"]).to_pandas()
    keep = one_code_per_period(rows, batch="batch").index.to_numpy()
    return table.take(pa.array(keep)), code[keep]


def load_candidates(con: duckdb.DuckDBPyConnection, indicators: list[str], months: list[str],
                    rules: WarningRules, regions: list[str] | None = None) -> tuple[Series, int]:
    """The series that can fire a rule (a last month of at least `min_count`) and how many series hold values.

    Only those series are read: at the bench's city scale 4.5k of 14k series, 286k of 875k rows.
    """
    series = load_series(con, indicators, months, regions, last_at_least=rules.min_count)
    return series, count_series(con, indicators, [c for m in months for c in span_codes(m)], regions)


def evaluate(series: Series, rules: WarningRules) -> pd.DataFrame:
    """Expected value, limits and the rules' verdict of the last month of every series (one row each)."""
    n_run = rules.sustained_months
    t = len(series.months) - 1
    value = series.counts[:, t]
    # Only months at or above the minimum count can fire a rule: the others are not fitted at all.
    big = ~np.isnan(value) & (np.nan_to_num(value) >= rules.min_count)
    n, k = len(value), max(n_run, 1)
    mu, var, phi, df = (np.full(n, np.nan) for _ in range(4))
    expected, ok_run, seasonal = np.full((n, k), np.nan), np.zeros((n, k), bool), np.zeros(n, bool)
    if big.any():
        exp = expect(series.counts[big], run_targets(t, rules), rules.history_years, first_month(series.months))
        mu[big], var[big], phi[big], df[big] = exp.expected[:, -1], exp.variance[:, -1], exp.phi[:, -1], exp.df[:, -1]
        expected[big], ok_run[big], seasonal[big] = exp.expected, exp.ok, exp.seasonal[:, -1]
    orange = np.where(big, upper_limit(np.nan_to_num(mu), widened(np.nan_to_num(var), np.nan_to_num(phi), df,
                                                                  rules.orange_probability), rules.orange_probability),
                      np.nan)
    red = np.where(big, upper_limit(np.nan_to_num(mu), widened(np.nan_to_num(var), np.nan_to_num(phi), df,
                                                               rules.red_probability), rules.red_probability), np.nan)
    judged = big & ok_run[:, -1]
    v = np.nan_to_num(value, nan=-1.0)
    fired_red = judged & (v > red)
    fired_orange = judged & (v > orange)
    rising = _sustained(series.counts, expected, ok_run, t, n_run) if n_run else np.zeros(n, bool)
    fired_sustained = judged & rising
    rule = np.where(fired_red, "action_limit", np.where(fired_orange, "warning_limit",
                                                        np.where(fired_sustained, "sustained_rise", "")))
    return pd.DataFrame({
        "indicator": series.indicators, "region": series.regions, "period": series.months[t], "value": value,
        "expected": mu, "warning_limit": orange, "action_limit": red, "phi": phi,
        "seasonal": seasonal, "judged": judged, "rule": rule, "sustained": fired_sustained,
        "severity": pd.Series(rule).map(SEVERITY).fillna("").to_numpy()})


def _sustained(counts: np.ndarray, expected: np.ndarray, ok: np.ndarray, t: int, n_run: int) -> np.ndarray:
    """Rose each of the last n_run months, each of them above its expected value."""
    out = np.ones(len(counts), dtype=bool)
    for j in range(n_run):
        now, before = counts[:, t - j], counts[:, t - j - 1]
        k = expected.shape[1] - 1 - j
        with np.errstate(invalid="ignore"):
            out &= (now > before) & (now > expected[:, k]) & ok[:, k]
    return out


def compute_warnings(con: duckdb.DuckDBPyConnection, cat: Catalog, period: str,
                     rules: WarningRules | None = None, regions: list[str] | None = None,
                     indicators: list[str] | None = None) -> pd.DataFrame:
    """Every warning of the month (red first), with region and indicator details and the recent counts."""
    rules = rules or rules_from_settings()
    p = warning_month(period)
    months = month_codes(p, rules)
    series, n_series = load_candidates(con, indicators or watched(cat), months, rules, regions)
    verdict = evaluate(series, rules)
    fired = verdict["rule"] != ""
    out = verdict[fired].copy()
    recent = series.counts[fired.to_numpy(), -RECENT:]
    out["recent"] = [list(r) for r in recent]
    out["recent_months"] = [months[-RECENT:]] * len(out)
    out["region_zh"] = [cat.regions[r].name_zh if r in cat.regions else r for r in out["region"]]
    out["region_en"] = [cat.regions[r].name_en if r in cat.regions else r for r in out["region"]]
    out["region_level"] = [cat.regions[r].level if r in cat.regions else "" for r in out["region"]]
    out["domain"] = [cat.indicators[i].domain for i in out["indicator"]]
    out["run"] = rules.sustained_months
    out["limit"] = np.where(out["rule"] == "action_limit", out["action_limit"], out["warning_limit"])
    order = {"red": 0, "orange": 1}
    out["_o"] = out["severity"].map(order)
    out["_x"] = (out["value"] - out["limit"]) / np.sqrt(np.maximum(out["expected"], 1.0))
    out = out.sort_values(["_o", "_x", "indicator", "region"], ascending=[True, False, True, True])  # ties: by name
    out = out.drop(columns=["_o", "_x"]).reset_index(drop=True)
    out.attrs = {"series": n_series, **verdict_counts(verdict)}
    return out


def verdict_counts(verdict: pd.DataFrame) -> dict[str, int]:
    """How many series were judged and how many fired each rule (for the page's footnote)."""
    return {"judged": int(verdict["judged"].sum()),
            **{r: int((verdict["rule"] == r).sum()) for r in RULES}}
