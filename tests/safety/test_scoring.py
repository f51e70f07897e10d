"""Scoring arithmetic: rules, re-normalised weights, coverage, bands, ranks; contributions add up."""

from __future__ import annotations

import math

import numpy as np
import pytest

from indicators.catalog import load_catalog
from indicators.safety.index_file import parse_index
from indicators.safety.scoring import (
    aggregate,
    grade,
    history_baseline,
    peer_baseline,
    ranks,
    score_relative,
    score_target,
)

BANDS = (90.0, 80.0, 70.0)
SPEC_TEXT = """
[[domain]]
id = "a"
name_zh = "甲"
name_en = "A"
weight = 60
[[domain.component]]
indicator = "police_incidents_110"
weight = 3
rule = "history"
[[domain.component]]
indicator = "two_thefts"
weight = 1
rule = "history"
[[domain]]
id = "b"
name_zh = "乙"
name_en = "B"
weight = 40
[[domain.component]]
indicator = "pl_work_satisfaction"
weight = 1
rule = "target"
target = 95
zero_at = 75
"""


@pytest.fixture(scope="module")
def spec():
    return parse_index(SPEC_TEXT, load_catalog())


@pytest.mark.parametrize(("value", "target", "zero_at", "expected"), [
    (95, 95, 75, 100), (99, 95, 75, 100), (85, 95, 75, 50), (75, 95, 75, 0), (60, 95, 75, 0),
    (0, 0, 4, 100), (1, 0, 4, 75), (4, 0, 4, 0), (9, 0, 4, 0),
])
def test_target_rule(value, target, zero_at, expected):
    assert score_target(np.array([value], float), target, zero_at)[0] == pytest.approx(expected)


@pytest.mark.parametrize(("value", "baseline", "direction", "damping", "expected"), [
    (100, 100, -1, 0, 80),        # as usual
    (90, 100, -1, 0, 90),         # 10 % fewer incidents: better
    (110, 100, -1, 0, 70),        # 10 % more: worse
    (50, 100, -1, 0, 100),        # capped at 100
    (300, 100, -1, 0, 0),         # floored at 0
    (110, 100, 1, 0, 90),         # higher is better
    (2, 1, -1, 5, 80 - 100 / 6),  # small counts damped: 2 against 1 is -1/6, not -100 %
    (0, 0, -1, 0, 80),            # nothing then, nothing now
    (3, 0, -1, 0, 0),             # something from nothing, undamped
])
def test_relative_rule(value, baseline, direction, damping, expected):
    got = score_relative(np.array([value], float), np.array([baseline], float), direction, 80, 100, damping)
    assert got[0] == pytest.approx(expected)


def test_relative_rule_without_baseline_is_missing():
    assert np.isnan(score_relative(np.array([5.0]), np.array([np.nan]), -1, 80, 100, 5)[0])


def test_history_baseline_is_the_mean_of_the_years_that_exist():
    got = history_baseline([np.array([10.0, np.nan]), np.array([np.nan, np.nan]), np.array([20.0, np.nan])])
    assert got[0] == 15 and np.isnan(got[1])


def test_peer_baseline_is_the_level_median_and_needs_three_peers():
    values = np.array([[1.0], [2.0], [9.0], [5.0], [7.0]])
    groups = np.array(["community", "community", "community", "subdistrict", "subdistrict"])
    got = peer_baseline(values, groups)
    assert list(got[:3, 0]) == [2.0, 2.0, 2.0] and np.isnan(got[3:, 0]).all()


@pytest.mark.parametrize(("scores", "score", "coverage", "domains"), [
    # all there: 0.6 x (3/4 x 80 + 1/4 x 100) + 0.4 x 50
    ([80, 100, 50], 0.6 * 85 + 0.4 * 50, 1.0, [85, 50]),
    # two_thefts missing: its domain is police alone; coverage loses 0.6 x 1/4
    ([80, None, 50], 0.6 * 80 + 0.4 * 50, 1 - 0.15, [80, 50]),
    # domain b missing: the score is domain a alone; coverage 0.6
    ([80, 100, None], 85, 0.6, [85, None]),
    # nothing: no score, coverage 0
    ([None, None, None], None, 0.0, [None, None]),
])
def test_weights_renormalise_and_contributions_add_up(spec, scores, score, coverage, domains):
    arr = np.array([[np.nan if s is None else s for s in scores]], dtype=float)
    agg = aggregate(spec, arr)
    if score is None:
        assert np.isnan(agg.score[0])
    else:
        assert agg.score[0] == pytest.approx(score)
        assert agg.contributions[0].sum() == pytest.approx(agg.score[0])
        assert agg.weights[0].sum() == pytest.approx(1.0)
    assert agg.coverage[0] == pytest.approx(coverage)
    for got, want in zip(agg.domain_scores[0], domains, strict=True):
        assert (np.isnan(got) and want is None) or got == pytest.approx(want)


def test_contributions_add_up_on_random_inputs(spec):
    rng = np.random.default_rng(7)
    scores = rng.uniform(0, 100, (500, 3))
    scores[rng.random((500, 3)) < 0.3] = np.nan
    agg = aggregate(spec, scores)
    has = ~np.isnan(agg.score)
    assert np.allclose(agg.contributions[has].sum(axis=1), agg.score[has])
    assert ((agg.coverage > 0) == has).all()


@pytest.mark.parametrize(("score", "expected"), [
    (100, "green"), (90, "green"), (89.96, "green"), (89.94, "blue"), (80, "blue"), (79.99, "blue"),
    (79.94, "orange"), (70, "orange"), (69.9, "red"), (0, "red"), (None, "insufficient"), (math.nan, "insufficient"),
])
def test_grade_bands_on_the_score_as_shown(score, expected):
    assert grade(score, BANDS) == expected


def test_grade_bands_are_settings():
    assert grade(85, (95, 85, 75)) == "blue" and grade(84.9, (95, 85, 75)) == "orange"


def test_ranks_share_ties_within_each_level():
    score = np.array([80.0, 90.0, 80.04, np.nan, 70.0, 60.0])
    level = np.array(["c", "c", "c", "c", "s", "s"])
    assert list(ranks(score, level)) == [2, 1, 2, 0, 1, 2]
