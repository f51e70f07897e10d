"""Leaders' pages through AppTest on a real seeded DuckDB file (plus extra batches for periods and regions)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from indicators import actions
from indicators.actions import upload
from indicators.catalog import load_catalog

from .navigate import open_page

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")
# Every domain of the catalogue has a generated page at /<domain id>; the fixed dashboards are files.
DASHBOARDS = ["pages/overview.py", *sorted(load_catalog().domains), "pages/indicator_detail.py"]
DISTRICT, KUIYONG, DAPENG, NANAO = "440300DP", "440300DP01", "440300DP02", "440300DP03"


def _rows(spec: list[tuple[str, str, str, float]], source: str) -> pd.DataFrame:
    return pd.DataFrame([{"indicator_id": i, "region_code": r, "period": p, "value": v,
                          "source": f"{source}!C{n + 2}"} for n, (i, r, p, v) in enumerate(spec)])


@pytest.fixture
def rich(con):
    """Seed plus: earlier years, monthly 2020/2021 values, sub-region values, a worsening and a bad rate."""
    years = [("police_incidents_110", DISTRICT, "2019", 1500.0), ("police_incidents_110", DISTRICT, "2018", 1610.0)]
    months = [("police_incidents_110", DISTRICT, f"{y}-{m:02d}", v + 3 * m)
              for y, v in ((2020, 120.0), (2021, 90.0)) for m in range(1, 7)]
    regions = [("police_incidents_110", KUIYONG, "2021", 500.0), ("police_incidents_110", DAPENG, "2021", 300.0),
               ("police_incidents_110", NANAO, "2021", 252.0), ("police_incidents_110", NANAO, "2020", 200.0),
               ("antigang_satisfaction_rate", KUIYONG, "2021", 97.5),
               ("antigang_satisfaction_rate", DAPENG, "2021", 99.1),
               ("antigang_satisfaction_rate", NANAO, "2021", 98.2)]
    bad_rate = [("gang_cases_filed", DISTRICT, "2022", 10.0), ("gang_cases_solved", DISTRICT, "2022", 5.0),
                ("gang_solve_rate", DISTRICT, "2022", 60.0), ("antigang_satisfaction_rate", DISTRICT, "2022", 91.0),
                ("antigang_satisfaction_rate", DISTRICT, "2021H1", 97.0)]
    for n, spec in enumerate((years, months, regions, bad_rate)):
        upload.commit_rows(con, actions.shell("tester"), _rows(spec, f"extra{n}.xlsx!数据"), file_name=f"extra{n}.xlsx",
                    sha256=f"{n:02d}" * 32, sheets="数据")
    return con


def _open(page: str = "pages/overview.py", params: dict[str, str] | None = None, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    if lang:
        at.session_state["lang"] = lang
    at.run()
    if page != "pages/overview.py":
        open_page(at, page).run()
    return at


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [m.label for m in at.metric]
    parts += [m.value for m in at.metric] + [w.value for w in at.warning] + [i.value for i in at.info]
    parts += [e.value for e in at.error] + [s.value for s in at.subheader] + [t.value for t in at.title]
    return "\n".join(str(p) for p in parts)


def _charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _titles(at: AppTest) -> list[str]:
    return [c["layout"]["meta"]["title"] for c in _charts(at)]


def _metric(at: AppTest, label: str):
    return next(m for m in at.metric if m.label == label)


@pytest.mark.parametrize("page", DASHBOARDS)
def test_every_page_runs_on_the_seeded_database(con, page):
    at = _open(page)
    assert not at.exception, at.exception
    domains = load_catalog().domains
    if page in domains:                       # the generated page of this domain, not a fallback to the overview
        assert at.title[0].value == domains[page].name_zh and at.caption[0].value == domains[page].description_zh


def test_a_new_domain_is_one_catalogue_row(con, tmp_path, monkeypatch):
    """A row in domains.csv (and an indicator in it) gives a page in the navigation, with its name and icon."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("*.duckdb*", "logs"))
    with (data / "domains.csv").open("a", encoding="utf-8") as f:
        f.write('fire_safety,消防安全,Fire safety,7,消防检查,"Drills, inspections",:material/local_fire_department:\n')
    with (data / "indicators.csv").open("a", encoding="utf-8") as f:
        f.write("fire_drills,消防演练场次,Fire drills held,fire_safety,场,count,higher_better,,,,0,0,,,,,monthly,,,\n")
    monkeypatch.setenv("INDICATORS_DATA", str(data))
    monkeypatch.setenv("INDICATORS_DB", str(tmp_path / "new.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    open_page(at, "fire_safety").run()
    assert not at.exception and at.title[0].value == "Fire safety" and at.caption[0].value == "Drills, inspections"
    assert "No data" in _texts(at)
    assert not at.error
    assert at.title


def test_overview_shows_1052_and_minus_24_21(con):
    at = _open()
    m = _metric(at, "110刑事治安总警情")
    assert m.value.replace(",", "").startswith("1052")
    assert m.proto.delta.replace("−", "-") == "-24.21%"
    text = _texts(at)
    assert "全区110刑事治安总警情1052起，同比下降24.21%，其中八类暴力案件、“两盗”案件分别同比下降75.0%、63.89%" in text


def test_kpi_colour_follows_polarity(rich):
    at = _open(params={"period": "2021", "region": NANAO})
    assert _metric(at, "110刑事治安总警情").proto.color == Metric.MetricColor.RED  # incidents up 26 %: worse
    at = _open(params={"period": "2021"})  # (2022 holds data too, so it is the default period here)
    assert _metric(at, "110刑事治安总警情").proto.color == Metric.MetricColor.GREEN  # down 24.21 %: better
    assert _metric(at, "基层涉黑涉恶腐败立案审查案件").proto.color == Metric.MetricColor.GRAY  # neutral
    at = _open(params={"period": "2022"})
    assert _metric(at, "扫黑除恶满意率").proto.color == Metric.MetricColor.RED  # higher-better fell 7.36 pp
    assert _metric(at, "扫黑除恶满意率").proto.delta.startswith("-7.36")


def test_change_only_figures_headline_the_change(con):
    at = _open()
    m = _metric(at, "八类暴力案件")
    assert m.value == "同比下降75.0%" and m.proto.delta == "向好"
    assert m.proto.color == Metric.MetricColor.GREEN
    assert "仅报告同比变化" in m.proto.help
    at = _open("public_security")
    assert any("仅报告同比变化" in c.value and "八类暴力案件" in c.value for c in at.caption)


def test_derived_base_is_marked_derived_and_never_a_cards_big_number(con):
    at = _open("public_security")
    assert any("1388起为推算值" in c.value for c in at.caption)
    at = _open(params={"period": "2020"})       # 2020 holds only bases derived from 2021's reported changes
    assert not [m for m in at.metric if "1388" in m.value]
    at = _open("pages/indicator_detail.py", {"period": "2020"})
    assert any("只有推算值：1388起（推算）" in i.value for i in at.info) and not at.metric


def test_english_toggle_switches_labels_and_persists(con):
    at = _open()
    at.sidebar.toggle[0].set_value(True).run()
    assert at.title[0].value == "Overview"
    assert any(m.label == "110 criminal and public-security incidents" for m in at.metric)
    assert "Key figures" in _texts(at)
    open_page(at, "anti_gang").run()
    assert at.title[0].value == "Anti-gang"
    assert all("（" not in t for t in _titles(at))


def test_url_restores_filters(rich):
    at = _open("public_security", {"period": "2021", "region": KUIYONG})
    assert not at.exception
    assert [s.value for s in at.selectbox][:3] == ["2021", "2020", KUIYONG]
    assert at.query_params["region"] == [KUIYONG] or at.query_params["region"] == KUIYONG
    at = _open(params={"period": "2021", "region": "南澳"})  # a name is looked up in the catalogue, too
    assert at.selectbox[2].value == NANAO
    assert not at.warning or "南澳" not in at.warning[0].value


def test_invalid_query_parameters_fall_back_with_a_message(con):
    at = _open(params={"period": "__import__('os')", "region": "<script>x</script>", "compare": "2030"})
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "无法识别" in warnings and "地区目录" in warnings and "对比期间" in warnings
    assert [s.value for s in at.selectbox][:3] == ["2021", "2020", DISTRICT]
    assert "<script>" not in warnings  # escaped, shown literally
    assert _metric(at, "110刑事治安总警情").value.startswith("1052")
    at = _open(params={"period": "2019"})
    assert "暂无数据" in " ".join(w.value for w in at.warning)


def test_changing_a_filter_updates_the_url_and_other_pages(rich):
    at = _open("public_security", {"period": "2021"})
    at.selectbox[2].set_value(NANAO).run()
    assert at.query_params["region"] in (NANAO, [NANAO])
    assert _metric(at, "110刑事治安总警情").value.startswith("252")
    at.switch_page("pages/overview.py").run()
    assert at.selectbox[2].value == NANAO


def test_trend_regions_and_alerts_with_more_data(rich):
    at = _open("public_security", {"period": "2021"})
    titles = _titles(at)
    assert any(t.startswith("110刑事治安总警情走势") for t in titles)  # 2018–2021: four years
    ranking = next(c for c in _charts(at) if "各办事处排名" in c["layout"]["meta"]["title"])
    assert ranking["data"][0]["x"] == [252, 300, 500]  # lower is better: 南澳 first
    at = _open("public_security", {"period": "2021-06"})
    trend = next(c for c in _charts(at) if "走势" in c["layout"]["meta"]["title"])
    assert [d["name"] for d in trend["data"]] == ["2020", "2021"]  # prior-year overlay, month by month
    at = _open(params={"region": NANAO, "period": "2021"})
    assert "110刑事治安总警情较2020年变差：+26.00%" in " ".join(e.value for e in at.error)


def test_reconciliation_disagreement_is_flagged(rich):
    at = _open(params={"period": "2022"})
    assert any("涉黑恶案件破案率的报告值与由分项计算的结果不一致" in w.value for w in at.warning)
    at = _open("pages/indicator_detail.py", {"indicator": "gang_solve_rate", "period": "2022"})
    assert any("计算为50.00%" in w.value for w in at.warning)


def test_empty_period_shows_a_message_not_a_blank_page(rich):
    at = _open("party_smart", {"period": "2021-03"})
    assert not at.exception
    assert any("本领域暂无数据" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_pipeline_composition_and_rates_charts(con):
    at = _open("anti_gang")
    pipes = [c for c in _charts(at) if c["layout"]["meta"]["title"].startswith("办案流程")]
    assert [p["data"][0]["x"] for p in pipes] == [[23, 16], [25, 20]]      # cases, then people: one unit each
    assert [p["layout"]["meta"]["title"][-3:-1] for p in pipes] == ["：宗", "：人"]
    rates = next(c for c in _charts(at) if c["layout"]["meta"]["title"].startswith("各项比率"))
    assert rates["data"][1]["x"] == [93.42, 98.36, 69.6]
    assert len(rates["data"]) == 2       # band and bars; no target is set: no reference mark (100 % is none)
    at = _open("party_smart")
    donut = next(c for c in _charts(at) if "构成" in c["layout"]["meta"]["title"])
    assert donut["data"][0]["values"] == [8, 10]
    assert any("18 = 8 + 10" in c.value for c in at.caption)


def test_every_chart_has_a_unit_in_its_title_and_provenance_on_hover(rich):
    for page in DASHBOARDS[1:]:
        at = _open(page)
        for chart in _charts(at):
            title = chart["layout"]["meta"]["title"]
            assert "单位" in title or "%" in title, (page, title)
            for trace in chart["data"]:
                if trace.get("hoverinfo") == "skip" or trace["type"] in ("scatter",) and "line-ns" in str(trace):
                    continue
                assert "customdata" in trace, (page, title, trace["type"])


def test_indicator_detail_shows_definition_history_and_provenance(rich):
    at = _open("pages/indicator_detail.py", {"indicator": "110刑事治安总警情"})
    assert not at.exception
    text = _texts(at)
    assert "全区110接报的刑事类和治安类警情总数" in text and "越低越好" in text
    table = at.dataframe[0].value
    derived = table[table["数据性质"] == "推算值"]
    assert "1052 ÷ (1 − 24.21%)" in derived["推算方法"].iloc[0]
    assert (table["来源"].str.contains("extra0.xlsx!数据!C2")).any()
    at = _open("pages/indicator_detail.py", {"indicator": "no-such-thing"})
    assert any("不在指标目录中" in w.value for w in at.warning)


def test_region_without_data_says_so_on_the_overview(con):
    at = _open(params={"period": "2021", "region": KUIYONG})
    assert not at.exception and not at.metric
    assert any("所选期间和地区暂无数据" in i.value for i in at.info)
    links = [link for link in at.get("page_link") if not link.proto.page.endswith(("safety_index", "risk_warnings"))]
    assert len(links) == 6 and all("region=440300DP01" in str(link.proto) or KUIYONG in str(link.proto)
                                   for link in links)


def test_a_page_that_fails_shows_one_line_and_logs_its_traceback(con, log_file, monkeypatch):
    """Streamlit's own one-line message (details are off in .streamlit/config.toml); the traceback in our log."""
    import indicators.web.domain_page as domain_page

    def broken(*_a, **_k):
        raise RuntimeError("kaboom in a chart")
    monkeypatch.setattr(domain_page, "cached_figures", broken)
    at = _open("anti_gang")
    assert at.exception and "kaboom" not in at.exception[0].message
    logged = log_file.read_text(encoding="utf-8")
    assert "Uncaught app execution" in logged and "RuntimeError: kaboom in a chart" in logged
