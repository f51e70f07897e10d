"""The expected-count model and its limits: fits, exact quantiles, and honest false-alarm rates on simulations."""

from __future__ import annotations

import math

import numpy as np
import pytest

from indicators.safety.count_model import design, expect, t_quantile, upper_limit, widened
from indicators.safety.early_warning import Series, WarningRules, evaluate

MONTHS = 72


def _months(n: int = MONTHS) -> list[str]:
    return [f"{2018 + m // 12}-{m % 12 + 1:02d}" for m in range(n)]


def test_an_exact_log_linear_seasonal_series_is_recovered():
    t = np.arange(MONTHS)
    x = design(t, MONTHS)
    beta = np.array([np.log(80), -0.25, 0.2, -0.1, 0.05, 0.0])
    y = np.exp(x @ beta)[None, :]
    e = expect(np.round(y, 6), np.array([MONTHS - 1]), 5)
    assert e.expected[0, 0] == pytest.approx(np.exp(x[-1] @ beta), rel=1e-3)
    assert e.seasonal[0, 0] and e.phi[0, 0] == 1.0


def test_a_sparse_series_gets_its_mean_and_too_little_history_no_judgement():
    y = np.zeros((2, MONTHS))
    y[0, ::12] = 1                                    # 6 cases in 6 years: sparse
    y[1, :40] = np.nan                                # 29 months of history before the target: too little
    e = expect(y, np.array([MONTHS - 1]), 5)
    assert not e.seasonal[0, 0] and e.expected[0, 0] == pytest.approx(5 / 60)
    assert e.ok[0, 0] and not e.ok[1, 0]


def _brute_quantile(mean: float, var: float, prob: float) -> int:
    """Smallest q with P(Y > q) <= prob, summing the pmf with log-gamma (independent of the vectorised code)."""
    if var <= mean * (1 + 1e-9):
        logpmf = lambda k: k * math.log(mean) - mean - math.lgamma(k + 1)  # noqa: E731
    else:
        r = mean * mean / (var - mean)
        p = r / (r + mean)
        logpmf = lambda k: (math.lgamma(k + r) - math.lgamma(r) - math.lgamma(k + 1)  # noqa: E731
                            + r * math.log(p) + k * math.log1p(-p))
    cdf, k = 0.0, 0
    while True:
        cdf += math.exp(logpmf(k))
        if cdf >= 1 - prob - 1e-12:
            return k
        k += 1


@pytest.mark.parametrize(("mean", "var"), [(0.3, 0.3), (2.0, 2.0), (7.5, 7.5), (40.0, 40.0), (3.0, 9.0),
                                           (20.0, 60.0), (120.0, 500.0)])
@pytest.mark.parametrize("prob", [0.01, 0.001])
def test_limits_are_the_exact_poisson_or_negative_binomial_quantiles(mean, var, prob):
    got = upper_limit(np.array([mean]), np.array([var]), prob)[0]
    assert got == _brute_quantile(mean, var, prob)


def test_large_means_use_a_close_approximation():
    got = upper_limit(np.array([400.0]), np.array([1200.0]), 0.01)[0]
    assert abs(got - _brute_quantile(400.0, 1200.0, 0.01)) <= 2


@pytest.mark.parametrize(("df", "p", "exact"), [(5, 0.999, 5.893), (13, 0.999, 3.852), (13, 0.99, 2.650),
                                                (30, 0.995, 2.750), (1000, 0.99, 2.330)])
def test_t_quantiles(df, p, exact):
    assert t_quantile(p, np.array([df]))[0] == pytest.approx(exact, abs=0.02)


def test_widening_applies_only_where_dispersion_was_estimated():
    v = widened(np.array([10.0, 10.0]), np.array([1.0, 2.0]), np.array([50.0, 50.0]), 0.01)
    assert v[0] == 10.0 and v[1] > 10.0


def simulate(n: int, rng: np.random.Generator) -> np.ndarray:
    """Spike-free monthly counts: levels 0.3-300, seasonality, trends both ways, half over-dispersed."""
    t = np.arange(MONTHS)
    mu = np.exp(rng.uniform(np.log(0.3), np.log(300), n))
    amp, phase = rng.uniform(0, 0.3, n), rng.uniform(0, 2 * np.pi, n)
    trend = rng.uniform(-0.15, 0.10, n)
    lam = mu[:, None] * (1 + amp[:, None] * np.sin(2 * np.pi * t / 12 + phase[:, None]))
    lam = lam * (1 + trend[:, None]) ** ((t - MONTHS + 1) / 12)
    phi = np.where(rng.random(n) < 0.5, rng.uniform(1.5, 4.0, n), 1.0)
    shape = np.where(phi[:, None] > 1, lam / np.maximum(phi[:, None] - 1, 1e-9), 1.0)
    gamma = np.where(phi[:, None] > 1, rng.gamma(shape, 1 / shape), 1.0)
    return rng.poisson(lam * gamma).astype(float)


def _verdict(counts: np.ndarray, rules: WarningRules):
    n = len(counts)
    return evaluate(Series(np.array(["x"] * n, dtype=object), np.arange(n).astype(object), _months(), counts), rules)


def _binomial_upper(n: int, p: float, level: float = 0.99) -> int:
    """The count that n trials at rate p exceed with probability under 1 - level (one-sided binomial test)."""
    cdf, k = 0.0, 0
    while True:
        cdf += math.comb(n, k) * p**k * (1 - p) ** (n - k)
        if cdf >= level:
            return k
        k += 1


def _rates(v) -> dict[str, int]:
    return {"red": int((v["rule"] == "action_limit").sum()),
            "limit": int(v["rule"].isin(["action_limit", "warning_limit"]).sum()),
            "sustained": int(v["sustained"].sum()), "any": int((v["rule"] != "").sum())}


def _promises(rules: WarningRules) -> dict[str, float]:
    return {"red": rules.red_probability, "limit": rules.orange_probability, "sustained": rules.sustained_chance(),
            "any": rules.orange_probability + rules.sustained_chance()}


def test_false_alarms_on_1000_spike_free_region_months_stay_within_what_the_limits_promise():
    rules = WarningRules()
    got = _rates(_verdict(simulate(1000, np.random.default_rng(20211019)), rules))
    promise = _promises(rules)
    assert got["any"] / 1000 <= promise["any"]                    # the false-alarm rate, every rule together
    for rule, k in got.items():                                    # each rule: no evidence it exceeds its rate
        assert k <= _binomial_upper(1000, promise[rule]), (rule, k)


def test_each_rule_keeps_its_promise_on_20000_spike_free_region_months():
    rules = WarningRules()
    got = _rates(_verdict(simulate(20_000, np.random.default_rng(1019)), rules))
    for rule, promised in _promises(rules).items():
        assert got[rule] / 20_000 <= promised, (rule, got[rule])


def test_every_planted_spike_is_found_and_small_counts_never_alarm():
    rng = np.random.default_rng(5)
    counts = simulate(400, rng)
    plain = _verdict(counts, WarningRules())
    e = expect(counts, np.array([MONTHS - 3, MONTHS - 2, MONTHS - 1]), 5)
    mu, sd = e.expected[:, -1], np.sqrt(e.variance[:, -1])
    spiked = counts.copy()
    spiked[:, -1] = np.ceil(np.maximum(np.maximum(mu + 6 * sd + 3, 3 * mu), 8))   # far out and not small
    found = _verdict(spiked, WarningRules())
    assert (found["rule"] != "").all()
    assert (found["severity"] == "red").mean() > 0.9
    tiny = counts.copy()
    tiny[:, -1] = np.where(mu < 0.5, 4, tiny[:, -1])                       # 4 where under 0.5 was expected
    small = _verdict(tiny, WarningRules())
    assert (small.loc[mu < 0.5, "rule"] == "").all() and (mu < 0.5).sum() > 5
    assert ((plain["value"] < 5) <= (plain["rule"] == "")).all()


def test_a_run_of_rises_above_expected_fires_the_sustained_rule_and_one_below_does_not():
    rng = np.random.default_rng(11)
    base = rng.poisson(np.full((2, MONTHS), 20.0)).astype(float)
    base[:, -4:] = [14, 16, 18, 19]                  # rising but below the expected 20: no warning
    base[1, -4:] = [19, 23, 25, 27]                  # rising and above expected, under the warning limit
    v = _verdict(base, WarningRules())
    assert v.loc[0, "rule"] == "" and v.loc[1, "rule"] == "sustained_rise"
    assert v.loc[1, "value"] <= v.loc[1, "warning_limit"]


def test_rules_promise_what_the_settings_say():
    assert WarningRules(sustained_months=3).sustained_chance() == pytest.approx(5 / 384)
    assert WarningRules(sustained_months=2).sustained_chance() == pytest.approx(1 / 12)
