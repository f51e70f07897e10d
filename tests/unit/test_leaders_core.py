"""Core of the leaders' pages without Streamlit: filters, alerts, summary, headline and chart choice."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from indicators import actions
from indicators.actions import upload
from indicators.alerts import BELOW_TARGET, DISAGREES, WORSENED_KIND, alerts
from indicators.charts import plan_domain, plan_overview
from indicators.charts.theme import plain, wrap
from indicators.figures import figures
from indicators.selection import compare_options, default_period, resolve, resolve_indicator
from indicators.store.queries import current
from indicators.summary import headline, paragraph_en, summary

D = "440300DP"


def _add(con, rows: list[tuple[str, str, str, float]], sha: str) -> None:
    df = pd.DataFrame([{"indicator_id": i, "region_code": r, "period": p, "value": v, "source": f"t.xlsx!A{n}"}
                       for n, (i, r, p, v) in enumerate(rows)])
    upload.commit_rows(con, actions.shell("t"), df, file_name="t.xlsx", sha256=sha * 64, sheets="A")


def _figs(con, catalog, period="2021", region=D, compare=None):
    return figures(con, catalog, period, region, compare)


# --- filters -------------------------------------------------------------------------------------------------

def test_resolve_defaults_to_latest_full_year_and_same_period_last_year(catalog):
    sel = resolve({}, catalog, ["2020", "2021", "2021H1"])
    assert (sel.period, sel.compare, sel.region, sel.problems) == ("2021", "2020", D, [])
    assert default_period(["2022-03", "2022-01", "2021"]) == "2022-03"
    assert resolve({}, catalog, []) is None


@pytest.mark.parametrize(("raw", "param", "reason"), [
    ({"period": "1/0"}, "period", "unknown"), ({"period": "2019"}, "period", "no_data"),
    ({"compare": "2021H1"}, "compare", "not_comparable"), ({"compare": "2022"}, "compare", "not_comparable"),
    ({"compare": "x;drop"}, "compare", "unknown"), ({"region": "火星"}, "region", "unknown"),
    ({"region": "440300"}, "region", "unknown"),  # the city is not offered unless it holds data
])
def test_resolve_falls_back_and_names_the_problem(catalog, raw, param, reason):
    sel = resolve(raw, catalog, ["2020", "2021", "2021H1"])
    assert sel.period == "2021" and sel.compare == "2020" and sel.region == D
    assert [(p.param, p.value, p.reason) for p in sel.problems] == [(param, raw[param], reason)]


def test_resolve_accepts_codes_names_and_aliases(catalog):
    assert resolve({"region": "440300DP01"}, catalog, ["2021"]).region == "440300DP01"
    assert resolve({"region": "南澳"}, catalog, ["2021"]).region == "440300DP03"
    assert resolve({"period": "2021H1", "compare": "2020H1"}, catalog, ["2021H1"]).compare == "2020H1"
    assert compare_options("2021H1", ["2019H1", "2021H1", "2021"]) == ["2020H1", "2019H1"]
    assert resolve_indicator("110警情", catalog) == ("police_incidents_110", None)
    assert resolve_indicator("nope", catalog)[1].reason == "unknown"


def test_as_params_leaves_out_the_default_comparison(catalog):
    sel = resolve({"period": "2021", "region": "南澳"}, catalog, ["2021"])
    assert sel.as_params() == {"period": "2021", "region": "440300DP03"}


# --- summary and headline --------------------------------------------------------------------------------------

def test_summary_in_official_style(con, catalog):
    paras = dict(summary(_figs(con, catalog), catalog, "zh"))
    assert paras["public_security"].startswith(
        "全区110刑事治安总警情1052起，同比下降24.21%，其中八类暴力案件、“两盗”案件分别同比下降75.0%、63.89%；")
    assert "2021年上半年政法工作满意度、“平安创建”参与率均为全市第一" in paras["public_security"]
    assert "整顿软弱涣散及后进党组织18个，其中整顿软弱涣散党组织、整顿后进党组织分别为8个、10个" in paras["party_smart"]
    assert "社区社会组织40余家" in paras["grassroots"]
    assert "社区总数" not in paras["rule_of_law"]  # a derived base is not stated as fact
    assert "down 24.21% year on year, of which Eight major violent crimes down 75.0%" in paragraph_en(
        [f for f in _figs(con, catalog) if f.indicator.domain == "public_security"])


def test_headline_puts_changes_first(con, catalog):
    ids = [f.indicator.id for f in headline(_figs(con, catalog))]
    assert ids[:3] == ["police_incidents_110", "violent_crimes_8", "two_thefts"]
    assert len(ids) == 8


# --- alerts --------------------------------------------------------------------------------------------------------

def test_alerts_rank_worsening_by_severity(con, catalog):
    assert alerts(_figs(con, catalog)) == []
    _add(con, [("antigang_satisfaction_rate", D, "2020", 99.0), ("police_incidents_110", D, "2022", 1300.0),
               ("police_incidents_110", D, "2021", 1052.0), ("antigang_satisfaction_rate", D, "2022", 97.0),
               ("antigang_satisfaction_rate", D, "2021", 98.36), ("gang_cases_filed", D, "2022", 10.0),
               ("gang_cases_solved", D, "2022", 5.0), ("gang_solve_rate", D, "2022", 60.0)], "a")
    got = [(a.kind, a.figure.indicator.id) for a in alerts(_figs(con, catalog, "2022"))]
    # in multiples of the 'stable' band: solved −68.75 % (higher is better) → 68.75, incidents +23.57 % → 23.57,
    # clearance rate −9.6 points → 19.2, satisfaction −1.36 points → 2.72
    assert got[:4] == [(WORSENED_KIND, "gang_cases_solved"), (WORSENED_KIND, "police_incidents_110"),
                       (WORSENED_KIND, "gang_solve_rate"), (WORSENED_KIND, "antigang_satisfaction_rate")]
    assert (DISAGREES, "gang_solve_rate") in got
    assert BELOW_TARGET not in {k for k, _ in got}  # no targets in the catalogue yet


# --- charts ---------------------------------------------------------------------------------------------------------

def _plan(con, catalog, domain, lang="zh", period="2021"):
    figs = [f for f in _figs(con, catalog, period) if f.indicator.domain == domain]
    series = current(con, domain=domain, regions=[D], measure="value")
    regions = current(con, domain=domain, period=period, regions=["440300DP01", "440300DP02", "440300DP03"],
                      measure="value")
    return plan_domain(domain, figs, series, regions, lang)


def test_chart_choice_follows_the_data(con, catalog):
    kinds = {d: [s.kind for s in _plan(con, catalog, d)] for d in catalog.domains}
    assert kinds["public_security"] == ["change"]   # 110 alone: its comparison is the change bar, not a bar pair
    assert kinds["anti_gang"][:4] == ["change", "pipeline", "pipeline", "rates"]
    assert kinds["party_smart"][0] == "composition"
    assert "trend" not in sum(kinds.values(), []) and "regions" not in sum(kinds.values(), [])
    _add(con, [("police_incidents_110", D, "2019", 1500.0), ("police_incidents_110", "440300DP01", "2021", 9.0),
               ("police_incidents_110", "440300DP02", "2021", 7.0)], "b")
    kinds = [s.kind for s in _plan(con, catalog, "public_security")]
    assert "trend" in kinds and "regions" in kinds


def test_change_only_and_derived_are_said_in_captions(con, catalog):
    specs = {s.kind: s for s in _plan(con, catalog, "public_security")}
    assert "仅报告同比变化（带点填充）：八类暴力案件、“两盗”案件" in specs["change"].caption
    assert "110刑事治安总警情2020年1388起为推算值" in specs["change"].caption
    en = {s.kind: s for s in _plan(con, catalog, "public_security", "en")}
    assert "Reported change only" in en["change"].caption and "起" not in en["change"].caption


def test_charts_a_leader_would_not_question(con, catalog):
    """Point 7 of issue #12: stages share a unit, bars group parts of one total, no target line without a target,
    a composition only where the parts add up."""
    specs = {d: _plan(con, catalog, d) for d in catalog.domains}
    funnels = [s for s in specs["anti_gang"] if s.kind == "pipeline"]
    assert [len({lbl.split("（")[-1] for lbl in s.figure.data[0].y}) for s in funnels] == [1, 1]  # one unit each
    rates = next(s for s in specs["anti_gang"] if s.kind == "rates")
    assert len(rates.figure.data) == 2 and "未设目标" in rates.caption   # band and bars: no reference mark
    assert "扫黑除恶知晓率<br><b>93.42%</b>" in rates.figure.data[1].y    # the value under its name, never cut
    for spec in sum(specs.values(), []):
        if spec.kind in ("compare", "values"):
            parents = {catalog.indicators[i].parent for i in _bar_ids(spec, catalog)}
            assert len(parents) == 1 and None not in parents, spec.title
    _add(con, [("police_incidents_110", D, "2022", 100.0), ("violent_crimes_8", D, "2022", 30.0),
               ("two_thefts", D, "2022", 20.0)], "c")
    kinds = [s.kind for s in _plan(con, catalog, "public_security", period="2022")]
    assert "composition" not in kinds   # 30 + 20 of 100: the rest is unknown, so no 「其他」 slice
    _add(con, [("violent_crimes_8", D, "2022", 60.0), ("two_thefts", D, "2022", 40.0)], "d")
    assert "composition" in [s.kind for s in _plan(con, catalog, "public_security", period="2022")]


def _bar_ids(spec, catalog) -> set[str]:
    """Indicator ids of a bar chart's categories (the wrapped names, joined again)."""
    names = {x.replace("<br>", "") for trace in spec.figure.data for x in trace.x}
    return {i for i, ind in catalog.indicators.items() if plain(ind.name_zh) in names}


@pytest.mark.parametrize(("text", "width", "whole"), [
    ("大鹏新区政法办2021年工作总结（2021-10-19）", 10, "（2021-10-19）"),
    ("来源：政法委2021年10月19日报送", 6, "2021年10月19日"),
    ("全年共接报警情1,234.5起，同比下降12.37%，", 6, "12.37%，"),
    ("按2022YTD06口径报送", 4, "2022YTD06"),
    ("Work summary of 2021, filed 2021-10-19 by the office", 12, "2021-10-19"),
])
def test_wrapping_never_splits_a_date_a_number_or_a_code(text, width, whole):
    lines = wrap(text, width).split("<br>")
    assert whole in lines or any(whole in line for line in lines), lines
    assert len(lines) > 1 and "".join(lines).replace(" ", "") == plain(text).replace(" ", "")   # wrapped, all kept
    assert wrap("政法工作满意度测评结果", 4) == "政法工作<br>满意度测<br>评结果"      # Chinese still wraps anywhere


def test_no_hover_of_the_seeded_charts_breaks_a_date_or_number(con, catalog):
    broken = re.compile(r"[0-9A-Za-z%.,:-]<br>[0-9A-Za-z%.,:-]|[0-9]<br>[年月日号起%]")
    for domain in catalog.domains:
        for spec in _plan(con, catalog, domain):
            for trace in spec.figure.data:
                texts = [str(x) for x in _flat([trace.customdata, trace.hovertext, trace.text])]
                assert not [x for x in texts if broken.search(x)], (domain, spec.kind)


def _flat(values) -> list:
    out = []
    for v in values:
        if isinstance(v, (list, tuple)) or hasattr(v, "tolist"):
            out += _flat(v.tolist() if hasattr(v, "tolist") else v)
        elif v is not None:
            out.append(v)
    return out


def test_every_chart_is_titled_with_its_unit(con, catalog):
    for domain in catalog.domains:
        for spec in _plan(con, catalog, domain):
            assert isinstance(spec.figure, go.Figure)
            assert "单位" in spec.title or "%" in spec.title, spec.title
    assert [s.kind for s in plan_overview(_figs(con, catalog), "zh")] == ["change"]


def test_user_text_never_becomes_markup():
    assert plain("<b>x</b>&") == "&lt;b&gt;x&lt;/b&gt;&amp;"
    assert wrap("<script>alert(1)</script>", 8) == "&lt;script&gt;alert(1)&lt;/script&gt;"   # one token: escaped whole
    assert "<script>" not in wrap("<script>", 4) and "<b>" not in wrap("来源<b>粗体</b>说明", 2)
    assert wrap("Grassroots gang-related corruption cases", 14).split("<br>")[0] == "Grassroots"
