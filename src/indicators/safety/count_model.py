"""Expected monthly counts and upper limits from a region's own history, for many series at once.

The model: a quasi-Poisson regression (log link) on the series' last `years` years of months before the months
being watched, with a linear trend and the yearly seasonal shape as two harmonics:

    log μ(t) = b0 + b1·t + a1·sin(2πm/12) + c1·cos(2πm/12) + a2·sin(4πm/12) + c2·cos(4πm/12)

(t in years, m the month of the year). Why this one: it is the baseline public-health surveillance uses for
count series (Farrington et al. 1996, J. R. Stat. Soc. A 159; Noufaily et al. 2013, Stat. Med. 32, who found the
original's "same weeks of earlier years only" baseline and 2/3-power limits gave too many false alarms and fitted
all past weeks with a seasonal term instead). Using every month of five years, the seasonal shape comes from the
same months of earlier years, the trend follows the recent level up or down, and with about 60 values the
over-dispersion is well estimated. Over-dispersion φ = max(1, Pearson χ² / (n − p)): plain Poisson where the
history shows none. Past outliers (Anscombe residual > 2.58) are down-weighted and the model refitted, so an old
spike does not raise the expected value. Series too sparse for the full model (fewer than 30 cases in the window)
get their mean. The limit at probability α is the (1 − α) quantile of a negative binomial with mean μ̂ and
variance φμ̂ + Var(μ̂), widened for φ being estimated (Student t): an ordinary month exceeds it with
probability about α. tests/safety/test_count_model.py measures this on simulated series.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from statistics import NormalDist

import numpy as np
from threadpoolctl import ThreadpoolController

MIN_MONTHS = 36        # months of history holding values needed for an expectation
MIN_CASES = 30         # fewer cases in the window: the series' mean, no trend or season
OUTLIER_RESIDUAL = 2.58
RIDGE = 1e-3           # keeps the fit finite for series with many zeros (no effect on well-filled series)
EXACT_BELOW = 150.0    # exact negative-binomial/Poisson quantiles below this mean, a normal approximation above


@dataclass
class Expectation:
    """Expected counts for (series, target month) pairs and what they rest on."""

    expected: np.ndarray     # μ̂
    variance: np.ndarray     # predictive variance φμ̂ + Var(μ̂)
    phi: np.ndarray          # over-dispersion (1 = Poisson)
    df: np.ndarray           # degrees of freedom of φ's estimate (values − parameters)
    seasonal: np.ndarray     # whether the full model (trend and season) was used
    n_ref: np.ndarray        # history values used
    ok: np.ndarray           # enough history to judge


def design(months: np.ndarray, origin: int) -> np.ndarray:
    """Columns 1, t (years from origin), sin and cos of the month of year (two harmonics) for month numbers."""
    t = (months - origin) / 12.0
    angle = 2 * np.pi * (months % 12) / 12.0
    return np.stack([np.ones_like(t), t, np.sin(angle), np.cos(angle), np.sin(2 * angle), np.cos(2 * angle)],
                    axis=-1)


def _eta(beta: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Linear predictor, kept within ±30. einsum, not @: with 6 coefficients OpenBLAS's threads cost more than they
    save and, on a busy 2-core machine, slowed this step tenfold; np.clip is several times slower than min/max."""
    return np.minimum(np.maximum(np.einsum("sp,np->sn", beta, x), -30.0), 30.0)


def _irls(y: np.ndarray, w: np.ndarray, x: np.ndarray, iters: int = 25) -> tuple[np.ndarray, np.ndarray]:
    """Poisson log-linear fit of every row at once: coefficients (S, p) and the weighted X'WX (S, p, p).

    Starts from least squares on log(y + 0.5) weighted by y + 0.5, which is close: 3-5 steps converge. A row stops
    when its own step is below 1e-7, as it would fitted alone (at city scale a tenth of the rows need a fourth step).
    """
    s, p = len(y), x.shape[1]
    ridge = RIDGE * np.eye(p)
    ridge[0, 0] = 0.0
    outer = np.einsum("np,nq->npq", x, x).reshape(len(x), p * p)
    w0 = w * (y + 0.5)
    beta = np.linalg.solve((w0 @ outer).reshape(s, p, p) + ridge, ((w0 * np.log(y + 0.5)) @ x)[..., None])[..., 0]
    rows = np.arange(s)
    for _ in range(iters):
        ya, wa, ba = y[rows], w[rows], beta[rows]
        eta = _eta(ba, x)
        mu = np.exp(eta)
        wm = wa * mu
        xtwx = (wm @ outer).reshape(len(rows), p, p) + ridge
        z = eta + (ya - mu) / mu
        xtwz = (wm * z) @ x
        new = np.linalg.solve(xtwx, xtwz[..., None])[..., 0]
        beta[rows] = new
        rows = rows[np.max(np.abs(new - ba), axis=1) >= 1e-7]
        if not len(rows):
            break
    mu = np.exp(_eta(beta, x))
    return beta, (((w * mu) @ outer).reshape(s, p, p) + ridge)


def _pearson_phi(y: np.ndarray, mu: np.ndarray, w: np.ndarray, df: np.ndarray) -> np.ndarray:
    chi2 = (w * (y - mu) ** 2 / np.maximum(mu, 1e-12)).sum(1)
    return np.maximum(1.0, np.where(df > 0, chi2 / np.maximum(df, 1), 1.0))


def _downweight(y: np.ndarray, mu: np.ndarray, w: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """Weights shrinking past outliers (Anscombe residual above 2.58), rescaled to keep their sum."""
    mu = np.maximum(mu, 1e-12)
    r = 1.5 * (np.cbrt(y) ** 2 - np.cbrt(mu) ** 2) / (np.sqrt(phi)[:, None] * mu ** (1 / 6))
    present = w > 0
    omega = np.where(present & (r > OUTLIER_RESIDUAL), 1.0 / np.maximum(r, 1e-12) ** 2, 1.0) * present
    return omega * (present.sum(1) / np.maximum(omega.sum(1), 1e-12))[:, None]


def _full(y: np.ndarray, w: np.ndarray, x: np.ndarray, x0: np.ndarray) -> dict[str, np.ndarray]:
    """Trend-and-season fit, outliers down-weighted: μ̂, Var(μ̂), φ and df at the target rows x0 (K, p)."""
    p = x.shape[1]
    df = np.maximum((w > 0).sum(1) - p, 1).astype(float)
    beta, xtwx = _irls(y, w, x)
    mu = np.exp(_eta(beta, x))
    phi_all = _pearson_phi(y, mu, w, df)
    omega = _downweight(y, mu, w, phi_all)
    again = np.any(omega != w, axis=1)            # rows with a past outlier; the others' fit stays as it is
    if again.any():
        beta[again], xtwx[again] = _irls(y[again], omega[again], x)
    mu = np.exp(_eta(beta, x))
    # The down-weighted fit gives the mean; the dispersion keeps every value: down-weighting the tail of an
    # over-dispersed series would make it look tamer than it is (measured: 0.13 % red instead of 0.1 %).
    phi = np.maximum(phi_all, _pearson_phi(y, mu, w, df))
    cov = np.linalg.inv(xtwx) * phi[:, None, None]
    mu0 = np.exp(_eta(beta, x0))                                        # (S, K)
    var_eta = np.einsum("kp,spq,kq->sk", x0, cov, x0)
    return {"mu0": mu0, "var_mu0": mu0 ** 2 * var_eta, "phi": phi, "df": df}


def _flat(y: np.ndarray, w: np.ndarray, k: int) -> dict[str, np.ndarray]:
    """The mean of the window (sparse series): μ̂, Var(μ̂) = φμ̂/n, φ and df."""
    n = np.maximum(w.sum(1), 1e-12)
    mean = (w * y).sum(1) / n
    df = np.maximum((w > 0).sum(1) - 1, 1).astype(float)
    phi = _pearson_phi(y, np.broadcast_to(mean[:, None], y.shape), w, df)
    mu0 = np.repeat(mean[:, None], k, axis=1)
    return {"mu0": mu0, "var_mu0": np.repeat((phi * mean / n)[:, None], k, axis=1), "phi": phi, "df": df}


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """numpy's BLAS on one thread: the fit's products are (series × 60) by (60 × 36), too small for OpenBLAS's
    threads, which on the shared 2-core machine tripled the fit's CPU time (4.5k series: 0.35 s → 0.12 s)."""
    with _blas().limit(limits=1, user_api="blas"):
        yield


def expect(counts: np.ndarray, targets: np.ndarray, years: int = 5, first_month: int = 0) -> Expectation:
    """Expected values at the target columns from the `years` years of columns before the first target.

    counts: (series, months) with NaN where missing, columns consecutive months, the first being month of the
    year `first_month` (0 = January).
    """
    targets = np.asarray(targets)
    end = int(targets.min())
    start = max(0, end - 12 * years)
    y = counts[:, start:end]
    present = ~np.isnan(y)
    w = present.astype(float)
    y = np.where(present, y, 0.0)
    months = np.arange(start, end) + first_month
    x = design(months, end + first_month)
    x0 = design(targets + first_month, end + first_month)
    n_ref = present.sum(1)
    ok = n_ref >= MIN_MONTHS
    full = ok & ((w * y).sum(1) >= MIN_CASES)
    k = len(targets)
    out = _flat(y, w, k)
    seasonal = np.zeros(len(y), dtype=bool)
    if full.any():
        with one_blas_thread():
            fit = _full(y[full], w[full], x, x0)
        for key in ("mu0", "var_mu0"):
            out[key][full] = fit[key]
        out["phi"][full], out["df"][full] = fit["phi"], fit["df"]
        seasonal[full] = True
    phi = np.repeat(out["phi"][:, None], k, axis=1)
    return Expectation(out["mu0"], phi * out["mu0"] + out["var_mu0"], phi,
                       np.repeat(out["df"][:, None], k, axis=1), np.repeat(seasonal[:, None], k, axis=1),
                       np.repeat(n_ref[:, None], k, axis=1), np.repeat(ok[:, None], k, axis=1))


def t_quantile(p: float, df: np.ndarray) -> np.ndarray:
    """Student t quantile (Cornish-Fisher expansion in 1/df; exact to 3 decimals from df = 5)."""
    z = NormalDist().inv_cdf(p)
    v = np.maximum(np.asarray(df, dtype=float), 1.0)
    return (z + (z**3 + z) / (4 * v) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * v**3)
            + (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / (92160 * v**4))


DF_SHARE = 0.5        # degrees of freedom credited to the dispersion estimate, per value beyond the parameters


def widened(variance: np.ndarray, phi: np.ndarray, df: np.ndarray, prob: float) -> np.ndarray:
    """Variance widened for an estimated over-dispersion: (t / z)², t with DF_SHARE x the estimate's df.

    Plugging an estimated φ in as if it were known makes the limits too narrow. Pearson's χ² of over-dispersed
    counts also varies more than a χ² with n − p degrees of freedom (the counts' tails are heavier than normal),
    so only half of them are credited: on 100,000 simulated spike-free months full credit let 0.08-0.11 % past a
    0.1 % limit (three seeds), half credit 0.07 % (tests/safety/test_count_model.py, docs/safety.md).
    Where φ = 1 (Poisson) nothing was estimated and nothing is widened.
    """
    z = NormalDist().inv_cdf(1 - prob)
    factor = np.where(phi > 1, (t_quantile(1 - prob, DF_SHARE * df) / z) ** 2, 1.0)
    return variance * factor


def upper_limit(mean: np.ndarray, variance: np.ndarray, prob: float) -> np.ndarray:
    """Smallest count q with P(Y > q) ≤ prob for Y negative binomial (mean, variance), Poisson when variance ≤ mean."""
    mean = np.asarray(mean, dtype=float)
    variance = np.maximum(np.asarray(variance, dtype=float), mean)
    out = np.zeros(mean.shape)
    big = mean >= EXACT_BELOW
    if big.any():
        z = NormalDist().inv_cdf(1 - prob)
        m, v = mean[big], variance[big]
        out[big] = np.floor(m * (1 + (2 / 3) * z * np.sqrt(v) / m) ** 1.5)
    small = ~big & (mean > 0)
    if small.any():
        out[small] = _exact_quantile(mean[small], variance[small], prob)
    return out


def _exact_quantile(m: np.ndarray, v: np.ndarray, prob: float) -> np.ndarray:
    """(1 − prob) quantile by summing the probability mass from 0 upwards (all rows at once)."""
    poisson = v <= m * (1 + 1e-9)
    r = np.where(poisson, 1.0, m * m / np.maximum(v - m, 1e-300))
    q = np.where(poisson, 0.0, m / (r + m))                    # NB success-complement ratio
    with np.errstate(divide="ignore", over="ignore", under="ignore"):
        pk = np.where(poisson, np.exp(-m), np.exp(r * np.log1p(-q)))
    cdf = pk.copy()
    out = np.full(m.shape, np.nan)
    kmax = int(np.ceil(np.max(m + 12 * np.sqrt(v) + 20)))
    target = 1 - prob
    for k in range(kmax + 1):
        hit = np.isnan(out) & (cdf >= target - 1e-12)
        out[hit] = k
        if not np.isnan(out).any():
            break
        step = np.where(poisson, m / (k + 1), (k + r) / (k + 1) * q)
        pk = pk * step
        cdf = cdf + pk
    return np.where(np.isnan(out), kmax, out)
