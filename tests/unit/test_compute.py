"""Indicator arithmetic: table-driven cases for change, rates, rounding, assessment and reconciliation."""

import math

import pytest

from indicators.compute import (
    IMPROVED,
    NEUTRAL,
    NOT_COMPARABLE,
    STABLE,
    WORSENED,
    Figure,
    assess,
    assess_change,
    attainment,
    implied_base,
    poisson_z,
    rate,
    reconcile,
    round_half_up,
    sentence_en,
    sentence_zh,
    value_en,
    value_zh,
    yoy,
)
from indicators.compute.change import noise_of
from indicators.compute.rounding import decimals_needed, shown_decimals


@pytest.mark.parametrize("cur, prev, is_rate, value, unit, comparable, reason", [
    (1052, 1388, False, -24.21, "pct", True, None),
    (17, 12, False, 41.67, "pct", True, None),
    (5, 0, False, None, "pct", False, "zero_base"),
    (0, 0, False, None, "pct", False, "zero_base"),
    (5, None, False, None, "pct", False, "missing_previous"),
    (None, 5, False, None, "pct", False, "missing_current"),
    (float("nan"), 5, False, None, "pct", False, "missing_current"),
    (5, float("inf"), False, None, "pct", False, "missing_previous"),
    (-30, -20, False, -50.0, "pct", True, None),     # negative values: change relative to |base|
    (69.6, 66.1, True, 3.5, "pp", True, None),       # rates compare in percentage points
    (50.0, 0.0, True, 50.0, "pp", True, None),       # a zero rate is a valid base in points
    (98.36, 98.36, True, 0.0, "pp", True, None),
])
def test_yoy(cur, prev, is_rate, value, unit, comparable, reason):
    ch = yoy(cur, prev, is_rate=is_rate)
    assert (ch.value, ch.unit, ch.comparable, ch.reason) == (value, unit, comparable, reason)
    if ch.value is not None:
        assert math.isfinite(ch.value)


@pytest.mark.parametrize("cur, prev, significant", [
    (2, 1, False),        # 1 → 2 is +100 % but within normal variation
    (17, 12, False),
    (1052, 1388, True),
    (30, 10, True),
])
def test_poisson_significance(cur, prev, significant):
    ch = yoy(cur, prev)
    assert ch.significant is significant
    assert ch.z == pytest.approx(poisson_z(cur, prev), abs=1e-3)


def test_poisson_z_formula():
    assert poisson_z(16, 9) == pytest.approx(2.0)


@pytest.mark.parametrize("x, d, expected", [
    (69.565, 2, 69.57), (0.125, 2, 0.13), (2.675, 2, 2.68), (-24.205, 2, -24.21), (69.5652, 1, 69.6),
    (99.95, 1, 100.0), (1.005, 2, 1.01), (12.5, 0, 13.0), (123456789.125, 2, 123456789.13),
    (-0.004, 2, -0.0), (1.0 / 3.0, 3, 0.333),
    (14.284999999999998, 2, 14.29),      # a division that should give 14.285: float error is not a smaller value
])
def test_round_half_up(x, d, expected):
    assert round_half_up(x, d) == expected


@pytest.mark.parametrize("num, den, expected", [(16, 23, 69.57), (77, 77, 100.0), (1, 0, None), (None, 5, None),
                                                (19, 25, 76.0)])
def test_rate(num, den, expected):
    assert rate(num, den) == expected


@pytest.mark.parametrize("change, polarity, unit, expected", [
    (-24.21, -1, "pct", IMPROVED),
    (-24.21, 1, "pct", WORSENED),
    (-3.0, 1, "pp", WORSENED),       # a fall in satisfaction is bad
    (0.3, 1, "pp", STABLE),          # within ±0.5 pp
    (0.5, -1, "pct", STABLE),        # within ±1 %
    (100.0, -1, "pct", WORSENED),    # 1 → 2: not significant, but still a rise of a lower-is-better count
    (41.7, 0, "pct", NEUTRAL),
    (None, 1, "pct", NOT_COMPARABLE),
])
def test_assess(change, polarity, unit, expected):
    assert assess(change, polarity, unit) == expected


@pytest.mark.parametrize("cur, prev, polarity, verdict, noise", [
    (51, 41, -1, WORSENED, True),      # +24.39 %: the example, a rise within normal variation
    (8, 12, -1, IMPROVED, True),       # −33.33 %: a fall of a third on small counts
    (15, 20, -1, IMPROVED, True),      # −25 %
    (1052, 1388, -1, IMPROVED, False), # −24.21 % on a large count: significant
    (200, 120, -1, WORSENED, False),
    (100, 100, -1, STABLE, False),     # no direction: nothing to mark
])
def test_direction_and_normal_variation_are_apart(cur, prev, polarity, verdict, noise):
    ch = yoy(cur, prev)
    assert assess_change(ch, polarity) == verdict
    assert noise_of(ch, verdict) is noise
    assert (ch.significant is False) == (noise or verdict == STABLE)


def test_shown_decimals_keep_what_the_source_wrote():
    assert [shown_decimals(v, d) for v, d in ((-12.37, 0), (75.0, 1), (1052.0, 0), (93.42, 2), (0.125, 2))] == [
        2, 1, 0, 2, 3]
    assert decimals_needed(0.1 + 0.2) == 1 and decimals_needed(1 / 3) == 6


def test_assess_change_zero_base_is_not_comparable():
    assert assess_change(yoy(3, 0), -1) == NOT_COMPARABLE


@pytest.mark.parametrize("reported, computed, decimals, agrees", [
    (69.6, 16 / 23 * 100, 1, True),
    (-24.21, (1052 - 1388) / 1388 * 100, 2, True),
    (-24.21, (1052 - 1390) / 1390 * 100, 2, False),
    (41.7, (17 - 12) / 12 * 100, 1, True),
    (76, 19 / 25 * 100, 0, True),
    (70, 16 / 23 * 100, 0, True),
    (69.6, 15 / 23 * 100, 1, False),
    (5.0, None, 1, None),
])
def test_reconcile(reported, computed, decimals, agrees):
    assert reconcile(reported, computed, decimals).agrees is agrees


@pytest.mark.parametrize("current, change, decimals, base", [
    (1052, -24.21, 2, 1388), (17, 41.7, 1, 12), (10, 0.0, 1, 10), (5, -100.0, 1, None),
])
def test_implied_base(current, change, decimals, base):
    assert implied_base(current, change, decimals) == base


@pytest.mark.parametrize("value, target, polarity, expected", [
    (90, 100, 1, 90.0), (0, 5, -1, 100.0), (10, 5, -1, 50.0), (5, None, 1, None), (5, 0, 1, None),
])
def test_attainment(value, target, polarity, expected):
    assert attainment(value, target, polarity) == expected


@pytest.mark.parametrize("value, unit, decimals, qualifier, zh, en", [
    (1052, "起", 0, "exact", "1052起", "1,052 incidents"),
    (69.6, "%", 1, "exact", "69.6%", "69.6%"),
    (75.0, "%", 1, "exact", "75.0%", "75.0%"),
    (40, "家", 0, "at_least", "40余家", "40+ organisations"),
    (100000, "份", 0, "at_least", "10万余份", "100,000+ copies"),
    (1080, "万人次", 0, "exact", "1080万人次", "10.8 million visits"),
    (1, "宗", 0, "exact", "1宗", "1 case"),
])
def test_value_text(value, unit, decimals, qualifier, zh, en):
    assert value_zh(value, unit, decimals, qualifier) == zh
    assert value_en(value, unit, decimals, qualifier) == en


def _fig(**kw):
    base = dict(name_zh="110刑事治安总警情", name_en="110 criminal and public-security incidents", unit="起",
                region_zh="大鹏新区", region_en="Dapeng New District", region_level="district")
    return Figure(**{**base, **kw})


@pytest.mark.parametrize("kw, zh, en", [
    (dict(value=1052, change=-24.21), "全区110刑事治安总警情1052起，同比下降24.21%",
     "Dapeng New District: 110 criminal and public-security incidents 1,052 incidents, down 24.21% year on year"),
    (dict(value=1052, change=0.0), "全区110刑事治安总警情1052起，同比持平", None),
    (dict(name_zh="八类暴力案件", change=-75.0, change_decimals=1), "全区八类暴力案件同比下降75.0%", None),
    (dict(name_zh="破案率", unit="%", value=69.6, decimals=1), "全区破案率69.6%", None),
    (dict(name_zh="破案率", unit="%", value=69.6, decimals=1, change=3.5, change_unit="pp", change_decimals=1),
     "全区破案率69.6%，同比上升3.5个百分点", None),
    (dict(name_zh="政法工作满意度", rank=1), "全区政法工作满意度为全市第一", None),
    (dict(region_zh="葵涌办事处", region_level="subdistrict", value=300), "葵涌办事处110刑事治安总警情300起", None),
])
def test_sentences(kw, zh, en):
    f = _fig(**kw)
    assert sentence_zh(f) == zh
    if en:
        assert sentence_en(f) == en
