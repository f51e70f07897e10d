"""指标详情 after a half-year report (issue #12 items 3, 7): the history draws the half-year apart from the years, and
the provenance of a CSV figure names the file and the cell, not the file twice."""

from __future__ import annotations

import json

import pytest

from tests.app.test_leaders_trust import H1, _open
from tests.leaders_data import FILE_NAME, upload_half_year

ZH = {"years": "年度", "halves": "半年", "half": "2022年上半年", "title": "110刑事治安总警情历史", "source": "来源"}
EN = {"years": "Years", "halves": "Halves", "half": "H1 2022", "title": "110 criminal and public-security incidents",
      "source": "Source"}


@pytest.fixture
def half_year(con):
    """The seed (2020 and 2021 as years) plus the half-year report (2022年1-6月: 480)."""
    upload_half_year(con)
    return con


def _history(at) -> dict:
    charts = [json.loads(p.proto.spec) for p in at.get("plotly_chart")]
    return next(c for c in charts if any(w in c["layout"]["meta"]["title"] for w in ("历史", "history")))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_half_year_is_never_a_point_of_the_years_line(half_year, lang):
    words = ZH if lang == "zh" else EN
    at = _open("pages/indicator_detail.py", {"indicator": "police_incidents_110", **H1}, lang)
    chart = _history(at)
    assert chart["layout"]["meta"]["title"].startswith(words["title"])
    lines = {d["name"]: dict(zip(d["x"], d["y"], strict=True)) for d in chart["data"]}
    assert set(lines) == {words["years"], words["halves"]}            # the legend names the span kinds
    assert lines[words["halves"]] == {words["half"]: 480}              # the half-year alone on its own line
    assert 1052 in lines[words["years"]].values() and 480 not in lines[words["years"]].values()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_csv_figure_names_its_file_and_cell(half_year, lang):
    at = _open("pages/indicator_detail.py", {"indicator": "police_incidents_110", **H1}, lang)
    table = at.dataframe[0].value
    sources = set(table[(ZH if lang == "zh" else EN)["source"]])
    assert f"{FILE_NAME}!D2" in sources and f"{FILE_NAME}!E2" in sources   # 480 and its −12.37% (row 2, D and E)
    stem = FILE_NAME.removesuffix(".csv")
    assert not [s for s in sources if f"{stem}!" in s]                 # no sheet named after the file
