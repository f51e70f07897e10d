"""False-alarm rates of the warning rules on simulated spike-free region-months, and how often spikes are found.

    python -m bench.false_alarms [--n 100000] [--seed 1]

The series are tests/safety/test_count_model.py's: levels 0.3-300 a month, seasonality, trends from -15 % to +10 %
a year, half of them over-dispersed (φ 1.5-4). Prints each rule's measured rate beside the rate it promises.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from indicators.safety.count_model import expect
from indicators.safety.early_warning import WarningRules
from tests.safety.test_count_model import MONTHS, _promises, _rates, _verdict, simulate


def main(argv: list[str] | None = None) -> None:
    """Measure and print."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    rules, rng = WarningRules(), np.random.default_rng(a.seed)
    counts = simulate(a.n, rng)
    start = time.perf_counter()
    got = _rates(_verdict(counts, rules))
    took = time.perf_counter() - start
    for rule, promised in _promises(rules).items():
        print(f"{rule:<10} {got[rule] / a.n:8.4%}  promised ≤ {promised:.4%}  ({got[rule]:,} of {a.n:,})")
    e = expect(counts, np.array([MONTHS - 3, MONTHS - 2, MONTHS - 1]), rules.history_years)
    mu, sd = e.expected[:, -1], np.sqrt(e.variance[:, -1])
    spiked = counts.copy()
    spiked[:, -1] = np.ceil(np.maximum(np.maximum(mu + 6 * sd + 3, 3 * mu), 8))
    found = _verdict(spiked, rules)
    print(f"spikes found {(found['rule'] != '').mean():.4%} (red {(found['severity'] == 'red').mean():.2%}); "
          f"{a.n:,} series judged in {took:.1f} s")


if __name__ == "__main__":
    main()
