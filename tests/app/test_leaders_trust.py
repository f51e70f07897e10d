"""Issue #12 through AppTest: honest colours and figures as reported, on the seed plus a half-year report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from indicators.charts.theme import GREEN_LIGHT, RED_LIGHT
from tests.app.navigate import open_page
from tests.leaders_data import upload_half_year

APP = str(Path(__file__).resolve().parents[2] / "app.py")
H1 = {"period": "2022YTD06"}


@pytest.fixture
def half_year(con):
    """The seed plus the half-year report (tests/leaders_data.py)."""
    upload_half_year(con)
    return con


def _open(page: str = "pages/overview.py", params: dict | None = None, lang: str = "zh") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.session_state["lang"] = lang
    at.run()
    if page != "pages/overview.py":
        open_page(at, page).run()
    assert not at.exception, at.exception
    return at


def _change_chart(at: AppTest) -> dict:
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(c for c in charts if "同比变化" in c["layout"]["meta"]["title"])


def _metric(at: AppTest, label: str):
    return next(m for m in at.metric if m.label == label)


def test_colour_follows_direction_and_normal_variation_is_marked(half_year):
    at = _open(params=H1)
    rise = _metric(at, "八类暴力案件")           # 41 → 51, lower is better: worse, within normal variation
    assert rise.proto.color == Metric.MetricColor.RED and rise.proto.delta == "+24.39%"
    assert "正常波动范围内" in rise.proto.delta_description
    fall = _metric(at, "“两盗”案件")              # 12 → 8: better, within normal variation
    assert fall.proto.color == Metric.MetricColor.GREEN and "正常波动范围内" in fall.proto.delta_description
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "颜色说明" in html and "变差（正常波动范围内）" in html and RED_LIGHT in html   # the legend on the page
    bars = _change_chart(at)
    names = [y.split("<br>")[0] for y in bars["data"][0]["y"]]
    colors = dict(zip(names, bars["data"][0]["marker"]["color"], strict=True))
    assert "<b>+24.39%</b>" in bars["data"][0]["y"][names.index("八类暴力案件")]   # the value beside its name
    assert colors["八类暴力案件"] == RED_LIGHT and colors["“两盗”案件"] == GREEN_LIGHT


def test_needs_attention_lists_worsening_in_two_groups(half_year):
    at = _open(params=H1)
    captions = [c.value for c in at.caption]
    assert "变差，但在正常波动范围内" in captions
    assert any("八类暴力案件较2021年" in w.value and "+24.39%" in w.value for w in at.warning)
    assert "所选期间没有变差的指标" not in " ".join(s.value for s in at.success)


def test_a_reported_change_keeps_its_decimals_everywhere(half_year):
    at = _open(params=H1)
    card = _metric(at, "110刑事治安总警情")
    assert card.value == "480起" and card.proto.delta == "-12.37%"
    assert any("同比下降12.37%" in m.value for m in at.markdown)
    bars = _change_chart(at)
    assert "−12.37%" in bars["data"][0]["text"]
    at = _open("public_security", H1)
    table = at.dataframe[0].value
    row = table[table["指标"] == "110刑事治安总警情"].iloc[0]
    assert row["同比变化"] == "-12.37%" and row["数值"] == "480起" and row["单位"] == "起"
    assert _metric(at, "政法工作满意度").value == "93.42%"


def test_units_are_right_on_every_row(con):
    at = _open("public_security", {"period": "2021"})
    table = at.dataframe[0].value.set_index("指标")
    assert table.loc["八类暴力案件", "数值"] == "" and table.loc["八类暴力案件", "单位"] == ""   # change only
    assert table.loc["八类暴力案件", "同比变化"] == "-75.0%"
    assert table.loc["政法工作满意度", "数值"] == "全市第1名" and table.loc["政法工作满意度", "单位"] == ""
    card = _metric(at, "政法工作满意度")
    assert card.value == "全市第1名"
