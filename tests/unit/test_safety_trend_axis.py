"""The 平安指数 trend on a phone: the lowest score tick sits clear of the first period's label (issue #12.4/6)."""

from __future__ import annotations

import math

import pytest

from indicators.charts.safety import score_trend


@pytest.mark.parametrize("scores", [[72.0, 74.5, None], [88.1, 91.0, 93.3], [12.0, 40.0, 55.0]])
def test_lowest_score_tick_stands_clear_of_the_period_labels(scores):
    fig = score_trend(["2023-10", "2023-11", "2023-12"], scores, ["orange", "blue", "green"], (90.0, 80.0, 70.0),
                      "平安指数走势", "zh")
    y = fig.layout.yaxis
    low, high = y.range
    assert y.dtick and y.tick0 is not None, "ticks left to Plotly can land on the axis' bottom edge"
    first = y.tick0 + math.ceil((low - y.tick0) / y.dtick) * y.dtick
    assert first - low >= 0.05 * (high - low)            # a gap below the lowest tick: its label clears the x labels
    assert low <= min(s for s in scores if s is not None) and high >= 100
    assert fig.layout.xaxis.ticklabelstandoff


@pytest.mark.parametrize(("lang", "shown"), [("zh", "2023年1月"), ("en", "Jan 2023")])
def test_months_read_as_people_write_them(lang, shown):
    """Month ticks and hover read 2023年1月 / Jan 2023, not the code-like 2023-01 (d3's directives are strftime's)."""
    from datetime import date

    fig = score_trend(["2023-01", "2023-02", "2023-03"], [70.0, 72.0, 75.0], ["orange"] * 3, (90.0, 80.0, 70.0),
                      "平安指数走势", lang)
    axis = fig.layout.xaxis
    assert date(2023, 1, 1).strftime(axis.tickformat) == shown == date(2023, 1, 1).strftime(axis.hoverformat)
