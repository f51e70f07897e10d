"""Issue #12 item 6, screenshot review: wrapped names without a lone last character, ranking labels clear of the bars
and their value labels inside the plot, table columns wide enough for their headers, card values sized to fit."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.charts.regions import region_bars
from indicators.charts.theme import wrap
from indicators.web.style import CSS, fit_key
from indicators.web.tables import BUDGET, column_widths


@pytest.mark.parametrize(("text", "width"), [
    ("社区矫正人员重新犯罪率", 10), ("社区矫正对象再犯罪案件数", 11), ("2021年社区矫正人员重新犯罪率", 12),
])
def test_wrapped_names_never_end_in_a_lone_character(text, width):
    lines = wrap(text, width).split("<br>")
    assert len(lines) > 1 and min(len(x) for x in lines) > 1, lines
    assert max(len(x) for x in lines) - min(len(x) for x in lines) <= 1, lines      # balanced, not greedy
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def _regions(values: list[float]) -> pd.DataFrame:
    names = ["葵涌办事处", "大鹏办事处", "南澳办事处"][:len(values)]
    return pd.DataFrame({"region_zh": names, "region_en": names, "value": values, "decimals": 0,
                         "origin": "reported", "source": "2022年上半年社会治安.csv"})


def test_ranking_names_clear_the_bars_and_values_stay_inside(catalog):
    ind = catalog.indicators["police_incidents_110"]
    for values in ([200.0, 160.0, 120.0], [3.0, 1.0]):
        fig = region_bars(_regions(values), ind, "2022年1-6月", "zh")
        assert (fig.layout.yaxis.ticklabelstandoff or 0) >= 6      # "1. 南澳办事处" does not touch its bar
        low, high = fig.layout.xaxis.range
        assert low == 0 and high >= 1.15 * max(values)              # "200" stands inside the plot, not at its edge


def test_table_columns_fit_their_headers_and_long_text_gives_way():
    frame = pd.DataFrame({"指标": ["110刑事治安总警情"] * 3, "Contribution to the district index": [1.5, 2.0, None],
                          "来源": ["大鹏新区政法办公室2021年工作总结和2021年工作思路（2021-10-19）第3页第2段"] * 3,
                          "Last login": ["2026-11-29 21:54"] * 3})
    widths = column_widths(frame)
    assert widths["Contribution to the district index"] >= 14 * 0.55 * len("Contribution to the district index")
    assert widths["Last login"] >= 14 * 0.55 * len("2026-11-29 21:54")          # not "Last l…"
    assert widths["指标"] >= 14 * len("110刑事治安总警情") * 0.7
    assert widths["来源"] > widths["Last login"] and sum(widths.values()) <= BUDGET


@pytest.mark.parametrize(("short", "long"), [("5", "40+ organisations"), ("51 incidents", "480 incidents"),
                                              ("480起", "同比下降75.0%")])
def test_a_longer_card_value_gets_a_smaller_size(short, long):
    size = lambda value: int(fit_key(value, "x").removeprefix("dpfit").split("-")[0])  # noqa: E731
    assert size(long) > size(short)     # ems across: more means a smaller font
    assert f'[class*="st-key-dpfit{size(long)}-"]' in CSS
    assert "word-break: keep-all" in CSS and "overflow-wrap: normal" in CSS
