"""The indicator history chart (charts/history.py, shared by 指标详情 and 数据查询): a year and a half-year are never
points of one line, whatever codes the office's file gave them (2021年1-12月 is the year, 2022年1-6月 the half)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from indicators.charts.history import history_chart
from indicators.periods import parse_period


def _rows(periods: dict[str, float]) -> pd.DataFrame:
    n = len(periods)
    return pd.DataFrame({"period": list(periods), "measure": ["value"] * n, "value": list(periods.values()),
                         "origin": ["reported"] * n, "source": ["上报.csv!D2"] * n, "derivation": [None] * n})


def _lines(fig) -> dict[str, list[str]]:
    spec = json.loads(fig.to_json())
    return {d["name"]: d["x"] for d in spec["data"]}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_year_and_a_half_year_are_never_points_of_one_line(catalog, lang):
    # as an office writes them: the year as 1-12月 and the half-year as 1-6月 (both year-to-date codes), the
    # year before as a plain year: the half-year's 480 must not continue the years' line (1052 → 480)
    rows = _rows({"2020": 1388.0, "2021YTD12": 1052.0, "2022YTD06": 480.0, "2021H1": 550.0})
    lines = _lines(history_chart(rows, catalog.indicators["police_incidents_110"], lang))
    zh = lang == "zh"
    assert lines == ({"年度": ["2020年", "2021年"], "半年": ["2021年上半年", "2022年上半年"]} if zh else
                     {"Years": ["2020", "2021"], "Halves": ["H1 2021", "H1 2022"]})
    label = {parse_period(c).canonical().label(lang): parse_period(c).span_kind for c in rows["period"]}
    for xs in lines.values():                                  # each line: one span kind
        assert len({label[x] for x in xs}) == 1


def test_one_span_kind_draws_one_line_as_before(catalog):
    fig = history_chart(_rows({"2020": 1388.0, "2021": 1052.0}), catalog.indicators["police_incidents_110"], "zh")
    assert _lines(fig) == {"年度": ["2020年", "2021年"]} and len(fig.data) == 1


def test_each_span_kind_has_its_own_colour_and_shape_derived_points_hollow(catalog):
    rows = _rows({"2020": 1388.0, "2021": 1052.0, "2022YTD06": 480.0, "2022Q1": 230.0})
    rows.loc[0, "origin"] = "derived"
    spec = json.loads(history_chart(rows, catalog.indicators["police_incidents_110"], "zh").to_json())
    lines = {d["name"]: d for d in spec["data"]}
    assert len({d["line"]["color"] for d in lines.values()}) == len(lines) == 3
    shapes = {n: d["marker"]["symbol"] for n, d in lines.items()}
    assert len({s[-1] for s in shapes.values()}) == 3                   # the half-year's point is no year's shape
    year = shapes["年度"]
    assert year[0] == f"{year[1]}-open" and not year[1].endswith("-open")   # 2020 derived: hollow, of the same shape
