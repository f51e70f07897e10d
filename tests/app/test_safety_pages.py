"""平安指数 and 风险预警 pages through AppTest: seeded and demo databases, drill-down, publication, filters."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from indicators import actions
from indicators.actions import upload, users
from indicators.safety.early_warning import compute_warnings
from indicators.safety.index import compute_index
from indicators.safety.index_file import load_index
from indicators.store import connect
from indicators.store.catalog_sync import catalog_from_db
from tests.leaders_data import upload_half_year

from .navigate import open_page

APP = str(Path(__file__).resolve().parents[2] / "app.py")
INDEX, WARNINGS = "pages/safety_index.py", "pages/risk_warnings.py"
BANNER = "示例数据"


def _open(page: str, *, user: str | None = None, role: str | None = None, lang: str | None = None,
          params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if user:
        at.session_state["user"], at.session_state["role"] = user, role
    if lang:
        at.session_state["lang"] = lang
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    if page != "pages/overview.py":
        open_page(at, page).run()
    assert not at.exception, at.exception
    return at


def _metric(at: AppTest, label: str):
    return next(m for m in at.metric if m.label == label)


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
    parts += [w.value for w in at.warning] + [i.value for i in at.info] + [e.value for e in at.error]
    parts += [s.value for s in at.success] + [t.value for t in at.title]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", [INDEX, WARNINGS, "pages/overview.py"])
def test_pages_run_on_the_seeded_database_without_a_demo_banner(con, page):
    at = _open(page)
    assert BANNER not in _texts(at)
    if page == INDEX:
        assert _metric(at, "平安指数").value == "数据不足"          # the work summary alone is too little
    if page == WARNINGS:
        assert "暂无月度数据" in _texts(at)


@pytest.mark.parametrize(("lang", "level", "none_ranked", "words"), [
    ("zh", "排名（区级）", "区级没有一个地区的数据足以排名", "管理员设置"),
    ("en", "Rank (district level)", "No district-level region has enough data to be ranked", "administrator sets")])
def test_too_little_data_is_said_in_words_without_a_file_path(con, lang, level, none_ranked, words):
    """The seed alone scores no region: no 'of 0' rank, no 较上期 without a change, no data/safety_index.toml."""
    at = _open(INDEX, lang=lang)
    score, rank = at.metric[0], at.metric[1]
    assert rank.label == level and rank.value == ("未排名" if lang == "zh" else "Not ranked")
    assert not score.proto.delta and not score.proto.delta_description          # no 较上期 beside nothing
    captions = " ".join(c.value for c in at.caption)
    assert none_ranked in captions
    assert words in at.caption[0].value and ".toml" not in _texts(at)


@pytest.mark.parametrize("page", [INDEX, WARNINGS, "pages/overview.py", "public_security", "pages/query.py",
                                  "pages/login.py"])
def test_every_page_shows_the_demo_banner_on_the_demo_database(demo_db, page):
    at = _open(page)
    assert at.warning and BANNER in at.warning[0].value


def test_index_page_shows_score_grade_rank_and_why(demo_db):
    con = connect(demo_db, read_only=True)
    cat = catalog_from_db(con)
    district = compute_index(con, cat, load_index(cat), "2023-12").regions.set_index("region").loc["440300DP"]
    con.close()
    at = _open(INDEX)
    assert "大鹏新区 · 2023年12月" in [s.value for s in at.subheader]
    assert _metric(at, "平安指数").value == f"{district['score']:.1f}"
    assert _metric(at, "上期得分").value == f"{district['previous_score']:.1f}"
    assert any("平安指数由" in m.value and "主要因为" in m.value for m in at.markdown)
    assert len(at.get("plotly_chart")) == 3                      # radar, trend, contributions
    assert "下级地区排名（办事处）" in [s.value for s in at.subheader]


def test_drill_down_from_district_to_grid_cells(demo_db):
    at = _open(INDEX)
    at.selectbox(key="idx_region").select("440300DP03").run()
    assert "下级地区排名（社区）" in [s.value for s in at.subheader]
    assert at.query_params["index_region"] == "440300DP03"
    at.selectbox(key="idx_region").select("440300DP03C01").run()
    assert "下级地区排名（网格）" in [s.value for s in at.subheader]
    table = at.dataframe[-1].value
    assert len(table) == 4 and table.iloc[:, 1].str.contains("渔港社区第").all()
    at.selectbox(key="idx_region").select("440300DP03C01G01").run()
    assert "同级排名（网格）" in [s.value for s in at.subheader]
    assert not at.exception


def test_only_an_admin_publishes_and_a_late_upload_shows_the_difference(demo_db):
    con = connect(demo_db)
    users.add(con, actions.shell("setup"), "root", "correct horse battery staple", "admin")
    users.add(con, actions.shell("setup"), "vic", "correct horse battery staple", "viewer")
    con.close()
    assert "idx_publish" not in [b.key for b in _open(INDEX, user="vic", role="viewer").button]
    at = _open(INDEX, user="root", role="admin")
    assert "尚未发布" in _texts(at)
    at.button(key="idx_publish").click().run()
    assert "已发布第1版" in _texts(at) and "idx_publish" not in [b.key for b in at.button]
    con = connect(demo_db)
    upload.commit_rows(con, actions.shell("ana"), pd.DataFrame({
        "indicator_id": ["two_thefts"], "region_code": ["440300DP03"], "period": ["2023-12"], "value": [1.0],
        "source": ["更正.xlsx!C2"]}), file_name="更正.xlsx", sha256="ab" * 32)
    con.close()
    at.run()
    assert "当前数据与已发布版本不一致" in _texts(at) and "已发布第1版" in _texts(at)
    at.button(key="idx_publish").click().run()
    assert "已发布第2版" in _texts(at)
    options = at.selectbox(key="idx_version").options
    assert options[0].startswith("第2版") and options[1].startswith("第1版") and options[2] == "当前数据（未发布）"
    at.selectbox(key="idx_version").select(1).run()                 # the first version stays readable
    assert "已发布第1版" in _texts(at) and "当前数据与已发布版本不一致" in _texts(at)


def test_warnings_page_counts_filters_and_detail(demo_db):
    con = connect(demo_db, read_only=True)
    found = compute_warnings(con, catalog_from_db(con), "2023-12")
    con.close()
    at = _open(WARNINGS)
    assert int(_metric(at, "红色预警").value) == int((found["severity"] == "red").sum())
    assert int(_metric(at, "橙色预警").value) == int((found["severity"] == "orange").sum())
    assert len(at.dataframe[0].value) == len(found)
    at.selectbox(key="warn_level").select("grid").run()
    table = at.dataframe[0].value
    assert len(table) == int((found["region_level"] == "grid").sum()) and set(table["层级"]) == {"网格"}
    at.selectbox(key="warn_level").select("__all__").run()
    at.selectbox(key="warn_rule").select("sustained_rise").run()
    assert set(at.dataframe[0].value["规则"]) == {"连续上升"}
    pick = at.selectbox(key="warn_pick")
    assert at.query_params["warning"] == pick.value
    assert "连续" in at.warning[-1].value and at.get("plotly_chart")


def test_a_warning_link_opens_its_detail_in_english(demo_db):
    at = _open(WARNINGS, lang="en", params={"warning_month": "2023-12",
                                           "warning": "two_thefts:440300DP03C01"})
    assert at.title[0].value == "Risk warnings"
    assert at.selectbox(key="warn_pick").value == "two_thefts:440300DP03C01"
    assert "Fishing Harbour Community (demo)" in at.error[-1].value and "action limit" in at.error[-1].value


def test_overview_links_to_both_pages_with_the_grade_and_warning_counts(demo_db):
    at = _open("pages/overview.py")
    links = {link.proto.page: link.proto.label for link in at.get("page_link")}
    assert any(p.endswith("safety_index") for p in links) and any(p.endswith("risk_warnings") for p in links)
    counts = next(label for page, label in links.items() if page.endswith("risk_warnings"))
    assert counts.startswith("红色 ") and "橙色" in counts


@pytest.mark.parametrize(("lang", "half", "this_half", "source"), [
    ("zh", "2021年上半年", "2022年上半年", "2022年上半年的报送值"),
    ("en", "H1 2021", "H1 2022", "reported for H1 2022")])
def test_index_page_after_a_half_year_upload_scores_that_half_year_under_its_name(con, lang, half, this_half, source):
    upload_half_year(con)                   # 2022年1-6月 and 2021年1-6月 figures (the seed has 2021年上半年 ranks)
    at = _open(INDEX, lang=lang, params={"index_period": "2022YTD06"})     # a link naming the year-to-date code
    box = next(b for b in at.selectbox if b.label in ("期间", "Period"))
    assert box.options.count(this_half) == 1 and box.options.count(half) == 1      # one entry per period
    assert not [o for o in box.options if re.search(r"1-6|Jan|YTD|\dH\d", o)]             # words, never codes
    region = "大鹏新区" if lang == "zh" else "Dapeng New District"
    assert box.value == "2022H1" and f"{region} · {this_half}" in [s.value for s in at.subheader]
    table = next(d.value for d in at.dataframe if ("指标" if lang == "zh" else "Indicator") in d.value.columns)
    police = table[table.iloc[:, 1].isin(["110刑事治安总警情", "110 criminal and public-security incidents"])].iloc[0]
    assert police.iloc[2] == "480" and police.iloc[-1] == source            # the uploaded figure, as stored
    assert "YTD" not in _texts(at) and "2022H1" not in _texts(at)
    ranked = next(d for d in at.dataframe if ("排名" if lang == "zh" else "Rank") in d.value.columns)
    assert ranked.value.iloc[:, 0].isna().all() and ranked.proto.placeholder == "—"   # 数据不足: no rank, never None
    xs = [str(x) for c in at.get("plotly_chart") for tr in json.loads(c.proto.spec)["data"] for x in tr.get("x") or []]
    assert this_half in xs and not [x for x in xs if re.search(r"YTD|\dH\d|\dQ\d", x)]      # the trend's axis too
